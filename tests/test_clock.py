"""The statutory clock (ehcp/clock.py and ehcp/rules/england.toml) against the research notes,
statutory-rules.md sections 1.2-1.10 and the rules-engine summary in section 7.

Every expected date in these tables was worked out by hand on a calendar, never with the code under test.
"""

import datetime
from datetime import date

import pytest

from ehcp import clock

# --- Each rule: its time limit and legal source (statutory-rules.md section 7) ----------------------------

RULES = [
    # event, code, amount, unit, legal_basis, who_acts, guidance_only
    ("request_received", "decide_whether_to_assess", 6, "weeks", "regulation 5(1)", "la", False),
    ("request_received", "notify_not_to_issue", 16, "weeks", "regulation 10(1)", "la", False),
    ("request_received", "final_plan_due", 20, "weeks", "regulation 13(2)", "la", False),
    ("advice_requested", "advice_due", 6, "weeks", "regulation 8(1)", "adviser", False),
    ("draft_plan_issued", "comments_due", 15, "days_beginning_with", "regulation 13(1)", "family", False),
    (
        "consultation_sent",
        "consultation_response_due",
        15,
        "days",
        "SEND Code of Practice 9.83",
        "setting",
        True,
    ),
    ("review_meeting_held", "review_report_due", 2, "weeks", "regulation 20(7)", "setting", False),
    ("review_meeting_held", "review_decision_due", 4, "weeks", "regulation 20(10)", "la", False),
    (
        "review_meeting_held",
        "amended_plan_due",
        12,
        "weeks",
        "regulation 22; R (L, M and P) v Devon CC [2022] EWHC 493 (Admin)",
        "la",
        False,
    ),
    (
        "amendment_notice_issued",
        "representations_due",
        15,
        "days_beginning_with",
        "regulation 22(2)(c)",
        "family",
        False,
    ),
    ("amendment_notice_issued", "amended_plan_due", 8, "weeks", "regulation 22(3)", "la", False),
    (
        "plan_issued",
        "annual_review_due",
        12,
        "months",
        "Children and Families Act 2014, section 44",
        "la",
        False,
    ),
    ("transfer_notified", "transfer_plan_due", 15, "working_days", "regulation 15(2)", "la", False),
    # Reviews (section 1.4): notice of the meeting and the advice circulated 2 weeks before it; the next
    # review within 12 months of the last one completed; under-5 reviews are guidance (CoP 9.178).
    (
        "review_meeting_arranged",
        "review_notice_due",
        2,
        "weeks",
        "regulation 20(3) (21(3) where the local authority convenes the meeting)",
        "setting",
        False,
    ),
    (
        "review_meeting_arranged",
        "review_advice_due",
        2,
        "weeks",
        "regulation 20(4) (21(4) where the local authority convenes the meeting)",
        "setting",
        False,
    ),
    (
        "review_completed",
        "annual_review_due",
        12,
        "months",
        "Children and Families Act 2014, section 44",
        "la",
        False,
    ),
    (
        "under_five_plan_reviewed",
        "interim_review_due",
        6,
        "months",
        "SEND Code of Practice 9.178",
        "la",
        True,
    ),
    # Phase transfer (section 1.6): 15 February or 31 March of the transfer year, or 5 months before a
    # post-16 to post-16 move; the review meeting worked back from them (guidance).
    (
        "phase_transfer_planned",
        "phase_transfer_plan_due",
        0,
        "fixed_date",
        "regulation 18(1)(a)",
        "la",
        False,
    ),
    (
        "post16_phase_transfer_planned",
        "phase_transfer_plan_due",
        0,
        "fixed_date",
        "regulation 18(1)(b)",
        "la",
        False,
    ),
    ("post16_move_planned", "phase_transfer_plan_due", 5, "months", "regulation 18(2)", "la", False),
    *(
        (
            event,
            "phase_transfer_meeting_due",
            12,
            "weeks",
            "SEND Code of Practice 9.179, worked back from regulations 18, 20 and 22",
            "la",
            True,
        )
        for event in ("phase_transfer_planned", "post16_phase_transfer_planned", "post16_move_planned")
    ),
    # Transfer between local authorities (section 1.9): tell the family within 6 weeks; review by 3 months
    # after the transfer at the earliest (the later of that and 12 months is the service's).
    ("plan_transferred", "transfer_family_told_due", 6, "weeks", "regulation 15(4)", "la", False),
    ("plan_transferred", "annual_review_due", 3, "months", "regulation 15(5)", "la", False),
    # Redress (sections 3 and 7; docs/adr/0015, dates in tests/test_redress_rules.py).
    ("appealable_decision", "mediation_contact_due", 2, "months", "regulation 33", "family", False),
    (
        "appealable_decision",
        "appeal_due",
        2,
        "months",
        "Children and Families Act 2014, section 51; Tribunal Procedure (First-tier Tribunal) (HESC) Rules 2008, rule 20",
        "family",
        False,
    ),
    ("mediation_declined", "certificate_due", 3, "working_days", "regulation 34", "mediator", False),
    ("mediation_requested", "mediation_held_by", 30, "days", "regulation 37", "la", False),
    ("mediation_held", "certificate_due", 3, "working_days", "regulation 39", "mediator", False),
    ("mediation_not_arranged", "certificate_due", 3, "working_days", "regulation 37", "mediator", False),
    ("mediation_agreement_made", "agreement_action_due", 2, "weeks", "regulation 42(3)", "la", False),
    ("tribunal_order_assess", "order_assessment_notice_due", 2, "weeks", "regulation 44(2)(a)", "la", False),
    ("tribunal_order_assess", "order_not_to_issue_due", 10, "weeks", "regulation 44(2)(b)", "la", False),
    ("tribunal_order_assess", "order_final_plan_due", 14, "weeks", "regulation 44(2)(c)", "la", False),
    ("tribunal_order_make_plan", "order_draft_plan_due", 5, "weeks", "regulation 44(2)(d)", "la", False),
    ("tribunal_order_make_plan", "order_final_plan_due", 11, "weeks", "regulation 44(2)(d)", "la", False),
    ("tribunal_order_amend", "order_amended_plan_due", 5, "weeks", "regulation 44(2)(e)", "la", False),
    (
        "tribunal_order_name_setting",
        "order_named_setting_due",
        2,
        "weeks",
        "regulation 44(2)(f)",
        "la",
        False,
    ),
    (
        "tribunal_cease_appeal_dismissed",
        "order_cease_due",
        0,
        "immediately",
        "regulation 44(2)(g)",
        "la",
        False,
    ),
    (
        "tribunal_recommendation_made",
        "recommendation_response_due",
        5,
        "weeks",
        "SEND (First-tier Tribunal Recommendations Power) Regulations 2017",
        "la",
        False,
    ),
    (
        "complaint_received",
        "complaint_response_due",
        20,
        "working_days",
        "Local authority complaints procedure (LGSCO good practice guidance)",
        "la",
        True,
    ),
    (
        "disagreement_referred",
        "disagreement_response_due",
        20,
        "working_days",
        "SEND Code of Practice 11.6 to 11.10",
        "la",
        True,
    ),
]

