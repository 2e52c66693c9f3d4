"""The caseworker back office: the work queue (urgency, filters, pages, bulk reassignment), recording a
request that came by post or email, children brought to the LA's attention, and who may open each page."""

import datetime
import html
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ehcp import services
from ehcp.models import AssessmentRequest, AttentionReferral, Deadline
from partnerships.models import ChildAccessLog

from . import ehcp_journey as journey
from . import factories
from .conftest import PERSONA_ROLES

PERSONAS = list(PERSONA_ROLES)
LA = {"caseworker", "manager"}
AGGREGATE_ONLY = {"regional", "national"}
MONDAY = datetime.date(2026, 1, 5)
LONDON = ZoneInfo("Europe/London")


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


@pytest.fixture
def monday(time_machine):
    """Monday 5 January 2026, 10am in London: a working day well inside the bank holiday data."""
    time_machine.move_to(at(MONDAY), tick=False)
    return MONDAY


def record(
    area, child: str = "pupil", *, received_on=MONDAY, by: str = "caseworker", **extra
) -> AssessmentRequest:
    """A request recorded by the LA (the conftest gives one child its date of birth as text: reload it)."""
    area.children[child].refresh_from_db()
    return services.request_record(
        actor=area.people[by],
        child=area.children[child],
        requester=extra.pop("requester", AssessmentRequest.Requester.PARENT),
        requester_name=extra.pop("requester_name", "Pat Parent"),
        received_on=received_on,
        reasons=extra.pop("reasons", "Not making progress despite SEN support."),
        **extra,
    )


def text(response) -> str:
    """The page's visible words with tags removed and white space collapsed."""
    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body))).strip()


def row_ids(response) -> list[int]:
    """Case numbers in the queue's table, in the order shown."""
    return [
        int(pk) for pk in re.findall(r'name="cases" type="checkbox" value="(\d+)"', response.content.decode())
    ]


def error_summary(response) -> list[str]:
    """The messages in the GOV.UK error summary, in order."""
    block = re.search(r'govuk-error-summary__list">(.*?)</ul>', response.content.decode(), flags=re.S)
    return [html.unescape(m) for m in re.findall(r">([^<>]+)</a>", block.group(1))] if block else []


@pytest.fixture
def queue(north, monday):
    """Three cases in north, received on different days: the one received first is the most urgent."""
    return {
        "pupil": record(north, "pupil", received_on=MONDAY),
        "ap_pupil": record(north, "ap_pupil", received_on=datetime.date(2025, 12, 1)),
        "unlinked": record(north, "unlinked", received_on=datetime.date(2025, 12, 15), by="manager"),
    }


# The work queue ------------------------------------------------------------------------------------------


def test_queue_lists_open_cases_most_urgent_first(north, south, queue, signed_in):
    record(south, "pupil", received_on=datetime.date(2025, 11, 20))  # another tenant, more urgent still
    closed = record(north, "pupil", received_on=datetime.date(2025, 11, 1))
    services.request_withdraw(actor=north.people["caseworker"], request=closed, reason="Family moved away")
    response = signed_in(north.people["caseworker"]).get(reverse("backoffice-home"))
    assert response.status_code == 200
    assert row_ids(response) == [queue["ap_pupil"].pk, queue["unlinked"].pk, queue["pupil"].pk]
    page = text(response)
    assert "3 open cases" in page
    assert "Decision on whether to assess due by Monday 12 January 2026" in page
    assert "Decision on whether to assess due by Monday 16 February 2026" in page
    assert "Overdue by" not in page
    assert "Evans" not in page  # south's children never show
    assert "Caseworker North" in page and "Unassigned" in page
    assert "Northby Primary School" in page and "Northby Learning Centre" in page


