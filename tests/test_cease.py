"""Ceasing to maintain a plan (CFA s.45; regs 29 to 31), through the services: only on the two grounds, the
age rules, consultation before the decision, the decision letter with the family's rights and the appeal
date, the plan kept in force while the appeal period runs and while an appeal is pending, and the plan
ceasing only through the services (its open deadlines then no longer needed)."""

import datetime
import io

import pypdf
import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from ehcp import services_lifecycle as life
from ehcp.models import Deadline, Plan, PlanCessation, PlanReview
from partnerships.models import Child

from . import ehcp_journey as journey

pytestmark = pytest.mark.django_db

MADE = datetime.date(2026, 1, 5)
PROPOSED = datetime.date(2026, 6, 1)
DECIDED = datetime.date(2026, 6, 22)
NECESSARY = PlanCessation.Ground.NO_LONGER_NECESSARY
RESPONSIBLE = PlanCessation.Ground.NO_LONGER_RESPONSIBLE


def _on(day: datetime.date):
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, 10, 0), tick=False)


def _plan(area, *, born: datetime.date | None = None) -> Plan:
    with _on(MADE):
        plan = journey.at_stage(area, "final").plan
    if born is not None:
        Child.objects.filter(pk=plan.child_id).update(date_of_birth=born)
    return Plan.objects.select_related("child", "named_setting", "partnership").get(pk=plan.pk)


def _propose(area, plan, **kwargs) -> PlanCessation:
    kwargs.setdefault("ground", NECESSARY)
    kwargs.setdefault("reasons", "The outcomes in section E have been met; SEN support is enough now.")
    with _on(PROPOSED):
        return life.cease_propose(actor=area.people["caseworker"], plan=plan, **kwargs)


def _consult(area, cessation, *, setting: bool = True) -> PlanCessation:
    with _on(PROPOSED + datetime.timedelta(days=14)):
        return life.cease_consultation_record(
            actor=area.people["caseworker"],
            cessation=cessation,
            family_consulted_on=PROPOSED + datetime.timedelta(days=2),
            family_views="We would like the plan to continue until the end of Year 6.",
            setting_consulted_on=PROPOSED + datetime.timedelta(days=3) if setting else None,
            setting_views="Needs are met at SEN support." if setting else "",
        )


def _decided(area, plan=None) -> PlanCessation:
    plan = plan or _plan(area)
    cessation = _consult(area, _propose(area, plan))
    with _on(DECIDED):
        return life.cease_decide(actor=area.people["manager"], cessation=cessation, decision_on=DECIDED)


def _messages(exc) -> dict:
    return exc.value.message_dict


# The two grounds (s.45) ----------------------------------------------------------------------------------


@pytest.mark.parametrize("ground", ["", "behaviour", "parent_request", "cost", "no_longer_responsible_x"])
def test_cease_only_on_the_two_grounds_of_section_45(north, ground):
    plan = _plan(north)
    with pytest.raises(ValidationError) as exc:
        _propose(north, plan, ground=ground)
    assert "section 45 of the Children and Families Act 2014" in _messages(exc)["ground"][0]
    assert not PlanCessation.objects.exists()


def test_no_longer_necessary_is_a_ground(north):
    cessation = _propose(north, _plan(north))
    assert cessation.status == PlanCessation.Status.CONSULTING
    assert cessation.ground == NECESSARY
    assert cessation.proposed_on == PROPOSED


def test_no_longer_responsible_needs_a_circumstance(north):
    with pytest.raises(ValidationError) as exc:
        _propose(north, _plan(north), ground=RESPONSIBLE, circumstance="")
    assert "regulation 15" in _messages(exc)["circumstance"][0]


@pytest.mark.parametrize("circumstance", ["paid_employment", "higher_education", "left_education"])
def test_under_18_no_longer_responsible_only_when_moved_out_of_england(north, circumstance):
    plan = _plan(north, born=datetime.date(2010, 3, 1))  # 16 when proposed
    with pytest.raises(ValidationError) as exc:
        _propose(north, plan, ground=RESPONSIBLE, circumstance=circumstance)
    assert "regulation 29" in _messages(exc)["circumstance"][0]
    moved = _propose(north, plan, ground=RESPONSIBLE, circumstance="moved_outside_england")
    assert moved.circumstance == "moved_outside_england"


