"""Writes for local inclusion plans (docs/adr/0014).

A plan version moves draft -> submitted -> returned or approved. Every version is kept: a submitted version
is never edited; after a return (or to change an approved plan) the partnership starts a new version from
the latest, which copies its sections and places. One draft at a time (a database constraint).

Sign-off: the LA (its SEND manager), each ICB of the partnership (a health officer of that ICB) and the
parent carer forum (recorded by the SEND manager with the representative's name and role) sign the draft
before it is submitted to the DfE region. Any change to a draft after a sign-off clears every sign-off,
because partners signed what the plan said then: the pages say so when it happens.

The region's officer comments (on the plan or a section), then approves the version (it is in force and
published for families; the approved version it replaces is superseded) or returns it with reasons. The
partnership may respond to comments.
"""

from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ehcp import audit
from partnerships.models import ICB, Partnership, User
from partnerships.models.tenancy import SENNeed

from . import policy
from .categories import CATEGORIES
from .models import (
    InclusionPlan,
    InclusionPlanReview,
    InclusionPlanSection,
    InclusionPlanSignOff,
    Standard,
    SufficiencyLine,
)
from .selectors_standards import current_version

# More places of one kind than any area could plan: a typing slip, not a plan.
MAX_PLACES = 100_000
PLAN_YEARS = 4  # the year the plan starts and the next three (green paper ch.2 §9: sufficiency planning)
LINE_YEARS = tuple(f"places_year_{year}" for year in range(PLAN_YEARS))


def default_period_end(start: date) -> date:
    return start + relativedelta(years=PLAN_YEARS) - relativedelta(days=1)


def _locked(plan: InclusionPlan) -> InclusionPlan:
    return InclusionPlan.objects.select_for_update().select_related("partnership").get(pk=plan.pk)


def _require_draft(plan: InclusionPlan) -> None:
    if plan.status != InclusionPlan.Status.DRAFT:
        raise ValidationError(
            {"plan": [f"Version {plan.number} is {plan.get_status_display().lower()}: start a new version"]}
        )


def _draft_changed(plan: InclusionPlan) -> int:
    """A change to a draft clears its sign-offs (the partners signed what it said before)."""
    cleared, _ = InclusionPlanSignOff.objects.filter(plan=plan).delete()
    plan.save(update_fields=["updated_at"])
    return cleared


def _check_period(start: date | None, end: date | None) -> None:
    errors = {}
    if start is None:
        errors["period_start"] = ["Enter the day the plan starts"]
    if end is None:
        errors["period_end"] = ["Enter the day the plan ends"]
    elif start is not None and end <= start:
        errors["period_end"] = ["The plan must end after it starts"]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def plan_create(
    *,
    actor: User,
    partnership: Partnership,
    title: str,
    period_start: date | None,
    period_end: date | None = None,
) -> InclusionPlan:
    """The partnership's first plan version: a section per standard of the current published version."""
    policy.require_plan_writer(actor, partnership)
    Partnership.objects.select_for_update().get(pk=partnership.pk)
    if InclusionPlan.objects.filter(partnership=partnership).exists():
        raise ValidationError({"plan": ["The partnership already has a plan: start a new version of it"]})
    if not title.strip():
        raise ValidationError({"title": ["Enter the plan's title"]})
    if period_start is not None and period_end is None:
        period_end = default_period_end(period_start)
    _check_period(period_start, period_end)
    standards = current_version()
    if standards is None:
        raise ValidationError({"plan": ["No national standards are published yet"]})
    with audit.context(actor, "inclusion_plan_create"):
        plan = InclusionPlan.objects.create(
            partnership=partnership,
            number=1,
            title=title.strip()[:200],
            period_start=period_start,
            period_end=period_end,
            standards_version=standards,
            created_by=actor,
        )
        InclusionPlanSection.objects.bulk_create(
            InclusionPlanSection(partnership=partnership, plan=plan, standard=standard)
            for standard in standards.standards.all()
        )
    return plan


