"""The redress rules (statutory-rules.md sections 3 and 7; docs/adr/0015) as data in ehcp/rules/england.toml,
through the clock (ehcp/clock.py) and the public calculator's page and API.

Every expected date in these tables was worked out by hand on a calendar, never with the code under test.
England and Wales bank holidays used: 2026: 1 Jan, 3 and 6 Apr (Easter), 4 and 25 May, 31 Aug, 25 Dec and
28 Dec (Boxing Day's substitute). 2027: 1 Jan, 27 and 28 Dec (both substitutes). 2028: 3 Jan (New Year's
substitute). 2024: 1 September is a Sunday.
"""

from datetime import date

import pytest

from ehcp import clock

# --- The appeal deadline: later of 2 months from the decision and 1 month from the certificate, moved out
# of 25 December to 1 January (next working day in January) and out of August (first working day of
# September). Mediation contact: 2 months from the decision, never moved.
APPEALS = [
    # (why, decision, certificate, mediation_contact_due, appeal_due)
    ("plain", date(2026, 1, 5), None, date(2026, 3, 5), date(2026, 3, 5)),
    ("month end clamps to 28 February", date(2025, 12, 30), None, date(2026, 2, 28), date(2026, 2, 28)),
    ("month end lands on 29 February", date(2027, 12, 31), None, date(2028, 2, 29), date(2028, 2, 29)),
    ("31 December moves to Monday 4 January", date(2026, 10, 31), None, date(2026, 12, 31), date(2027, 1, 4)),
    ("25 December moves", date(2026, 10, 25), None, date(2026, 12, 25), date(2027, 1, 4)),
    ("1 January moves", date(2026, 11, 1), None, date(2027, 1, 1), date(2027, 1, 4)),
    ("24 December stays", date(2026, 10, 24), None, date(2026, 12, 24), date(2026, 12, 24)),
    ("2 January stays, even on a Saturday", date(2026, 11, 2), None, date(2027, 1, 2), date(2027, 1, 2)),
    # 1 January 2028 is a Saturday and Monday 3 January its substitute bank holiday: Tuesday 4 January.
    ("Christmas with a substitute day", date(2027, 10, 27), None, date(2027, 12, 27), date(2028, 1, 4)),
    # Monday 31 August 2026 is a bank holiday, in August anyway: Tuesday 1 September.
    ("mid August", date(2026, 6, 15), None, date(2026, 8, 15), date(2026, 9, 1)),
    ("1 August", date(2026, 6, 1), None, date(2026, 8, 1), date(2026, 9, 1)),
    ("30 August", date(2026, 6, 30), None, date(2026, 8, 30), date(2026, 9, 1)),
    ("31 July stays", date(2026, 5, 31), None, date(2026, 7, 31), date(2026, 7, 31)),
    ("1 September stays", date(2026, 7, 1), None, date(2026, 9, 1), date(2026, 9, 1)),
    ("August when 1 September is a Sunday", date(2024, 6, 20), None, date(2024, 8, 20), date(2024, 9, 2)),
    # IPSEA's example: letter 1 October, certificate 29 November: 29 December, moved to 4 January.
    (
        "later certificate into Christmas",
        date(2026, 10, 1),
        date(2026, 11, 29),
        date(2026, 12, 1),
        date(2027, 1, 4),
    ),
    (
        "earlier certificate changes nothing",
        date(2026, 1, 5),
        date(2026, 1, 10),
        date(2026, 3, 5),
        date(2026, 3, 5),
    ),
    ("later certificate wins", date(2026, 1, 5), date(2026, 2, 20), date(2026, 3, 5), date(2026, 3, 20)),
    ("certificate month end", date(2025, 12, 15), date(2026, 1, 31), date(2026, 2, 15), date(2026, 2, 28)),
    ("certificate into August", date(2026, 5, 1), date(2026, 7, 10), date(2026, 7, 1), date(2026, 9, 1)),
    (
        "certificate on the decision day",
        date(2026, 1, 5),
        date(2026, 1, 5),
        date(2026, 3, 5),
        date(2026, 3, 5),
    ),
]


@pytest.mark.parametrize(
    ("why", "decided", "certificate", "contact", "appeal"), APPEALS, ids=[a[0] for a in APPEALS]
)
def test_appeal_and_mediation_contact_deadlines(why, decided, certificate, contact, appeal):
    found = clock.deadlines_for("appealable_decision", decided, {"certificate_date": certificate})
    assert {d.code: d.due for d in found} == {"mediation_contact_due": contact, "appeal_due": appeal}


def test_a_moved_deadline_says_where_from_and_why():
    (_, appeal) = clock.deadlines_for("appealable_decision", date(2026, 6, 15))
    assert appeal.moved_from == date(2026, 8, 15)
    assert "moved from Saturday 15 August 2026" in appeal.description
    assert "first working day of September" in appeal.description
    (_, plain) = clock.deadlines_for("appealable_decision", date(2026, 1, 5))
    assert plain.moved_from is None