def test_18_plus_left_education_needs_a_review_establishing_they_will_not_return(north):
    plan = _plan(north, born=datetime.date(2007, 3, 1))  # 19 when proposed
    with pytest.raises(ValidationError) as exc:
        _propose(north, plan, ground=RESPONSIBLE, circumstance="left_education")
    assert "regulation 30" in _messages(exc)["review"][0]
    review = PlanReview.objects.create(
        partnership_id=plan.partnership_id, plan=plan, due_by=PROPOSED, held_on=datetime.date(2026, 5, 20)
    )
    with pytest.raises(ValidationError):
        _propose(north, plan, ground=RESPONSIBLE, circumstance="left_education", review=review)
    cessation = _propose(
        north,
        plan,
        ground=RESPONSIBLE,
        circumstance="left_education",
        review=review,
        established_not_returning=True,
    )
    assert cessation.review == review


def test_upper_age_limit_only_in_the_academic_year_they_turn_25(north):
    young = _plan(north, born=datetime.date(2003, 3, 1))  # 23 in June 2026
    with pytest.raises(ValidationError) as exc:
        _propose(north, young, ground=RESPONSIBLE, circumstance="upper_age_limit")
    assert "turns 25" in _messages(exc)["circumstance"][0]
    Child.objects.filter(pk=young.child_id).update(date_of_birth=datetime.date(2001, 8, 1))  # 25 in Aug 2026
    young.refresh_from_db()
    young.child.refresh_from_db()
    assert _propose(north, young, ground=RESPONSIBLE, circumstance="upper_age_limit").pk


def test_one_proposal_at_a_time_and_reasons_required(north):
    plan = _plan(north)
    with pytest.raises(ValidationError) as exc:
        _propose(north, plan, reasons="  ")
    assert "reasons" in _messages(exc)
    _propose(north, plan)
    with pytest.raises(ValidationError) as exc:
        _propose(north, plan)
    assert "already proposed" in _messages(exc)["plan"][0]


@pytest.mark.parametrize("persona", ["parent", "senco", "headteacher", "health", "regional", "national"])
def test_only_the_la_proposes(north, persona):
    plan = _plan(north)
    with pytest.raises(PermissionDenied), _on(PROPOSED):
        life.cease_propose(actor=north.people[persona], plan=plan, ground=NECESSARY, reasons="x")


def test_other_tenant_cannot_propose(north, south):
    plan = _plan(north)
    with pytest.raises(PermissionDenied), _on(PROPOSED):
        life.cease_propose(actor=south.people["manager"], plan=plan, ground=NECESSARY, reasons="x")


# Consultation (reg 31) -----------------------------------------------------------------------------------


def test_decision_needs_the_family_and_the_setting_consulted(north):
    plan = _plan(north)
    cessation = _propose(north, plan)
    with pytest.raises(ValidationError) as exc, _on(DECIDED):
        life.cease_decide(actor=north.people["manager"], cessation=cessation)
    errors = _messages(exc)
    assert "Consult the parent" in errors["family_consulted_on"][0]
    assert plan.named_setting.name in errors["setting_consulted_on"][0]
    _consult(north, cessation, setting=False)
    with pytest.raises(ValidationError) as exc, _on(DECIDED):
        life.cease_decide(actor=north.people["manager"], cessation=cessation)
    assert list(_messages(exc)) == ["setting_consulted_on"]


def test_a_young_person_is_consulted_themself(north):
    plan = _plan(north, born=datetime.date(2009, 1, 1))  # 17
    cessation = _propose(north, plan)
    with pytest.raises(ValidationError) as exc, _on(DECIDED):
        life.cease_decide(actor=north.people["manager"], cessation=cessation)
    assert "Consult the young person" in _messages(exc)["family_consulted_on"][0]
    with pytest.raises(ValidationError) as exc, _on(DECIDED):
        life.cease_consultation_record(
            actor=north.people["caseworker"], cessation=cessation, family_consulted_on=None
        )
    assert "the young person was consulted" in _messages(exc)["family_consulted_on"][0]