@transaction.atomic
def plan_new_version(*, actor: User, partnership: Partnership) -> InclusionPlan:
    """A new draft from the latest version: its text, places and comments-to-date stay on the old version.

    The new version follows the current published standards: each section copies what the previous version
    said for the standard with the same code; a standard new to the catalogue starts empty."""
    policy.require_plan_writer(actor, partnership)
    Partnership.objects.select_for_update().get(pk=partnership.pk)
    latest = InclusionPlan.objects.filter(partnership=partnership).select_related("standards_version").first()
    if latest is None:
        raise ValidationError({"plan": ["The partnership has no plan yet: create the first version"]})
    if latest.status == InclusionPlan.Status.DRAFT:
        raise ValidationError({"plan": [f"Version {latest.number} is still a draft: change that version"]})
    if latest.status == InclusionPlan.Status.SUBMITTED:
        raise ValidationError(
            {"plan": [f"Version {latest.number} is with the DfE region: wait for its review first"]}
        )
    standards = current_version() or latest.standards_version
    number = (
        InclusionPlan.objects.filter(partnership=partnership).aggregate(top=Max("number"))["top"] or 0
    ) + 1
    with audit.context(actor, "inclusion_plan_new_version", based_on=latest.pk):
        plan = InclusionPlan.objects.create(
            partnership=partnership,
            number=number,
            title=latest.title,
            period_start=latest.period_start,
            period_end=latest.period_end,
            standards_version=standards,
            summary=latest.summary,
            coproduction=latest.coproduction,
            based_on=latest,
            created_by=actor,
        )
        previous = {
            s.standard.code: s
            for s in InclusionPlanSection.objects.filter(plan=latest).select_related("standard")
        }
        sections = []
        for standard in standards.standards.all():
            old = previous.get(standard.code)
            sections.append(
                InclusionPlanSection(
                    partnership=partnership,
                    plan=plan,
                    standard=standard,
                    how_met=old.how_met if old else "",
                    lead_partner=old.lead_partner if old else "",
                )
            )
        InclusionPlanSection.objects.bulk_create(sections)
        SufficiencyLine.objects.bulk_create(
            SufficiencyLine(
                partnership=partnership,
                plan=plan,
                category=line.category,
                need_code=line.need_code,
                unit_cost=line.unit_cost,
                notes=line.notes,
                **{name: getattr(line, name) for name in LINE_YEARS},
            )
            for line in SufficiencyLine.objects.filter(plan=latest)
        )
    return plan


@transaction.atomic
def plan_update(
    *,
    actor: User,
    plan: InclusionPlan,
    title: str,
    summary: str,
    coproduction: str,
    period_start: date | None,
    period_end: date | None,
) -> int:
    """Change a draft's overview. Returns how many sign-offs the change cleared."""
    policy.require_plan_writer(actor, plan.partnership)
    plan = _locked(plan)
    _require_draft(plan)
    if not title.strip():
        raise ValidationError({"title": ["Enter the plan's title"]})
    _check_period(period_start, period_end)
    with audit.context(actor, "inclusion_plan_update"):
        plan.title = title.strip()[:200]
        plan.summary = summary.strip()
        plan.coproduction = coproduction.strip()
        plan.period_start = period_start
        plan.period_end = period_end
        plan.save(update_fields=["title", "summary", "coproduction", "period_start", "period_end"])
        return _draft_changed(plan)


@transaction.atomic
def section_update(
    *, actor: User, plan: InclusionPlan, section_id: int, how_met: str, lead_partner: str
) -> int:
    """Say how the area meets one standard. Returns how many sign-offs the change cleared."""
    policy.require_plan_writer(actor, plan.partnership)
    plan = _locked(plan)
    _require_draft(plan)
    section = InclusionPlanSection.objects.filter(plan=plan, pk=section_id).first()
    if section is None:
        raise ValidationError({"section": ["This plan version has no such section"]})
    if lead_partner and lead_partner not in Standard.Partner.values:
        raise ValidationError({"lead_partner": ["Choose education, health or social care"]})
    if len(how_met) > 20000:
        raise ValidationError({"how_met": ["Say how the standard is met in 20,000 characters or fewer"]})
    with audit.context(actor, "inclusion_plan_section_update", section=section.pk):
        section.how_met = how_met.strip()
        section.lead_partner = lead_partner
        section.save(update_fields=["how_met", "lead_partner"])
        return _draft_changed(plan)


