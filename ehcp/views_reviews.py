"""Pages for a plan's reviews: the LA's reviews queue, a plan's reviews, one review's timeline, and a form
for each step (arrange, notice, advice, meeting held, report, decision, amended plan, phase transfer).

Views are thin: each opens the plan or review through the access policy (another tenant's is 404, DfE users
403), checks who may act (403), and calls one service; a service's ``ValidationError`` becomes the GOV.UK
error summary with what was typed kept. Reads of a child's record are logged.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from partnerships import services as partnership_services
from partnerships.policy import actor_for
from partnerships.roles import LA_ROLES

from . import clock, policy, selectors_reviews, services_reviews
from .forms_reviews import (
    AmendedPlanForm,
    ArrangeForm,
    DecideForm,
    PhaseTransferForm,
    QueueForm,
    ReportForm,
    StepDateForm,
)
from .models import Plan, PlanReview
from .views_common import add_service_errors, open_plan, step_page


def _viewed(request, plan: Plan) -> None:
    partnership_services.child_record_viewed(
        actor=request.user, child=plan.child, channel="page", path=request.path
    )


def _open_review(request, review_id: int, *, allowed=None, denied: str = "") -> PlanReview:
    review = policy.access_review(request.user, review_id)
    if allowed is not None and not allowed(request.user, review):
        raise PermissionDenied(denied)
    _viewed(request, review.plan)
    return review


ARRANGERS = "Only the partnership's caseworkers and SEND managers arrange reviews"


def _edits(user, review: PlanReview) -> bool:
    return policy.can_edit_plan(user, review.plan)


def _review_url(review: PlanReview) -> str:
    return reverse("review-detail", kwargs={"review_id": review.pk})


def _save(request, form, call, success: str):
    """On a valid POST, call the service (``call()``): its field errors go on the form (None is returned and
    the page shows them); otherwise the success message is set and the saved object returned."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        saved = call()
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None
    messages.success(request, success)
    return saved or True


def _form_page(
    request, *, title: str, form, back_url: str, plan: Plan, review=None, intro: str = "", **extra
):
    return render(
        request,
        "ehcp/reviews/form.html",
        {
            "title": title,
            "form": form,
            "back_url": back_url,
            "plan": plan,
            "review": review,
            "intro": intro,
            "today": timezone.localdate(),
            **extra,
        },
    )


# The queue ---------------------------------------------------------------------------------------------------


@step_page
def reviews_home(request):
    """LA staff: maintained plans by when their review is due. Settings: the reviews they host."""
    actor = actor_for(request.user)
    is_la = bool(actor.partnership_ids_for(*LA_ROLES))
    hosts = bool(actor.setting_ids_for(*policy.SCHOOL_STAFF))
    if not is_la and not hosts:
        raise PermissionDenied("The reviews queue is for the local authority and for schools and colleges")
    form = QueueForm(request.GET or None)
    today = timezone.localdate()
    context = {"form": form, "today": today, "is_la": is_la, "filters": selectors_reviews.QUEUE_FILTERS}
    if is_la:
        which, days = form.which(), form.day_count()
        context.update(
            plans=list(selectors_reviews.queue(request.user, which=which, days=days, today=today)[:200]),
            which=which,
            which_label=selectors_reviews.QUEUE_FILTERS[which],
            days=days,
        )
    if hosts:
        context["hosted"] = list(selectors_reviews.hosted(request.user)[:200])
    return render(request, "ehcp/reviews/queue.html", context)


# A plan's reviews ----------------------------------------------------------------------------------------------


@step_page
def plan_reviews(request, pk: int):
    plan = open_plan(request, pk)
    return render(
        request,
        "ehcp/reviews/plan.html",
        {
            "plan": plan,
            "reviews": selectors_reviews.reviews_of(plan),
            "steps": selectors_reviews.timeline(plan, plan_only=True),
            "can_start": policy.can_edit_plan(request.user, plan) and plan.status == Plan.Status.FINAL,
            "back_url": f"/plans/{plan.pk}/",
        },
    )


@step_page
def review_new(request, pk: int):
    plan = open_plan(request, pk, allowed=policy.can_edit_plan, denied=ARRANGERS)
    return _arrange(request, plan=plan, review=None)


