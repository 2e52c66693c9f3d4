"""Pages for the local authority's decisions and plan steps on a case: whether to assess, asking for advice,
whether to issue, the draft plan, consulting settings, the final plan, exceptions to a time limit, and
withdrawing the request.

Views are thin. Each opens the case through the access policy (another tenant's case is 404, DfE users
403), checks who may act (403), explains rather than offers a form when the case's stage does not allow the
step, and calls one service; a service's ``ValidationError`` becomes the GOV.UK error summary with what was
typed kept. After success the person goes back to the case with a success banner.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods, require_POST

from partnerships.policy import AccessDenied

from . import clock, plan_sections, policy, selectors, selectors_decisions, services, services_plans
from .forms_decisions import (
    AdviceRequestForm,
    ConsultForm,
    DecideAssessForm,
    DecideIssueForm,
    DraftPlanForm,
    ExceptionForm,
    FinalPlanForm,
    WithdrawForm,
)
from .models import AssessmentRequest, DecisionLetter
from .views_common import add_service_errors as _add_service_errors
from .views_common import log_case_read as _viewed

METHODS = ["GET", "POST"]


def case_step(view):
    """Signed in, GET or POST, and any refusal by the access policy (here or in a service) is a 403."""

    @login_required
    @require_http_methods(METHODS)
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except AccessDenied as exc:
            raise PermissionDenied(str(exc)) from exc

    return wrapped


# Shared steps -------------------------------------------------------------------------------------------------


def _open_step(request, pk: int, *, allowed, denied: str) -> AssessmentRequest:
    """The case through the access policy, if this person may take the step (else 403); the read is logged."""
    case = policy.access_request(request.user, pk)
    if not allowed(request.user, case):
        raise PermissionDenied(denied)
    _viewed(request, case)
    return case


def _case_url(case: AssessmentRequest) -> str:
    """Every decision page starts from, and returns to, the case page (the family sees it too)."""
    return reverse("case-detail", kwargs={"pk": case.pk})


def _letter_link(case: AssessmentRequest, kind: str) -> str:
    letter = DecisionLetter.objects.filter(request=case, kind=kind).order_by("-pk").first()
    return reverse("case-letter", kwargs={"pk": case.pk, "letter_id": letter.pk}) if letter else ""


def _submit(request, case: AssessmentRequest, form, act):
    """On a valid POST, ``act(cleaned_data)`` calls the step's service and returns the success banner: the
    person goes back to the case with it. A service's ``ValidationError`` goes on the form (``None`` is
    returned, so the page is shown again with the error summary and what was typed)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        banner = act(form.cleaned_data)
    except ValidationError as exc:
        _add_service_errors(form, exc)
        return None
    messages.success(request, banner)
    return redirect(_case_url(case))


def _not_now(request, case: AssessmentRequest, title: str, reason: str):
    """The step cannot be taken at the case's stage: say why, and where to go instead (409 for a POST)."""
    status = 409 if request.method == "POST" else 200
    return render(
        request,
        "ehcp/decisions/not_now.html",
        {
            "case": case,
            "action": title[:1].lower() + title[1:],
            "reason": reason,
            "back_url": _case_url(case),
        },
        status=status,
    )


def _page(request, template: str, case: AssessmentRequest, **context):
    return render(
        request,
        f"ehcp/decisions/{template}",
        {"case": case, "back_url": _case_url(case), "today": timezone.localdate(), **context},
    )


def _limit(deadline, *, on=None) -> dict | None:
    """A statutory limit on the case and how acting on ``on`` (today) stands against it."""
    if deadline is None:
        return None
    rule = clock.rule(deadline.code, on=deadline.start_on, event=deadline.event)
    timing = selectors_decisions.timing(deadline=deadline, on=on)
    return {"deadline": deadline, "timing": timing, "name": rule.duration.replace(" weeks", "-week")}


# 1. Decide whether to assess --------------------------------------------------------------------------------