def test_consultation_dates_not_before_the_proposal_nor_in_the_future(north):
    cessation = _propose(north, _plan(north))
    with pytest.raises(ValidationError) as exc, _on(PROPOSED):
        life.cease_consultation_record(
            actor=north.people["caseworker"],
            cessation=cessation,
            family_consulted_on=PROPOSED - datetime.timedelta(days=1),
            setting_consulted_on=PROPOSED + datetime.timedelta(days=1),
        )
    errors = _messages(exc)
    assert "on or after 1 June 2026" in errors["family_consulted_on"][0]
    assert "today or in the past" in errors["setting_consulted_on"][0]


# The decision and its letter -------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["caseworker", "parent", "senco"])
def test_only_the_send_manager_decides(north, persona):
    cessation = _consult(north, _propose(north, _plan(north)))
    with pytest.raises(PermissionDenied), _on(DECIDED):
        life.cease_decide(actor=north.people[persona], cessation=cessation)


def test_letter_contains_the_rights_and_the_appeal_date(north):
    cessation = _decided(north)
    assert cessation.status == PlanCessation.Status.DECIDED
    html = cessation.letter_html
    # 2 calendar months from the letter of 22 June 2026: Saturday 22 August 2026 (CFA s.51; reg 33); the
    # appeal date falls in August, so it moves to the first working day of September (docs/adr/0015).
    assert "Appeal to the Tribunal by Tuesday 1 September 2026" in html
    assert "Contact the mediation adviser by Saturday 22 August 2026" in html
    for right in ("mediation", "Disagreement resolution", "information, advice and support", "Ombudsman"):
        assert right in html
    assert "section 45 of the Children and Families Act 2014" in html
    assert "The plan stays in force until Wednesday 2 September 2026" in html
    assert "we will keep maintaining the plan" in html
    assert "Riley Taylor" in html and "Dear parent or carer" in html
    assert cessation.ceases_on == datetime.date(2026, 9, 2)


def test_the_cease_date_cannot_be_inside_the_appeal_period(north):
    cessation = _consult(north, _propose(north, _plan(north)))
    with pytest.raises(ValidationError) as exc, _on(DECIDED):
        life.cease_decide(
            actor=north.people["manager"], cessation=cessation, ceases_on=datetime.date(2026, 9, 1)
        )
    assert "2 September 2026 or later" in _messages(exc)["ceases_on"][0]
    with _on(DECIDED):
        later = life.cease_decide(
            actor=north.people["manager"], cessation=cessation, ceases_on=datetime.date(2026, 9, 9)
        )
    assert later.ceases_on == datetime.date(2026, 9, 9)


def test_letter_to_a_young_person(north):
    plan = _plan(north, born=datetime.date(2008, 1, 1))
    html = _decided(north, plan).letter_html
    assert "Dear Riley Taylor" in html


def test_letter_pdf_is_tagged(north):
    from ehcp import letters

    pdf = letters.cease_letter_pdf(_decided(north))
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"] == pypdf.generic.BooleanObject(True)
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "22 August 2026" in text


# In force until it ceases --------------------------------------------------------------------------------


def test_plan_stays_in_force_after_the_decision_and_ceases_on_the_day(north):
    cessation = _decided(north)
    plan = Plan.objects.get(pk=cessation.plan_id)
    assert plan.status == Plan.Status.FINAL
    # The appeal period runs to Tuesday 1 September 2026 (moved out of August): it ceases the day after.
    assert life.cessations_take_effect(on=datetime.date(2026, 9, 1)) == []
    assert Plan.objects.get(pk=plan.pk).status == Plan.Status.FINAL
    assert life.cessations_take_effect(on=datetime.date(2026, 9, 2)) == [plan.pk]
    plan.refresh_from_db()
    assert plan.status == Plan.Status.CEASED
    assert plan.ceased_on == datetime.date(2026, 9, 2)
    assert not plan.deadlines.filter(status=Deadline.Status.PENDING).exists()
    assert plan.deadlines.filter(code="annual_review_due", status=Deadline.Status.NOT_NEEDED).exists()
    assert plan.next_due_on is None