@transaction.atomic
def sufficiency_line_save(
    *,
    actor: User,
    plan: InclusionPlan,
    category: str,
    need_code: str,
    places: list[int],
    unit_cost: Decimal | None = None,
    notes: str = "",
) -> tuple[SufficiencyLine, int]:
    """Add or change the places planned for one category and type of need (``places``: years 0 to 3)."""
    policy.require_plan_writer(actor, plan.partnership)
    plan = _locked(plan)
    _require_draft(plan)
    errors = {}
    if category not in CATEGORIES:
        errors["category"] = ["Choose a kind of place"]
    if need_code and need_code not in SENNeed.values:
        errors["need_code"] = ["Choose a type of need, or any type of need"]
    if len(places) != PLAN_YEARS or any(p is None or int(p) < 0 for p in places):
        errors["places"] = ["Enter the places for each of the 4 years, as whole numbers of 0 or more"]
    elif any(int(p) > MAX_PLACES for p in places):
        errors["places"] = [f"Enter {MAX_PLACES:,} places or fewer for each year"]
    if unit_cost is not None and unit_cost < 0:
        errors["unit_cost"] = ["The cost of a place cannot be negative"]
    if errors:
        raise ValidationError(errors)
    with audit.context(actor, "inclusion_plan_sufficiency_save", category=category, need=need_code):
        line, _ = SufficiencyLine.objects.update_or_create(
            plan=plan,
            category=category,
            need_code=need_code or "",
            defaults={
                "partnership": plan.partnership,
                "unit_cost": unit_cost,
                "notes": notes.strip(),
                **{name: int(value) for name, value in zip(LINE_YEARS, places, strict=True)},
            },
        )
        return line, _draft_changed(plan)


@transaction.atomic
def sufficiency_line_remove(*, actor: User, plan: InclusionPlan, line_id: int) -> int:
    policy.require_plan_writer(actor, plan.partnership)
    plan = _locked(plan)
    _require_draft(plan)
    line = SufficiencyLine.objects.filter(plan=plan, pk=line_id).first()
    if line is None:
        raise ValidationError({"line": ["This plan version has no such line"]})
    with audit.context(actor, "inclusion_plan_sufficiency_remove", line=line_id):
        line.delete()
        return _draft_changed(plan)


def required_sign_offs(plan: InclusionPlan) -> list[tuple[str, ICB | None, str]]:
    """(partner, ICB, label) for every sign-off the plan needs before submission."""
    forum = plan.partnership.parent_carer_forum or "the parent carer forum"
    found = [(InclusionPlanSignOff.Partner.LOCAL_AUTHORITY, None, "The local authority")]
    found += [
        (InclusionPlanSignOff.Partner.ICB, icb, icb.name) for icb in plan.partnership.icbs.order_by("name")
    ]
    found.append((InclusionPlanSignOff.Partner.PARENT_CARER_FORUM, None, f"Parent carer forum: {forum}"))
    return found