@case_step
def decide_assess(request, pk: int):
    case = _open_step(
        request,
        pk,
        allowed=policy.can_decide,
        denied="Only the local authority's decision-maker (a SEND manager) can decide whether to assess",
    )
    title = "Decide whether to carry out an EHC needs assessment"
    blocked = selectors_decisions.blocked_reason(request=case, action="decide_assess")
    if blocked:
        return _not_now(request, case, title, blocked)
    form = DecideAssessForm(request.POST or None, case=case)

    def act(data):
        services.decide_whether_to_assess(
            actor=request.user,
            request=case,
            decision=data["decision"],
            reasons=data["reasons"],
            decided_on=data["decided_on"],
        )
        name = case.child_display_name
        if data["decision"] == AssessmentRequest.AssessDecision.NOT_ASSESS:
            return format_html(
                'You decided not to carry out an EHC needs assessment for {}. <a class="govuk-notification-'
                'banner__link" href="{}">View the decision letter</a>',
                name,
                _letter_link(case, DecisionLetter.Kind.REFUSE_TO_ASSESS),
            )
        return f"You decided to carry out an EHC needs assessment for {name}"

    if (done := _submit(request, case, form, act)) is not None:
        return done
    return _page(
        request,
        "decide_assess.html",
        case,
        title=title,
        form=form,
        panel=selectors_decisions.panel_recommendations(request=case),
        previous=selectors.previous_assessment(request=case),
        limit=_limit(selectors_decisions.case_deadline(request=case, code="decide_whether_to_assess")),
    )


# 2. Ask for advice --------------------------------------------------------------------------------------------


@case_step
def advice_new(request, pk: int):
    case = _open_step(
        request, pk, allowed=policy.can_manage, denied="Only the partnership's caseworkers can ask for advice"
    )
    title = "Ask for advice"
    blocked = selectors_decisions.blocked_reason(request=case, action="advice")
    if blocked:
        return _not_now(request, case, title, blocked)
    form = AdviceRequestForm(request.POST or None, case=case)

    def act(data):
        advice = services.advice_request_create(actor=request.user, request=case, **form.service_kwargs())
        due = advice.deadlines.order_by("due_on").first()
        text = f"{advice.get_advice_type_display()} has been asked for"
        return text + (f". It is due by {clock.long_date(due.due_on)}" if due is not None else "")

    if (done := _submit(request, case, form, act)) is not None:
        return done
    return _page(
        request,
        "advice_new.html",
        case,
        title=title,
        form=form,
        type_options=form.type_options(),
        advice=selectors_decisions.case_advice(request=case),
    )


# 3. Decide whether to issue a plan -----------------------------------------------------------------------------


@case_step
def decide_issue(request, pk: int):
    case = _open_step(
        request,
        pk,
        allowed=policy.can_decide,
        denied="Only the local authority's decision-maker (a SEND manager) can decide whether to issue a plan",
    )
    title = "Decide whether to issue an EHC plan"
    blocked = selectors_decisions.blocked_reason(request=case, action="decide_issue")
    if blocked:
        return _not_now(request, case, title, blocked)
    form = DecideIssueForm(request.POST or None, case=case)

    def act(data):
        services.decide_whether_to_issue(
            actor=request.user,
            request=case,
            decision=data["decision"],
            reasons=data["reasons"],
            decided_on=data["decided_on"],
        )
        name = case.child_display_name
        if data["decision"] == AssessmentRequest.IssueDecision.NOT_ISSUE:
            return format_html(
                'You decided not to issue an EHC plan for {}. <a class="govuk-notification-banner__link" '
                'href="{}">View the decision letter</a>',
                name,
                _letter_link(case, DecisionLetter.Kind.NOT_TO_ISSUE),
            )
        return f"You decided to issue an EHC plan for {name}. The draft plan is next"

    if (done := _submit(request, case, form, act)) is not None:
        return done
    advice = selectors_decisions.case_advice(request=case)
    return _page(
        request,
        "decide_issue.html",
        case,
        title=title,
        form=form,
        advice=advice,
        advice_waiting=sum(1 for a in advice if a.status == a.Status.REQUESTED),
        limit=_limit(selectors_decisions.case_deadline(request=case, code="notify_not_to_issue")),
    )


