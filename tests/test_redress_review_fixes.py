"""Defects found in review of redress (docs/adr/0015), each shown through the page or API a person uses.

Dates as in tests/test_redress.py: decision Thursday 1 October 2026, appeal due Tuesday 1 December 2026.
"""

from datetime import date

from ehcp.models import Deadline
from partnerships.models import Membership
from partnerships.roles import Role
from redress.models import Dispute

from . import redress_journey as rj
from .redress_journey import on

API = "/api/v1/redress/disputes/"


def _deadlines(case) -> dict[str, tuple[date, str]]:
    return {d.code: (d.due_on, d.status) for d in Deadline.objects.filter(dispute=case)}


# --- 1. A date before the statutory rules is a field error, not a 500 -----------------------------------


def test_a_complaint_opened_before_the_rules_is_a_field_error_on_the_api_and_the_page(north, signed_in):
    child = north.children["unlinked"]
    client = signed_in(north.people["caseworker"])
    with on(date(2026, 1, 5)):
        response = client.post(
            f"{API}new/",
            {
                "child": child.pk,
                "route": "complaint",
                "reason": "delay",
                "summary": "Slow",
                "opened_on": "2010-01-01",
            },
            content_type="application/json",
        )
        page = client.post(
            "/redress/new/",
            {
                "child": str(child.pk),
                "route": "complaint",
                "reason": "delay",
                "summary": "Slow replies",
                "opened_on_day": "1",
                "opened_on_month": "1",
                "opened_on_year": "2010",
            },
        )
    assert response.status_code == 400
    assert "No statutory rules are recorded before 1 September 2014" in response.json()["opened_on"][0]
    assert page.status_code == 200
    html = page.content.decode()
    assert "govuk-error-summary" in html and "No statutory rules are recorded before" in html
    assert "Slow replies" in html
    assert not Dispute.objects.filter(child=child).exists()


# --- 2. Text longer than the model holds is a 400, not a DataError --------------------------------------


def test_a_decision_maker_longer_than_200_characters_is_a_400(north, signed_in):
    case = rj.mediation_wanted(north, rj.dispute(north, rj.refusal(north)), day=date(2026, 10, 20))
    with on(date(2026, 11, 2)):
        response = signed_in(north.people["mediator"]).post(
            f"{API}{case.pk}/mediation/",
            {"held_on": "2026-11-02", "la_decision_maker": "x" * 201, "issues": "P", "outcome": "agreed"},
            content_type="application/json",
        )
    assert response.status_code == 400
    assert "la_decision_maker" in response.json()
    assert not case.sessions.exists()


# --- 3. A mediator with two memberships is listed once -------------------------------------------------


def test_a_mediator_with_two_memberships_can_be_assigned_on_the_page(north, signed_in):
    case = rj.dispute(north, rj.refusal(north))
    mediator = north.people["mediator"]
    Membership.objects.create(user=mediator, role=Role.MEDIATOR, partnership=north.partnership)
    client = signed_in(north.people["caseworker"])
    with on(date(2026, 10, 5)):
        form = client.get(f"/redress/{case.pk}/mediator/").content.decode()
        response = client.post(f"/redress/{case.pk}/mediator/", {"mediator": str(mediator.pk)})
    assert form.count(f'value="{mediator.pk}"') == 1
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.mediator_id == mediator.pk


# --- 4. An agreement item's error names the row it was entered on --------------------------------------


def test_an_agreement_item_error_names_the_row_it_was_entered_on(north, signed_in):
    case = rj.mediation_wanted(north, rj.dispute(north, rj.refusal(north)), day=date(2026, 10, 20))
    with on(date(2026, 11, 2)):
        response = signed_in(north.people["mediator"]).post(
            f"/redress/{case.pk}/mediation/",
            {
                "held_on_day": "2",
                "held_on_month": "11",
                "held_on_year": "2026",
                "la_decision_maker": "Sam Head",
                "issues": "Provision",
                "outcome": "agreed",
                "item_1_description": "",
                "item_2_description": "Speech therapy in section F",
                "item_2_owner": "la",
                "item_2_within_appeal_right": "on",
            },
        )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter the date agreement item 2 is due by" in html
    assert "agreement item 1 is due by" not in html
    assert "Speech therapy in section F" in html
    assert not case.sessions.exists()


# --- 5. The dispute API's queries do not grow with the mediation sessions --------------------------------


