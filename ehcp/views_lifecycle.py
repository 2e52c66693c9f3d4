"""Pages for the end of a plan's life in one local authority: ceasing it (propose, consult, decide, appeal,
the decision letter) and moving to another (notify the move, complete the transfer, tell the family), and
the lists each local authority works from: "Plans moving out" and "Plans moving in".

Views are thin: the plan is opened through the access policy (another tenant's plan 404, DfE users 403),
who may act is checked (403), a step the plan's state does not allow is explained (409 for a POST), and
one service is called; its field errors become the GOV.UK error summary with what was typed kept.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from . import clock, letters, policy
from . import selectors_lifecycle as selectors
from . import services_lifecycle as life
from .forms_lifecycle import (
    CeaseAppealForm,
    CeaseConsultForm,
    CeaseDecideForm,
    CeaseOutcomeForm,
    CeaseProposeForm,
    FamilyToldForm,
    TransferCompleteForm,
    TransferNotifyForm,
)
from .models import Plan, PlanCessation, PlanTransfer
from .views_common import add_service_errors, open_plan, step_page

LETTER_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
CStatus = PlanCessation.Status


def _life_url(plan: Plan) -> str:
    return reverse("plan-life", args=[plan.pk])


def _step(
    request, plan: Plan, *, title: str, form, button: str, blocked: str = "", warning: bool = False, **extra
):
    status = 409 if blocked and request.method == "POST" else 200
    return render(
        request,
        "ehcp/lifecycle/step.html",
        {
            "plan": plan,
            "title": title,
            "form": form,
            "button": button,
            "blocked": blocked,
            "warning": warning,
            "back_url": _life_url(plan),
            **extra,
        },
        status=status,
    )


def _run(form, service, **kwargs):
    """Call the service; its field errors go on the form. Returns the result, or None on errors."""
    try:
        return service(**kwargs)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None


def _submit(request, form, blocked: str, service, **kwargs):
    """On a POST the plan's state allows, with valid input: call the service with the form's cleaned data
    (after ``kwargs``). Returns the service's result, or None (not posted, blocked or errors on the form)."""
    if request.method != "POST" or blocked or not form.is_valid():
        return None
    return _run(form, service, actor=request.user, **kwargs, **form.cleaned_data)


# The plan's life ------------------------------------------------------------------------------------------


@login_required
@require_safe
def plan_life(request, pk: int):
    plan = open_plan(request, pk)
    state = selectors.plan_life(plan)
    la = policy.is_la_staff(request.user, plan.partnership_id)
    return render(
        request,
        "ehcp/lifecycle/life.html",
        {
            "plan": plan,
            "life": state,
            "title": "Ceasing the plan or moving to another area",
            "is_la": la,
            "can_act": policy.can_run_plan_life(request.user, plan),
            "can_decide": policy.can_decide_plan(request.user, plan),
            "young_person": life.is_young_person(plan),
            "family_told_open": la and selectors.family_told_open(plan),
        },
    )


# Ceasing ---------------------------------------------------------------------------------------------------

LA_ONLY = "Only the partnership's caseworkers and SEND managers can do this on a plan in force"


@step_page
def cease_propose(request, pk: int):
    plan = open_plan(request, pk, allowed=policy.can_run_plan_life, denied=LA_ONLY)
    state = selectors.plan_life(plan)
    blocked = ""
    if state.open_cessation:
        blocked = "Ceasing this plan is already proposed."
    elif state.open_transfer:
        blocked = "This plan is moving to another local authority: complete the transfer instead."
    form = CeaseProposeForm(request.POST or None, reviews=selectors.reviews_held(plan))
    if request.method == "POST" and not blocked and form.is_valid():
        data = form.cleaned_data
        done = _run(
            form,
            life.cease_propose,
            actor=request.user,
            plan=plan,
            ground=data["ground"],
            circumstance=data["circumstance"],
            reasons=data["reasons"],
            proposed_on=data["proposed_on"],
            review=data.get("review"),
            established_not_returning=data["established_not_returning"],
        )
        if done:
            who = "the young person" if life.is_young_person(plan) else "the family"
            messages.success(
                request, f"Ceasing the plan is proposed. Consult {who} and the named setting before deciding"
            )
            return redirect(_life_url(plan))
    return _step(
        request,
        plan,
        title="Propose to cease the plan",
        form=form,
        button="Propose to cease the plan",
        blocked=blocked,
        intro=[
            "A plan can be ceased only if the local authority is no longer responsible for the child or young "
            "person, or if special educational provision under a plan is no longer necessary (section 45).",
            "For a child or young person under 18, the local authority is no longer responsible only if they "
            "moved out of England. A move to another local authority in England is a transfer, not a reason "
            "to cease the plan.",
        ],
    )


def _cessation_step(request, pk, cid, *, allowed=policy.can_run_plan_life, denied=LA_ONLY):
    plan = open_plan(request, pk, allowed=allowed, denied=denied)
    return plan, selectors.cessation_of(plan, cid)


