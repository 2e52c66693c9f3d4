"""No child left without a place (issue 6, point 5; docs/adr/0015): a child with an open dispute and no
education place is flagged and the SEND managers told once a day until it is resolved."""

from datetime import date

from redress import escalation, services
from redress.models import NoPlaceAlert
from redress.tasks import escalate_children_without_a_place

from . import redress_journey as rj
from .redress_journey import on


def _no_place_dispute(north):
    unlinked = north.children["unlinked"]  # current_setting is None
    with on(date(2026, 10, 1)):
        return services.dispute_open(
            actor=north.people["caseworker"],
            child=unlinked,
            route="complaint",
            reason="delay",
            summary="No school",
        )


def test_flagged_and_escalated_once_a_day_until_resolved(north, mailoutbox):
    case = _no_place_dispute(north)
    rj.dispute(north, rj.refusal(north))  # the pupil has a school: never flagged
    managers = [north.people["manager"].email]
    first = escalation.escalate(on=date(2026, 10, 2))
    again = escalation.escalate(on=date(2026, 10, 2))
    assert (first.flagged, first.sent) == (1, 1)
    assert (again.flagged, again.sent) == (0, 0)
    assert [m.to for m in mailoutbox] == [managers]
    assert "C." in mailoutbox[0].body and north.children["unlinked"].last_name not in mailoutbox[0].body
    escalation.escalate(on=date(2026, 10, 3))
    assert len(mailoutbox) == 2
    with on(date(2026, 10, 3)):
        services.dispute_close(
            actor=north.people["caseworker"], dispute=case, closed_on=date(2026, 10, 3), outcome="Place found"
        )
    assert escalation.escalate(on=date(2026, 10, 4)).flagged == 0
    assert len(mailoutbox) == 2
    assert NoPlaceAlert.objects.filter(child=north.children["unlinked"]).count() == 2


def test_a_place_recorded_stops_the_escalation(north, mailoutbox):
    _no_place_dispute(north)
    escalation.escalate(on=date(2026, 10, 2))
    child = north.children["unlinked"]
    child.current_setting = north.school
    child.save()
    assert escalation.escalate(on=date(2026, 10, 3)).flagged == 0


def test_the_celery_task_runs_the_escalation(north, mailoutbox):
    _no_place_dispute(north)
    assert escalate_children_without_a_place()["flagged"] == 1


def test_the_page_and_api_show_the_flagged_children_to_the_la_only(north, south, signed_in):
    case = _no_place_dispute(north)
    escalation.escalate(on=date(2026, 10, 2))
    client = signed_in(north.people["manager"])
    html = client.get("/redress/no-place/").content.decode()
    assert north.children["unlinked"].full_name in html and "2 October 2026" in html
    assert client.get("/api/v1/redress/no-place/").json() == [
        {"dispute": case.pk, "child": north.children["unlinked"].full_name, "since": "2026-10-02"}
    ]
    assert signed_in(south.people["manager"]).get("/api/v1/redress/no-place/").json() == []
    for persona, status in (("mediator", 403), ("parent", 403), ("regional", 403)):
        assert signed_in(north.people[persona]).get("/redress/no-place/").status_code == status
