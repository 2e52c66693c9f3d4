"""Pages and API twins for ceasing a plan and moving to another local authority: who may see and do what
(LA caseworker and SEND manager, family, setting, other tenant 404, DfE 403), bad input as field errors
(an error summary on the pages, a 400 in the API, never a 500), the decision letter as HTML and PDF, the
move's lists for both local authorities, and reads of the child's record logged."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from ehcp import services_lifecycle as life
from ehcp.models import Plan, PlanCessation, PlanTransfer
from partnerships.models import ChildAccessLog

from . import ehcp_journey as journey
from .conftest import PERSONA_ROLES

pytestmark = pytest.mark.django_db

MADE = datetime.date(2026, 1, 5)
TODAY = datetime.date(2026, 6, 1)

# Who may read a north plan's life page: the LA, the family, the named setting and linked professionals.
READ = {
    "caseworker": 200,
    "manager": 200,
    "parent": 200,
    "senco": 200,
    "headteacher": 200,
    "health": 200,
    "social_care": 200,
    "mediator": 200,
    "young_person": 404,
    "ap_provider": 404,
    "support": 404,
    "regional": 403,
    "national": 403,
}
ACT = {**dict.fromkeys(READ, 403), "caseworker": 200, "manager": 200, "young_person": 404, "ap_provider": 404}
ACT.update({"support": 404, "regional": 403, "national": 403})


def _on(day: datetime.date):
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, 10, 0), tick=False)


@pytest.fixture
def plan(north):
    with _on(MADE):
        made = journey.at_stage(north, "final").plan
    return Plan.objects.select_related("child").get(pk=made.pk)


def _date(name: str, day: datetime.date) -> dict:
    return {f"{name}_day": str(day.day), f"{name}_month": str(day.month), f"{name}_year": str(day.year)}


def _errors(response) -> list[str]:
    body = response.content.decode()
    summary = re.search(r'<div class="govuk-error-summary".*?</ul>', body, re.S)
    return re.findall(r"<a href=\"[^\"]*\">([^<]*)</a>", summary.group(0)) if summary else []


def _propose(north, plan) -> PlanCessation:
    with _on(TODAY):
        return life.cease_propose(
            actor=north.people["caseworker"], plan=plan, ground="no_longer_necessary", reasons="Outcomes met."
        )


def _decided(north, plan) -> PlanCessation:
    cessation = _propose(north, plan)
    with _on(TODAY):
        life.cease_consultation_record(
            actor=north.people["caseworker"],
            cessation=cessation,
            family_consulted_on=TODAY,
            setting_consulted_on=TODAY,
        )
        return life.cease_decide(actor=north.people["manager"], cessation=cessation)


# Access matrix --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", list(PERSONA_ROLES))
def test_life_page_and_api_access(north, south, plan, signed_in, persona):
    client = signed_in(north.people[persona])
    with _on(TODAY):
        page = client.get(reverse("plan-life", args=[plan.pk]))
        api = client.get(f"/api/v1/plans/{plan.pk}/life/")
    assert page.status_code == READ[persona]
    assert api.status_code == READ[persona]
    if READ[persona] == 200:
        assert ChildAccessLog.objects.filter(user=north.people[persona], child=plan.child).count() == 2


@pytest.mark.parametrize("persona", list(PERSONA_ROLES))
def test_propose_page_and_api_access(north, plan, signed_in, persona):
    client = signed_in(north.people[persona])
    with _on(TODAY):
        page = client.get(reverse("plan-cease-propose", args=[plan.pk]))
        api = client.post(
            f"/api/v1/plans/{plan.pk}/cessations/",
            {"ground": "no_longer_necessary", "reasons": "Outcomes met."},
            content_type="application/json",
        )
    assert page.status_code == ACT[persona]
    assert api.status_code == ACT[persona]
    assert PlanCessation.objects.exists() == (ACT[persona] == 200)


def test_other_tenant_gets_404_everywhere(north, south, plan, signed_in):
    cessation = _decided(north, plan)
    client = signed_in(south.people["manager"])
    with _on(TODAY):
        for name, args in [
            ("plan-life", [plan.pk]),
            ("plan-cease-propose", [plan.pk]),
            ("plan-cease-decide", [plan.pk, cessation.pk]),
            ("plan-cease-letter", [plan.pk, cessation.pk]),
            ("plan-cease-letter-pdf", [plan.pk, cessation.pk]),
            ("plan-move", [plan.pk]),
        ]:
            assert client.get(reverse(name, args=args)).status_code == 404, name
        assert client.get(f"/api/v1/plans/{plan.pk}/cessations/{cessation.pk}/letter/pdf/").status_code == 404
        assert client.post(f"/api/v1/plans/{plan.pk}/transfers/", {}).status_code == 404


def test_only_the_send_manager_decides_page_and_api(north, plan, signed_in):
    cessation = _propose(north, plan)
    caseworker = signed_in(north.people["caseworker"])
    with _on(TODAY):
        assert caseworker.get(reverse("plan-cease-decide", args=[plan.pk, cessation.pk])).status_code == 403
        response = caseworker.post(f"/api/v1/plans/{plan.pk}/cessations/{cessation.pk}/decision/", {})
    assert response.status_code == 403


@pytest.mark.parametrize("persona", ["parent", "senco", "regional"])
def test_lists_are_for_la_staff(north, signed_in, persona):
    client = signed_in(north.people[persona])
    for url in (reverse("plans-moving-out"), reverse("plans-moving-in"), "/api/v1/plans/moving-out/"):
        assert client.get(url).status_code == 403


# Ceasing through the API --------------------------------------------------------------------------------


def test_api_refuses_any_other_ground_naming_the_law(north, plan, signed_in):
    client = signed_in(north.people["caseworker"])
    with _on(TODAY):
        response = client.post(
            f"/api/v1/plans/{plan.pk}/cessations/",
            {"ground": "behaviour", "reasons": "x"},
            content_type="application/json",
        )
    assert response.status_code == 400
    assert "section 45 of the Children and Families Act 2014" in response.json()["ground"][0]


def test_api_cease_journey_and_letter(north, plan, signed_in):
    caseworker = signed_in(north.people["caseworker"])
    manager = signed_in(north.people["manager"])
    with _on(TODAY):
        proposed = caseworker.post(
            f"/api/v1/plans/{plan.pk}/cessations/",
            {"ground": "no_longer_necessary", "reasons": "Outcomes met."},
            content_type="application/json",
        )
        assert proposed.status_code == 200, proposed.content
        cid = proposed.json()["cessations"][0]["id"]
        early = manager.post(f"/api/v1/plans/{plan.pk}/cessations/{cid}/decision/", {})
        assert early.status_code == 400
        assert set(early.json()) == {"family_consulted_on", "setting_consulted_on"}
        bad = caseworker.post(
            f"/api/v1/plans/{plan.pk}/cessations/{cid}/consultation/",
            {"family_consulted_on": "yesterday"},
            content_type="application/json",
        )
        assert bad.status_code == 400 and "family_consulted_on" in bad.json()
        consulted = caseworker.post(
            f"/api/v1/plans/{plan.pk}/cessations/{cid}/consultation/",
            {"family_consulted_on": "2026-06-01", "setting_consulted_on": "2026-06-01", "family_views": "No"},
            content_type="application/json",
        )
        assert consulted.status_code == 200, consulted.content
        decided = manager.post(f"/api/v1/plans/{plan.pk}/cessations/{cid}/decision/", {})
        assert decided.status_code == 200, decided.content
        item = decided.json()["cessations"][0]
        assert (item["status"], item["ceases_on"]) == ("decided", "2026-09-02")
        assert decided.json()["status"] == "final"
        appealed = caseworker.post(
            f"/api/v1/plans/{plan.pk}/cessations/{cid}/appeal/",
            {"lodged_on": "2026-06-01"},
            content_type="application/json",
        )
        assert appealed.json()["cessations"][0]["status"] == "appealed"
        assert appealed.json()["status"] == "final"
        outcome = caseworker.post(
            f"/api/v1/plans/{plan.pk}/cessations/{cid}/appeal-outcome/",
            {"outcome": "maybe", "decided_on": "2026-06-01"},
            content_type="application/json",
        )
        assert outcome.status_code == 400 and "outcome" in outcome.json()
        dismissed = caseworker.post(
            f"/api/v1/plans/{plan.pk}/cessations/{cid}/appeal-outcome/",
            {"outcome": "dismissed", "decided_on": "2026-06-01"},
            content_type="application/json",
        )
        assert dismissed.json()["status"] == "ceased"
        assert dismissed.json()["ceased_on"] == "2026-06-01"
    parent = signed_in(north.people["parent"])
    pdf = parent.get(f"/api/v1/plans/{plan.pk}/cessations/{cid}/letter/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    html = parent.get(reverse("plan-cease-letter", args=[plan.pk, cid]))
    assert html.status_code == 200
    assert "Appeal to the Tribunal by Tuesday 1 September 2026" in html.content.decode()
    assert "default-src 'none'" in html["Content-Security-Policy"]


# Ceasing through the pages ------------------------------------------------------------------------------


def test_propose_page_shows_errors_and_keeps_input(north, plan, signed_in):
    client = signed_in(north.people["caseworker"])
    url = reverse("plan-cease-propose", args=[plan.pk])
    with _on(TODAY):
        response = client.post(url, {"reasons": "Outcomes met in full.", **_date("proposed_on", TODAY)})
        assert response.status_code == 200
        assert "Choose the ground for ceasing the plan" in _errors(response)
        assert "Outcomes met in full." in response.content.decode()
        response = client.post(
            url,
            {"ground": "no_longer_responsible", "circumstance": "paid_employment", "reasons": "Working now."}
            | _date("proposed_on", TODAY),
        )
        assert any("regulation 29" in e for e in _errors(response))
        response = client.post(
            url, {"ground": "no_longer_necessary", "reasons": "Outcomes met."} | _date("proposed_on", TODAY)
        )
    assert response.status_code == 302
    assert PlanCessation.objects.get().ground == "no_longer_necessary"


def test_pages_through_decision_and_appeal(north, plan, signed_in):
    cessation = _propose(north, plan)
    caseworker = signed_in(north.people["caseworker"])
    manager = signed_in(north.people["manager"])
    with _on(TODAY):
        decide_url = reverse("plan-cease-decide", args=[plan.pk, cessation.pk])
        response = manager.post(decide_url, _date("decision_on", TODAY))
        assert any("Consult the parent" in e for e in _errors(response))
        response = caseworker.post(
            reverse("plan-cease-consult", args=[plan.pk, cessation.pk]),
            _date("family_consulted_on", TODAY)
            | _date("setting_consulted_on", TODAY)
            | {"family_views": "Sad"},
        )
        assert response.status_code == 302
        response = manager.post(decide_url, _date("decision_on", TODAY))
        assert response.status_code == 302
        life_page = manager.get(reverse("plan-life", args=[plan.pk])).content.decode()
        assert "decision letter" in life_page and "Wednesday 2 September 2026" in life_page
        response = caseworker.post(
            reverse("plan-cease-appeal", args=[plan.pk, cessation.pk]), _date("lodged_on", TODAY)
        )
        assert response.status_code == 302
        life_page = caseworker.get(reverse("plan-life", args=[plan.pk])).content.decode()
        assert "the plan is kept in force" in life_page
        # A step the state no longer allows is explained, and a POST to it is a conflict.
        again = manager.post(decide_url, _date("decision_on", TODAY))
        assert again.status_code == 409
        assert "already been made" in again.content.decode()


# Moving through the pages and the API -------------------------------------------------------------------


def test_move_pages_and_both_las_lists(north, south, plan, signed_in):
    old = signed_in(north.people["caseworker"])
    new = signed_in(south.people["caseworker"])
    with _on(TODAY):
        response = old.post(reverse("plan-move", args=[plan.pk]), _date("moves_on", TODAY))
        assert "Choose the local authority the family is moving to" in _errors(response)
        response = old.post(
            reverse("plan-move", args=[plan.pk]),
            {"to_partnership": south.partnership.pk, "new_address_postcode": "ls1 4ap"}
            | _date("moves_on", datetime.date(2026, 6, 5))
            | _date("learned_on", TODAY),
        )
        assert response.status_code == 302
        transfer = PlanTransfer.objects.get()
        assert transfer.transfer_due_on == datetime.date(2026, 6, 22)  # 15 working days, later than the move
        out = old.get(reverse("plans-moving-out")).content.decode()
        assert "Riley Taylor" in out and "Monday 22 June 2026" in out
        incoming = new.get(reverse("plans-moving-in")).content.decode()
        assert "Northby SEND Partnership" in incoming and "LS1 4AP" in incoming
        assert "Riley Taylor" not in incoming  # the child's record is the old LA's until the transfer
        api_in = new.get("/api/v1/plans/moving-in/").json()
        assert api_in["expected"][0]["transfer_due_on"] == "2026-06-22"
        assert new.post(reverse("plan-move-complete", args=[plan.pk, transfer.pk])).status_code == 404
        response = old.post(
            reverse("plan-move-complete", args=[plan.pk, transfer.pk]), _date("transferred_on", TODAY)
        )
        assert response.status_code == 302
    transfer.refresh_from_db()
    new_plan_id = transfer.new_plan_id
    with _on(TODAY):
        assert old.get(reverse("plan-life", args=[new_plan_id])).status_code == 404
        assert old.get(f"/api/v1/plans/{new_plan_id}/life/").status_code == 404
        old_life = old.get(reverse("plan-life", args=[plan.pk])).content.decode()
        assert "Transferred" in old_life and "read-only" in old_life
        assert "Propose to cease the plan" not in old_life
        incoming = new.get(reverse("plans-moving-in")).content.decode()
        assert "Riley Taylor" in incoming and "Northby SEND Partnership, transferred 1 June 2026" in incoming
        new_life = new.get(reverse("plan-life", args=[new_plan_id])).content.decode()
        assert "This plan was transferred from Northby SEND Partnership on 1 June 2026" in new_life
        api = new.get(f"/api/v1/plans/{new_plan_id}/life/").json()
        assert api["came_from"]["from_partnership"] == "Northby SEND Partnership"
        codes = {d["code"]: d["due_on"] for d in api["deadlines"]}
        assert codes == {"transfer_family_told_due": "2026-07-13", "annual_review_due": "2027-01-05"}
        told = new.post(reverse("plan-family-told", args=[new_plan_id]), _date("told_on", TODAY))
        assert told.status_code == 302
        out = old.get("/api/v1/plans/moving-out/").json()
        assert out[0]["status"] == "transferred" and out[0]["deadlines"][0]["status"] == "met"
        # The family, linked in both areas, sees the plan the new LA now maintains.
        parent = signed_in(north.people["parent"])
        assert parent.get(reverse("plan-life", args=[new_plan_id])).status_code == 200


def test_api_transfer(north, south, plan, signed_in):
    old = signed_in(north.people["manager"])
    with _on(TODAY):
        bad = old.post(
            f"/api/v1/plans/{plan.pk}/transfers/",
            {"to_partnership": north.partnership.pk, "moves_on": "2026-06-30"},
            content_type="application/json",
        )
        assert bad.status_code == 400 and "to_partnership" in bad.json()
        made = old.post(
            f"/api/v1/plans/{plan.pk}/transfers/",
            {"to_partnership": south.partnership.pk, "moves_on": "2026-07-30"},
            content_type="application/json",
        )
        assert made.status_code == 200, made.content
        transfer = made.json()["transfers"][0]
        assert transfer["transfer_due_on"] == "2026-07-30"
        done = old.post(f"/api/v1/plans/{plan.pk}/transfers/{transfer['id']}/complete/", {})
        assert done.status_code == 200, done.content
        assert done.json()["old_plan"]["status"] == "transferred"
        assert old.get(f"/api/v1/plans/{done.json()['new_plan_id']}/life/").status_code == 404
        again = old.post(f"/api/v1/plans/{plan.pk}/transfers/{transfer['id']}/complete/", {})
        assert again.status_code == 403  # the plan is no longer the old LA's to act on


def test_withdraw_page_and_api(north, plan, signed_in):
    client = signed_in(north.people["caseworker"])
    first = _propose(north, plan)
    with _on(TODAY):
        page = client.get(reverse("plan-cease-withdraw", args=[plan.pk, first.pk]))
        assert page.status_code == 200
        assert client.post(reverse("plan-cease-withdraw", args=[plan.pk, first.pk])).status_code == 302
        again = client.post(reverse("plan-cease-withdraw", args=[plan.pk, first.pk]))
        assert again.status_code == 409
    second = _propose(north, plan)
    with _on(TODAY):
        response = client.post(f"/api/v1/plans/{plan.pk}/cessations/{second.pk}/withdraw/")
        assert response.status_code == 200
        assert {c["status"] for c in response.json()["cessations"]} == {"withdrawn"}
        assert client.post(f"/api/v1/plans/{plan.pk}/cessations/{second.pk}/withdraw/").status_code == 400


def test_no_letter_before_the_decision_and_dfe_never_sees_one(north, plan, signed_in):
    cessation = _propose(north, plan)
    client = signed_in(north.people["manager"])
    assert client.get(reverse("plan-cease-letter", args=[plan.pk, cessation.pk])).status_code == 404
    assert client.get(f"/api/v1/plans/{plan.pk}/cessations/{cessation.pk}/letter/pdf/").status_code == 404
    decided = _decided(
        north, Plan.objects.create(partnership=north.partnership, child=plan.child, status="final")
    )
    for persona in ("regional", "national"):
        dfe = signed_in(north.people[persona])
        assert dfe.get(reverse("plan-cease-letter", args=[decided.plan_id, decided.pk])).status_code == 403
        url = f"/api/v1/plans/{decided.plan_id}/cessations/{decided.pk}/letter/pdf/"
        assert dfe.get(url).status_code == 403
        assert dfe.get("/api/v1/plans/moving-in/").status_code == 403


def test_cessation_steps_of_another_tenant_are_404_in_the_api(north, south, plan, signed_in):
    cessation = _propose(north, plan)
    client = signed_in(south.people["manager"])
    base = f"/api/v1/plans/{plan.pk}/cessations/{cessation.pk}/"
    with _on(TODAY):
        for step in ("consultation/", "decision/", "appeal/", "appeal-outcome/", "withdraw/"):
            assert client.post(base + step, {}).status_code == 404, step
    cessation.refresh_from_db()
    assert cessation.status == PlanCessation.Status.CONSULTING


def test_family_told_api(north, south, plan, signed_in):
    with _on(TODAY):
        transfer = life.transfer_notify(
            actor=north.people["caseworker"], plan=plan, to_partnership=south.partnership, moves_on=TODAY
        )
        new_plan = life.transfer_complete(actor=north.people["caseworker"], transfer=transfer)
    new = signed_in(south.people["caseworker"])
    with _on(TODAY):
        bad = new.post(f"/api/v1/plans/{new_plan.pk}/family-told/", {"told_on": "2030-01-01"})
        assert bad.status_code == 400 and "told_on" in bad.json()
        told = new.post(f"/api/v1/plans/{new_plan.pk}/family-told/", {"told_on": TODAY.isoformat()})
        assert told.status_code == 200
        statuses = {d["code"]: d["status"] for d in told.json()["deadlines"]}
        assert statuses == {"transfer_family_told_due": "met", "annual_review_due": "pending"}
        old = signed_in(north.people["caseworker"])
        assert (
            old.post(f"/api/v1/plans/{new_plan.pk}/family-told/", {"told_on": TODAY.isoformat()}).status_code
            == 404
        )
        # The plan made here (not transferred in) has no such duty.
        assert new.post(f"/api/v1/plans/{plan.pk}/family-told/", {}).status_code == 404
