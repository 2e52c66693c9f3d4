"""Moving to another local authority (reg 15), through the services: the transfer's due date (on the day of
the move, or 15 working days from learning of it if later, bank holidays skipped), the new local
authority's deadlines (tell the family within 6 weeks; review by the later of 12 months from the plan being
made or last reviewed and 3 months from the transfer), the history copied intact, and row-level security:
the old authority cannot read the copy, the new one sees it and where it came from, and each keeps the
deadlines it is responsible for."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from ehcp import services_lifecycle as life
from ehcp import services_plans
from ehcp.models import Deadline, Plan, PlanTransfer, PlanVersion
from partnerships import rls
from partnerships.models import CaseParticipant, Child, ParentalResponsibility

from . import ehcp_journey as journey

pytestmark = pytest.mark.django_db

MADE = datetime.date(2026, 1, 5)
D = datetime.date


def _on(day: datetime.date):
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, 10, 0), tick=False)


def _plan(area) -> Plan:
    with _on(MADE):
        plan = journey.at_stage(area, "final").plan
    return Plan.objects.select_related("child").get(pk=plan.pk)


def _amended(area, plan) -> Plan:
    """Give the plan a history: proposed amendments and an amended plan after the final one."""
    caseworker = area.people["caseworker"]
    with _on(D(2026, 2, 2)):
        version = services_plans.amendment_start(actor=caseworker, plan=plan)
        content = {**version.content, "A": {**version.content["A"], "summary": "Riley now enjoys drama."}}
        services_plans.content_replace(
            actor=caseworker, plan=plan, content=content, base_revision=version.revision
        )
        services_plans.proposed_amendments_issue(actor=caseworker, plan=plan, sent_on=D(2026, 2, 2))
    with _on(D(2026, 2, 20)):
        services_plans.amended_plan_issue(
            actor=caseworker, plan=Plan.objects.get(pk=plan.pk), issued_on=D(2026, 2, 20)
        )
    return Plan.objects.select_related("child").get(pk=plan.pk)


def _notify(area, plan, to, *, learned_on, moves_on) -> PlanTransfer:
    with _on(learned_on):
        return life.transfer_notify(
            actor=area.people["caseworker"],
            plan=plan,
            to_partnership=to.partnership,
            moves_on=moves_on,
            learned_on=learned_on,
            new_address_postcode="ls1 4ap",
        )


def _complete(area, transfer, on) -> Plan:
    with _on(on):
        return life.transfer_complete(actor=area.people["caseworker"], transfer=transfer, on=on)


# Reg 15(2): when the plan must be transferred ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("learned_on", "moves_on", "due"),
    [
        # Learned more than 15 working days before: on the day of the move.
        (D(2026, 3, 2), D(2026, 4, 30), D(2026, 4, 30)),
        # Exactly 15 working days before: the two dates agree.
        (D(2026, 3, 2), D(2026, 3, 23), D(2026, 3, 23)),
        # Fewer than 15 working days: 15 working days from learning, Good Friday and Easter Monday skipped.
        (D(2026, 3, 23), D(2026, 4, 1), D(2026, 4, 15)),
        # Learned after the family had already moved.
        (D(2026, 4, 1), D(2026, 3, 20), D(2026, 4, 24)),
        # Over Christmas: 25 and 28 December 2026 and 1 January 2027 are bank holidays.
        (D(2026, 12, 14), D(2026, 12, 21), D(2027, 1, 7)),
        # Early May and spring bank holidays.
        (D(2026, 5, 1), D(2026, 5, 8), D(2026, 5, 26)),
    ],
)
def test_transfer_due_date_is_the_later_of_the_move_and_15_working_days(
    north, south, learned_on, moves_on, due
):
    assert life.transfer_due(learned_on=learned_on, moves_on=moves_on) == due
    plan = _plan(north)
    transfer = _notify(north, plan, south, learned_on=learned_on, moves_on=moves_on)
    assert transfer.transfer_due_on == due
    deadline = plan.deadlines.get(code="transfer_plan_due")
    assert (deadline.due_on, deadline.start_on, deadline.legal_basis) == (due, learned_on, "regulation 15(2)")
    plan.refresh_from_db()
    assert plan.next_due_on == min(due, D(2027, 1, 5))  # or the first annual review, if that is sooner


def test_notify_checks(north, south):
    plan = _plan(north)
    with pytest.raises(ValidationError) as exc, _on(D(2026, 3, 2)):
        life.transfer_notify(
            actor=north.people["caseworker"],
            plan=plan,
            to_partnership=north.partnership,
            moves_on=D(2026, 4, 1),
            learned_on=D(2026, 3, 3),
        )
    errors = exc.value.message_dict
    assert "a move within the area is not a transfer" in errors["to_partnership"][0]
    assert "today or in the past" in errors["learned_on"][0]
    _notify(north, plan, south, learned_on=D(2026, 3, 2), moves_on=D(2026, 4, 1))
    with pytest.raises(ValidationError) as exc:
        _notify(north, plan, south, learned_on=D(2026, 3, 2), moves_on=D(2026, 4, 1))
    assert "already recorded" in exc.value.message_dict["plan"][0]


@pytest.mark.parametrize("persona", ["parent", "senco", "health", "regional", "national"])
def test_only_the_old_la_notifies(north, south, persona):
    plan = _plan(north)
    with pytest.raises(PermissionDenied), _on(D(2026, 3, 2)):
        life.transfer_notify(
            actor=north.people[persona], plan=plan, to_partnership=south.partnership, moves_on=D(2026, 4, 1)
        )
    with pytest.raises(PermissionDenied), _on(D(2026, 3, 2)):
        life.transfer_notify(
            actor=south.people["manager"], plan=plan, to_partnership=south.partnership, moves_on=D(2026, 4, 1)
        )


# Reg 15(4) and 15(5): the new local authority's deadlines ----------------------------------------------------


@pytest.mark.parametrize(
    ("transferred_on", "last_reviewed_on", "told_by", "review_by"),
    [
        # 12 months from the plan being made (5 January 2027) is later than 3 months from the transfer.
        (D(2026, 3, 2), None, D(2026, 4, 13), D(2027, 1, 5)),
        # 3 months from the transfer (1 March 2027) is later than 12 months from the plan being made.
        (D(2026, 12, 1), None, D(2027, 1, 12), D(2027, 3, 1)),
        # Last reviewed on 15 June 2026: 12 months from then.
        (D(2026, 7, 1), D(2026, 6, 15), D(2026, 8, 12), D(2027, 6, 15)),
        # Reviewed a year before: 3 months from the transfer on 31 May is 31 August 2026.
        (D(2026, 5, 31), D(2025, 6, 30), D(2026, 7, 12), D(2026, 8, 31)),
    ],
)
def test_new_la_deadlines_match_regulation_15(
    north, south, transferred_on, last_reviewed_on, told_by, review_by
):
    plan = _plan(north)
    if last_reviewed_on:
        Plan.objects.filter(pk=plan.pk).update(last_reviewed_on=last_reviewed_on)
        plan.refresh_from_db()
    transfer = _notify(north, plan, south, learned_on=transferred_on, moves_on=transferred_on)
    new_plan = _complete(north, transfer, transferred_on)
    with rls.tenant_scope([south.partnership.pk]):
        told = new_plan.deadlines.get(code="transfer_family_told_due")
        review = new_plan.deadlines.get(code="annual_review_due")
        assert (told.due_on, told.legal_basis, told.start_on) == (told_by, "regulation 15(4)", transferred_on)
        assert (review.due_on, review.legal_basis, review.title) == (
            review_by,
            "regulation 15(5)",
            "Review of the transferred plan",
        )
        fresh = Plan.objects.get(pk=new_plan.pk)
        assert fresh.next_review_due_on == review_by
        assert fresh.next_due_on == min(told_by, review_by)
        assert all(d.partnership_id == south.partnership.pk for d in fresh.deadlines.all())


def test_family_told_closes_the_6_week_deadline(north, south):
    plan = _plan(north)
    transfer = _notify(north, plan, south, learned_on=D(2026, 3, 2), moves_on=D(2026, 3, 2))
    new_plan = _complete(north, transfer, D(2026, 3, 2))
    with pytest.raises(PermissionDenied), _on(D(2026, 3, 20)):
        life.transfer_family_told(actor=north.people["caseworker"], plan=new_plan, told_on=D(2026, 3, 20))
    with _on(D(2026, 3, 20)), rls.tenant_scope([south.partnership.pk]):
        life.transfer_family_told(actor=south.people["caseworker"], plan=new_plan, told_on=D(2026, 3, 20))
        told = new_plan.deadlines.get(code="transfer_family_told_due")
        assert (told.status, told.met_on) == (Deadline.Status.MET, D(2026, 3, 20))
        with pytest.raises(ValidationError):
            life.transfer_family_told(actor=south.people["caseworker"], plan=new_plan, told_on=D(2026, 3, 20))


# Reg 15(3): the plan and its history move ---------------------------------------------------------------------


def test_history_moves_and_stays_intact(north, south):
    plan = _amended(north, _plan(north))
    old_versions = list(plan.versions.filter(status=PlanVersion.Status.ISSUED).order_by("number"))
    assert [v.kind for v in old_versions] == ["draft", "final", "proposed", "amended"]
    in_force = plan.current_version.content
    transfer = _notify(north, plan, south, learned_on=D(2026, 3, 2), moves_on=D(2026, 3, 9))
    new_plan = _complete(north, transfer, D(2026, 3, 9))

    with rls.tenant_scope([south.partnership.pk]):
        copy = Plan.objects.select_related("child", "current_version").get(pk=new_plan.pk)
        versions = list(copy.versions.order_by("number"))
        assert [(v.number, v.kind, v.status, v.issued_on, v.content) for v in versions] == [
            (v.number, v.kind, v.status, v.issued_on, v.content) for v in old_versions
        ]
        assert all(v.partnership_id == south.partnership.pk for v in versions)
        by_number = {v.number: v for v in versions}
        assert by_number[4].based_on == by_number[3]
        assert copy.current_version == by_number[4]
        assert copy.current_version.content == in_force
        assert copy.status == Plan.Status.FINAL
        assert copy.transferred_from_id == plan.pk
        assert copy.final_issued_on == MADE
        assert copy.request_id is None
        child = copy.child
        assert (child.partnership_id, child.first_name, child.date_of_birth) == (
            south.partnership.pk,
            plan.child.first_name,
            plan.child.date_of_birth,
        )
        assert child.home_local_authority in south.partnership.local_authorities.all()
        assert list(ParentalResponsibility.objects.filter(child=child).values_list("user", flat=True)) == [
            north.people["parent"].pk
        ]
        links = set(CaseParticipant.objects.filter(child=child).values_list("user", "role"))
        assert links == {(north.people["parent"].pk, "parent_carer")}  # the old area's professionals stay

    plan.refresh_from_db()
    transfer.refresh_from_db()
    assert plan.status == Plan.Status.TRANSFERRED
    assert (transfer.status, transfer.transferred_on, transfer.new_plan_id) == (
        PlanTransfer.Status.TRANSFERRED,
        D(2026, 3, 9),
        new_plan.pk,
    )
    # The old plan's issued versions are untouched.
    assert [v.content for v in plan.versions.filter(status="issued").order_by("number")] == [
        v.content for v in old_versions
    ]


def test_the_copy_is_audited_with_both_partnerships(north, south):
    import pghistory.models

    plan = _plan(north)
    transfer = _notify(north, plan, south, learned_on=D(2026, 3, 2), moves_on=D(2026, 3, 2))
    new_plan = _complete(north, transfer, D(2026, 3, 2))
    context = pghistory.models.Context.objects.filter(metadata__action="transfer_complete").get()
    assert context.metadata["user"] == north.people["caseworker"].pk
    assert context.metadata["from_partnership"] == north.partnership.pk
    assert context.metadata["to_partnership"] == south.partnership.pk
    events = pghistory.models.Events.objects.filter(pgh_context_id=context.pk)
    models = {e.pgh_model for e in events}
    assert {"ehcp.PlanEvent", "ehcp.PlanVersionEvent", "partnerships.ChildEvent"} <= models
    assert new_plan.pk


def test_old_plan_is_read_only_and_keeps_its_transfer_record(north, south):
    plan = _plan(north)
    transfer = _notify(north, plan, south, learned_on=D(2026, 3, 2), moves_on=D(2026, 3, 2))
    _complete(north, transfer, D(2026, 3, 2))
    plan = Plan.objects.get(pk=plan.pk)
    with pytest.raises(PermissionDenied):
        services_plans.amendment_start(actor=north.people["caseworker"], plan=plan)
    with pytest.raises(PermissionDenied), _on(D(2026, 3, 3)):
        life.cease_propose(
            actor=north.people["manager"], plan=plan, ground="no_longer_necessary", reasons="x"
        )
    with pytest.raises(ValidationError), _on(D(2026, 3, 3)):
        life.transfer_complete(actor=north.people["caseworker"], transfer=transfer)
    with rls.tenant_scope([north.partnership.pk]):
        assert PlanTransfer.objects.filter(plan=plan, status="transferred").exists()


# Row-level security and both sides' lists ---------------------------------------------------------------------


def test_the_old_la_cannot_read_the_copy_and_the_new_la_sees_where_it_came_from(north, south):
    plan = _plan(north)
    transfer = _notify(north, plan, south, learned_on=D(2026, 3, 2), moves_on=D(2026, 3, 2))
    new_plan = _complete(north, transfer, D(2026, 3, 2))
    with rls.tenant_scope([north.partnership.pk]):
        assert not Plan.objects.filter(pk=new_plan.pk).exists()
        assert not PlanVersion.objects.filter(plan_id=new_plan.pk).exists()
        assert not Child.objects.filter(partnership=south.partnership).exists()
        assert not Deadline.objects.filter(plan_id=new_plan.pk).exists()
        # The old LA keeps its own deadline, met on the day of the transfer.
        kept = Deadline.objects.get(plan_id=plan.pk, code="transfer_plan_due")
        assert (kept.status, kept.met_on) == (Deadline.Status.MET, D(2026, 3, 2))
    with rls.tenant_scope([south.partnership.pk]):
        assert Plan.objects.filter(pk=new_plan.pk).exists()
        assert not Plan.objects.filter(pk=plan.pk).exists()  # the old plan stays the old LA's
        # Admitted reader: the new LA reads the move addressed to it, and so where the plan came from.
        came_from = PlanTransfer.objects.select_related("partnership").get(new_plan_id=new_plan.pk)
        assert came_from.partnership == north.partnership
        assert Deadline.objects.filter(plan_id=new_plan.pk, status="pending").count() == 2


def test_the_new_la_cannot_write_the_move(north, south):
    from django.db import connection

    plan = _plan(north)
    transfer = _notify(north, plan, south, learned_on=D(2026, 3, 2), moves_on=D(2026, 4, 2))
    with rls.tenant_scope([south.partnership.pk]):
        assert PlanTransfer.objects.filter(pk=transfer.pk).exists()
        assert PlanTransfer.objects.filter(pk=transfer.pk).update(status="transferred") == 0
        assert PlanTransfer.objects.filter(pk=transfer.pk).delete()[0] == 0
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM ehcp_plantransfer WHERE id = %s", [transfer.pk])
            assert cursor.fetchone()[0] == 1
    with rls.tenant_scope([north.partnership.pk + south.partnership.pk + 1000]):
        assert not PlanTransfer.objects.filter(pk=transfer.pk).exists()


def test_only_the_old_la_completes(north, south):
    plan = _plan(north)
    transfer = _notify(north, plan, south, learned_on=D(2026, 3, 2), moves_on=D(2026, 3, 2))
    for actor in (south.people["manager"], north.people["parent"], north.people["senco"]):
        with pytest.raises(PermissionDenied), _on(D(2026, 3, 2)):
            life.transfer_complete(actor=actor, transfer=transfer)
    assert Plan.objects.filter(transferred_from=plan).count() == 0