def _sessions(area, case, count: int):
    from redress import services

    with on(date(2026, 11, 2)):
        for n in range(count):
            services.mediation_session_record(
                actor=area.people["mediator"],
                dispute=case,
                held_on=date(2026, 11, 2),
                la_decision_maker="Sam Head",
                issues=f"Meeting {n}",
                outcome="partly",
                items=[
                    {"description": f"Item {n}", "owner": "la"},
                    {"description": f"More {n}", "owner": "icb"},
                ],
            )


def test_the_dispute_api_queries_do_not_grow_with_the_sessions(north, signed_in):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    one = rj.mediation_wanted(north, rj.dispute(north, rj.refusal(north)), day=date(2026, 10, 20))
    three = rj.mediation_wanted(
        north, rj.dispute(north, rj.refusal(north, child="ap_pupil")), day=date(2026, 10, 20)
    )
    _sessions(north, one, 1)
    _sessions(north, three, 3)
    client = signed_in(north.people["caseworker"])
    counts = []
    with on(date(2026, 11, 3)):
        for case in (one, three):
            client.get(f"{API}{case.pk}/")  # warm the session and caches
            with CaptureQueriesContext(connection) as queries:
                response = client.get(f"{API}{case.pk}/")
            assert response.status_code == 200
            counts.append(len(queries))
    assert len(response.json()["sessions"]) == 3
    assert sum(len(s["items"]) for s in response.json()["sessions"]) == 6
    assert counts[0] == counts[1]


# --- 6. Closing a dispute leaves no LA mediation deadline open --------------------------------------------


def test_closing_a_dispute_marks_the_mediation_deadline_not_needed(north, signed_in):
    case = rj.mediation_wanted(north, rj.dispute(north, rj.refusal(north)), day=date(2026, 10, 20))
    assert _deadlines(case)["mediation_held_by"][1] == "pending"
    with on(date(2026, 10, 22)):
        response = signed_in(north.people["caseworker"]).post(
            f"{API}{case.pk}/close/",
            {"outcome": "Agreed at a meeting", "closed_on": "2026-10-22"},
            content_type="application/json",
        )
    assert response.status_code == 200, response.content
    assert _deadlines(case)["mediation_held_by"][1] == "not_needed"


# --- 7. The family's appeal date and its wording follow the computed deadline ----------------------------


def _appeal_option(client) -> dict:
    rows = client.get("/api/v1/portal/redress/").json()
    return next(o for o in rows[0]["options"] if o["title"] == "Appeal to the SEND Tribunal")


def test_an_early_certificate_leaves_the_appeal_2_months_from_the_decision(north, signed_in):
    rj.certified(north, rj.dispute(north, rj.refusal(north)), day=date(2026, 10, 5))
    with on(date(2026, 10, 6)):
        option = _appeal_option(signed_in(north.people["parent"]))
    assert option["by"] == "Tuesday 1 December 2026"
    assert "2 months from the decision" in option["text"]
    assert "1 month from your mediation certificate" not in option["text"]
    assert "has moved" not in option["text"]


def test_a_late_certificate_moves_the_appeal_out_of_christmas_and_says_so(north, signed_in):
    # IPSEA's example: certificate 29 November, 1 month is 29 December, moved out of Christmas.
    rj.certified(north, rj.dispute(north, rj.refusal(north)), day=date(2026, 11, 29))
    with on(date(2026, 11, 30)):
        option = _appeal_option(signed_in(north.people["parent"]))
    assert option["by"] == "Monday 4 January 2027"
    assert "1 month from your mediation certificate" in option["text"]
    assert "moved from Tuesday 29 December 2026" in option["text"]
    assert "does not count 25 December to 1 January" in option["text"]


# --- 8. Mediation steps out of order are refused -------------------------------------------------------


def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_no_mediation_meeting_after_the_certificate(north, signed_in):
    from redress import services

    case = rj.mediation_wanted(north, rj.dispute(north, rj.refusal(north)), day=date(2026, 10, 20))
    with on(date(2026, 11, 19)):
        services.mediation_not_arranged(
            actor=north.people["caseworker"], dispute=case, told_on=date(2026, 11, 19)
        )
        services.certificate_issue(actor=north.people["mediator"], dispute=case, issued_on=date(2026, 11, 19))
        response = _post(
            signed_in(north.people["mediator"]),
            f"{API}{case.pk}/mediation/",
            {"held_on": "2026-11-19", "la_decision_maker": "Sam Head", "issues": "P", "outcome": "agreed"},
        )
    assert response.status_code == 400
    assert "already been issued" in response.json()["held_on"][0]
    assert not case.sessions.exists()