@step_page
def cease_consult(request, pk: int, cid: int):
    plan, cessation = _cessation_step(request, pk, cid)
    young_person = life.is_young_person(plan, cessation.proposed_on)
    blocked = "" if cessation.status == CStatus.CONSULTING else "The decision has been made."
    initial = {
        "family_consulted_on": cessation.family_consulted_on,
        "family_views": cessation.family_views,
        "setting_consulted_on": cessation.setting_consulted_on,
        "setting_views": cessation.setting_views,
    }
    form = CeaseConsultForm(request.POST or None, initial=initial, young_person=young_person)
    if _submit(request, form, blocked, life.cease_consultation_record, cessation=cessation):
        messages.success(request, "The consultation has been recorded")
        return redirect(_life_url(plan))
    setting = plan.named_setting.name if plan.named_setting_id else ""
    return _step(
        request,
        plan,
        title="Record the consultation on ceasing the plan",
        form=form,
        button="Save the consultation",
        blocked=blocked,
        intro=[
            "Before deciding, the local authority must tell "
            + ("the young person" if young_person else "the parent")
            + " it proposes to cease the plan and consult them"
            + (f", and consult the head or principal of {setting}" if setting else "")
            + " (regulation 31)."
        ],
    )


@step_page
def cease_decide(request, pk: int, cid: int):
    plan, cessation = _cessation_step(
        request,
        pk,
        cid,
        allowed=policy.can_decide_plan,
        denied="Only the local authority's decision-maker (a SEND manager) can decide to cease a plan",
    )
    blocked = "" if cessation.status == CStatus.CONSULTING else "A decision has already been made."
    form = CeaseDecideForm(request.POST or None)
    if request.method == "POST" and not blocked and form.is_valid():
        data = form.cleaned_data
        done = _run(
            form,
            life.cease_decide,
            actor=request.user,
            cessation=cessation,
            decision_on=data["decision_on"],
            ceases_on=data.get("ceases_on"),
        )
        if done:
            messages.success(
                request,
                f"You decided to cease the plan. It stays in force until {clock.long_date(done.ceases_on)}, "
                "and while any appeal is pending. The decision letter is ready to send",
            )
            return redirect(_life_url(plan))
    return _step(
        request,
        plan,
        title="Decide to cease the plan",
        form=form,
        button="Decide to cease the plan",
        blocked=blocked,
        warning=True,
        cessation=cessation,
        intro=[
            "The family gets a decision letter with their right to appeal to the Tribunal, mediation, "
            "disagreement resolution and the information, advice and support service.",
            "The plan stays in force until the time to appeal has passed, and while any appeal is pending.",
        ],
    )


@step_page
def cease_appeal(request, pk: int, cid: int):
    plan, cessation = _cessation_step(request, pk, cid)
    blocked = (
        "" if cessation.status == CStatus.DECIDED else "There is no decision to cease that can be appealed."
    )
    form = CeaseAppealForm(request.POST or None)
    if _submit(request, form, blocked, life.cease_appeal_lodged, cessation=cessation):
        messages.success(
            request, "The appeal has been recorded. The plan is kept in force while it is pending"
        )
        return redirect(_life_url(plan))
    return _step(
        request, plan, title="Record an appeal to the Tribunal", form=form, button="Save", blocked=blocked
    )


@step_page
def cease_outcome(request, pk: int, cid: int):
    plan, cessation = _cessation_step(request, pk, cid)
    blocked = "" if cessation.status == CStatus.APPEALED else "There is no appeal pending."
    form = CeaseOutcomeForm(request.POST or None)
    if _submit(request, form, blocked, life.cease_appeal_outcome, cessation=cessation):
        messages.success(request, life.APPEAL_OUTCOMES[form.cleaned_data["outcome"]])
        return redirect(_life_url(plan))
    return _step(
        request, plan, title="Record the Tribunal's decision", form=form, button="Save", blocked=blocked
    )


@step_page
def cease_withdraw(request, pk: int, cid: int):
    plan, cessation = _cessation_step(request, pk, cid)
    blocked = "" if cessation.status in life.OPEN_CESSATION else "Ceasing this plan is not proposed."
    form = forms.Form(request.POST or None)
    posted = request.method == "POST" and not blocked
    if posted and _run(form, life.cease_withdraw, actor=request.user, cessation=cessation):
        messages.success(request, "Ceasing the plan is no longer proposed. The plan stays in force")
        return redirect(_life_url(plan))
    return _step(
        request,
        plan,
        title="Stop proposing to cease the plan",
        form=form,
        button="Stop proposing to cease the plan",
        blocked=blocked,
        warning=True,
        intro=[
            "For example after hearing the family's views, or conceding an appeal. The plan stays in force."
        ],
    )


