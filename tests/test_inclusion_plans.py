# ruff: noqa: F811 (the fixtures imported from tests/inclusion_plans.py are parameters here)
"""Local inclusion plans through their services: creating, editing (which clears sign-offs), sign-off by
each partner, submission errors, the region's review (comments, return, approval), a new version after a
return and its resubmission, approval superseding the plan before, every version kept, the audit trail."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from partnerships.policy import AccessDenied
from placements import selectors_inclusion, services_inclusion
from placements.models import InclusionPlan, InclusionPlanReview, InclusionPlanSection, InclusionPlanSignOff

from .inclusion_plans import (  # noqa: F401 (fixtures)
    START,
    approved_plan,
    new_plan,
    ready_plan,
    sign_all,
    standards,
    submitted_plan,
    write_everything,
)

pytestmark = pytest.mark.django_db


def test_the_first_version_has_a_section_per_standard_and_a_four_year_period(north, standards):
    plan = new_plan(north)
    assert plan.number == 1 and plan.status == InclusionPlan.Status.DRAFT
    assert plan.standards_version == standards
    assert plan.sections.count() == standards.standards.count() == 24
    assert plan.period_start == START and plan.period_end == date(2030, 8, 31)
    with pytest.raises(ValidationError) as exc:
        new_plan(north)
    assert "start a new version" in str(exc.value)


def test_only_the_partnerships_send_manager_creates_and_edits(north, south, standards):
    for persona in ("caseworker", "support", "health", "regional", "national", "parent", "senco"):
        with pytest.raises(AccessDenied):
            services_inclusion.plan_create(
                actor=north.people[persona], partnership=north.partnership, title="Plan", period_start=START
            )
    with pytest.raises(AccessDenied):
        services_inclusion.plan_create(
            actor=south.people["manager"], partnership=north.partnership, title="Plan", period_start=START
        )
    plan = new_plan(north)
    section = plan.sections.first()
    with pytest.raises(AccessDenied):
        services_inclusion.section_update(
            actor=south.people["manager"], plan=plan, section_id=section.pk, how_met="x", lead_partner=""
        )


def test_bad_input_is_refused_with_field_errors(north, standards):
    with pytest.raises(ValidationError) as exc:
        services_inclusion.plan_create(
            actor=north.people["manager"],
            partnership=north.partnership,
            title=" ",
            period_start=START,
        )
    assert "title" in exc.value.message_dict
    plan = new_plan(north)
    with pytest.raises(ValidationError) as exc:
        services_inclusion.sufficiency_line_save(
            actor=north.people["manager"], plan=plan, category="castle", need_code="XYZ", places=[1, 2]
        )
    assert set(exc.value.message_dict) == {"category", "need_code", "places"}
    with pytest.raises(ValidationError) as exc:
        services_inclusion.plan_update(
            actor=north.people["manager"],
            plan=plan,
            title="Plan",
            summary="",
            coproduction="",
            period_start=START,
            period_end=START,
        )
    assert "period_end" in exc.value.message_dict


def test_sign_off_rules(north, south, standards):
    plan = new_plan(north)
    write_everything(north, plan)
    manager = north.people["manager"]
    # The ICB signs only through one of its health officers; the LA and the forum only through the manager.
    with pytest.raises(AccessDenied):
        services_inclusion.sign_off_record(actor=manager, plan=plan, partner="icb")
    with pytest.raises(AccessDenied):
        services_inclusion.sign_off_record(actor=south.people["health"], plan=plan, partner="icb")
    with pytest.raises(AccessDenied):
        services_inclusion.sign_off_record(actor=north.people["health"], plan=plan, partner="local_authority")
    with pytest.raises(AccessDenied):
        services_inclusion.sign_off_record(
            actor=north.people["caseworker"], plan=plan, partner="local_authority"
        )
    # The forum's representative is named, with their role.
    with pytest.raises(ValidationError) as exc:
        services_inclusion.sign_off_record(actor=manager, plan=plan, partner="parent_carer_forum")
    assert set(exc.value.message_dict) == {"signatory_name", "signatory_role"}
    health = services_inclusion.sign_off_record(actor=north.people["health"], plan=plan, partner="icb")
    assert health.icb == north.partnership.icbs.get()
    assert health.signatory_name == north.people["health"].full_name
    la = services_inclusion.sign_off_record(actor=manager, plan=plan, partner="local_authority")
    assert la.signatory_name == manager.full_name
    with pytest.raises(ValidationError) as exc:
        services_inclusion.sign_off_record(actor=manager, plan=plan, partner="local_authority")
    assert "already signed" in str(exc.value)


def test_editing_a_signed_draft_clears_its_sign_offs(north, standards):
    plan = ready_plan(north)
    assert InclusionPlanSignOff.objects.filter(plan=plan).count() == 3
    section = plan.sections.first()
    cleared = services_inclusion.section_update(
        actor=north.people["manager"], plan=plan, section_id=section.pk, how_met="Changed.", lead_partner=""
    )
    assert cleared == 3
    assert not InclusionPlanSignOff.objects.filter(plan=plan).exists()
    with pytest.raises(ValidationError) as exc:
        services_inclusion.plan_submit(actor=north.people["manager"], plan=plan)
    assert set(exc.value.message_dict) == {"sign_offs"}


def test_submission_lists_every_missing_section_and_sign_off(north, standards):
    plan = new_plan(north)
    with pytest.raises(ValidationError) as exc:
        services_inclusion.plan_submit(actor=north.people["manager"], plan=plan)
    errors = exc.value.message_dict
    assert len(errors["sections"]) == 24
    assert "Say how the area meets the standard all-universal-identification" in errors["sections"][0]
    assert errors["sign_offs"] == [
        "The local authority has not signed this version",
        "NHS Northby Integrated Care Board has not signed this version",
        "Parent carer forum: Parent Carer Forum has not signed this version",
    ]
    assert errors["summary"] == ["Write the plan's summary for families"]
    assert InclusionPlan.objects.get(pk=plan.pk).status == InclusionPlan.Status.DRAFT


def test_sign_off_review_return_and_resubmission(north, south, standards):
    """Acceptance: sign-off and review of a local inclusion plan, including return and resubmission."""
    manager, regional = north.people["manager"], north.people["regional"]
    plan = submitted_plan(north)
    assert plan.status == InclusionPlan.Status.SUBMITTED and plan.submitted_by == manager
    # A submitted version is not edited again.
    with pytest.raises(ValidationError):
        services_inclusion.section_update(
            actor=manager, plan=plan, section_id=plan.sections.first().pk, how_met="x", lead_partner=""
        )
    # Only the region's officer reviews; another region's officer cannot.
    with pytest.raises(AccessDenied):
        services_inclusion.plan_approve(actor=south.people["regional"], plan=plan)
    with pytest.raises(AccessDenied):
        services_inclusion.plan_approve(actor=north.people["national"], plan=plan)
    with pytest.raises(AccessDenied):
        services_inclusion.plan_approve(actor=manager, plan=plan)
    section = plan.sections.select_related("standard").get(standard__code="semh-specialist-placements")
    services_inclusion.review_comment(
        actor=regional, plan=plan, text="How many AP tier 2 places?", section_id=section.pk
    )
    services_inclusion.review_comment(actor=regional, plan=plan, text="Thanks for a clear summary.")
    services_inclusion.plan_respond(actor=manager, plan=plan, text="We will add the AP places.")
    with pytest.raises(ValidationError) as exc:
        services_inclusion.plan_return(actor=regional, plan=plan, reasons="  ")
    assert "reasons" in exc.value.message_dict
    returned = services_inclusion.plan_return(actor=regional, plan=plan, reasons="Plan the AP tier 2 places.")
    assert returned.status == InclusionPlan.Status.RETURNED
    assert returned.decision_reasons == "Plan the AP tier 2 places."
    with pytest.raises(ValidationError):
        services_inclusion.plan_approve(actor=regional, plan=returned)
    assert selectors_inclusion.published_plan(north.partnership.pk) is None

    # A new version from the returned one copies its text and places, and must be signed again.
    second = services_inclusion.plan_new_version(actor=manager, partnership=north.partnership)
    assert (second.number, second.based_on_id, second.status) == (2, plan.pk, InclusionPlan.Status.DRAFT)
    assert second.summary == plan.summary
    assert InclusionPlanSection.objects.filter(plan=second, how_met="").count() == 0
    assert second.sufficiency_lines.get().places_year_3 == 16
    assert not second.sign_offs.exists()
    with pytest.raises(ValidationError) as exc:
        services_inclusion.plan_submit(actor=manager, plan=second)
    assert set(exc.value.message_dict) == {"sign_offs"}
    services_inclusion.sufficiency_line_save(
        actor=manager, plan=second, category="ap_tier_2", need_code="", places=[5, 5, 6, 6]
    )
    sign_all(north, second)
    resubmitted = services_inclusion.plan_submit(actor=manager, plan=second)
    assert resubmitted.status == InclusionPlan.Status.SUBMITTED
    assert [p.pk for p in selectors_inclusion.awaiting_review({north.partnership.pk})] == [second.pk]
    approved = services_inclusion.plan_approve(actor=regional, plan=resubmitted, text="Thank you.")
    assert approved.status == InclusionPlan.Status.APPROVED and approved.published_at is not None
    assert selectors_inclusion.published_plan(north.partnership.pk) == approved
    assert selectors_inclusion.plan_in_force(north.partnership.pk, date(2027, 1, 1)) == approved
    # Every version is kept, with its review.
    assert [(v.number, v.status) for v in selectors_inclusion.plan_versions(north.partnership.pk)] == [
        (2, "approved"),
        (1, "returned"),
    ]
    kinds = list(InclusionPlanReview.objects.filter(plan=plan).values_list("kind", flat=True))
    assert kinds == ["comment", "comment", "la_response", "returned"]


def test_a_later_approval_supersedes_the_plan_in_force(north, standards):
    first = approved_plan(north)
    second = services_inclusion.plan_new_version(actor=north.people["manager"], partnership=north.partnership)
    sign_all(north, second)
    services_inclusion.plan_submit(actor=north.people["manager"], plan=second)
    # While the new version is with the region, the first stays in force and published.
    assert selectors_inclusion.published_plan(north.partnership.pk) == first
    services_inclusion.plan_approve(actor=north.people["regional"], plan=second)
    first.refresh_from_db()
    assert first.status == InclusionPlan.Status.SUPERSEDED
    assert selectors_inclusion.published_plan(north.partnership.pk).pk == second.pk
    assert [p.pk for p in selectors_inclusion.earlier_published(north.partnership.pk)] == [first.pk]
    assert planned(north) == 16


def planned(area) -> int:
    places = selectors_inclusion.planned_places(area.partnership.pk, date(2030, 1, 1))
    return places.for_need("special", ["ASD"])


def test_one_draft_at_a_time_and_no_new_version_while_under_review(north, standards):
    plan = submitted_plan(north)
    with pytest.raises(ValidationError) as exc:
        services_inclusion.plan_new_version(actor=north.people["manager"], partnership=north.partnership)
    assert "with the DfE region" in str(exc.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        InclusionPlan.objects.create(
            partnership=north.partnership,
            number=9,
            title="x",
            period_start=plan.period_start,
            period_end=plan.period_end,
            standards_version=plan.standards_version,
        )
        InclusionPlan.objects.create(
            partnership=north.partnership,
            number=10,
            title="y",
            period_start=plan.period_start,
            period_end=plan.period_end,
            standards_version=plan.standards_version,
        )


def test_every_write_is_audited_with_its_actor(north, standards):
    import pghistory.models

    plan = ready_plan(north)
    events = pghistory.models.Events.objects.filter(pgh_obj_model="placements.InclusionPlanSection")
    assert events.exists()
    contexts = pghistory.models.Context.objects.filter(metadata__action="inclusion_plan_section_update")
    assert contexts.exists()
    assert contexts.first().metadata["user"] == north.people["manager"].pk
    assert plan.sign_offs.count() == 3