@step_page
def review_arrange(request, review_id: int):
    review = _open_review(request, review_id, allowed=_edits, denied=ARRANGERS)
    return _arrange(request, plan=review.plan, review=review)


def _arrange(request, *, plan: Plan, review: PlanReview | None):
    initial = {}
    if review is not None and review.host_setting_id:
        initial["host_setting"] = str(review.host_setting_id)
    elif plan.named_setting_id:
        initial["host_setting"] = str(plan.named_setting_id)
    form = ArrangeForm(request.POST or None, plan=plan, review=review, initial=initial)

    def schedule():
        host = form.host()
        return services_reviews.review_schedule(
            actor=request.user,
            plan=plan,
            kind=form.cleaned_data.get("kind") or PlanReview.Kind.ANNUAL,
            host_setting=host,
            meeting_at=form.meeting_at(),
            place=form.cleaned_data["place"],
            invitees=form.invitees(services_reviews.default_invitees(plan=plan, host_setting=host)),
            review=review,
        )

    saved = _save(request, form, schedule, "The review meeting is arranged")
    if saved:
        return redirect(_review_url(saved))
    back = _review_url(review) if review else reverse("plan-reviews", kwargs={"pk": plan.pk})
    return _form_page(
        request,
        title="Arrange the review meeting",
        form=form,
        back_url=back,
        plan=plan,
        review=review,
        intro=(
            "Everyone invited must have at least 2 weeks' notice of the meeting (regulation 20(3)), and the "
            "advice and information must be sent to them at least 2 weeks before it (regulation 20(4))."
        ),
    )


@step_page
def phase_transfer(request, pk: int):
    plan = open_plan(
        request,
        pk,
        allowed=policy.can_edit_plan,
        denied="Only the partnership's caseworkers and SEND managers start a phase transfer review",
    )
    form = PhaseTransferForm(request.POST or None, plan=plan)
    review = _save(
        request,
        form,
        lambda: services_reviews.phase_transfer_start(
            actor=request.user,
            plan=plan,
            transfer_kind=form.cleaned_data["transfer_kind"],
            transfer_on=form.cleaned_data["transfer_on"],
        ),
        "The phase transfer review has started",
    )
    if review:
        return redirect(_review_url(review))
    return _form_page(
        request,
        title="Start a phase transfer review",
        form=form,
        back_url=reverse("plan-reviews", kwargs={"pk": plan.pk}),
        plan=plan,
        intro=(
            "When a child is within 12 months of moving between phases of education, the plan must be reviewed "
            "and amended to name the next school or institution by 15 February of the year of the move (31 March "
            "from secondary school to a post-16 institution; at least 5 months before a move between post-16 "
            "institutions), regulation 18."
        ),
    )


# One review ------------------------------------------------------------------------------------------------------


@step_page
def review_detail(request, review_id: int):
    review = _open_review(request, review_id)
    return render(
        request,
        "ehcp/reviews/detail.html",
        {
            "review": review,
            "plan": review.plan,
            "steps": selectors_reviews.timeline(review),
            "actions": [
                (reverse(name, kwargs={"review_id": review.pk}), label)
                for name, label in selectors_reviews.next_actions(request.user, review)
            ],
            "show_report": selectors_reviews.report_visible(request.user, review),
            "can_edit": policy.can_edit_plan(request.user, review.plan),
            "invitee_roles": services_reviews.INVITEE_ROLES,
            "phase_label": clock.phase_transfers().get(review.transfer_phase),
            "back_url": reverse("plan-reviews", kwargs={"pk": review.plan_id}),
        },
    )


DATE_STEPS = {
    "notice": ("Record that the notice of the meeting was sent", "Date the notice was sent", "sent_on"),
    "advice": (
        "Record that the advice was sent to everyone invited",
        "Date the advice was sent",
        "circulated_on",
    ),
    "held": ("Record that the review meeting was held", "Date of the meeting", "held_on"),
}