def test_not_arranged_is_refused_after_a_meeting_a_certificate_or_a_second_time(north, signed_in):
    from redress import services

    caseworker = north.people["caseworker"]
    met = rj.mediation_wanted(north, rj.dispute(north, rj.refusal(north)), day=date(2026, 10, 20))
    twice = rj.mediation_wanted(
        north, rj.dispute(north, rj.refusal(north, child="ap_pupil")), day=date(2026, 10, 20)
    )
    with on(date(2026, 11, 2)):
        _sessions(north, met, 1)
        services.mediation_not_arranged(actor=caseworker, dispute=twice, told_on=date(2026, 11, 2))
        client = signed_in(caseworker)
        after_meeting = _post(client, f"{API}{met.pk}/mediation/not-arranged/", {"told_on": "2026-11-02"})
        second = _post(client, f"{API}{twice.pk}/mediation/not-arranged/", {"told_on": "2026-11-02"})
        services.certificate_issue(actor=north.people["mediator"], dispute=twice, issued_on=date(2026, 11, 2))
        after_certificate = _post(
            client, f"{API}{twice.pk}/mediation/not-arranged/", {"told_on": "2026-11-02"}
        )
    assert after_meeting.status_code == 400
    assert "meeting has already been held" in after_meeting.json()["told_on"][0]
    assert second.status_code == 400
    assert "already recorded" in second.json()["told_on"][0]
    assert after_certificate.status_code == 400
    assert "certificate has already been issued" in after_certificate.json()["told_on"][0]
    assert Deadline.objects.filter(dispute=twice, event="mediation_not_arranged").count() == 1
    assert not Deadline.objects.filter(dispute=met, event="mediation_not_arranged").exists()


# --- 9. The appeal's status comes only from its own issues -----------------------------------------------


def test_the_appeal_status_ignores_outcomes_for_other_issues(north, signed_in):
    from redress import services
    from redress.models import Appeal

    case = rj.certified(north, rj.dispute(north, rj.refusal(north)), day=date(2026, 10, 20))
    with on(date(2026, 11, 2)):
        appeal = services.appeal_register(
            actor=north.people["caseworker"],
            dispute=case,
            registered_on=date(2026, 11, 2),
            tribunal_reference="EH10",
            issues=["refusal"],
        )
        issue = appeal.issues.get()
        response = _post(
            signed_in(north.people["caseworker"]),
            f"{API}{case.pk}/appeal/outcome/",
            {"decided_on": "2026-11-02", "outcomes": {str(issue.pk): "conceded", "999999": "upheld"}},
        )
    assert response.status_code == 200, response.content
    assert Appeal.objects.get(pk=appeal.pk).status == Appeal.Status.CONCEDED


# --- 10. The decision's appeal date follows the certificate -----------------------------------------------


def test_the_family_api_appeal_date_matches_the_option_after_a_certificate(north, signed_in):
    rj.certified(north, rj.dispute(north, rj.refusal(north)), day=date(2026, 11, 29))
    with on(date(2026, 11, 30)):
        row = signed_in(north.people["parent"]).get("/api/v1/portal/redress/").json()[0]
    option = next(o for o in row["options"] if o["title"] == "Appeal to the SEND Tribunal")
    assert row["decision"]["appeal_due"] == "2027-01-04"
    assert option["by"] == "Monday 4 January 2027"


# --- 12. No-place escalation: one query for the managers, per-recipient sends, retried next day ------------


def _no_place(area):
    from redress import services

    with on(date(2026, 10, 1)):
        return services.dispute_open(
            actor=area.people["caseworker"],
            child=area.children["unlinked"],
            route="complaint",
            reason="delay",
            summary="No school",
        )


def _second_manager(area):
    from . import factories

    user = factories.UserFactory(
        email=f"manager2@{area.partnership.slug}.example.org", full_name="Second Manager"
    )
    Membership.objects.create(user=user, role=Role.LA_SEND_MANAGER, partnership=area.partnership)
    return user


class _FailsFor:
    """A mail adapter that fails for one address (until told to stop), delivering the others."""

    def __init__(self, address: str):
        self.failing = address
        self.sent: list[str] = []

    def send(self, email):
        if email.to == self.failing:
            raise OSError("mail service down")
        self.sent.append(email.to)


def test_the_managers_of_every_flagged_partnership_are_loaded_in_one_query(north, south, mailoutbox):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from redress import escalation

    _no_place(north)
    _no_place(south)
    with CaptureQueriesContext(connection) as queries:
        result = escalation.escalate(on=date(2026, 10, 2))
    assert result.sent == 2
    assert sum("partnerships_membership" in q["sql"] for q in queries.captured_queries) == 1
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [north.people["manager"].email, south.people["manager"].email]
    )


