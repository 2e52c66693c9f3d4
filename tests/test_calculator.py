"""The public deadline calculator: the page at /deadlines/calculator/ and its API twin,
GET /api/v1/deadlines/calculate. Neither needs a sign-in."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from ehcp import clock

PAGE = "/deadlines/calculator/"
API = "/api/v1/deadlines/calculate"


def _text(response) -> str:
    """The page's text with tags removed and white space collapsed, for reading sentences."""
    html = response.content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _error_summary_links(response) -> list[tuple[str, str]]:
    html = response.content.decode()
    summary = re.search(r'<div class="govuk-error-summary".*?</div>\s*</div>\s*</div>', html, re.S)
    if summary is None:
        return []
    return re.findall(r'<a href="(#[^"]+)">([^<]+)</a>', summary.group(0))


# --- The page ------------------------------------------------------------------------------------------


def test_the_page_is_public_and_named(client, db):
    assert reverse("deadline-calculator") == PAGE
    response = client.get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<form method="get"' in html
    assert "csrfmiddlewaretoken" not in html  # a GET form carries no token into the shareable address
    assert html.count('type="radio"') == len(clock.EVENTS)
    for code, description in clock.EVENTS.items():
        assert f'value="{code}"' in html
        assert description in html
    assert "govuk-radios__hint" in html
    assert 'id="id_date"' in html and 'id="id_date_month"' in html and 'id="id_date_year"' in html
    assert "govuk-error-summary" not in html
    assert "Due by" not in html
    assert "<title>Work out EHC needs assessment and plan deadlines" in html