TODAY_RULES = date(2026, 1, 5)
REG_5_GROUNDS = (
    "school_closure",
    "early_years_closure",
    "exceptional_personal_circumstances",
    "absence_from_area",
)
REG_8_GROUNDS = ("exceptional_circumstances", "absence_from_area", "missed_appointment")


@pytest.mark.parametrize(
    ("event", "code", "amount", "unit", "legal_basis", "who_acts", "guidance_only"),
    RULES,
    ids=[f"{r[0]}-{r[1]}" for r in RULES],
)
def test_each_rule_has_its_time_limit_and_legal_source(
    event, code, amount, unit, legal_basis, who_acts, guidance_only
):
    found = clock.rule(code, on=TODAY_RULES, event=event)
    assert (found.event, found.code) == (event, code)
    assert (found.amount, found.unit) == (amount, unit)
    assert found.legal_basis == legal_basis
    assert found.who_acts == who_acts
    assert found.guidance_only is guidance_only
    assert found.title and found.plain_basis
    if guidance_only:
        assert found.source_url.startswith("https://www.gov.uk/")
    else:
        assert found.source_url.startswith("https://www.legislation.gov.uk/")


def test_the_rules_are_exactly_those_of_section_7():
    ruleset = clock.ruleset_for(TODAY_RULES)
    assert {(r.event, r.code) for r in ruleset.rules} == {(r[0], r[1]) for r in RULES}
    assert set(clock.EVENTS) == {r[0] for r in RULES}
    assert clock.EVENTS["request_received"] == (
        "The local authority received a request for an EHC needs assessment"
    )