@transaction.atomic
def sign_off_record(
    *,
    actor: User,
    plan: InclusionPlan,
    partner: str,
    signatory_name: str = "",
    signatory_role: str = "",
    icb: ICB | None = None,
    signed_on: date | None = None,
    comments: str = "",
) -> InclusionPlanSignOff:
    """One partner's sign-off of a draft.

    - the LA's, by its SEND manager (who signs in their own name);
    - an ICB's, by a health officer of that ICB (their own name);
    - the parent carer forum's, recorded by the SEND manager with the representative's name and role.
    """
    plan = _locked(plan)
    if partner == InclusionPlanSignOff.Partner.ICB:
        allowed = policy.signing_icb_ids(actor, plan.partnership)
        if not allowed:
            raise policy.AccessDenied("Only a health officer of one of the partnership's ICBs signs for it")
        if icb is None and len(allowed) == 1:
            icb = ICB.objects.get(pk=next(iter(allowed)))
        if icb is None or icb.pk not in allowed:
            raise ValidationError({"icb": ["Choose the ICB you sign for"]})
        signatory_name = actor.full_name or actor.email
    elif partner in (
        InclusionPlanSignOff.Partner.LOCAL_AUTHORITY,
        InclusionPlanSignOff.Partner.PARENT_CARER_FORUM,
    ):
        policy.require_plan_writer(actor, plan.partnership)
        icb = None
        if partner == InclusionPlanSignOff.Partner.LOCAL_AUTHORITY:
            signatory_name = actor.full_name or actor.email
    else:
        raise ValidationError({"partner": ["Choose who is signing"]})
    _require_draft(plan)
    errors = {}
    if not signatory_name.strip():
        errors["signatory_name"] = ["Enter the name of the forum's representative"]
    if partner == InclusionPlanSignOff.Partner.PARENT_CARER_FORUM and not signatory_role.strip():
        errors["signatory_role"] = ["Enter the representative's role in the forum"]
    signed_on = signed_on or timezone.localdate()
    if signed_on > timezone.localdate():
        errors["signed_on"] = ["The day of signing must be today or in the past"]
    if InclusionPlanSignOff.objects.filter(plan=plan, partner=partner, icb=icb).exists():
        errors["partner"] = ["This partner has already signed this version"]
    if errors:
        raise ValidationError(errors)
    with audit.context(actor, "inclusion_plan_sign_off", partner=partner):
        return InclusionPlanSignOff.objects.create(
            partnership=plan.partnership,
            plan=plan,
            partner=partner,
            icb=icb,
            signatory_name=signatory_name.strip()[:150],
            signatory_role=signatory_role.strip()[:150],
            signed_on=signed_on,
            comments=comments.strip(),
            recorded_by=actor,
        )


def submission_problems(plan: InclusionPlan) -> dict[str, list[str]]:
    """What stops a draft being submitted: missing section texts and missing sign-offs."""
    problems: dict[str, list[str]] = {}
    missing = [
        f"{s.standard.code}: {s.standard.title}"
        for s in InclusionPlanSection.objects.filter(plan=plan, how_met="").select_related("standard")
    ]
    if missing:
        problems["sections"] = [f"Say how the area meets the standard {m}" for m in missing]
    signed = {(s.partner, s.icb_id) for s in InclusionPlanSignOff.objects.filter(plan=plan)}
    unsigned = [
        label
        for partner, icb, label in required_sign_offs(plan)
        if (partner, icb.pk if icb else None) not in signed
    ]
    if unsigned:
        problems["sign_offs"] = [f"{label} has not signed this version" for label in unsigned]
    if not plan.summary.strip():
        problems["summary"] = ["Write the plan's summary for families"]
    return problems


@transaction.atomic
def plan_submit(*, actor: User, plan: InclusionPlan) -> InclusionPlan:
    policy.require_plan_writer(actor, plan.partnership)
    plan = _locked(plan)
    _require_draft(plan)
    problems = submission_problems(plan)
    if problems:
        raise ValidationError(problems)
    with audit.context(actor, "inclusion_plan_submit"):
        plan.status = InclusionPlan.Status.SUBMITTED
        plan.submitted_at = timezone.now()
        plan.submitted_by = actor
        plan.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    return plan


def _section(plan: InclusionPlan, section_id: int | None) -> InclusionPlanSection | None:
    if not section_id:
        return None
    section = InclusionPlanSection.objects.filter(plan=plan, pk=section_id).first()
    if section is None:
        raise ValidationError({"section": ["This plan version has no such section"]})
    return section


def _text(text: str, field: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: [message]})
    if len(text) > 20000:
        raise ValidationError({field: ["Write 20,000 characters or fewer"]})
    return text