def _letter(request, pk: int, cid: int) -> PlanCessation:
    cessation = selectors.cessation_of(open_plan(request, pk), cid)
    if not cessation.letter_html:
        raise Http404("No decision letter yet")
    return cessation


@login_required
@require_safe
def cease_letter(request, pk: int, cid: int):
    """The decision letter exactly as it was sent: its own self-contained document."""
    cessation = _letter(request, pk, cid)
    response = HttpResponse(cessation.letter_html, content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = LETTER_CSP
    response["X-Content-Type-Options"] = "nosniff"
    return response


def letter_pdf_response(cessation: PlanCessation) -> HttpResponse:
    response = HttpResponse(letters.cease_letter_pdf(cessation), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="cease-decision-{cessation.pk}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_safe
def cease_letter_pdf(request, pk: int, cid: int):
    return letter_pdf_response(_letter(request, pk, cid))


# Moving to another local authority -----------------------------------------------------------------------


@step_page
def move_notify(request, pk: int):
    plan = open_plan(request, pk, allowed=policy.can_run_plan_life, denied=LA_ONLY)
    state = selectors.plan_life(plan)
    blocked = "A move is already recorded for this plan." if state.open_transfer else ""
    form = TransferNotifyForm(request.POST or None, partnerships=selectors.destinations(plan))
    done = _submit(request, form, blocked, life.transfer_notify, plan=plan)
    if done:
        messages.success(
            request,
            f"The move has been recorded. Transfer the plan to {done.to_partnership.name} by "
            f"{clock.long_date(done.transfer_due_on)}",
        )
        return redirect(_life_url(plan))
    return _step(
        request,
        plan,
        title="Record a move to another local authority",
        form=form,
        button="Record the move",
        blocked=blocked,
        intro=[
            "The plan must be transferred on the day of the move or, if the local authority learned of the "
            "move fewer than 15 working days before it, within 15 working days of learning of it "
            "(regulation 15)."
        ],
    )


@step_page
def move_complete(request, pk: int, tid: int):
    plan = open_plan(request, pk, allowed=policy.can_run_plan_life, denied=LA_ONLY)
    transfer = selectors.transfer_of(plan, tid)
    blocked = (
        "" if transfer.status == PlanTransfer.Status.NOTIFIED else "The plan has already been transferred."
    )
    form = TransferCompleteForm(request.POST or None)
    if request.method == "POST" and not blocked and form.is_valid():
        done = _run(
            form,
            life.transfer_complete,
            actor=request.user,
            transfer=transfer,
            on=form.cleaned_data["transferred_on"],
        )
        if done:
            messages.success(
                request,
                f"The plan and its history have been transferred to {transfer.to_partnership.name}. "
                "This copy is kept, read-only",
            )
            return redirect(_life_url(plan))
    return _step(
        request,
        plan,
        title=f"Transfer the plan to {transfer.to_partnership.name}",
        form=form,
        button="Transfer the plan",
        blocked=blocked,
        warning=True,
        transfer=transfer,
        intro=[
            f"Transfer by {clock.long_date(transfer.transfer_due_on)}. The child's record, the family's links, "
            "the plan and every version issued go to the new local authority, which then maintains the plan.",
            "After the transfer this plan is kept here, read-only. You will not see the new local authority's copy.",
        ],
    )


@step_page
def family_told(request, pk: int):
    plan = open_plan(
        request,
        pk,
        allowed=lambda user, p: policy.can_run_plan_life(user, p) and p.transferred_from_id is not None,
        denied="Only the caseworkers of the local authority the plan moved to can record this",
    )
    blocked = "" if selectors.family_told_open(plan) else "The family has already been told."
    form = FamilyToldForm(request.POST or None)
    if _submit(request, form, blocked, life.transfer_family_told, plan=plan):
        messages.success(request, "Telling the family about the transfer has been recorded")
        return redirect(_life_url(plan))
    return _step(
        request,
        plan,
        title="Record telling the family about the transfer",
        form=form,
        button="Save",
        blocked=blocked,
        intro=[
            "Within 6 weeks of the transfer, tell the parent or young person that the plan has been "
            "transferred, whether you propose an EHC needs assessment, and when you will review the plan "
            "(regulation 15(4))."
        ],
    )


# Lists -----------------------------------------------------------------------------------------------------


def require_la(request) -> None:
    actor = policy.actor_for(request.user)
    if actor.is_aggregate_only or not selectors.la_partnership_ids(request.user):
        raise PermissionDenied("Only the local authority's caseworkers and SEND managers see these lists")


@login_required
@require_safe
def moving_out(request):
    require_la(request)
    return render(
        request,
        "ehcp/lifecycle/moving_out.html",
        {"title": "Plans moving out", "transfers": selectors.moving_out(request.user)},
    )


@login_required
@require_safe
def moving_in(request):
    require_la(request)
    return render(
        request,
        "ehcp/lifecycle/moving_in.html",
        {"title": "Plans moving in", "moves": selectors.moving_in(request.user)},
    )