@pytest.mark.parametrize(
    ("code", "grounds"),
    [
        ("decide_whether_to_assess", REG_5_GROUNDS),  # reg 5(4)
        ("notify_not_to_issue", REG_5_GROUNDS),  # reg 10(4)
        ("final_plan_due", REG_5_GROUNDS),  # reg 13(3), pointing back to 10(4)(a)-(d)
        ("advice_due", REG_8_GROUNDS),  # reg 8(2)
        ("comments_due", ()),
        ("consultation_response_due", ()),
        ("annual_review_due", ()),
        ("transfer_plan_due", ()),
    ],
)
def test_exception_grounds_of_each_rule(code, grounds):
    event = "plan_issued" if code == "annual_review_due" else None
    assert clock.rule(code, on=TODAY_RULES, event=event).exception_grounds == grounds


def test_exception_grounds_are_data_with_descriptions():
    grounds = clock.exception_grounds(on=TODAY_RULES)
    assert set(grounds) == set(REG_5_GROUNDS) | set(REG_8_GROUNDS)
    assert "4 weeks" in grounds["school_closure"]
    assert "early years provider" in grounds["early_years_closure"]
    assert "Exceptional personal circumstances" in grounds["exceptional_personal_circumstances"]
    assert "at least 4 weeks" in grounds["absence_from_area"]
    assert "appointment" in grounds["missed_appointment"]
    grounds["absence_from_area"] = "changed by a caller"
    assert clock.exception_grounds(on=TODAY_RULES)["absence_from_area"] != "changed by a caller"


# --- Due dates, worked out by hand -----------------------------------------------------------------------

