"""Redress measures for the dashboards (issue 6, point 6; docs/adr/0015): the appeal rate (appeals as a
share of appealable decisions), the mediation rate, outcomes, median time to resolution and reasons, in
the nightly roll-up and on the regional dashboard page and its API."""

from datetime import date

from dashboards import services as dashboard_services
from redress import services

from . import redress_journey as rj
from .redress_journey import on

NORTH = "E12000001"


def _build(north):
    """Four appealable decisions; two disputes: one mediated, certified, appealed and decided, one
    resolved after 30 days."""
    first = rj.mediation_wanted(north, rj.dispute(north, rj.refusal(north)), day=date(2026, 10, 20))
    with on(date(2026, 10, 30)):
        services.mediation_session_record(
            actor=north.people["mediator"],
            dispute=first,
            held_on=date(2026, 10, 30),
            la_decision_maker="Sam Head",
            issues="Assessment",
            outcome="not_agreed",
        )
        services.certificate_issue(
            actor=north.people["caseworker"], dispute=first, issued_on=date(2026, 10, 30)
        )
    with on(date(2026, 11, 2)):
        appeal = services.appeal_register(
            actor=north.people["caseworker"],
            dispute=first,
            registered_on=date(2026, 11, 2),
            tribunal_reference="EH1",
            issues=["refusal"],
        )
    with on(date(2026, 12, 1)):
        issue = appeal.issues.get()
        services.appeal_decide(
            actor=north.people["caseworker"],
            appeal=appeal,
            decided_on=date(2026, 12, 1),
            outcomes={issue.pk: "upheld"},
        )
    second = rj.dispute(north, rj.refusal(north, child="ap_pupil", day=date(2026, 10, 5)))
    with on(date(2026, 11, 4)):
        services.dispute_close(
            actor=north.people["caseworker"],
            dispute=second,
            closed_on=date(2026, 11, 4),
            outcome="Agreed to assess",
        )
    rj.refusal(north, day=date(2026, 10, 6))
    rj.refusal(north, child="ap_pupil", day=date(2026, 10, 7))


def test_the_rollup_stores_the_redress_measures(north):
    _build(north)
    snapshot = dashboard_services.partnership_rollup(partnership=north.partnership, on_date=date(2026, 12, 7))
    r = snapshot.redress
    assert r["appealable_decisions"] == 4
    assert (r["appeals"], r["appeal_rate"]) == (1, 25.0)
    assert (r["mediations"], r["mediation_rate"]) == (1, 25.0)
    assert r["outcomes"]["upheld"] == 1
    assert (r["resolved"], r["median_days_to_resolution"]) == (1, 30)
    assert r["reasons"]["assessment"] == 2
    assert "Riley" not in str(r) and "Taylor" not in str(r)  # counts only


def test_the_regional_dashboard_page_and_api_show_them(north, signed_in):
    _build(north)
    dashboard_services.partnership_rollup(partnership=north.partnership)
    client = signed_in(north.people["regional"])
    html = client.get(f"/regional/{NORTH}/").content.decode()
    assert "Appeal rate (appeals as a share of appealable decisions)" in html
    assert "Refusal to assess or to issue a plan" in html
    body = client.get(f"/api/v1/dashboards/regions/{NORTH}/").json()
    rows = [row for row in body["local_authorities"] if row["snapshot"]]
    assert rows[0]["snapshot"]["redress"]["appeals"] == 1
    totals = body["totals"]["redress"]
    assert (totals["appealable_decisions"], totals["appeals"], totals["appeal_rate"]) == (4, 1, 25.0)
    assert totals["median_days_to_resolution"] is None
    assert "Disputes, mediation and appeals across" in html
