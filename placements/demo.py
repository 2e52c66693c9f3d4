"""Demo placements data for the demo partnerships (``manage.py seed_demo``), made through the services the
pages use where there are any: local inclusion plans (the first partnership's is approved and published for
families, the second's is submitted and awaits its DfE region's review, the third's is a draft being
written), where settings and children are, and a tailored list for each draft plan. Fictional."""

import math
from datetime import date
from decimal import Decimal

import pghistory
from django.db import transaction
from django.utils import timezone

from ehcp.demo import demo_person
from ehcp.models import Plan
from partnerships import rls
from partnerships.models import Child, Partnership, Setting
from partnerships.roles import Role
from partnerships.validators import normalise_postcode

from . import selectors_lists, services_inclusion, services_lists
from .models import InclusionPlan, InclusionPlanSignOff, PostcodeLocation, TailoredList
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


@transaction.atomic
def demo_inclusion_plan_seed(*, partnership: Partnership, stage: str) -> bool:
    """One partnership's demo plan at ``stage``. Returns False when it already has a plan (or no standards)."""
    if InclusionPlan.objects.filter(partnership=partnership).exists() or current_version() is None:
        return False
    manager = demo_person(Role.LA_SEND_MANAGER, partnership=partnership)
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
    health = [demo_person(Role.HEALTH_OFFICER, icb=icb) for icb in partnership.icbs.all()]
    regional = demo_person(Role.DFE_REGIONAL_OFFICER, region__local_authorities__partnerships=partnership)
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


# Where the demo settings and children are: fictional places around a point in each demo area (British
# National Grid, metres), so tailored lists show distances. Postcodes are made up in each area's districts.
DEMO_CENTRES = {"leeds": (430000, 433500), "devon": (292000, 92500), "camden": (529000, 184500)}
INWARD_LETTERS = ("AB", "DE", "FG", "HJ", "LN", "PQ", "RS", "TU", "WX", "YZ")
# Children and places on roll for each kind of demo setting (by its position in partnerships.demo.SETTING_KINDS):
# (pupils on roll, resourced provision on roll, annual cost of a place to the LA). The special school and the
# secondary's resourced provision are full, so lists show "Full".
DEMO_ROLLS = (
    (58, None, None),
    (402, None, None),
    (309, 12, None),
    (1010, None, None),
    (950, 20, None),
    (140, None, Decimal("23500")),
    (40, None, Decimal("18000")),
    (44, None, Decimal("61000")),
    (480, None, Decimal("16500")),
    (3900, None, None),
)


def _point(centre: tuple[int, int], position: int, radius: int) -> tuple[int, int]:
    angle = position * 2 * math.pi / len(INWARD_LETTERS)
    return centre[0] + round(radius * math.cos(angle)), centre[1] + round(radius * math.sin(angle))


def _outward(postcode: str) -> str:
    return postcode.split(" ")[0]


@transaction.atomic
def demo_locations_seed(*, partnership: Partnership) -> int:
    """Give the demo settings full postcodes, grid references, counts on roll and costs, and the demo children
    a home postcode near their setting, with the postcodes' locations. Idempotent; returns locations saved."""
    centre = DEMO_CENTRES.get(partnership.slug)
    if centre is None:
        return 0
    saved = 0
    settings = list(Setting.objects.filter(partnership=partnership, urn__isnull=False).order_by("urn"))
    for position, setting in enumerate(settings[: len(DEMO_ROLLS)]):
        on_roll, rp_on_roll, cost = DEMO_ROLLS[position]
        easting, northing = _point(centre, position, 1500 + 1100 * position)
        postcode = normalise_postcode(
            f"{_outward(setting.postcode)} {position % 9 + 1}{INWARD_LETTERS[position]}"
        )
        Setting.objects.filter(pk=setting.pk).update(
            postcode=postcode,
            easting=easting,
            northing=northing,
            pupils_on_roll=on_roll,
            resourced_provision_on_roll=rp_on_roll if setting.has_resourced_provision else None,
            annual_place_cost=cost,
        )
        PostcodeLocation.objects.update_or_create(
            postcode=postcode,
            defaults={"easting": easting, "northing": northing, "source": PostcodeLocation.Source.DEMO},
        )
        saved += 1
    by_setting = {s.pk: (position, s) for position, s in enumerate(settings)}
    with rls.system_scope(), pghistory.context(action="seed_demo"):
        for serial, child in enumerate(Child.objects.filter(partnership=partnership).order_by("upn")):
            position, setting = by_setting.get(child.current_setting_id, (serial % len(INWARD_LETTERS), None))
            base = (setting.easting, setting.northing) if setting and setting.easting else centre
            home = (base[0] + 400 + 90 * (serial % 7), base[1] - 300 - 70 * (serial % 5))
            outward = _outward(setting.postcode) if setting else _outward(settings[position].postcode)
            postcode = normalise_postcode(f"{outward} {serial % 9 + 1}{INWARD_LETTERS[serial % 10][::-1]}")
            PostcodeLocation.objects.update_or_create(
                postcode=postcode,
                defaults={"easting": home[0], "northing": home[1], "source": PostcodeLocation.Source.DEMO},
            )
            if child.home_postcode != postcode:
                child.home_postcode = postcode
                child.save(update_fields=["home_postcode", "updated_at"])
            saved += 1
    return saved


def demo_lists_seed(*, partnership: Partnership) -> int:
    """A tailored list for each demo draft plan that has none yet, made by the partnership's caseworker."""
    caseworker = demo_person(Role.LA_CASEWORKER, partnership=partnership)
    if caseworker is None:
        return 0
    made = 0
    with rls.system_scope():
        plans = list(
            Plan.objects.filter(
                partnership=partnership, status=Plan.Status.DRAFT, draft_issued_on__isnull=False
            )
            .exclude(pk__in=TailoredList.objects.values("plan_id"))
            .select_related("request", "child")
            .order_by("pk")
        )
        for plan in plans:
            if selectors_lists.list_stage(plan) is not None:
                services_lists.list_generate(actor=caseworker, plan=plan)
                made += 1
    return made