def _date_step(request, review_id: int, step: str, service):
    review = _open_review(
        request,
        review_id,
        allowed=policy.can_run_review,
        denied="Only the local authority and the setting hosting the review can record this",
    )
    title, label, field = DATE_STEPS[step]
    form = StepDateForm(request.POST or None, plan=review.plan, label=label, field=field)
    call = lambda: service(actor=request.user, review=review, **{field: form.cleaned_data["on"]})  # noqa: E731
    if _save(request, form, call, "Saved"):
        return redirect(_review_url(review))
    return _form_page(
        request, title=title, form=form, back_url=_review_url(review), plan=review.plan, review=review
    )


@step_page
def review_notice(request, review_id: int):
    return _date_step(request, review_id, "notice", services_reviews.notice_sent)


@step_page
def review_advice(request, review_id: int):
    return _date_step(request, review_id, "advice", services_reviews.advice_circulated)


@step_page
def review_held(request, review_id: int):
    return _date_step(request, review_id, "held", services_reviews.meeting_held)


@step_page
def review_report(request, review_id: int):
    review = _open_review(
        request,
        review_id,
        allowed=policy.can_run_review,
        denied="Only the local authority and the setting hosting the review can send its report",
    )
    form = ReportForm(request.POST or None, plan=review.plan, review=review)

    def send():
        data = form.cleaned_data
        return services_reviews.report_send(
            actor=request.user,
            review=review,
            sent_on=data["sent_on"],
            child_views=data["child_views"],
            progress_summary=data["progress_summary"],
            outcomes_still_appropriate=form.outcomes(),
            recommended_amendments=data["recommended_amendments"],
            differences_of_view=data["differences_of_view"],
            preparing_for_adulthood=data["preparing_for_adulthood"],
        )

    if _save(request, form, send, "The report is saved"):
        return redirect(_review_url(review))
    pfa = review.held_on and services_reviews.needs_preparing_for_adulthood(review.plan, review.held_on)
    return _form_page(
        request,
        title="Send the report of the review meeting",
        form=form,
        back_url=_review_url(review),
        plan=review.plan,
        review=review,
        intro=(
            "The report goes to everyone invited within 2 weeks of the meeting (regulation 20(7))."
            + (
                " The child is in Year 9 or above: the report must cover preparing for adulthood."
                if pfa
                else ""
            )
        ),
    )


@step_page
def review_decide(request, review_id: int):
    review = _open_review(
        request,
        review_id,
        allowed=lambda user, r: policy.can_decide_plan(user, r.plan),
        denied="Only the local authority's decision-maker (a SEND manager) can decide after a review",
    )
    form = DecideForm(request.POST or None, plan=review.plan)
    call = lambda: services_reviews.decide(  # noqa: E731
        actor=request.user,
        review=review,
        decision=form.cleaned_data["decision"],
        reasons=form.cleaned_data["reasons"],
        decided_on=form.cleaned_data["decided_on"],
    )
    if _save(request, form, call, "The decision is saved"):
        return redirect(_review_url(review))
    return _form_page(
        request,
        title="Decide after the review",
        form=form,
        back_url=_review_url(review),
        plan=review.plan,
        review=review,
        intro=(
            "The decision must be sent within 4 weeks of the meeting. To amend the plan, write the proposed "
            "amendments first: they are sent with the decision (regulation 22; R (L, M and P) v Devon CC). "
            "To cease the plan, use the plan's cease process after saving this decision."
        ),
    )


@step_page
def review_amended_plan(request, review_id: int):
    review = _open_review(
        request,
        review_id,
        allowed=_edits,
        denied="Only the partnership's caseworkers and SEND managers issue the amended plan",
    )
    form = AmendedPlanForm(request.POST or None, plan=review.plan)
    call = lambda: services_reviews.amended_plan_issue(  # noqa: E731
        actor=request.user,
        review=review,
        issued_on=form.cleaned_data["issued_on"],
        named_setting=form.setting(),
        setting_type=form.cleaned_data["setting_type"],
    )
    if _save(request, form, call, "The amended plan is issued"):
        return redirect(_review_url(review))
    return _form_page(
        request,
        title="Issue the amended plan",
        form=form,
        back_url=_review_url(review),
        plan=review.plan,
        review=review,
        intro=(
            "The final amended plan is due within 8 weeks of the proposed amendments (regulation 22(3)), after "
            "the family's 15 days to comment on them."
        ),
    )
