"""Helpers and fixtures for the national standards and local inclusion plan tests.

The DfE national administrator is not one of conftest's PERSONA_ROLES (that would change every existing
access matrix), so these tests add them with ``national_admin``. ``standards`` loads the seed catalogue.
``ready_plan(area)`` builds a draft with every section written and every partner signed, through the
services the pages use; ``approved_plan(area)`` takes it on through submission and approval."""

from datetime import date

import pytest

from partnerships.models import Membership
from partnerships.roles import Role
from placements import services_inclusion, services_standards
from placements.models import InclusionPlan, InclusionPlanSignOff

from . import factories

START = date(2026, 9, 1)


# Every persona the inclusion plan and standards matrices check, with the national administrator.
PERSONAS = [
    "manager",
    "caseworker",
    "support",
    "health",
    "regional",
    "national",
    "national_admin",
    "social_care",
    "mediator",
    "senco",
    "headteacher",
    "ap_provider",
    "parent",
    "young_person",
]


@pytest.fixture
def standards(db):
    return services_standards.standards_seed()


@pytest.fixture
def national_admin(db):
    user = factories.UserFactory(email="national-admin@dfe.example.org", full_name="Nat Admin")
    Membership.objects.create(user=user, role=Role.DFE_NATIONAL_ADMIN)
    factories.give_totp_device(user)
    return user


def person(area, persona: str, national_admin=None):
    if persona == "national_admin":
        return national_admin
    return area.people[persona]


def new_plan(area) -> InclusionPlan:
    return services_inclusion.plan_create(
        actor=area.people["manager"],
        partnership=area.partnership,
        title=f"{area.partnership.name} local inclusion plan",
        period_start=START,
    )


def write_everything(area, plan: InclusionPlan) -> None:
    manager = area.people["manager"]
    services_inclusion.plan_update(
        actor=manager,
        plan=plan,
        title=plan.title,
        summary="More places in local mainstream schools with specialist support.",
        coproduction="Written with the parent carer forum over six workshops.",
        period_start=plan.period_start,
        period_end=plan.period_end,
    )
    for section in plan.sections.select_related("standard"):
        services_inclusion.section_update(
            actor=manager,
            plan=plan,
            section_id=section.pk,
            how_met=f"How we meet {section.standard.code}.",
            lead_partner=section.standard.responsible_partner,
        )
    services_inclusion.sufficiency_line_save(
        actor=manager, plan=plan, category="special", need_code="ASD", places=[10, 12, 14, 16]
    )


def sign_all(area, plan: InclusionPlan) -> None:
    manager = area.people["manager"]
    services_inclusion.sign_off_record(
        actor=manager,
        plan=plan,
        partner=InclusionPlanSignOff.Partner.LOCAL_AUTHORITY,
        signatory_role="Director",
    )
    services_inclusion.sign_off_record(
        actor=area.people["health"], plan=plan, partner=InclusionPlanSignOff.Partner.ICB
    )
    services_inclusion.sign_off_record(
        actor=manager,
        plan=plan,
        partner=InclusionPlanSignOff.Partner.PARENT_CARER_FORUM,
        signatory_name="Jo Forum",
        signatory_role="Chair",
    )


def ready_plan(area, plan: InclusionPlan | None = None) -> InclusionPlan:
    plan = plan or new_plan(area)
    write_everything(area, plan)
    sign_all(area, plan)
    return InclusionPlan.objects.get(pk=plan.pk)


def submitted_plan(area) -> InclusionPlan:
    return services_inclusion.plan_submit(actor=area.people["manager"], plan=ready_plan(area))


def approved_plan(area) -> InclusionPlan:
    plan = submitted_plan(area)
    return services_inclusion.plan_approve(actor=area.people["regional"], plan=plan, text="Approved.")