DUE_DATES = [
    # (event, start, {code: due})
    # The example in the research notes: a request received on Monday 5 January 2026.
    (
        "request_received",
        date(2026, 1, 5),
        {
            "decide_whether_to_assess": date(2026, 2, 16),
            "notify_not_to_issue": date(2026, 4, 27),
            "final_plan_due": date(2026, 5, 25),
        },
    ),
    # Month ends: 31 January (February has 28 days in 2026) and 30 November.
    (
        "request_received",
        date(2026, 1, 31),
        {
            "decide_whether_to_assess": date(2026, 3, 14),
            "notify_not_to_issue": date(2026, 5, 23),
            "final_plan_due": date(2026, 6, 20),
        },
    ),
    (
        "request_received",
        date(2026, 11, 30),
        {
            "decide_whether_to_assess": date(2027, 1, 11),
            "notify_not_to_issue": date(2027, 3, 22),
            "final_plan_due": date(2027, 4, 19),
        },
    ),
    # Leap years: a request on 29 February 2028, and one on 31 January 2028 whose 6 weeks cross 29 February.
    (
        "request_received",
        date(2028, 2, 29),
        {
            "decide_whether_to_assess": date(2028, 4, 11),
            "notify_not_to_issue": date(2028, 6, 20),
            "final_plan_due": date(2028, 7, 18),
        },
    ),
    (
        "request_received",
        date(2028, 1, 31),
        {
            "decide_whether_to_assess": date(2028, 3, 13),
            "notify_not_to_issue": date(2028, 5, 22),
            "final_plan_due": date(2028, 6, 19),
        },
    ),
    # The year end.
    (
        "request_received",
        date(2026, 12, 10),
        {
            "decide_whether_to_assess": date(2027, 1, 21),
            "notify_not_to_issue": date(2027, 4, 1),
            "final_plan_due": date(2027, 4, 29),
        },
    ),
    # Advice: 6 weeks from the day the body receives the request.
    ("advice_requested", date(2026, 1, 5), {"advice_due": date(2026, 2, 16)}),
    ("advice_requested", date(2026, 12, 10), {"advice_due": date(2027, 1, 21)}),
    # Comments on the draft: 15 days beginning with the day of service (that day is day 1).
    ("draft_plan_issued", date(2026, 1, 5), {"comments_due": date(2026, 1, 19)}),
    ("draft_plan_issued", date(2028, 2, 20), {"comments_due": date(2028, 3, 5)}),
    ("draft_plan_issued", date(2026, 2, 20), {"comments_due": date(2026, 3, 6)}),
    ("draft_plan_issued", date(2026, 12, 20), {"comments_due": date(2027, 1, 3)}),
    # School consultation: 15 days after it is sent (guidance).
    ("consultation_sent", date(2026, 1, 5), {"consultation_response_due": date(2026, 1, 20)}),
    ("consultation_sent", date(2026, 12, 20), {"consultation_response_due": date(2027, 1, 4)}),
    # Annual review meeting: report 2 weeks, decision 4 weeks, amended plan 12 weeks (Devon).
    (
        "review_meeting_held",
        date(2026, 1, 5),
        {
            "review_report_due": date(2026, 1, 19),
            "review_decision_due": date(2026, 2, 2),
            "amended_plan_due": date(2026, 3, 30),
        },
    ),
    (
        "review_meeting_held",
        date(2026, 11, 30),
        {
            "review_report_due": date(2026, 12, 14),
            "review_decision_due": date(2026, 12, 28),
            "amended_plan_due": date(2027, 2, 22),
        },
    ),
    # Amendment notice: 15 days beginning with service for representations, 8 weeks for the amended plan.
    (
        "amendment_notice_issued",
        date(2026, 1, 5),
        {"representations_due": date(2026, 1, 19), "amended_plan_due": date(2026, 3, 2)},
    ),
    (
        "amendment_notice_issued",
        date(2028, 1, 31),
        {"representations_due": date(2028, 2, 14), "amended_plan_due": date(2028, 3, 27)},
    ),
    # Annual review: 12 calendar months; 29 February has no day in 2029, so the last day of February.
    ("plan_issued", date(2026, 1, 5), {"annual_review_due": date(2027, 1, 5)}),
    ("plan_issued", date(2028, 2, 29), {"annual_review_due": date(2029, 2, 28)}),
    ("plan_issued", date(2027, 2, 28), {"annual_review_due": date(2028, 2, 28)}),
    ("plan_issued", date(2026, 1, 31), {"annual_review_due": date(2027, 1, 31)}),
    ("plan_issued", date(2026, 11, 30), {"annual_review_due": date(2027, 11, 30)}),
    # Transfer between LAs: 15 working days (weekends and England and Wales bank holidays skipped).
    ("transfer_notified", date(2026, 1, 5), {"transfer_plan_due": date(2026, 1, 26)}),
    ("transfer_notified", date(2026, 1, 10), {"transfer_plan_due": date(2026, 1, 30)}),  # a Saturday
    # Easter 2026: Good Friday 3 April, Easter Monday 6 April.
    ("transfer_notified", date(2026, 4, 1), {"transfer_plan_due": date(2026, 4, 24)}),
    # Christmas 2026: 25 December a Friday, Boxing Day's substitute Monday 28 December, 1 January a Friday.
    ("transfer_notified", date(2026, 12, 21), {"transfer_plan_due": date(2027, 1, 14)}),
    # Christmas 2027: both substitute days (27 and 28 December) and New Year's substitute (3 January 2028).
    ("transfer_notified", date(2027, 12, 22), {"transfer_plan_due": date(2028, 1, 17)}),
    # One-off bank holidays: the State Funeral of Queen Elizabeth II (19 September 2022) and the
    # coronation of King Charles III (8 May 2023, a week after the early May bank holiday).
    ("transfer_notified", date(2022, 9, 16), {"transfer_plan_due": date(2022, 10, 10)}),
    ("transfer_notified", date(2023, 4, 28), {"transfer_plan_due": date(2023, 5, 23)}),
]