@transaction.atomic
def review_comment(*, actor: User, plan: InclusionPlan, text: str, section_id: int | None = None):
    """A regional officer's comment on a submitted version (on the whole plan or one section)."""
    policy.require_plan_reviewer(actor, plan.partnership)
    plan = _locked(plan)
    if plan.status != InclusionPlan.Status.SUBMITTED:
        raise ValidationError({"plan": ["Only a version submitted for review takes comments"]})
    text = _text(text, "text", "Enter your comment")
    with audit.context(actor, "inclusion_plan_review_comment"):
        return InclusionPlanReview.objects.create(
            partnership=plan.partnership,
            plan=plan,
            kind=InclusionPlanReview.Kind.COMMENT,
            section=_section(plan, section_id),
            text=text,
            author=actor,
        )


@transaction.atomic
def plan_respond(*, actor: User, plan: InclusionPlan, text: str, section_id: int | None = None):
    """The partnership's response to the region's comments on a submitted or returned version."""
    policy.require_plan_writer(actor, plan.partnership)
    plan = _locked(plan)
    if plan.status not in (InclusionPlan.Status.SUBMITTED, InclusionPlan.Status.RETURNED):
        raise ValidationError({"plan": ["Only a version under review or returned takes responses"]})
    text = _text(text, "text", "Enter your response")
    with audit.context(actor, "inclusion_plan_respond"):
        return InclusionPlanReview.objects.create(
            partnership=plan.partnership,
            plan=plan,
            kind=InclusionPlanReview.Kind.LA_RESPONSE,
            section=_section(plan, section_id),
            text=text,
            author=actor,
        )


@transaction.atomic
def plan_approve(*, actor: User, plan: InclusionPlan, text: str = "") -> InclusionPlan:
    """Approve a submitted version: it is in force and published for families; the approved version it
    replaces is superseded."""
    policy.require_plan_reviewer(actor, plan.partnership)
    plan = _locked(plan)
    if plan.status != InclusionPlan.Status.SUBMITTED:
        raise ValidationError({"plan": ["Only a version submitted for review can be approved"]})
    now = timezone.now()
    with audit.context(actor, "inclusion_plan_approve"):
        InclusionPlan.objects.filter(
            partnership=plan.partnership, status=InclusionPlan.Status.APPROVED
        ).update(status=InclusionPlan.Status.SUPERSEDED, updated_at=now)
        plan.status = InclusionPlan.Status.APPROVED
        plan.decided_at = now
        plan.decided_by = actor
        plan.decision_reasons = (text or "").strip()
        plan.published_at = now
        plan.save(
            update_fields=[
                "status",
                "decided_at",
                "decided_by",
                "decision_reasons",
                "published_at",
                "updated_at",
            ]
        )
        InclusionPlanReview.objects.create(
            partnership=plan.partnership,
            plan=plan,
            kind=InclusionPlanReview.Kind.APPROVED,
            text=plan.decision_reasons or "Approved.",
            author=actor,
        )
    return plan


@transaction.atomic
def plan_return(*, actor: User, plan: InclusionPlan, reasons: str) -> InclusionPlan:
    """Return a submitted version for changes, with the reasons."""
    policy.require_plan_reviewer(actor, plan.partnership)
    plan = _locked(plan)
    if plan.status != InclusionPlan.Status.SUBMITTED:
        raise ValidationError({"plan": ["Only a version submitted for review can be returned"]})
    reasons = _text(reasons, "reasons", "Say what the partnership must change")
    with audit.context(actor, "inclusion_plan_return"):
        plan.status = InclusionPlan.Status.RETURNED
        plan.decided_at = timezone.now()
        plan.decided_by = actor
        plan.decision_reasons = reasons
        plan.save(update_fields=["status", "decided_at", "decided_by", "decision_reasons", "updated_at"])
        InclusionPlanReview.objects.create(
            partnership=plan.partnership,
            plan=plan,
            kind=InclusionPlanReview.Kind.RETURNED,
            text=reasons,
            author=actor,
        )
    return plan