def test_overdue_cases_are_flagged_in_red(north, queue, signed_in, time_machine):
    time_machine.move_to(at(datetime.date(2026, 1, 20)), tick=False)
    response = signed_in(north.people["caseworker"]).get(reverse("backoffice-home"))
    body = response.content.decode()
    assert '<strong class="govuk-tag govuk-tag--red">Overdue by 8 days</strong>' in body
    assert "Overdue by 1 day" not in body
    time_machine.move_to(at(datetime.date(2026, 1, 27)), tick=False)
    page = text(signed_in(north.people["caseworker"]).get(reverse("backoffice-home")))
    assert "Overdue by 15 days" in page and "Overdue by 1 day " in page


@pytest.mark.parametrize(
    "query,expected",
    [
        ("", ["ap_pupil", "unlinked", "pupil"]),
        ("stage=panel", ["pupil"]),
        ("stage=received", ["ap_pupil", "unlinked"]),
        ("due_within=10", ["ap_pupil"]),
        ("due_within=21", ["ap_pupil", "unlinked"]),
        ("overdue=on", []),
        ("caseworker=mine", ["ap_pupil", "pupil"]),
        ("caseworker=unassigned", ["unlinked"]),
        ("caseworker={manager}", []),
        ("caseworker={caseworker}", ["ap_pupil", "pupil"]),
        ("setting={school}", ["pupil"]),
        ("setting={ap}", ["ap_pupil"]),
        ("q=jordan", ["ap_pupil"]),
        ("q=Taylor", ["ap_pupil", "unlinked", "pupil"]),
        ("q={case_unlinked}", ["unlinked"]),
        ("q=Evans", []),
        ("stage=received&caseworker=mine", ["ap_pupil"]),
    ],
)
def test_queue_filters(north, queue, signed_in, query, expected):
    meeting = journey.panel_meeting(north)
    services.panel_add_case(actor=north.people["caseworker"], meeting=meeting, request=queue["pupil"])
    query = query.format(
        manager=north.people["manager"].pk,
        caseworker=north.people["caseworker"].pk,
        school=north.school.pk,
        ap=north.ap.pk,
        case_unlinked=queue["unlinked"].pk,
    )
    response = signed_in(north.people["caseworker"]).get(f"{reverse('backoffice-home')}?{query}")
    assert response.status_code == 200
    assert row_ids(response) == [queue[key].pk for key in expected]
    if query:
        assert "Clear filters" in text(response)
    if not expected:
        assert "No open cases match the filters." in text(response)


def test_overdue_filter_after_the_deadline_passes(north, queue, signed_in, time_machine):
    time_machine.move_to(at(datetime.date(2026, 1, 20)), tick=False)
    client = signed_in(north.people["caseworker"])
    assert row_ids(client.get(reverse("backoffice-home") + "?overdue=on")) == [queue["ap_pupil"].pk]
    time_machine.move_to(at(datetime.date(2026, 1, 27)), tick=False)
    client = signed_in(north.people["caseworker"])  # a week later: a new session
    assert row_ids(client.get(reverse("backoffice-home") + "?overdue=on")) == [
        queue["ap_pupil"].pk,
        queue["unlinked"].pk,
    ]


def test_filters_keep_their_values_and_report_bad_ones(north, queue, signed_in):
    url = reverse("backoffice-home") + f"?due_within=soon&stage=received&setting={north.school.pk}"
    response = signed_in(north.people["caseworker"]).get(url)
    assert response.status_code == 200
    assert error_summary(response) == ["Enter the number of days as a whole number, like 14"]
    body = response.content.decode()
    assert '<option value="received" selected>' in body
    assert 'value="soon"' in body
    # The bad filter is left out; the good ones apply.
    assert row_ids(response) == [queue["pupil"].pk]
    response = signed_in(north.people["caseworker"]).get(reverse("backoffice-home") + "?stage=nonsense")
    assert error_summary(response) == ["Choose a stage"]
    assert len(row_ids(response)) == 3