def test_a_certificate_before_the_decision_is_refused():
    with pytest.raises(clock.BadInput) as caught:
        clock.deadlines_for("appealable_decision", date(2026, 1, 5), {"certificate_date": date(2026, 1, 4)})
    assert caught.value.field == "certificate_date"


def test_another_event_takes_no_certificate():
    with pytest.raises(clock.BadInput):
        clock.deadlines_for("mediation_declined", date(2026, 1, 5), {"certificate_date": date(2026, 1, 6)})


# --- The other redress rules -----------------------------------------------------------------------------

DUE = [
    # Certificates: 3 working days.
    ("mediation_declined", date(2026, 1, 5), {"certificate_due": date(2026, 1, 8)}),
    ("mediation_declined", date(2026, 1, 9), {"certificate_due": date(2026, 1, 14)}),  # over a weekend
    ("mediation_declined", date(2026, 4, 2), {"certificate_due": date(2026, 4, 9)}),  # Easter 2026
    ("mediation_declined", date(2026, 12, 24), {"certificate_due": date(2026, 12, 31)}),  # 25 and 28 Dec
    ("mediation_held", date(2027, 12, 23), {"certificate_due": date(2027, 12, 30)}),  # 27 and 28 Dec
    ("mediation_held", date(2027, 12, 31), {"certificate_due": date(2028, 1, 6)}),  # 3 January 2028
    ("mediation_not_arranged", date(2026, 5, 22), {"certificate_due": date(2026, 5, 28)}),  # 25 May
    # Mediation within 30 days of the LA being told.
    ("mediation_requested", date(2026, 1, 5), {"mediation_held_by": date(2026, 2, 4)}),
    ("mediation_requested", date(2026, 1, 31), {"mediation_held_by": date(2026, 3, 2)}),
    ("mediation_requested", date(2028, 1, 31), {"mediation_held_by": date(2028, 3, 1)}),  # 29 February
    ("mediation_requested", date(2026, 12, 15), {"mediation_held_by": date(2027, 1, 14)}),
    # Agreement on matters outside the appeal right: 2 weeks (reg 42(3)).
    ("mediation_agreement_made", date(2026, 1, 5), {"agreement_action_due": date(2026, 1, 19)}),
    # Tribunal orders (reg 44).
    (
        "tribunal_order_assess",
        date(2026, 1, 5),
        {
            "order_assessment_notice_due": date(2026, 1, 19),
            "order_not_to_issue_due": date(2026, 3, 16),
            "order_final_plan_due": date(2026, 4, 13),
        },
    ),
    (
        "tribunal_order_make_plan",
        date(2026, 1, 5),
        {"order_draft_plan_due": date(2026, 2, 9), "order_final_plan_due": date(2026, 3, 23)},
    ),
    (
        "tribunal_order_make_plan",
        date(2028, 2, 1),
        {"order_draft_plan_due": date(2028, 3, 7), "order_final_plan_due": date(2028, 4, 18)},
    ),
    ("tribunal_order_amend", date(2026, 1, 5), {"order_amended_plan_due": date(2026, 2, 9)}),
    ("tribunal_order_name_setting", date(2026, 1, 5), {"order_named_setting_due": date(2026, 1, 19)}),
    ("tribunal_cease_appeal_dismissed", date(2026, 1, 5), {"order_cease_due": date(2026, 1, 5)}),
    ("tribunal_recommendation_made", date(2026, 1, 5), {"recommendation_response_due": date(2026, 2, 9)}),
    # Complaints and disagreement resolution: 20 working days (local service standards, not law).
    ("complaint_received", date(2026, 1, 5), {"complaint_response_due": date(2026, 2, 2)}),
    ("complaint_received", date(2026, 12, 14), {"complaint_response_due": date(2027, 1, 14)}),
    ("disagreement_referred", date(2026, 4, 1), {"disagreement_response_due": date(2026, 5, 1)}),
]


@pytest.mark.parametrize(("event", "start", "expected"), DUE, ids=[f"{e}-{s.isoformat()}" for e, s, _ in DUE])
def test_redress_due_dates(event, start, expected):
    assert {d.code: d.due for d in clock.deadlines_for(event, start)} == expected


@pytest.mark.parametrize(
    ("event", "code"),
    [
        ("tribunal_order_name_setting", "order_named_setting_due"),
        ("tribunal_order_assess", "order_final_plan_due"),
        ("mediation_declined", "certificate_due"),
        ("appealable_decision", "appeal_due"),
    ],
)
def test_unconfirmed_rules_say_so_in_the_data(event, code):
    assert clock.rule(code, on=date(2026, 1, 5), event=event).unverified


def test_confirmed_rules_carry_no_warning():
    assert not clock.rule("mediation_contact_due", on=date(2026, 1, 5)).unverified
    assert not clock.rule("agreement_action_due", on=date(2026, 1, 5)).unverified


