"""Local inclusion plan pages: the partnership's plan editor and sufficiency view, the DfE region's review
queue and review page, and the published plan for families. Thin: the policy decides access, the services
do the work (docs/adr/0014). No page here shows a child."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from ehcp.views_common import add_service_errors, step_page
from partnerships.models import ICB, Partnership
from partnerships.policy import AccessDenied

from . import policy, selectors_inclusion, services_inclusion
from .forms_inclusion import (
    PlanCreateForm,
    PlanOverviewForm,
    RespondForm,
    ReviewForm,
    SectionForm,
    SignOffForm,
    SufficiencyLineForm,
)
from .models import InclusionPlan, InclusionPlanSignOff


def _cleared(request, cleared: int) -> None:
    if cleared:
        messages.warning(
            request,
            f"This change cleared {cleared} sign-off{'s' if cleared != 1 else ''}: the partners must sign "
            "the changed version again before it is submitted.",
        )


@login_required
@require_safe
def plans_home(request):
    """The partnerships whose plans this person reads, each with its versions."""
    partnerships = list(policy.readable_partnerships(request.user))
    latest = {}
    for plan in InclusionPlan.objects.filter(partnership__in=partnerships).order_by(
        "partnership_id", "-number"
    ):
        latest.setdefault(plan.partnership_id, plan)
    rows = [
        {
            "partnership": p,
            "latest": latest.get(p.pk),
            "can_write": policy.can_write_plans(request.user, p),
        }
        for p in partnerships
    ]
    if len(rows) == 1 and rows[0]["latest"] is not None:
        return redirect("inclusion-plan", pk=rows[0]["latest"].pk)
    return render(request, "placements/inclusion/home.html", {"rows": rows})


@step_page
def plan_create(request, slug: str):
    partnership = policy.access_partnership_plans(request.user, slug)
    policy.require_plan_writer(request.user, partnership)
    form = PlanCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services_inclusion.plan_create(
                actor=request.user, partnership=partnership, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Version 1 of the plan has been created, with a section per standard")
            return redirect("inclusion-plan", pk=plan.pk)
    return render(request, "placements/inclusion/create.html", {"form": form, "partnership": partnership})


@login_required
@require_POST
def plan_new_version(request, slug: str):
    partnership = policy.access_partnership_plans(request.user, slug)
    try:
        plan = services_inclusion.plan_new_version(actor=request.user, partnership=partnership)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        latest = selectors_inclusion.latest_version(partnership.pk)
        return redirect("inclusion-plan", pk=latest.pk) if latest else redirect("inclusion-plans")
    messages.success(request, f"Version {plan.number} has been started from version {plan.based_on.number}")
    return redirect("inclusion-plan", pk=plan.pk)


def _plan_context(request, plan: InclusionPlan, **extra) -> dict:
    user = request.user
    detail = selectors_inclusion.plan_detail(plan)
    can_write = policy.can_write_plans(user, plan.partnership)
    can_review = policy.can_review_plans(user, plan.partnership)
    is_draft = plan.status == InclusionPlan.Status.DRAFT
    versions = selectors_inclusion.plan_versions(plan.partnership_id)
    context = {
        "plan": plan,
        "detail": detail,
        "versions": versions,
        "can_edit": can_write and is_draft,
        "can_write": can_write,
        "can_sign": is_draft and (can_write or bool(policy.signing_icb_ids(user, plan.partnership))),
        "can_review": can_review and plan.status == InclusionPlan.Status.SUBMITTED,
        "can_respond": can_write
        and plan.status in (InclusionPlan.Status.SUBMITTED, InclusionPlan.Status.RETURNED),
        "can_start_version": can_write
        and not any(
            v.status in (InclusionPlan.Status.DRAFT, InclusionPlan.Status.SUBMITTED) for v in versions
        ),
        "submission_problems": services_inclusion.submission_problems(plan) if can_write and is_draft else {},
    }
    context.update(extra)
    return context


@login_required
@require_safe
def plan_detail(request, pk: int):
    plan = policy.access_plan(request.user, pk)
    return render(request, "placements/inclusion/plan.html", _plan_context(request, plan))


@step_page
def plan_edit(request, pk: int):
    plan = policy.access_plan(request.user, pk)
    policy.require_plan_writer(request.user, plan.partnership)
    initial = {
        "title": plan.title,
        "summary": plan.summary,
        "coproduction": plan.coproduction,
        "period_start": plan.period_start,
        "period_end": plan.period_end,
    }
    form = PlanOverviewForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            cleared = services_inclusion.plan_update(actor=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "The plan's overview has been saved")
            _cleared(request, cleared)
            return redirect("inclusion-plan", pk=plan.pk)
    return render(request, "placements/inclusion/edit.html", {"plan": plan, "form": form})


@step_page
def section_edit(request, pk: int, section_id: int):
    plan = policy.access_plan(request.user, pk)
    policy.require_plan_writer(request.user, plan.partnership)
    section = get_object_or_404(plan.sections.select_related("standard"), pk=section_id)
    form = SectionForm(
        request.POST if request.method == "POST" else None,
        initial={"how_met": section.how_met, "lead_partner": section.lead_partner},
    )
    if request.method == "POST" and form.is_valid():
        try:
            cleared = services_inclusion.section_update(
                actor=request.user, plan=plan, section_id=section.pk, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"The section for {section.standard.title} has been saved")
            _cleared(request, cleared)
            return redirect(f"{_plan_url(plan)}#section-{section.pk}")
    return render(
        request, "placements/inclusion/section.html", {"plan": plan, "section": section, "form": form}
    )


def _plan_url(plan) -> str:
    return reverse("inclusion-plan", args=[plan.pk])


@step_page
def line_edit(request, pk: int):
    """Add or change the places planned for one kind of place and type of need."""
    plan = policy.access_plan(request.user, pk)
    policy.require_plan_writer(request.user, plan.partnership)
    initial = {}
    line_id = request.GET.get("line")
    if line_id and line_id.isascii() and line_id.isdecimal():
        line = plan.sufficiency_lines.filter(pk=int(line_id)).first()
        if line is not None:
            initial = {
                "category": line.category,
                "need_code": line.need_code,
                "unit_cost": line.unit_cost,
                "notes": line.notes,
                **{name: getattr(line, name) for name in services_inclusion.LINE_YEARS},
            }
    form = SufficiencyLineForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _, cleared = services_inclusion.sufficiency_line_save(
                actor=request.user,
                plan=plan,
                category=data["category"],
                need_code=data["need_code"],
                places=[data[name] for name in services_inclusion.LINE_YEARS],
                unit_cost=data["unit_cost"],
                notes=data["notes"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "The places have been saved")
            _cleared(request, cleared)
            return redirect(f"{_plan_url(plan)}#places")
    return render(request, "placements/inclusion/line.html", {"plan": plan, "form": form})


@login_required
@require_POST
def line_remove(request, pk: int, line_id: int):
    plan = policy.access_plan(request.user, pk)
    try:
        cleared = services_inclusion.sufficiency_line_remove(actor=request.user, plan=plan, line_id=line_id)
    except ValidationError as exc:
        raise Http404(exc.messages[0]) from exc
    messages.success(request, "The line has been removed")
    _cleared(request, cleared)
    return redirect(f"{_plan_url(plan)}#places")


@step_page
def sign_off(request, pk: int):
    plan = policy.access_plan(request.user, pk)
    icb_ids = policy.signing_icb_ids(request.user, plan.partnership)
    can_write = policy.can_write_plans(request.user, plan.partnership)
    if not (can_write or icb_ids):
        raise AccessDenied(
            "Only the partnership's SEND manager or a health officer of its ICB signs its plan"
        )
    partners = []
    if can_write:
        forum = plan.partnership.parent_carer_forum or "the parent carer forum"
        partners += [
            (InclusionPlanSignOff.Partner.LOCAL_AUTHORITY, "The local authority (signed in your name)"),
            (
                InclusionPlanSignOff.Partner.PARENT_CARER_FORUM,
                f"Parent carer forum: {forum} (record their sign-off)",
            ),
        ]
    icbs = list(ICB.objects.filter(pk__in=icb_ids).order_by("name"))
    if icbs:
        partners.append((InclusionPlanSignOff.Partner.ICB, "Integrated care board (signed in your name)"))
    form = SignOffForm(request.POST if request.method == "POST" else None, partners=partners, icbs=icbs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        icb = next((i for i in icbs if i.pk == data.get("icb")), None)
        try:
            services_inclusion.sign_off_record(
                actor=request.user,
                plan=plan,
                partner=data["partner"],
                icb=icb,
                signatory_name=data["signatory_name"],
                signatory_role=data["signatory_role"],
                signed_on=data["signed_on"],
                comments=data["comments"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "The sign-off has been recorded")
            return redirect(f"{_plan_url(plan)}#sign-offs")
    return render(request, "placements/inclusion/sign_off.html", {"plan": plan, "form": form})


@login_required
@require_POST
def plan_submit(request, pk: int):
    plan = policy.access_plan(request.user, pk)
    try:
        plan = services_inclusion.plan_submit(actor=request.user, plan=plan)
    except ValidationError as exc:
        problems = (
            [m for messages_ in exc.message_dict.values() for m in messages_]
            if hasattr(exc, "error_dict")
            else exc.messages
        )
        return render(
            request,
            "placements/inclusion/plan.html",
            _plan_context(request, plan, submit_errors=problems),
            status=400,
        )
    messages.success(request, f"Version {plan.number} has been submitted to the DfE region for review")
    return redirect("inclusion-plan", pk=plan.pk)


@step_page
def plan_review(request, pk: int):
    """The DfE region's review page: read the plan, comment, approve or return it."""
    plan = policy.access_plan(request.user, pk)
    policy.require_plan_reviewer(request.user, plan.partnership)
    detail = selectors_inclusion.plan_detail(plan)
    form = ReviewForm(request.POST if request.method == "POST" else None, sections=detail.sections)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "approve":
                services_inclusion.plan_approve(actor=request.user, plan=plan, text=data["text"])
                messages.success(request, f"Version {plan.number} is approved and published for families")
            elif data["decision"] == "return":
                services_inclusion.plan_return(actor=request.user, plan=plan, reasons=data["text"])
                messages.success(request, f"Version {plan.number} has been returned to the partnership")
            else:
                services_inclusion.review_comment(
                    actor=request.user, plan=plan, text=data["text"], section_id=data["section"] or None
                )
                messages.success(request, "Your comment has been added")
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return (
                redirect("inclusion-plan-review", pk=plan.pk)
                if data["decision"] == "comment"
                else redirect("inclusion-plans-awaiting-review")
            )
    return render(
        request,
        "placements/inclusion/review.html",
        {
            "plan": plan,
            "detail": detail,
            "form": form,
            "is_submitted": plan.status == InclusionPlan.Status.SUBMITTED,
        },
    )