def test_filter_choices_are_the_partnerships_own(north, south, queue, signed_in):
    body = signed_in(north.people["caseworker"]).get(reverse("backoffice-home")).content.decode()
    assert f'<option value="{north.people["manager"].pk}">Manager North</option>' in body
    assert "Caseworker South" not in body and south.school.name not in body
    assert f'<option value="{north.school.pk}">{north.school.name}</option>' in body


def test_queue_is_paginated_25_a_page_keeping_filters(north, monday, signed_in):
    children = [
        factories.ChildFactory(partnership=north.partnership, current_setting=north.school) for _ in range(27)
    ]
    for index, child in enumerate(children):
        north.children[f"extra{index}"] = child
        record(north, f"extra{index}", received_on=MONDAY - datetime.timedelta(days=index))
    client = signed_in(north.people["caseworker"])
    first = client.get(reverse("backoffice-home") + f"?setting={north.school.pk}")
    assert len(row_ids(first)) == 25
    body = first.content.decode()
    assert 'class="govuk-pagination"' in body
    assert f'href="?setting={north.school.pk}&amp;page=2"' in body
    second = client.get(reverse("backoffice-home") + f"?setting={north.school.pk}&page=2")
    assert len(row_ids(second)) == 2
    assert set(row_ids(first)).isdisjoint(row_ids(second))
    # Most urgent first across pages: the first page holds the earliest received.
    assert AssessmentRequest.objects.get(pk=row_ids(first)[0]).received_on == MONDAY - datetime.timedelta(
        days=26
    )
    assert client.get(reverse("backoffice-home") + "?page=99").status_code == 200


def _grow_cases(area, n: int) -> None:
    for index in range(n):
        child = factories.ChildFactory(partnership=area.partnership, current_setting=area.school)
        area.children[f"grown{index}"] = child
        record(area, f"grown{index}", received_on=MONDAY - datetime.timedelta(days=index % 20))


def _queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in captured.captured_queries]


@pytest.mark.parametrize("query", ["", "?overdue=on&caseworker=mine", "?q=Taylor&stage=received"])
def test_queue_query_count_does_not_grow_with_cases(north, queue, signed_in, time_machine, query):
    time_machine.move_to(at(datetime.date(2026, 2, 20)), tick=False)
    client = signed_in(north.people["caseworker"])
    url = reverse("backoffice-home") + query
    client.get(url)  # warm caches (content types, sessions)
    before = _queries(client, url)
    _grow_cases(north, 30)
    after = _queries(client, url)
    assert len(after) == len(before)
    # The queue's own reads: the count, the page of cases and their next deadlines (one query each).
    own = (
        'SELECT COUNT(*) AS "__count" FROM "ehcp_assessmentrequest"',
        'SELECT "ehcp_assessmentrequest"."id"',
    )
    assert len([sql for sql in after if sql.startswith(own)]) == 2
    assert (
        len([sql for sql in after if sql.startswith('SELECT DISTINCT ON ("ehcp_deadline"."request_id")')])
        == 1
    )


# Bulk reassignment ---------------------------------------------------------------------------------------