@pytest.mark.parametrize(
    ("event", "start", "expected"), DUE_DATES, ids=[f"{e}-{s.isoformat()}" for e, s, _ in DUE_DATES]
)
def test_due_dates(event, start, expected):
    deadlines = clock.deadlines_for(event, start)
    assert {d.code: d.due for d in deadlines} == expected
    assert [d.code for d in deadlines] == list(expected)
    for deadline in deadlines:
        assert deadline.start == start
        assert deadline.due == clock.due_date(deadline.rule, start)
        assert deadline.legal_basis == deadline.rule.legal_basis
        assert deadline.rules_version == "2014-09-01"
        assert deadline.description == clock.sentence(deadline.rule.title, deadline.due, deadline.rule)


def test_the_same_code_after_two_events_has_two_time_limits():
    """Rule identity is (event, code): the amended plan is 12 weeks from a review meeting (Devon), but
    8 weeks from the notice of proposed amendments (reg 22(3))."""
    after_review = clock.rule("amended_plan_due", on=TODAY_RULES, event="review_meeting_held")
    after_notice = clock.rule("amended_plan_due", on=TODAY_RULES, event="amendment_notice_issued")
    assert (after_review.amount, after_notice.amount) == (12, 8)
    with pytest.raises(KeyError, match="pass event="):
        clock.rule("amended_plan_due", on=TODAY_RULES)


def test_an_unknown_rule_is_a_key_error():
    with pytest.raises(KeyError):
        clock.rule("no_such_rule", on=TODAY_RULES)
    with pytest.raises(KeyError):
        clock.rule("advice_due", on=TODAY_RULES, event="plan_issued")


# --- Calendar months and working days on their own ------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2026, 12, 31), 2, date(2027, 2, 28)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2028, 2, 29), 48, date(2032, 2, 29)),
        (date(2026, 12, 10), 1, date(2027, 1, 10)),
    ],
)
def test_add_months_clamps_to_the_end_of_the_month(start, months, expected):
    assert clock.add_months(start, months) == expected


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 1, 5), True),  # a Monday
        (date(2026, 1, 10), False),  # a Saturday
        (date(2026, 1, 11), False),  # a Sunday
        (date(2026, 1, 1), False),  # New Year's Day
        (date(2026, 4, 3), False),  # Good Friday
        (date(2026, 4, 6), False),  # Easter Monday
        (date(2026, 4, 7), True),
        (date(2026, 12, 25), False),
        (date(2026, 12, 28), False),  # Boxing Day's substitute
        (date(2027, 12, 27), False),  # Christmas Day's substitute
        (date(2027, 12, 28), False),  # Boxing Day's substitute
        (date(2022, 9, 19), False),  # State Funeral of Queen Elizabeth II
        (date(2022, 6, 3), False),  # Platinum Jubilee
        (date(2023, 5, 8), False),  # Coronation of King Charles III
        (date(2023, 5, 9), True),
    ],
)
def test_is_working_day(day, working):
    assert clock.is_working_day(day) is working


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2026, 1, 5), 0, date(2026, 1, 5)),
        (date(2026, 1, 5), 1, date(2026, 1, 6)),
        (date(2026, 1, 9), 1, date(2026, 1, 12)),  # Friday to Monday
        (date(2026, 4, 2), 1, date(2026, 4, 7)),  # over Easter 2026
        (date(2026, 12, 24), 1, date(2026, 12, 29)),  # over Christmas and Boxing Day's substitute
        (date(2026, 12, 24), 3, date(2026, 12, 31)),
        (date(2026, 12, 24), 4, date(2027, 1, 4)),  # and over New Year's Day
        (date(2022, 9, 16), 1, date(2022, 9, 20)),  # over the State Funeral
        (date(2023, 5, 5), 1, date(2023, 5, 9)),  # over the Coronation
    ],
)
def test_add_working_days(start, n, expected):
    assert clock.add_working_days(start, n) == expected