def test_the_adjustment_is_data_with_its_windows():
    adjustment = clock.adjustments()["tribunal_holidays"]
    assert [(w.from_month, w.from_day, w.to_month, w.to_day) for w in adjustment.windows] == [
        (12, 25, 1, 1),
        (8, 1, 8, 31),
    ]
    assert adjustment.unverified


def test_a_rule_naming_an_unknown_adjustment_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "rules.toml"
    path.write_text(
        '[[event]]\ncode = "x"\ndescription = "X"\n\n[[ruleset]]\nversion = "v"\napplies_from = 2014-09-01\n\n'
        '[[ruleset.rule]]\nevent = "x"\ncode = "y"\ntitle = "Y"\namount = 1\nunit = "months"\n'
        'legal_basis = "l"\nplain_basis = "p"\nsource_url = "https://www.legislation.gov.uk/"\n'
        'who_acts = "family"\nadjustment = "no_such"\n'
    )
    monkeypatch.setattr(clock, "RULES_FILE", path)
    clock._data.cache_clear()
    try:
        with pytest.raises(ValueError, match="unknown adjustment"):
            clock.ruleset_for(date(2026, 1, 5))
    finally:
        monkeypatch.undo()
        clock._data.cache_clear()


# --- The public calculator offers the redress events ------------------------------------------------------


def test_api_appealable_decision_with_a_certificate(client, db):
    response = client.get(
        "/api/v1/deadlines/calculate",
        {"event": "appealable_decision", "date": "2026-10-01", "certificate_date": "2026-11-29"},
    )
    assert response.status_code == 200
    due = {d["code"]: d["due"] for d in response.json()["deadlines"]}
    assert due == {"mediation_contact_due": "2026-12-01", "appeal_due": "2027-01-04"}


def test_api_appealable_decision_without_a_certificate(client, db):
    response = client.get(
        "/api/v1/deadlines/calculate", {"event": "appealable_decision", "date": "2026-06-15"}
    )
    assert {d["code"]: d["due"] for d in response.json()["deadlines"]}["appeal_due"] == "2026-09-01"


def test_api_certificate_before_the_decision_is_a_400(client, db):
    response = client.get(
        "/api/v1/deadlines/calculate",
        {"event": "appealable_decision", "date": "2026-10-01", "certificate_date": "2026-09-29"},
    )
    assert response.status_code == 400
    assert "before" in response.json()["certificate_date"][0]


def test_api_certificate_with_another_event_is_a_400(client, db):
    response = client.get(
        "/api/v1/deadlines/calculate",
        {"event": "mediation_declined", "date": "2026-10-01", "certificate_date": "2026-10-02"},
    )
    assert response.status_code == 400
    assert "certificate_date" in response.json()


@pytest.mark.parametrize(
    ("event", "date_", "code", "due"),
    [
        ("mediation_declined", "2026-12-24", "certificate_due", "2026-12-31"),
        ("mediation_requested", "2026-01-31", "mediation_held_by", "2026-03-02"),
        ("tribunal_order_make_plan", "2026-01-05", "order_final_plan_due", "2026-03-23"),
        ("tribunal_order_assess", "2026-01-05", "order_final_plan_due", "2026-04-13"),
        ("tribunal_order_amend", "2026-01-05", "order_amended_plan_due", "2026-02-09"),
    ],
)
def test_api_offers_the_redress_events(client, db, event, date_, code, due):
    response = client.get("/api/v1/deadlines/calculate", {"event": event, "date": date_})
    assert response.status_code == 200
    assert {d["code"]: d["due"] for d in response.json()["deadlines"]}[code] == due


def test_page_shows_the_appeal_deadline_moved_out_of_christmas(client, db):
    response = client.get(
        "/deadlines/calculator/",
        {"event": "appealable_decision", "date": "2026-10-01", "certificate_date": "2026-11-29"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Monday 4 January 2027" in html
    assert "moved from Tuesday 29 December 2026" in html
    assert "To be confirmed" in html


def test_page_certificate_before_the_decision_is_an_error(client, db):
    response = client.get(
        "/deadlines/calculator/",
        {
            "event": "appealable_decision",
            "date_day": "1",
            "date_month": "10",
            "date_year": "2026",
            "certificate_date_day": "29",
            "certificate_date_month": "9",
            "certificate_date_year": "2026",
        },
    )
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "cannot be before the date of the event" in html
    assert 'value="29"' in html  # what was typed is kept


def test_every_tribunal_order_kind_is_an_event_with_time_limits():
    from redress.models import TribunalOrder

    for kind in TribunalOrder.Kind.values:
        assert kind in clock.EVENTS
        assert clock.deadlines_for(kind, date(2026, 1, 5))


def test_the_appealable_decision_takes_a_certificate_date():
    (certificate,) = clock.event_inputs("appealable_decision")
    assert certificate.code == "certificate_date"
    assert clock.event_inputs("mediation_declined") == ()