def test_a_retry_after_one_failed_send_reaches_only_the_managers_not_yet_sent(north, monkeypatch):
    from redress import escalation
    from redress.models import NoPlaceAlert
    from send_system import notify

    _no_place(north)
    second = _second_manager(north)
    adapter = _FailsFor(second.email)
    monkeypatch.setattr(notify, "adapter", lambda: adapter)
    first = escalation.escalate(on=date(2026, 10, 2))
    assert (first.sent, first.failed) == (0, 1)
    assert adapter.sent == [north.people["manager"].email]
    alert = NoPlaceAlert.objects.get()
    assert alert.sent_at is None and alert.sent_to == [north.people["manager"].pk]
    adapter.failing = None
    retry = escalation.escalate(on=date(2026, 10, 2))
    assert (retry.sent, retry.failed) == (1, 0)
    assert adapter.sent == [north.people["manager"].email, second.email]
    alert.refresh_from_db()
    assert alert.sent_at is not None and alert.recipients == 2


def test_an_unsent_alert_of_an_earlier_day_is_sent_by_the_next_run_once(north, monkeypatch):
    from redress import escalation, services
    from redress.models import NoPlaceAlert
    from send_system import notify

    case = _no_place(north)
    adapter = _FailsFor(north.people["manager"].email)
    monkeypatch.setattr(notify, "adapter", lambda: adapter)
    assert escalation.escalate(on=date(2026, 10, 2)).failed == 1
    with on(date(2026, 10, 2)):  # the dispute closes the same day: no alert is flagged on the 3rd
        services.dispute_close(
            actor=north.people["caseworker"], dispute=case, closed_on=date(2026, 10, 2), outcome="Place found"
        )
    adapter.failing = None
    next_day = escalation.escalate(on=date(2026, 10, 3))
    again = escalation.escalate(on=date(2026, 10, 3))
    assert (next_day.flagged, next_day.sent) == (0, 1)
    assert again.sent == 0
    assert adapter.sent == [north.people["manager"].email]
    assert NoPlaceAlert.objects.get().sent_at is not None


def test_a_child_flagged_again_is_sent_one_alert_a_day_not_the_missed_one_too(north, monkeypatch):
    from redress import escalation
    from redress.models import NoPlaceAlert
    from send_system import notify

    _no_place(north)
    adapter = _FailsFor(north.people["manager"].email)
    monkeypatch.setattr(notify, "adapter", lambda: adapter)
    escalation.escalate(on=date(2026, 10, 2))
    adapter.failing = None
    result = escalation.escalate(on=date(2026, 10, 3))
    assert result.sent == 1
    assert adapter.sent == [north.people["manager"].email]
    assert escalation.escalate(on=date(2026, 10, 3)).sent == 0
    assert NoPlaceAlert.objects.get(on=date(2026, 10, 3)).sent_at is not None


# --- 13. Any child of the partnership can be chosen for a disagreement or complaint ------------------------


def _complaint_form(child_pk) -> dict:
    return {
        "child": str(child_pk),
        "route": "complaint",
        "reason": "delay",
        "summary": "Slow replies",
        "opened_on_day": "5",
        "opened_on_month": "1",
        "opened_on_year": "2026",
    }


def test_a_child_beyond_the_listed_ones_can_be_found_and_chosen(north, south, signed_in, monkeypatch):
    from redress import selectors

    monkeypatch.setattr(selectors, "CHILD_MATCHES", 1)  # the list holds one child: others are still choosable
    unlinked = north.children["unlinked"]
    client = signed_in(north.people["caseworker"])
    with on(date(2026, 1, 5)):
        listed = client.get("/redress/new/").content.decode()
        found = client.get("/redress/new/", {"q": unlinked.first_name}).content.decode()
        foreign = client.post("/redress/new/", _complaint_form(south.children["unlinked"].pk))
        response = client.post("/redress/new/", _complaint_form(unlinked.pk))
    assert listed.count("(born ") == 1
    assert f'value="{unlinked.pk}"' in found
    assert foreign.status_code == 200
    assert "Choose a child in your partnership" in foreign.content.decode()
    assert not Dispute.objects.filter(child=south.children["unlinked"]).exists()
    assert response.status_code == 302
    assert Dispute.objects.filter(child=unlinked).exists()