def test_add_working_days_refuses_a_negative_count():
    with pytest.raises(ValueError):
        clock.add_working_days(date(2026, 1, 5), -1)


def test_bundled_bank_holidays_cover_2014_to_next_year():
    """govuk-bank-holidays ships GOV.UK's list; when it no longer covers next year, upgrade the package
    (docs/adr/0008). Working days in years it does not cover are refused, never guessed."""
    first, last = clock.bank_holiday_years()
    assert first <= 2014
    assert last >= 2027
    assert last >= datetime.date.today().year + 1, (
        f"The bundled bank holidays end in {last}: upgrade govuk-bank-holidays (docs/adr/0008)"
    )
    holidays, _, _ = clock._bank_holidays()
    for year in range(2014, last + 1):
        assert sum(1 for d in holidays if d.year == year) >= 8, f"{year} looks incomplete"


def test_working_days_beyond_the_known_bank_holidays_are_refused():
    _, last = clock.bank_holiday_years()
    with pytest.raises(clock.DateOutOfRange):
        clock.add_working_days(date(last, 12, 20), 15)
    with pytest.raises(clock.DateOutOfRange):
        clock.is_working_day(date(last + 1, 1, 5))


# --- The plain-English sentence ------------------------------------------------------------------------


def test_sentence_for_a_request_received_on_5_january_2026():
    decide = clock.rule("decide_whether_to_assess", on=date(2026, 1, 5))
    assert clock.sentence(decide.title, date(2026, 2, 16), decide) == (
        "Decision on whether to assess due by Monday 16 February 2026 (6 weeks, regulation 5)"
    )
    first = clock.deadlines_for("request_received", date(2026, 1, 5))[0]
    assert first.description == (
        "Decision on whether to assess due by Monday 16 February 2026 (6 weeks, regulation 5)"
    )


@pytest.mark.parametrize(
    ("event", "start", "expected"),
    [
        (
            "draft_plan_issued",
            date(2026, 1, 5),
            "Comments on the draft plan due by Monday 19 January 2026 (15 days, regulation 13)",
        ),
        (
            "plan_issued",
            date(2026, 1, 5),
            "Next annual review due by Tuesday 5 January 2027 "
            "(12 months, section 44 of the Children and Families Act 2014)",
        ),
        (
            "transfer_notified",
            date(2026, 1, 5),
            "Transfer of the plan to the new local authority due by Monday 26 January 2026 "
            "(15 working days, regulation 15)",
        ),
        (
            "consultation_sent",
            date(2026, 1, 5),
            "School or college's reply to the consultation due by Tuesday 20 January 2026 "
            "(15 days, SEND Code of Practice paragraph 9.83)",
        ),
    ],
)
def test_sentences(event, start, expected):
    assert clock.deadlines_for(event, start)[0].description == expected


def test_duration_text_is_singular_for_one():
    assert clock.duration_text(1, "weeks") == "1 week"
    assert clock.duration_text(1, "working_days") == "1 working day"
    assert clock.duration_text(2, "months") == "2 months"


# --- Versions by date: the temporary coronavirus amendments ------------------------------------------------


@pytest.mark.parametrize(
    ("on", "version"),
    [
        (date(2014, 9, 1), "2014-09-01"),
        (date(2019, 12, 31), "2014-09-01"),
        (date(2020, 4, 30), "2014-09-01"),
        (date(2020, 5, 1), "2020-05-01"),
        (date(2020, 7, 15), "2020-05-01"),
        (date(2020, 9, 25), "2020-05-01"),
        (date(2020, 9, 26), "2014-09-01"),
        (date(2026, 1, 5), "2014-09-01"),
    ],
)
def test_ruleset_for_chooses_the_rules_in_force(on, version):
    assert clock.ruleset_for(on).version == version


