"""Demo local inclusion plans for the demo partnerships (``manage.py seed_demo``), made through the services
the pages use: the first partnership's plan is approved and published for families, the second's is
submitted and awaits its DfE region's review, the third's is a draft being written. Fictional text."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from partnerships.models import Membership, Partnership, User
from partnerships.roles import Role

from . import services_inclusion
from .models import InclusionPlan, InclusionPlanSignOff
from .selectors_standards import current_version

STAGES = ("approved", "submitted", "draft")
PLACES = (
    ("mainstream", "", [40, 42, 44, 46]),
    ("resourced_provision", "ASD", [24, 30, 36, 36]),
    ("resourced_provision", "SLCN", [12, 12, 16, 16]),
    ("special", "ASD", [60, 64, 68, 72]),
    ("special", "SLD", [30, 30, 32, 32]),
    ("special", "SEMH", [20, 24, 24, 28]),
    ("independent", "", [10, 8, 6, 4]),
    ("ap_tier_1", "", [40, 40, 45, 45]),
    ("ap_tier_2", "", [15, 15, 15, 15]),
    ("ap_tier_3", "", [5, 5, 5, 5]),
)


def _academic_year_start(today: date) -> date:
    return date(today.year if today.month >= 9 else today.year - 1, 9, 1)


def _person(role: str, **scope) -> User | None:
    membership = (
        Membership.objects.filter(role=role, is_active=True, **scope)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


@transaction.atomic
def demo_inclusion_plan_seed(*, partnership: Partnership, stage: str) -> bool:
    """One partnership's demo plan at ``stage``. Returns False when it already has a plan (or no standards)."""
    if InclusionPlan.objects.filter(partnership=partnership).exists() or current_version() is None:
        return False
    manager = _person(Role.LA_SEND_MANAGER, partnership=partnership)
    if manager is None:
        return False
    plan = services_inclusion.plan_create(
        actor=manager,
        partnership=partnership,
        title=f"{partnership.name}: local inclusion plan",
        period_start=_academic_year_start(timezone.localdate()),
    )
    services_inclusion.plan_update(
        actor=manager,
        plan=plan,
        title=plan.title,
        summary=(
            "More children will have their needs met in their local mainstream school, with resourced "
            "provision for autistic children and those with speech, language and communication needs, and "
            "alternative provision used first as support in school. We plan more special school places for "
            "autistic children and fewer independent placements."
        ),
        coproduction=(
            f"Written with {partnership.parent_carer_forum or 'the parent carer forum'}, young people's "
            "groups, headteachers, the ICB and social care in workshops through the year."
        ),
        period_start=plan.period_start,
        period_end=plan.period_end,
    )
    for section in plan.sections.select_related("standard"):
        services_inclusion.section_update(
            actor=manager,
            plan=plan,
            section_id=section.pk,
            how_met=(
                f"{section.standard.title}: our {section.standard.get_responsible_partner_display().lower()} "
                "partners do this across the area, checked each term by the partnership board."
            ),
            lead_partner=section.standard.responsible_partner,
        )
    for category, need, places in PLACES:
        services_inclusion.sufficiency_line_save(
            actor=manager, plan=plan, category=category, need_code=need, places=places
        )
    if stage == "draft":
        return True
    health = [_person(Role.HEALTH_OFFICER, icb=icb) for icb in partnership.icbs.all()]
    regional = _person(Role.DFE_REGIONAL_OFFICER, region__local_authorities__partnerships=partnership)
    if None in health or regional is None:
        return True
    services_inclusion.sign_off_record(
        actor=manager,
        plan=plan,
        partner=InclusionPlanSignOff.Partner.LOCAL_AUTHORITY,
        signatory_role="Director",
    )
    for officer in health:
        for icb_id in sorted(services_inclusion.policy.signing_icb_ids(officer, partnership)):
            if not plan.sign_offs.filter(icb_id=icb_id).exists():
                services_inclusion.sign_off_record(
                    actor=officer,
                    plan=plan,
                    partner=InclusionPlanSignOff.Partner.ICB,
                    icb=partnership.icbs.get(pk=icb_id),
                )
    services_inclusion.sign_off_record(
        actor=manager,
        plan=plan,
        partner=InclusionPlanSignOff.Partner.PARENT_CARER_FORUM,
        signatory_name="Sam Forum",
        signatory_role="Chair of the parent carer forum",
    )
    plan = services_inclusion.plan_submit(actor=manager, plan=plan)
    if stage == "approved":
        services_inclusion.plan_approve(
            actor=regional, plan=plan, text="A clear plan, co-produced with families."
        )
    return True