# 4. Write and serve the draft plan ------------------------------------------------------------------------


def plan_edit_url(plan) -> str:
    """The plan editor, where the plan's sections are written."""
    return reverse("plan-edit", kwargs={"plan_id": plan.pk})


def _readiness_context(plan) -> dict:
    """The working version's readiness to issue: sections still empty and the quality checklist."""
    version, ready = selectors_decisions.readiness(plan=plan)
    return {
        "version": version,
        "readiness": ready,
        "missing_sections": _section_labels(ready.missing_sections) if ready else [],
        "edit_url": plan_edit_url(plan) if version is not None else "",
    }


def _section_labels(codes) -> list[str]:
    labels = {section.code: section.label for section in plan_sections.stored()}
    return [labels.get(code, f"Section {code}") for code in codes]


@case_step
def draft_plan(request, pk: int):
    case = _open_step(
        request,
        pk,
        allowed=policy.can_manage,
        denied="Only the partnership's caseworkers can issue a draft plan",
    )
    title = "Write and issue the draft plan"
    blocked = selectors_decisions.blocked_reason(request=case, action="draft_plan")
    if blocked:
        return _not_now(request, case, title, blocked)
    plan = selectors_decisions.case_plan(request=case)
    if plan is None and request.method == "POST":
        return _not_now(request, case, title, "The draft plan has not been started: start writing it first.")
    form = DraftPlanForm(request.POST or None, case=case)

    def act(data):
        services_plans.draft_plan_issue(actor=request.user, plan=plan, served_on=data["served_on"])
        due = selectors_decisions.comments_due_if_served(data["served_on"])
        return (
            "The draft plan has been issued. The family can comment and ask for a school or other "
            f"setting to be named until {clock.long_date(due)}"
        )

    if (done := _submit(request, case, form, act)) is not None:
        return done
    today = timezone.localdate()
    return _page(
        request,
        "draft_plan.html",
        case,
        title=title,
        form=form,
        plan=plan,
        **(_readiness_context(plan) if plan is not None else {}),
        advice=selectors_decisions.case_advice(request=case),
        comments_due=selectors_decisions.comments_due_if_served(today),
        comments_rule=selectors_decisions.comments_rule(today),
        limit=_limit(selectors_decisions.case_deadline(request=case, code="final_plan_due")),
    )


@case_step
@require_POST
def draft_plan_start(request, pk: int):
    """Start writing the draft plan (once the decision to issue one is made), then go to the editor."""
    case = _open_step(
        request,
        pk,
        allowed=policy.can_manage,
        denied="Only the partnership's caseworkers can write a plan",
    )
    title = "Write and issue the draft plan"
    blocked = selectors_decisions.blocked_reason(request=case, action="draft_plan")
    if blocked:
        return _not_now(request, case, title, blocked)
    try:
        plan = services_plans.plan_start(actor=request.user, request=case)
    except ValidationError as exc:
        return _not_now(request, case, title, " ".join(exc.messages))
    return redirect(plan_edit_url(plan))


# 5. Consult a setting --------------------------------------------------------------------------------------


@case_step
def consult(request, pk: int):
    case = _open_step(
        request,
        pk,
        allowed=policy.can_manage,
        denied="Only the partnership's caseworkers can consult settings",
    )
    title = "Consult a school or other setting"
    plan = selectors_decisions.case_plan(request=case)
    blocked = selectors_decisions.blocked_reason(request=case, action="consult", plan=plan)
    if blocked:
        return _not_now(request, case, title, blocked)
    form = ConsultForm(request.POST or None, case=case, plan=plan)

    def act(data):
        consultation = services.consultation_send(
            actor=request.user, plan=plan, setting=data["setting"], sent_on=data["sent_on"]
        )
        due = consultation.deadlines.order_by("due_on").first()
        text = f"{consultation.setting.name} has been consulted"
        return text + (f". It should reply by {clock.long_date(due.due_on)}" if due is not None else "")

    if (done := _submit(request, case, form, act)) is not None:
        return done
    return _page(
        request,
        "consult.html",
        case,
        title=title,
        form=form,
        plan=plan,
        consultations=selectors_decisions.case_consultations(plan=plan),
    )