def test_results_for_a_request_received_on_5_january_2026(client, db):
    response = client.get(
        PAGE, {"event": "request_received", "date_day": "5", "date_month": "1", "date_year": "2026"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    text = _text(response)
    assert "govuk-error-summary" not in html
    assert (
        "The local authority received a request for an EHC needs assessment on Monday 5 January 2026." in text
    )
    assert "Decision on whether to assess due by Monday 16 February 2026 (6 weeks, regulation 5)" in text
    assert "Notice of a decision not to issue a plan due by Monday 27 April 2026" in text
    assert "Final EHC plan due by Monday 25 May 2026 (20 weeks, regulation 13)" in text
    assert (
        '<a href="https://www.legislation.gov.uk/uksi/2014/1530/regulation/5" class="govuk-link">'
        "regulation 5(1)</a>"
    ) in html
    assert "rules version 2014-09-01" in text
    assert "When a time limit does not apply" in text  # the reg 5(4)/10(4)/13(3) grounds
    assert "at least 4 weeks in a row" in text
    assert "Guidance, not law" not in text
    # The answer keeps the person's choices, so they can change one and ask again.
    assert re.search(r'value="request_received"\s+checked', html)
    assert 'value="5"' in html and 'value="2026"' in html


def test_guidance_only_limits_are_marked_as_not_law(client, db):
    response = client.get(
        PAGE, {"event": "consultation_sent", "date_day": "5", "date_month": "1", "date_year": "2026"}
    )
    text = _text(response)
    assert "Guidance, not law" in text
    assert "statutory guidance, not law" in text
    assert "SEND Code of Practice 9.83" in text
    assert "Tuesday 20 January 2026" in text


def test_results_from_a_shared_address_with_an_iso_date(client, db):
    response = client.get(PAGE, {"event": "plan_issued", "date": "2028-02-29"})
    assert response.status_code == 200
    assert "Next annual review due by Wednesday 28 February 2029" in _text(response)
    html = response.content.decode()
    assert 'name="date_day" value="29"' in html and 'name="date_month" value="2"' in html


def test_the_coronavirus_rules_version_is_shown_for_2020(client, db):
    response = client.get(PAGE, {"event": "request_received", "date": "2020-06-01"})
    text = _text(response)
    assert "rules version 2020-05-01" in text
    assert "coronavirus" in text


@pytest.mark.parametrize(
    ("query", "link", "message"),
    [
        (
            {"event": "request_received", "date_day": "31", "date_month": "2", "date_year": "2026"},
            "#id_date",
            "Enter a real date",
        ),
        (
            {"event": "request_received", "date_day": "5", "date_month": "x", "date_year": "2026"},
            "#id_date",
            "Enter a real date",
        ),
        (
            {"event": "request_received", "date_day": "5", "date_month": "", "date_year": "2026"},
            "#id_date",
            "Date it happened must include a month",
        ),
        (
            {"event": "request_received", "date_day": "", "date_month": "", "date_year": ""},
            "#id_date",
            "Enter the date it happened",
        ),
        (
            {"event": "request_received", "date_day": "5", "date_month": "1", "date_year": "26"},
            "#id_date",
            "Year must include 4 numbers",
        ),
        (
            {"event": "request_received", "date_day": "31", "date_month": "8", "date_year": "2014"},
            "#id_date",
            "Date it happened must be on or after 1 September 2014, when the current rules began",
        ),
        (
            {"date_day": "5", "date_month": "1", "date_year": "2026"},
            "#id_event",
            "Choose what happened",
        ),
        (
            {"event": "request_recieved", "date_day": "5", "date_month": "1", "date_year": "2026"},
            "#id_event",
            "Choose what happened from the list",
        ),
    ],
    ids=[
        "not-a-date",
        "not-a-number",
        "no-month",
        "no-date",
        "two-digit-year",
        "before-2014",
        "no-event",
        "unknown-event",
    ],
)
def test_errors_show_in_the_error_summary_and_by_the_field(client, db, query, link, message):
    response = client.get(PAGE, query)
    assert response.status_code == 200
    html = response.content.decode()
    assert (link, message) in _error_summary_links(response)
    assert f'<span class="govuk-visually-hidden">Error:</span> {message}' in html
    assert "govuk-form-group--error" in html
    assert "<title>Error: " in html
    assert "Due by" not in html


def test_both_fields_missing_gives_both_errors(client, db):
    response = client.get(PAGE, {"event": "", "date_day": "", "date_month": "", "date_year": ""})
    assert _error_summary_links(response) == [
        ("#id_event", "Choose what happened"),
        ("#id_date", "Enter the date it happened"),
    ]


def test_working_days_beyond_the_known_bank_holidays_are_an_error_not_a_guess(client, db):
    _, last = clock.bank_holiday_years()
    response = client.get(PAGE, {"event": "transfer_notified", "date": f"{last}-12-20"})
    links = _error_summary_links(response)
    assert len(links) == 1 and links[0][0] == "#id_date"
    assert f"31 December {last}" in links[0][1]


def test_a_signed_in_person_can_use_it_too(north, signed_in):
    response = signed_in(north.people["parent"]).get(PAGE, {"event": "plan_issued", "date": "2026-01-05"})
    assert response.status_code == 200
    assert "Next annual review due by Tuesday 5 January 2027" in _text(response)
    staff = signed_in(north.people["caseworker"]).get(PAGE, {"event": "plan_issued", "date": "2026-01-05"})
    assert staff.status_code == 200


def test_staff_part_way_through_signing_in_can_use_it(north, signed_in):
    client = signed_in(north.people["caseworker"], second_factor=False)
    assert client.get(PAGE).status_code == 200


def test_the_page_only_answers_get(client, db):
    assert client.post(PAGE, {"event": "plan_issued"}).status_code == 405
    assert client.head(PAGE).status_code == 200


# --- The API ---------------------------------------------------------------------------------------------


def test_api_answers_with_exactly_the_documented_shape(client, db):
    response = client.get(API, {"event": "request_received", "date": "2026-01-05"})
    assert response.status_code == 200
    assert response.json() == {
        "event": "request_received",
        "date": "2026-01-05",
        "rules_version": "2014-09-01",
        "deadlines": [
            {
                "code": "decide_whether_to_assess",
                "due": "2026-02-16",
                "description": "Decision on whether to assess due by Monday 16 February 2026 (6 weeks, regulation 5)",
                "legal_basis": "regulation 5(1)",
            },
            {
                "code": "notify_not_to_issue",
                "due": "2026-04-27",
                "description": "Notice of a decision not to issue a plan due by Monday 27 April 2026 (16 weeks, regulation 10)",
                "legal_basis": "regulation 10(1)",
            },
            {
                "code": "final_plan_due",
                "due": "2026-05-25",
                "description": "Final EHC plan due by Monday 25 May 2026 (20 weeks, regulation 13)",
                "legal_basis": "regulation 13(2)",
            },
        ],
    }


def test_api_uses_the_rules_in_force_on_the_date(client, db):
    body = client.get(API, {"event": "advice_requested", "date": "2020-06-01"}).json()
    assert body["rules_version"] == "2020-05-01"
    assert body["deadlines"][0]["due"] == "2020-07-13"


def test_api_needs_no_sign_in_and_ignores_credentials(client, db):
    response = client.get(
        API, {"event": "plan_issued", "date": "2028-02-29"}, HTTP_AUTHORIZATION="Token not-a-real-token"
    )
    assert response.status_code == 200
    assert response.json()["deadlines"][0]["due"] == "2029-02-28"


def test_api_unknown_event_names_the_valid_choices(client, db):
    response = client.get(API, {"event": "foo", "date": "2026-01-05"})
    assert response.status_code == 400
    assert response.json() == {"event": [f"Unknown event 'foo'. Choose one of: {', '.join(clock.EVENTS)}"]}
    assert response.json()["event"][0].startswith(
        "Unknown event 'foo'. Choose one of: request_received, advice_requested,"
    )


@pytest.mark.parametrize("bad", ["2026-02-30", "05/01/2026", "2026-1-5x", "yesterday"])
def test_api_bad_date(client, db, bad):
    response = client.get(API, {"event": "request_received", "date": bad})
    assert response.status_code == 400
    assert response.json() == {"date": ["Enter a real date in the format YYYY-MM-DD, for example 2026-01-05"]}


def test_api_missing_parameters(client, db):
    response = client.get(API)
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"event", "date"}
    assert body["event"] == [f"Enter an event. Choose one of: {', '.join(clock.EVENTS)}"]
    assert body["date"] == ["Enter a date in the format YYYY-MM-DD, for example 2026-01-05"]
    empty = client.get(API, {"event": "", "date": "2026-01-05"})
    assert empty.status_code == 400
    assert empty.json()["event"][0].startswith("Enter an event. Choose one of: request_received")


@pytest.mark.parametrize(
    ("event", "date", "message"),
    [
        (
            "request_received",
            "2014-08-31",
            "Enter a date on or after 2014-09-01, when the current rules began",
        ),
        ("request_received", "9999-12-31", "Enter a date in 2099 or earlier"),
    ],
)
def test_api_dates_out_of_range(client, db, event, date, message):
    response = client.get(API, {"event": event, "date": date})
    assert response.status_code == 400
    assert response.json() == {"date": [message]}


def test_api_working_days_beyond_the_known_bank_holidays(client, db):
    _, last = clock.bank_holiday_years()
    response = client.get(API, {"event": "transfer_notified", "date": f"{last}-12-20"})
    assert response.status_code == 400
    assert f"{last}-12-31" in response.json()["date"][0]


def test_api_is_in_the_openapi_schema(db, tmp_path):
    call_command("spectacular", "--file", str(tmp_path / "schema.yml"))
    text = (tmp_path / "schema.yml").read_text()
    assert "/api/v1/deadlines/calculate:" in text
    assert "operationId: deadlines_calculate" in text
    for name in ("DeadlineCalculationResult", "CalculatedDeadline", "DeadlineCalculationError"):
        assert f"    {name}:" in text


# --- The plan's reviews (issue 4): counted back from a meeting or a move, fixed dates, guidance --------


@pytest.mark.parametrize(
    "event",
    [
        "review_meeting_held",
        "amendment_notice_issued",
        "review_meeting_arranged",
        "review_completed",
        "under_five_plan_reviewed",
        "phase_transfer_planned",
        "post16_phase_transfer_planned",
        "post16_move_planned",
    ],
)
def test_the_review_events_are_offered(client, db, event):
    html = client.get(PAGE).content.decode()
    assert f'value="{event}"' in html


def test_page_counts_the_meeting_notice_back_from_the_meeting(client, db):
    response = client.get(PAGE, {"event": "review_meeting_arranged", "date": "2027-01-25"})
    text = _text(response)
    assert (
        "Notice of the review meeting due by Monday 11 January 2027 (2 weeks before, regulation 20)" in text
    )
    assert "Advice and information sent to everyone invited due by Monday 11 January 2027" in text


def test_api_gives_the_phase_transfer_dates(client, db):
    response = client.get(API, {"event": "phase_transfer_planned", "date": "2027-09-01"})
    assert response.status_code == 200
    due = {d["code"]: d["due"] for d in response.json()["deadlines"]}
    assert due == {"phase_transfer_plan_due": "2027-02-15", "phase_transfer_meeting_due": "2026-11-23"}
    post16 = client.get(API, {"event": "post16_move_planned", "date": "2027-09-01"}).json()
    assert {d["code"]: d["due"] for d in post16["deadlines"]}["phase_transfer_plan_due"] == "2027-04-01"


def test_page_marks_the_under_five_interval_as_guidance(client, db):
    text = _text(client.get(PAGE, {"event": "under_five_plan_reviewed", "date": "2026-03-02"}))
    assert "Interim review of the plan of a child under 5 due by" in text
    assert "comes from the SEND Code of Practice" in text