def test_reassign_selected_cases(north, queue, signed_in):
    client = signed_in(north.people["caseworker"])
    manager = north.people["manager"]
    response = client.post(
        reverse("case-reassign"),
        {
            "cases": [queue["pupil"].pk, queue["ap_pupil"].pk],
            "caseworker": manager.pk,
            "filters": "stage=received",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice-home") + "?stage=received"
    assert set(
        AssessmentRequest.objects.filter(pk__in=[queue["pupil"].pk, queue["ap_pupil"].pk]).values_list(
            "caseworker", flat=True
        )
    ) == {manager.pk}
    assert AssessmentRequest.objects.get(pk=queue["unlinked"].pk).caseworker is None
    page = text(client.get(response["Location"]))
    assert "2 cases reassigned to Manager North" in page


def test_reassign_to_no_one(north, queue, signed_in):
    client = signed_in(north.people["manager"])
    response = client.post(
        reverse("case-reassign"), {"cases": [queue["pupil"].pk], "caseworker": "unassigned"}
    )
    assert response.status_code == 302
    assert AssessmentRequest.objects.get(pk=queue["pupil"].pk).caseworker is None


@pytest.mark.parametrize(
    "data,errors",
    [
        ({"caseworker": "{manager}"}, ["Select the cases you want to reassign"]),
        ({"cases": ["{pupil}"]}, ["Choose who to reassign the cases to"]),
        (
            {"cases": ["{pupil}"], "caseworker": "{south_caseworker}"},
            ["Choose a caseworker who works for this partnership"],
        ),
        (
            {"cases": ["{pupil}"], "caseworker": "{parent}"},
            ["Choose a caseworker who works for this partnership"],
        ),
        ({"cases": ["x"], "caseworker": "{manager}"}, ["Select cases from the list"]),
        ({}, ["Select the cases you want to reassign", "Choose who to reassign the cases to"]),
    ],
)
def test_reassign_errors_show_on_the_queue(north, south, queue, signed_in, data, errors):
    values = {
        "manager": north.people["manager"].pk,
        "south_caseworker": south.people["caseworker"].pk,
        "parent": north.people["parent"].pk,
        "pupil": queue["pupil"].pk,
    }
    post = {
        key: [v.format(**values) for v in value] if isinstance(value, list) else value.format(**values)
        for key, value in data.items()
    }
    post["filters"] = "stage=received"
    response = signed_in(north.people["caseworker"]).post(reverse("case-reassign"), post)
    assert response.status_code == 200
    assert error_summary(response) == errors
    body = response.content.decode()
    assert "<title>Error: Work queue" in body
    # Still the queue, with its filters and the boxes that were ticked.
    assert row_ids(response) == [queue["ap_pupil"].pk, queue["unlinked"].pk, queue["pupil"].pk]
    if "cases" in post and post["cases"] != ["x"]:
        assert f'value="{queue["pupil"].pk}" checked' in body
    assert '<option value="received" selected>' in body
    assert AssessmentRequest.objects.get(pk=queue["pupil"].pk).caseworker == north.people["caseworker"]


def test_reassign_to_a_caseworker_of_another_of_my_partnerships(north, queue, signed_in):
    """Someone working for two partnerships is offered both teams; the service refuses a case of one
    partnership given to a caseworker of the other."""
    second = factories.PartnershipFactory()
    caseworker = north.people["caseworker"]
    factories.MembershipFactory(user=caseworker, role="la_caseworker", partnership=second)
    colleague = factories.UserFactory(email="colleague@second.example.org", full_name="Colleague Second")
    factories.MembershipFactory(user=colleague, role="la_caseworker", partnership=second)
    client = signed_in(caseworker)
    assert (
        f'<option value="{colleague.pk}">Colleague Second</option>'
        in client.get(reverse("backoffice-home")).content.decode()
    )
    response = client.post(
        reverse("case-reassign"), {"cases": [queue["pupil"].pk], "caseworker": colleague.pk}
    )
    assert response.status_code == 200
    assert error_summary(response) == ["Choose a caseworker who works for this partnership"]
    assert AssessmentRequest.objects.get(pk=queue["pupil"].pk).caseworker == caseworker


def test_other_tenants_case_cannot_be_reassigned(north, south, queue, signed_in):
    theirs = record(south, "pupil")
    client = signed_in(north.people["caseworker"])
    response = client.post(
        reverse("case-reassign"),
        {"cases": [queue["pupil"].pk, theirs.pk], "caseworker": north.people["manager"].pk},
    )
    assert response.status_code == 404
    assert AssessmentRequest.objects.get(pk=theirs.pk).caseworker == south.people["caseworker"]
    assert AssessmentRequest.objects.get(pk=queue["pupil"].pk).caseworker == north.people["caseworker"]


@pytest.mark.parametrize("persona", sorted(set(PERSONAS) - LA))
def test_only_la_staff_may_reassign(north, queue, signed_in, persona):
    response = signed_in(north.people[persona]).post(
        reverse("case-reassign"), {"cases": [queue["pupil"].pk], "caseworker": north.people["manager"].pk}
    )
    assert response.status_code == 403
    assert AssessmentRequest.objects.get(pk=queue["pupil"].pk).caseworker == north.people["caseworker"]


def test_reassign_is_post_only(north, signed_in):
    assert signed_in(north.people["caseworker"]).get(reverse("case-reassign")).status_code == 405


# The children's records list (the caseload as it was) ----------------------------------------------------


def test_childrens_records_list_is_linked_from_the_queue(north, south, signed_in):
    client = signed_in(north.people["caseworker"])
    assert reverse("backoffice-children") in client.get(reverse("backoffice-home")).content.decode()
    response = client.get(reverse("backoffice-children") + "?q=Riley")
    assert response.status_code == 200
    page = text(response)
    assert "Riley Taylor" in page and "Jordan Taylor" not in page and "Evans" not in page
    assert signed_in(north.people["parent"]).get(reverse("backoffice-children")).status_code == 403


# Recording a request that came by post or email --------------------------------------------------------


def record_url(child=None) -> str:
    return reverse("request-record") + (f"?child={child.pk}" if child is not None else "")


def record_data(**overrides) -> dict:
    data = {
        "requester": "parent",
        "requester_name": "Alex Taylor",
        "received_on_day": "2",
        "received_on_month": "1",
        "received_on_year": "2026",
        "reasons": "Reading age four years behind despite SEN support.",
        "family_views": "We want a specialist assessment.",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_find_the_child_then_record(north, south, monday, signed_in):
    client = signed_in(north.people["caseworker"])
    start = client.get(record_url())
    assert start.status_code == 200
    assert "Which child is the request about?" in text(start)
    assert reverse("child-create") in start.content.decode()
    found = client.get(reverse("request-record") + "?q=riley")
    assert "Riley Taylor" in text(found) and "Jordan" not in text(found)
    assert f'href="{reverse("request-record")}?child={north.children["pupil"].pk}"' in found.content.decode()
    assert "Riley Evans" not in text(client.get(reverse("request-record") + "?q=Evans"))
    assert "No children in your partnership match" in text(client.get(reverse("request-record") + "?q=Evans"))

    child = north.children["pupil"]
    form = client.get(record_url(child))
    assert form.status_code == 200 and "Record a request for Riley Taylor" in text(form)
    response = client.post(record_url(child), record_data())
    case = AssessmentRequest.objects.get(child=child)
    assert response.status_code == 302
    assert response["Location"] == reverse("case-detail", args=[case.pk])
    assert case.route == AssessmentRequest.Route.RECORDED
    assert case.received_on == datetime.date(2026, 1, 2)
    assert case.requester_name == "Alex Taylor"
    assert case.recorded_by == north.people["caseworker"]
    assert case.stage == AssessmentRequest.Stage.RECEIVED
    decide = case.deadlines.get(code="decide_whether_to_assess")
    assert decide.due_on == datetime.date(2026, 2, 13)
    assert f"Request recorded: case number {case.pk}" in text(client.get(response["Location"]))


def test_other_tenants_child_cannot_be_recorded(north, south, monday, signed_in):
    client = signed_in(north.people["caseworker"])
    assert client.get(record_url(south.children["pupil"])).status_code == 404
    assert client.post(record_url(south.children["pupil"]), record_data()).status_code == 404
    assert client.get(reverse("request-record") + "?child=abc").status_code == 404
    assert not AssessmentRequest.objects.exists()


@pytest.mark.parametrize(
    "overrides,errors",
    [
        (
            {"received_on_day": "6"},
            {"received_on": "The date must be today or in the past"},
        ),
        (
            {"received_on_day": "1", "received_on_month": "1", "received_on_year": "2015"},
            {"received_on": "The date must be on or after the child's date of birth"},
        ),
        (
            {"received_on_day": "31", "received_on_month": "2"},
            {"received_on": "Date the request was received must be a real date"},
        ),
        (
            {"received_on_month": ""},
            {"received_on": "Date the request was received must include a month"},
        ),
        (
            {"requester": None, "requester_name": "", "reasons": " "},
            {
                "requester": "Choose who made the request",
                "requester_name": "Enter the name of the person who made the request",
                "reasons": "Enter the reasons given for the request",
            },
        ),
        (
            {"received_on_day": "", "received_on_month": "", "received_on_year": ""},
            {"received_on": "Enter the date the request was received"},
        ),
        ({"requester": "neighbour"}, {"requester": "Choose who made the request"}),
    ],
)
def test_record_a_request_errors_keep_what_was_typed(north, monday, signed_in, overrides, errors):
    client = signed_in(north.people["caseworker"])
    response = client.post(record_url(north.children["pupil"]), record_data(**overrides))
    assert response.status_code == 200
    assert error_summary(response) == list(errors.values())
    body = response.content.decode()
    assert "<title>Error: Record a request for Riley Taylor" in body
    for field in errors:
        assert f'href="#id_{field}"' in body
        assert f'id="id_{field}_error"' in body
    # What was typed is still there.
    data = record_data(**overrides)
    for name in ("requester_name", "received_on_day", "received_on_month", "received_on_year"):
        if data.get(name):
            assert f'value="{data[name]}"' in body
    if (data.get("reasons") or "").strip():
        assert data["reasons"] in body
    assert not AssessmentRequest.objects.exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_record_page_is_for_la_staff(north, south, monday, signed_in, persona):
    client = signed_in(north.people[persona])
    expected = 200 if persona in LA else 403
    assert client.get(record_url()).status_code == expected
    assert client.get(record_url(north.children["pupil"])).status_code == expected
    assert client.post(record_url(north.children["pupil"]), record_data()).status_code == (
        302 if persona in LA else 403
    )
    assert client.get(record_url(south.children["pupil"])).status_code == (404 if persona in LA else 403)


# Children brought to the LA's attention --------------------------------------------------------------------


@pytest.fixture
def referral(north, monday):
    return services.bring_to_attention(
        actor=north.people["health"],
        child=north.children["pupil"],
        summary="Speech much delayed at the 2-year review; the family would welcome support.",
    )


def test_referrals_are_listed_for_la_staff(north, south, referral, signed_in):
    theirs = services.bring_to_attention(
        actor=south.people["health"], child=south.children["pupil"], summary="South"
    )
    response = signed_in(north.people["caseworker"]).get(reverse("referrals"))
    assert response.status_code == 200
    page = text(response)
    assert "Riley Taylor" in page and "Health North" in page and "Speech much delayed" in page
    assert "Evans" not in page
    assert reverse("referral-decide", args=[referral.pk]) in response.content.decode()
    assert reverse("referral-decide", args=[theirs.pk]) not in response.content.decode()
    assert (
        signed_in(north.people["caseworker"]).get(reverse("referral-decide", args=[theirs.pk])).status_code
        == 404
    )


def test_decide_to_consider_starts_the_clock_today(north, referral, signed_in):
    client = signed_in(north.people["caseworker"])
    page = client.get(reverse("referral-decide", args=[referral.pk]))
    assert page.status_code == 200 and "Will the local authority consider an EHC needs assessment?" in text(
        page
    )
    response = client.post(reverse("referral-decide", args=[referral.pk]), {"consider": "yes"})
    referral.refresh_from_db()
    case = referral.resulting_request
    assert referral.outcome == AttentionReferral.Outcome.CONSIDERING
    assert response.status_code == 302 and response["Location"] == reverse("case-detail", args=[case.pk])
    assert case.route == AssessmentRequest.Route.LA_INITIATED
    assert case.received_on == MONDAY
    assert case.deadlines.get(code="decide_whether_to_assess").due_on == datetime.date(2026, 2, 16)
    assert "Riley Taylor" not in text(client.get(reverse("referrals")))
    # Decided: the page shows the outcome, and no second decision can be made.
    again = client.get(reverse("referral-decide", args=[referral.pk]))
    assert "The LA is considering an assessment" in text(again) and "Save decision" not in text(again)
    client.post(reverse("referral-decide", args=[referral.pk]), {"consider": "no", "reasons": "x"})
    referral.refresh_from_db()
    assert referral.outcome == AttentionReferral.Outcome.CONSIDERING


def test_decide_not_to_consider_needs_reasons(north, referral, signed_in):
    client = signed_in(north.people["manager"])
    url = reverse("referral-decide", args=[referral.pk])
    assert error_summary(client.post(url, {})) == [
        "Choose whether the local authority will consider an EHC needs assessment"
    ]
    response = client.post(url, {"consider": "no", "reasons": ""})
    assert error_summary(response) == ["Enter why no assessment will be considered"]
    assert 'value="no" checked' in response.content.decode()
    response = client.post(url, {"consider": "no", "reasons": "Needs met by the health visitor's plan."})
    assert response.status_code == 302 and response["Location"] == reverse("referrals")
    referral.refresh_from_db()
    assert referral.outcome == AttentionReferral.Outcome.NO_ACTION
    assert referral.outcome_reasons == "Needs met by the health visitor's plan."
    assert not AssessmentRequest.objects.exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_referral_pages_are_for_la_staff(north, referral, signed_in, persona):
    client = signed_in(north.people[persona])
    expected = 200 if persona in LA else 403
    assert client.get(reverse("referrals")).status_code == expected
    assert client.get(reverse("referral-decide", args=[referral.pk])).status_code == expected


# The role matrix of the back office's pages ------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_queue_matrix(north, south, queue, signed_in, persona):
    """Only LA caseworkers and SEND managers have a work queue, and it never shows another tenant's cases."""
    record(south, "pupil")
    response = signed_in(north.people[persona]).get(reverse("backoffice-home"))
    assert response.status_code == (200 if persona in LA else 403)
    if persona in LA:
        assert "Evans" not in text(response)
        assert len(row_ids(response)) == 3


def test_signed_out_visitors_are_sent_to_sign_in(north, queue, client):
    for url in [
        reverse("backoffice-home"),
        reverse("request-record"),
        reverse("referrals"),
        reverse("case-detail", args=[queue["pupil"].pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("sign-in"))
    assert client.post(reverse("case-reassign"), {}).status_code == 302


def test_case_page_reads_are_logged(north, queue, signed_in):
    signed_in(north.people["senco"]).get(reverse("case-detail", args=[queue["pupil"].pk]))
    log = ChildAccessLog.objects.get(child=north.children["pupil"])
    assert log.user == north.people["senco"] and log.channel == "page"
    assert log.path == reverse("case-detail", args=[queue["pupil"].pk])


def test_deadlines_of_a_recorded_case_are_pending(queue):
    assert set(queue["pupil"].deadlines.values_list("status", flat=True)) == {Deadline.Status.PENDING}


def test_the_queue_finds_a_child_by_full_name_or_case_number(north, signed_in):
    from . import ehcp_journey

    case = ehcp_journey.received(north)
    client = signed_in(north.people["caseworker"])
    link = f'href="/cases/{case.pk}/"'
    for q in ("Riley Taylor", "riley", "Taylor", str(case.pk)):
        assert link in client.get("/back-office/", {"q": q}).content.decode(), q
    assert link not in client.get("/back-office/", {"q": "Riley Evans"}).content.decode()