def test_plan_kept_in_force_while_an_appeal_is_pending(north):
    cessation = _decided(north)
    with _on(datetime.date(2026, 8, 10)):
        cessation = life.cease_appeal_lodged(
            actor=north.people["caseworker"], cessation=cessation, lodged_on=datetime.date(2026, 8, 10)
        )
    assert cessation.status == PlanCessation.Status.APPEALED
    assert cessation.get_status_display() == "Appeal pending: the plan stays in force"
    assert life.cessations_take_effect(on=datetime.date(2027, 1, 1)) == []
    plan = Plan.objects.get(pk=cessation.plan_id)
    assert plan.status == Plan.Status.FINAL
    assert plan.deadlines.filter(code="annual_review_due", status=Deadline.Status.PENDING).exists()


def test_appeal_dismissed_ceases_the_plan_at_once(north):
    cessation = _decided(north)
    with _on(datetime.date(2026, 8, 10)):
        life.cease_appeal_lodged(
            actor=north.people["caseworker"], cessation=cessation, lodged_on=datetime.date(2026, 8, 10)
        )
    with _on(datetime.date(2026, 12, 1)):
        cessation = life.cease_appeal_outcome(
            actor=north.people["caseworker"],
            cessation=cessation,
            outcome="dismissed",
            decided_on=datetime.date(2026, 11, 30),
        )
    plan = Plan.objects.get(pk=cessation.plan_id)
    assert cessation.status == PlanCessation.Status.CEASED
    assert (plan.status, plan.ceased_on) == (Plan.Status.CEASED, datetime.date(2026, 11, 30))


def test_appeal_allowed_the_plan_continues(north):
    cessation = _decided(north)
    with _on(datetime.date(2026, 8, 10)):
        life.cease_appeal_lodged(
            actor=north.people["caseworker"], cessation=cessation, lodged_on=datetime.date(2026, 8, 10)
        )
    with _on(datetime.date(2026, 12, 1)):
        cessation = life.cease_appeal_outcome(
            actor=north.people["caseworker"],
            cessation=cessation,
            outcome="allowed",
            decided_on=datetime.date(2026, 11, 30),
        )
    assert cessation.status == PlanCessation.Status.WITHDRAWN
    assert Plan.objects.get(pk=cessation.plan_id).status == Plan.Status.FINAL
    assert life.cessations_take_effect(on=datetime.date(2027, 1, 1)) == []
    with _on(datetime.date(2026, 12, 2)):  # the plan can be proposed for ceasing afresh later
        assert life.open_cessation(cessation.plan) is None


def test_appeal_steps_in_order(north):
    cessation = _consult(north, _propose(north, _plan(north)))
    with pytest.raises(ValidationError) as exc, _on(DECIDED):
        life.cease_appeal_lodged(actor=north.people["caseworker"], cessation=cessation, lodged_on=DECIDED)
    assert "cessation" in _messages(exc)
    decided = _decided(north)
    with pytest.raises(ValidationError) as exc, _on(DECIDED):
        life.cease_appeal_outcome(
            actor=north.people["caseworker"], cessation=decided, outcome="dismissed", decided_on=DECIDED
        )
    assert "no appeal pending" in _messages(exc)["cessation"][0]


def test_withdrawn_proposal_leaves_the_plan_in_force(north):
    cessation = _propose(north, _plan(north))
    with _on(PROPOSED):
        life.cease_withdraw(actor=north.people["caseworker"], cessation=cessation)
    cessation.refresh_from_db()
    assert cessation.status == PlanCessation.Status.WITHDRAWN
    assert life.cessations_take_effect(on=datetime.date(2030, 1, 1)) == []
    assert Plan.objects.get(pk=cessation.plan_id).status == Plan.Status.FINAL


def test_a_ceased_plan_cannot_be_ceased_or_edited_again(north):
    cessation = _decided(north)
    life.cessations_take_effect(on=datetime.date(2026, 9, 2))
    plan = Plan.objects.get(pk=cessation.plan_id)
    with pytest.raises(PermissionDenied), _on(datetime.date(2026, 9, 1)):
        life.cease_propose(actor=north.people["caseworker"], plan=plan, ground=NECESSARY, reasons="Again")