# 6. Issue the final plan ---------------------------------------------------------------------------------


@case_step
def final_plan(request, pk: int):
    case = _open_step(
        request,
        pk,
        allowed=policy.can_manage,
        denied="Only the partnership's caseworkers can issue the final plan",
    )
    title = "Issue the final EHC plan"
    plan = selectors_decisions.case_plan(request=case)
    blocked = selectors_decisions.blocked_reason(request=case, action="final_plan", plan=plan)
    if blocked:
        return _not_now(request, case, title, blocked)
    form = FinalPlanForm(request.POST or None, case=case, plan=plan)

    def act(data):
        setting = data.get("named_setting")
        services_plans.final_plan_issue(
            actor=request.user,
            plan=plan,
            named_setting=setting,
            setting_type=data["setting_type"],
            issued_on=data["issued_on"],
        )
        text = f"The final EHC plan for {case.child_display_name} has been issued"
        return text + (f", naming {setting.name}" if setting is not None else "")

    if (done := _submit(request, case, form, act)) is not None:
        return done
    return _page(
        request,
        "final_plan.html",
        case,
        title=title,
        form=form,
        plan=plan,
        **_readiness_context(plan),
        consultations=selectors_decisions.case_consultations(plan=plan),
        limit=_limit(selectors_decisions.case_deadline(request=case, code="final_plan_due")),
    )


# 7. Record an exception to a time limit ---------------------------------------------------------------


@case_step
def exception_new(request, pk: int):
    case = _open_step(
        request,
        pk,
        allowed=policy.can_decide,
        denied="Only the local authority's decision-maker (a SEND manager) can record an exception",
    )
    title = "Record an exception to a time limit"
    blocked = selectors_decisions.blocked_reason(request=case, action="exception")
    deadlines = selectors_decisions.exception_deadlines(request=case)
    if not blocked and not deadlines.exists():
        blocked = "There are no time limits on this case that an exception could apply to."
    if blocked:
        return _not_now(request, case, title, blocked)
    form = ExceptionForm(request.POST or None, request.FILES or None, case=case, deadlines=deadlines)

    def act(data):
        exception = services.exception_record(
            actor=request.user,
            request=case,
            ground=data["ground"],
            starts_on=data["starts_on"],
            ends_on=data.get("ends_on"),
            details=data["details"],
            deadlines=data["deadlines"],
            evidence=data.get("evidence"),
        )
        count = exception.deadlines.count()
        limits = "1 time limit" if count == 1 else f"{count} time limits"
        return f"The exception has been recorded for {limits}"

    if (done := _submit(request, case, form, act)) is not None:
        return done
    return _page(
        request,
        "exception.html",
        case,
        title=title,
        form=form,
        ground_options=form.ground_options(),
        exceptions=selectors.case_exceptions(request=case),
    )


# 8. Withdraw the request ---------------------------------------------------------------------------------


@case_step
def withdraw(request, pk: int):
    case = _open_step(
        request,
        pk,
        allowed=policy.can_withdraw,
        denied="Only the family or the partnership's caseworkers can withdraw this request",
    )
    title = "Withdraw the request for an EHC needs assessment"
    blocked = selectors_decisions.blocked_reason(request=case, action="withdraw")
    if blocked:
        return _not_now(request, case, title, blocked)
    form = WithdrawForm(request.POST or None, case=case)

    def act(data):
        services.request_withdraw(actor=request.user, request=case, reason=data["reason"])
        return f"The request for an EHC needs assessment for {case.child_display_name} has been withdrawn"

    if (done := _submit(request, case, form, act)) is not None:
        return done
    return _page(
        request,
        "withdraw.html",
        case,
        title=title,
        form=form,
        is_family=policy.is_family(request.user, case),
        open_deadlines=selectors_decisions.open_deadlines(request=case),
    )