@step_page
def plan_respond(request, pk: int):
    plan = policy.access_plan(request.user, pk)
    policy.require_plan_writer(request.user, plan.partnership)
    form = RespondForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services_inclusion.plan_respond(actor=request.user, plan=plan, text=form.cleaned_data["text"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Your response has been added")
            return redirect(f"{_plan_url(plan)}#review")
    return render(request, "placements/inclusion/respond.html", {"plan": plan, "form": form})


@login_required
@require_safe
def awaiting_review(request):
    policy.require_review_queue(request.user)
    plans = selectors_inclusion.awaiting_review(policy.review_partnership_ids(request.user))
    return render(request, "placements/inclusion/awaiting_review.html", {"plans": plans})


@login_required
@require_safe
def sufficiency_view(request, pk: int):
    plan = policy.access_plan(request.user, pk)
    return render(
        request,
        "placements/inclusion/sufficiency.html",
        {"plan": plan, "view": selectors_inclusion.sufficiency(plan)},
    )


# Published plans for families (no sign-in) -----------------------------------------------------------------


@require_safe
def published_index(request):
    partnerships = Partnership.objects.filter(
        inclusion_plans__status=InclusionPlan.Status.APPROVED
    ).distinct()
    return render(request, "placements/inclusion/published_index.html", {"partnerships": partnerships})


@require_safe
def published_plan(request, slug: str, number: int | None = None):
    partnership = get_object_or_404(Partnership, slug=slug)
    if number is None:
        plan = selectors_inclusion.published_plan(partnership.pk)
    else:
        plan = (
            InclusionPlan.objects.filter(
                partnership=partnership,
                number=number,
                status__in=(InclusionPlan.Status.APPROVED, InclusionPlan.Status.SUPERSEDED),
                published_at__isnull=False,
            )
            .select_related("standards_version")
            .first()
        )
    if plan is None:
        raise Http404("No published local inclusion plan")
    detail = selectors_inclusion.plan_detail(plan)
    return render(
        request,
        "placements/inclusion/published.html",
        {
            "partnership": partnership,
            "plan": plan,
            "detail": detail,
            "earlier": selectors_inclusion.earlier_published(partnership.pk),
        },
    )