def test_the_coronavirus_rules_add_an_exception_ground_for_their_dates_only():
    during, before, after = date(2020, 6, 1), date(2020, 4, 30), date(2020, 9, 26)
    ruleset = clock.ruleset_for(during)
    assert (ruleset.applies_from, ruleset.applies_to) == (date(2020, 5, 1), date(2020, 9, 25))
    assert "coronavirus" in clock.exception_grounds(on=during)
    assert "coronavirus" not in clock.exception_grounds(on=before)
    assert "coronavirus" not in clock.exception_grounds(on=after)
    assert clock.rule("decide_whether_to_assess", on=during).exception_grounds == (
        *REG_5_GROUNDS,
        "coronavirus",
    )
    assert clock.rule("advice_due", on=during).exception_grounds == (*REG_8_GROUNDS, "coronavirus")
    assert clock.rule("decide_whether_to_assess", on=after).exception_grounds == REG_5_GROUNDS
    # Guidance and the Act's 12-month review were not changed by the amendment regulations.
    assert clock.rule("consultation_response_due", on=during).exception_grounds == ()
    assert clock.rule("annual_review_due", on=during, event="plan_issued").exception_grounds == ()


def test_deadlines_during_the_coronavirus_period_carry_that_version():
    deadlines = clock.deadlines_for("request_received", date(2020, 6, 1))
    assert {d.code: d.due for d in deadlines} == {
        "decide_whether_to_assess": date(2020, 7, 13),
        "notify_not_to_issue": date(2020, 9, 21),
        "final_plan_due": date(2020, 10, 19),
    }
    assert {d.rules_version for d in deadlines} == {"2020-05-01"}


def test_no_rules_before_1_september_2014():
    with pytest.raises(clock.DateOutOfRange, match="1 September 2014"):
        clock.ruleset_for(date(2014, 8, 31))


# --- Unknown events ------------------------------------------------------------------------------------


def test_unknown_event_names_the_valid_events():
    with pytest.raises(clock.UnknownEvent) as caught:
        clock.deadlines_for("request_recieved", date(2026, 1, 5))
    assert isinstance(caught.value, ValueError)
    message = str(caught.value)
    assert "request_recieved" in message
    for event in clock.EVENTS:
        assert event in message


# --- The data file is checked when it is read ----------------------------------------------------------


@pytest.fixture
def rules_file(tmp_path, monkeypatch):
    """Point the clock at another rules file for one test, and back at the real one after it."""
    path = tmp_path / "rules.toml"
    monkeypatch.setattr(clock, "RULES_FILE", path)
    clock._data.cache_clear()
    yield path
    monkeypatch.undo()
    clock._data.cache_clear()


BASE = """
[[event]]
code = "request_received"
description = "A request"

[[ruleset]]
version = "2014-09-01"
applies_from = 2014-09-01

[[ruleset.rule]]
event = "request_received"
code = "decide"
title = "Decision"
amount = 6
unit = "{unit}"
legal_basis = "regulation 5(1)"
plain_basis = "regulation 5"
source_url = "https://www.legislation.gov.uk/uksi/2014/1530/regulation/5"
who_acts = "la"
exception_grounds = {grounds}
"""


def test_a_well_formed_rules_file_loads(rules_file):
    rules_file.write_text(BASE.format(unit="weeks", grounds="[]"))
    assert clock.rule("decide", on=date(2026, 1, 5)).amount == 6


@pytest.mark.parametrize(
    ("unit", "grounds", "message"),
    [
        ("fortnights", "[]", "unit 'fortnights'"),
        ("weeks", '["no_such_ground"]', "unknown exception grounds"),
    ],
)
def test_a_broken_rules_file_is_refused(rules_file, unit, grounds, message):
    rules_file.write_text(BASE.format(unit=unit, grounds=grounds))
    with pytest.raises(ValueError, match=message):
        clock.ruleset_for(date(2026, 1, 5))
