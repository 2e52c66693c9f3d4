"""The LA's decisions and plan steps on a case, through their pages: deciding whether to assess, asking for
advice, deciding whether to issue, the draft plan, consulting settings, the final plan, exceptions to a
time limit and withdrawing. Each step's effect on the statutory deadlines, every bad input (a clear error,
nothing typed lost), the wrong stage (explained, never a 500), who may open each page, and query counts
that stay flat as a case grows."""

import datetime
import re

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ehcp import plan_content, quality, selectors, services, services_plans
from ehcp.models import (
    AdviceRequest,
    AssessmentRequest,
    CaseDocument,
    CaseException,
    Deadline,
    DecisionLetter,
    Plan,
    PlanConsultation,
    PlanVersion,
)
from partnerships.models import ChildAccessLog, Setting

from . import ehcp_journey as journey
from . import factories
from .conftest import PERSONA_ROLES

pytestmark = pytest.mark.django_db

PERSONAS = list(PERSONA_ROLES)
AGGREGATE_ONLY = {"regional", "national"}
RECEIVED = datetime.date(2026, 1, 5)  # a Monday: decide by 16 February, 16 weeks 27 April, 20 weeks 25 May
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def _on(day: datetime.date):
    """Travel to 10 in the morning of that day (London), clock stopped."""
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, 10, 0), tick=False)


def _date(name: str, day: datetime.date | None = None, *, parts: tuple[str, str, str] | None = None) -> dict:
    day_, month, year = parts or (str(day.day), str(day.month), str(day.year))
    return {f"{name}_day": day_, f"{name}_month": month, f"{name}_year": year}


def _errors(response) -> list[str]:
    """The error summary's messages, in order."""
    body = response.content.decode()
    summary = re.search(r'<div class="govuk-error-summary".*?</ul>', body, re.S)
    return re.findall(r"<a href=\"[^\"]*\">([^<]*)</a>", summary.group(0)) if summary else []


def _field_error(response, field: str) -> str:
    match = re.search(
        rf'<p class="govuk-error-message" id="id_{field}_error">(.*?)</p>', response.content.decode(), re.S
    )
    return re.sub(r"<[^>]+>", "", match.group(1)).replace("Error:", "").strip() if match else ""


def _text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _deadline(case, code: str) -> Deadline:
    return Deadline.objects.get(request=case, code=code)


def _reload(case) -> AssessmentRequest:
    return AssessmentRequest.objects.get(pk=case.pk)


def _url(name: str, case) -> str:
    return reverse(name, kwargs={"pk": case.pk})


# 1. Decide whether to assess ------------------------------------------------------------------------------


def test_decide_assess_page_shows_the_panel_deadline_and_case(north, signed_in):
    with _on(datetime.date(2026, 2, 2)):
        case = journey.at_stage(north, "panel", received_on=RECEIVED)
        services.panel_record_recommendation(
            actor=north.people["caseworker"],
            panel_case=case.panel_cases.get(),
            recommendation="assess",
            reasons="Little progress after two years of SEN support.",
        )
        response = signed_in(north.people["manager"]).get(_url("case-decide-assess", case))
    assert response.status_code == 200
    text = _text(response)
    assert "Decide whether to carry out an EHC needs assessment" in text
    assert "Riley Taylor" in text
    assert "Little progress after two years of SEN support." in text
    assert "Assess" in text
    assert "Decision on whether to assess due by Monday 16 February 2026" in text
    assert "If you decide today (Monday 2 February 2026), this is within the 6-week limit." in text
    assert "received Monday 5 January 2026" in text
    assert "had an EHC needs assessment in the 6 months" not in text
    # The date defaults to today.
    assert 'name="decided_on_day" value="2"' in response.content.decode()
    # Opening the page is logged as a read of the child's record.
    assert ChildAccessLog.objects.filter(
        user=north.people["manager"], child=north.children["pupil"], channel="page"
    ).exists()


def test_decide_assess_page_warns_of_an_assessment_in_the_previous_6_months(north, signed_in):
    with _on(datetime.date(2026, 3, 2)):
        journey.at_stage(north, "assessing", received_on=RECEIVED)
        again = journey.at_stage(north, "received")
        text = _text(signed_in(north.people["manager"]).get(_url("case-decide-assess", again)))
    assert "Riley Taylor had an EHC needs assessment in the 6 months before this request" in text
    assert "section 36(6)(b)" in text


def test_deciding_to_assess_on_time_meets_the_6_week_limit(north, signed_in):
    with _on(datetime.date(2026, 2, 16)):
        case = journey.at_stage(north, "panel", received_on=RECEIVED)
        response = signed_in(north.people["manager"]).post(
            _url("case-decide-assess", case),
            {
                "decision": "assess",
                "reasons": "The legal test is met.",
                **_date("decided_on", datetime.date(2026, 2, 16)),
            },
        )
    assert response.status_code == 302
    assert response["Location"] == _url("case-detail", case)
    assert _messages(response) == ["You decided to carry out an EHC needs assessment for Riley Taylor"]
    case = _reload(case)
    assert (case.stage, case.assess_decision, case.assess_decided_on) == (
        "assessing",
        "assess",
        datetime.date(2026, 2, 16),
    )
    deadline = _deadline(case, "decide_whether_to_assess")
    assert (deadline.status, deadline.met_on) == ("met", datetime.date(2026, 2, 16))


def test_deciding_late_is_missed_and_the_page_said_so(north, signed_in):
    with _on(datetime.date(2026, 2, 19)):
        case = journey.at_stage(north, "panel", received_on=RECEIVED)
        client = signed_in(north.people["manager"])
        text = _text(client.get(_url("case-decide-assess", case)))
        assert "this is 3 days after the 6-week limit" in text
        client.post(
            _url("case-decide-assess", case),
            {
                "decision": "assess",
                "reasons": "The legal test is met.",
                **_date("decided_on", datetime.date(2026, 2, 19)),
            },
        )
    deadline = _deadline(case, "decide_whether_to_assess")
    assert (deadline.status, deadline.met_on) == ("missed", datetime.date(2026, 2, 19))


def test_deciding_on_an_earlier_date_counts_from_that_date(north, signed_in):
    with _on(datetime.date(2026, 2, 20)):
        case = journey.at_stage(north, "panel", received_on=RECEIVED)
        signed_in(north.people["manager"]).post(
            _url("case-decide-assess", case),
            {
                "decision": "assess",
                "reasons": "Decided at panel.",
                **_date("decided_on", datetime.date(2026, 2, 13)),
            },
        )
    assert _deadline(case, "decide_whether_to_assess").status == "met"


def test_refusing_to_assess_closes_the_case_and_links_to_the_letter(north, signed_in):
    with _on(datetime.date(2026, 2, 2)):
        case = journey.at_stage(north, "panel", received_on=RECEIVED)
        response = signed_in(north.people["manager"]).post(
            _url("case-decide-assess", case),
            {
                "decision": "not_assess",
                "reasons": "Needs can be met at SEN support.",
                **_date("decided_on", datetime.date(2026, 2, 2)),
            },
        )
    assert response.status_code == 302
    case = _reload(case)
    assert (case.stage, case.closed_on) == ("refused", datetime.date(2026, 2, 2))
    letter = DecisionLetter.objects.get(request=case)
    assert letter.kind == "refuse_to_assess"
    assert "Needs can be met at SEN support." in letter.reasons
    [message] = _messages(response)
    assert "You decided not to carry out an EHC needs assessment for Riley Taylor" in message
    assert f'href="{reverse("case-letter", kwargs={"pk": case.pk, "letter_id": letter.pk})}"' in message
    assert _deadline(case, "decide_whether_to_assess").status == "met"
    assert {_deadline(case, c).status for c in ("notify_not_to_issue", "final_plan_due")} == {"not_needed"}


def test_decide_assess_with_nothing_chosen_lists_every_problem_and_keeps_what_was_typed(north, signed_in):
    with _on(datetime.date(2026, 2, 2)):
        case = journey.at_stage(north, "panel", received_on=RECEIVED)
        client = signed_in(north.people["manager"])
        response = client.post(_url("case-decide-assess", case), {"reasons": "Typed reasons stay."})
        assert response.status_code == 200
        assert _errors(response) == [
            "Choose whether to carry out an EHC needs assessment",
            "Enter the date of the decision",
        ]
        assert "Typed reasons stay." in response.content.decode()
        assert "<title>Error: " in response.content.decode()
        response = client.post(
            _url("case-decide-assess", case),
            {"decision": "assess", **_date("decided_on", datetime.date(2026, 2, 2))},
        )
        assert _errors(response) == ["Enter the reasons for the decision"]
        assert 'value="assess" checked' in response.content.decode()
    assert _reload(case).stage == "panel"


@pytest.mark.parametrize(
    "parts,message",
    [
        (("3", "2", "2026"), "Date of the decision must be today or in the past"),
        (
            ("2", "1", "2026"),
            "Date of the decision must be on or after 5 January 2026, the day the request was received",
        ),
        (("31", "2", "2026"), "Date of the decision must be a real date"),
        (("", "2", "2026"), "Date of the decision must include a day"),
        (("2", "2", "26"), "Year must include 4 numbers"),
    ],
)
def test_decide_assess_date_errors(north, signed_in, parts, message):
    with _on(datetime.date(2026, 2, 2)):
        case = journey.at_stage(north, "panel", received_on=RECEIVED)
        response = signed_in(north.people["manager"]).post(
            _url("case-decide-assess", case),
            {"decision": "not_assess", "reasons": "Kept.", **_date("decided_on", parts=parts)},
        )
    assert response.status_code == 200
    assert _errors(response) == [message]
    assert _field_error(response, "decided_on") == message
    body = response.content.decode()
    assert f'name="decided_on_year" value="{parts[2]}"' in body
    assert "Kept." in body
    assert _reload(case).stage == "panel"
    assert not DecisionLetter.objects.exists()


def test_decide_assess_at_the_wrong_stage_is_explained(north, signed_in):
    case = journey.at_stage(north, "assessing")
    client = signed_in(north.people["manager"])
    page = client.get(_url("case-decide-assess", case))
    assert page.status_code == 200
    assert "You cannot do this now" in _text(page)
    assert "A decision on whether to assess has already been made." in _text(page)
    assert "Save the decision" not in page.content.decode()
    posted = client.post(
        _url("case-decide-assess", case),
        {"decision": "not_assess", "reasons": "x", **_date("decided_on", case.received_on)},
    )
    assert posted.status_code == 409
    assert "A decision on whether to assess has already been made." in _text(posted)
    assert _reload(case).stage == "assessing"


# 2. Ask for advice ---------------------------------------------------------------------------------------


def _advice_post(client, case, **data):
    body = {"questions": "", **_date("requested_on", data.pop("on", None) or datetime.date.today()), **data}
    return client.post(_url("case-advice-new", case), {k: v for k, v in body.items() if v is not None})


def test_advice_page_lists_advice_asked_for_with_due_dates(north, signed_in):
    with _on(datetime.date(2026, 2, 2)):
        case = journey.at_stage(north, "advice_requested", received_on=RECEIVED)
        response = signed_in(north.people["caseworker"]).get(_url("case-advice-new", case))
    assert response.status_code == 200
    text = _text(response)
    assert "Advice already asked for" in text
    assert "Educational advice (the setting)" in text and "Northby Primary School" in text
    assert "NHS Northby Integrated Care Board" in text
    assert "Social care team" in text
    assert text.count("Monday 16 March 2026 (regulation 8)") == 3
    # The choices: the partnership's settings, its ICB, and people who may see the child.
    body = response.content.decode()
    assert "Northby Learning Centre" in body
    adviser_options = re.search(r'<select name="adviser".*?</select>', body, re.S).group(0)
    for persona in ("caseworker", "manager", "senco", "headteacher", "health", "social_care"):
        assert north.people[persona].full_name in adviser_options
    for persona in ("parent", "mediator", "regional", "support", "ap_provider"):
        assert north.people[persona].full_name not in adviser_options


def test_asking_for_educational_advice_starts_the_6_week_clock(north, signed_in):
    with _on(datetime.date(2026, 1, 28)):
        case = journey.at_stage(north, "assessing", received_on=RECEIVED)
    with _on(datetime.date(2026, 2, 2)):  # recorded a few days after the school received it
        response = _advice_post(
            signed_in(north.people["caseworker"]),
            case,
            advice_type="educational",
            setting=north.school.pk,
            questions="Attainment and support so far.",
            on=datetime.date(2026, 1, 30),
        )
    assert response.status_code == 302, _errors(response)
    assert response["Location"] == _url("case-detail", case)
    advice = AdviceRequest.objects.get(request=case)
    assert (advice.advice_type, advice.setting, advice.requested_on) == (
        "educational",
        north.school,
        datetime.date(2026, 1, 30),
    )
    deadline = advice.deadlines.get()
    assert (deadline.code, deadline.due_on, deadline.status) == (
        "advice_due",
        datetime.date(2026, 3, 13),
        "pending",
    )
    assert _messages(response) == [
        "Educational advice (the setting) has been asked for. It is due by Friday 13 March 2026"
    ]


def test_health_advice_goes_to_the_icb_and_social_care_to_the_team(north, signed_in):
    case = journey.at_stage(north, "assessing")
    client = signed_in(north.people["manager"])
    icb = north.partnership.icbs.get()
    assert _advice_post(client, case, advice_type="health", icb=icb.pk).status_code == 302
    assert _advice_post(client, case, advice_type="social_care").status_code == 302
    rows = {a.advice_type: a for a in AdviceRequest.objects.filter(request=case)}
    assert rows["health"].icb == icb
    assert (rows["social_care"].adviser, rows["social_care"].adviser_name) == (None, "")


def test_psychological_advice_names_a_person_or_an_outside_adviser(north, signed_in):
    case = journey.at_stage(north, "assessing")
    client = signed_in(north.people["caseworker"])
    assert (
        _advice_post(client, case, advice_type="psychological", adviser_name="Dr Ali Khan, EP").status_code
        == 302
    )
    assert (
        _advice_post(client, case, advice_type="other", adviser=north.people["health"].pk).status_code == 302
    )
    rows = {a.advice_type: a for a in AdviceRequest.objects.filter(request=case)}
    assert rows["psychological"].adviser_name == "Dr Ali Khan, EP"
    assert rows["other"].adviser == north.people["health"]


@pytest.mark.parametrize(
    "data,field,message",
    [
        ({}, "advice_type", "Choose the kind of advice"),
        (
            {"advice_type": "educational", "setting": ""},
            "setting",
            "Choose the school or setting that is to give educational advice",
        ),
        (
            {"advice_type": "health", "icb": ""},
            "icb",
            "Choose the integrated care board that is to give health advice",
        ),
        ({"advice_type": "psychological"}, "adviser", "Choose the adviser or enter their name"),
        ({"advice_type": "family_requested"}, "adviser", "Choose the adviser or enter their name"),
        (
            {"advice_type": "other", "adviser": "caseworker", "adviser_name": "Someone"},
            "adviser_name",
            "Choose a named adviser or enter a name, not both",
        ),
        ({"advice_type": "other", "adviser": "parent"}, "adviser", "Choose an adviser from the list"),
        (
            {"advice_type": "educational", "setting": "south_school"},
            "setting",
            "Choose a school or setting from the list",
        ),
    ],
)
def test_advice_errors(north, south, signed_in, data, field, message):
    case = journey.at_stage(north, "assessing")
    data = dict(data, questions="Typed questions stay.")
    if data.get("adviser") in ("caseworker", "parent"):
        data["adviser"] = north.people[data["adviser"]].pk
    if data.get("setting") == "south_school":
        data["setting"] = south.school.pk
    response = _advice_post(signed_in(north.people["caseworker"]), case, **data)
    assert response.status_code == 200
    assert _field_error(response, field) == message
    assert message in _errors(response)
    assert "Typed questions stay." in response.content.decode()
    assert not AdviceRequest.objects.filter(request=case).exists()


def test_advice_date_before_the_decision_to_assess_is_refused(north, signed_in):
    with _on(datetime.date(2026, 2, 2)):
        case = journey.at_stage(north, "assessing", received_on=RECEIVED)
        response = _advice_post(
            signed_in(north.people["caseworker"]),
            case,
            advice_type="social_care",
            on=datetime.date(2026, 1, 30),
        )
    assert _errors(response) == [
        "Date the adviser received the request must be on or after 2 February 2026, the day the decision to assess was made"
    ]


@pytest.mark.parametrize("stage", ["panel", "refused", "draft_plan"])
def test_advice_at_the_wrong_stage_is_explained(north, signed_in, stage):
    case = journey.at_stage(north, stage)
    client = signed_in(north.people["caseworker"])
    page = client.get(_url("case-advice-new", case))
    assert page.status_code == 200
    assert "Advice can be asked for only while the assessment is under way." in _text(page)
    before = AdviceRequest.objects.count()
    assert _advice_post(client, case, advice_type="social_care").status_code == 409
    assert AdviceRequest.objects.count() == before


# 3. Decide whether to issue a plan ------------------------------------------------------------------------


def test_decide_issue_page_shows_advice_received_and_the_16_week_limit(north, signed_in):
    with _on(datetime.date(2026, 3, 2)):
        case = journey.at_stage(north, "advice_submitted", received_on=RECEIVED)
        services.advice_request_create(
            actor=north.people["caseworker"],
            request=case,
            advice_type="psychological",
            adviser_name="Dr Ali Khan",
        )
        response = signed_in(north.people["manager"]).get(_url("case-decide-issue", case))
    assert response.status_code == 200
    text = _text(response)
    assert "Notice of a decision not to issue a plan due by Monday 27 April 2026" in text
    assert "this is within the 16-week limit" in text
    assert text.count("Advice submitted") == 3
    assert "Dr Ali Khan" in text
    assert "1 request for advice is still waiting for an answer." in text


def test_not_issuing_closes_the_16_week_deadline_and_makes_a_letter(north, signed_in):
    with _on(datetime.date(2026, 4, 20)):
        case = journey.at_stage(north, "advice_submitted", received_on=RECEIVED)
        response = signed_in(north.people["manager"]).post(
            _url("case-decide-issue", case),
            {
                "decision": "not_issue",
                "reasons": "Needs can be met from the school's resources.",
                **_date("decided_on", datetime.date(2026, 4, 20)),
            },
        )
    assert response.status_code == 302
    case = _reload(case)
    assert (case.stage, case.issue_decision, case.closed_on) == (
        "not_issuing",
        "not_issue",
        datetime.date(2026, 4, 20),
    )
    notify = _deadline(case, "notify_not_to_issue")
    assert (notify.status, notify.met_on) == ("met", datetime.date(2026, 4, 20))
    assert _deadline(case, "final_plan_due").status == "not_needed"
    letter = DecisionLetter.objects.get(request=case, kind="not_to_issue")
    [message] = _messages(response)
    assert "You decided not to issue an EHC plan for Riley Taylor" in message
    assert reverse("case-letter", kwargs={"pk": case.pk, "letter_id": letter.pk}) in message


def test_not_issuing_after_16_weeks_is_missed(north, signed_in):
    with _on(datetime.date(2026, 4, 28)):
        case = journey.at_stage(north, "advice_submitted", received_on=RECEIVED)
        client = signed_in(north.people["manager"])
        assert "this is 1 day after the 16-week limit" in _text(client.get(_url("case-decide-issue", case)))
        client.post(
            _url("case-decide-issue", case),
            {
                "decision": "not_issue",
                "reasons": "Late decision.",
                **_date("decided_on", datetime.date(2026, 4, 28)),
            },
        )
    assert _deadline(case, "notify_not_to_issue").status == "missed"


def test_issuing_leaves_the_20_week_clock_running(north, signed_in):
    case = journey.at_stage(north, "advice_submitted")
    response = signed_in(north.people["manager"]).post(
        _url("case-decide-issue", case),
        {
            "decision": "issue",
            "reasons": "Provision by a plan is necessary.",
            **_date("decided_on", datetime.date.today()),
        },
    )
    assert response.status_code == 302
    assert _messages(response) == [
        "You decided to issue an EHC plan for Riley Taylor. The draft plan is next"
    ]
    case = _reload(case)
    assert (case.stage, case.issue_decision) == ("assessing", "issue")
    assert _deadline(case, "notify_not_to_issue").status == "not_needed"
    assert _deadline(case, "final_plan_due").status == "pending"
    assert not DecisionLetter.objects.filter(request=case).exists()


def test_decide_issue_errors_and_wrong_stage(north, signed_in):
    case = journey.at_stage(north, "advice_submitted")
    client = signed_in(north.people["manager"])
    response = client.post(
        _url("case-decide-issue", case),
        {"decision": "maybe", "reasons": " ", **_date("decided_on", datetime.date.today())},
    )
    assert _errors(response) == ["Choose whether to issue an EHC plan", "Enter the reasons for the decision"]
    decided = journey.at_stage(north, "decided_to_issue", child="unlinked")
    page = client.get(_url("case-decide-issue", decided))
    assert "A decision on whether to issue a plan has already been made." in _text(page)
    received = journey.at_stage(north, "received", child="ap_pupil")
    assert "only while the assessment is under way" in _text(client.get(_url("case-decide-issue", received)))


# 4. The draft plan ---------------------------------------------------------------------------------------


def _write(north, case, **changes) -> Plan:
    """Start the plan and write it in full (as the editor would), then apply ``changes`` to sections."""
    plan = journey.write_draft(north, _reload(case))
    if changes:
        version = services_plans.working_version(plan)
        services_plans.content_replace(
            actor=north.people["caseworker"],
            plan=plan,
            content={**version.content, **changes},
            base_revision=version.revision,
        )
    return Plan.objects.get(pk=plan.pk)


def test_draft_plan_page_offers_to_start_the_plan_and_gives_the_comments_deadline(north, signed_in):
    with _on(datetime.date(2026, 3, 16)):
        case = journey.at_stage(north, "decided_to_issue", received_on=RECEIVED)
        response = signed_in(north.people["caseworker"]).get(_url("case-draft-plan", case))
    assert response.status_code == 200
    text = _text(response)
    body = response.content.decode()
    assert "Start writing the draft plan" in text
    assert f'action="{_url("case-draft-plan-start", case)}"' in body
    assert "Section I is left blank in the draft. The draft must not name a school or other setting" in text
    assert "Serve the draft plan" not in text and 'name="served_on_day"' not in body
    assert "Final EHC plan due by Monday 25 May 2026 : the 20-week limit (regulation 13)." in text
    assert "comment period would end after" not in text
    assert (
        "If you serve the draft today, the family has until Monday 30 March 2026 to comment and to ask for a "
        "school or other setting to be named: at least 15 days, beginning with the day of service (regulation 13)."
    ) in text
    assert not Plan.objects.filter(request=case).exists()  # looking starts nothing


def test_starting_the_draft_plan_opens_the_editor_with_the_advice_in_section_k(north, signed_in):
    with _on(datetime.date(2026, 3, 16)):
        case = journey.at_stage(north, "decided_to_issue", received_on=RECEIVED)
        client = signed_in(north.people["caseworker"])
        response = client.post(_url("case-draft-plan-start", case))
        plan = Plan.objects.get(request=case)
        assert response.status_code == 302
        assert response["Location"] == f"/plans/{plan.pk}/edit/"
        # Starting again is harmless: the same plan.
        assert client.post(_url("case-draft-plan-start", case))["Location"] == f"/plans/{plan.pk}/edit/"
        page = client.get(_url("case-draft-plan", case))
    assert Plan.objects.filter(request=case).count() == 1
    version = services_plans.working_version(plan)
    assert (version.kind, version.status, plan.status) == ("draft", "working", "draft")
    assert [item["title"] for item in version.content["K"]["items"]] == [
        "Educational advice (the setting)",
        "Health advice (the ICB's designated officer)",
        "Social care advice",
    ]
    text = _text(page)
    assert "Start writing the draft plan" not in text
    assert f'href="/plans/{plan.pk}/edit/"' in page.content.decode()
    # The sections the draft needs, and the quality checklist, before it can be served.
    missing = re.search(
        r'<ul class="govuk-list govuk-list--bullet" id="missing-sections">(.*?)</ul>',
        page.content.decode(),
        re.S,
    )
    assert re.findall(r"<li>(.*?)</li>", missing.group(1)) == [
        "Section A: views, interests and aspirations",
        "Section B: special educational needs",
        "Section E: outcomes",
        "Section F: special educational provision",
    ]
    assert "Quality checklist" in text
    assert 'name="served_on_day" value="16"' in page.content.decode()


def test_draft_plan_page_shows_the_quality_checklist_of_the_plan_written(north, signed_in):
    case = journey.at_stage(north, "decided_to_issue")
    plan = _write(north, case)
    version = services_plans.working_version(plan)
    provision = [dict(line) for line in version.content["F"]["provision"]]
    provision[0] = {**provision[0], "frequency": "regularly", "outcome_ids": []}
    _write(north, case, F={**version.content["F"], "provision": provision})
    text = _text(signed_in(north.people["caseworker"]).get(_url("case-draft-plan", case)))
    assert "Every section needed before the draft is served has been written." in text
    checks = {c["title"]: c for c in quality.checklist(services_plans.working_version(plan).content)}
    failing = [title for title, c in checks.items() if not c["passed"]]
    assert failing and len(failing) < len(checks)
    for title, check in checks.items():
        assert title in text.replace("&#x27;", "'")
        for finding in check["findings"]:
            assert finding["message"] in text.replace("&#x27;", "'").replace("&quot;", '"')
    assert "The quality checks do not stop the plan being issued" in text


def test_issuing_the_draft_plan_starts_the_15_day_comment_period(north, signed_in):
    with _on(datetime.date(2026, 3, 16)):
        case = journey.at_stage(north, "decided_to_issue", received_on=RECEIVED)
        plan = _write(north, case)
        written = services_plans.working_version(plan).content
        response = signed_in(north.people["caseworker"]).post(
            _url("case-draft-plan", case), _date("served_on", datetime.date(2026, 3, 16))
        )
    assert response.status_code == 302, _errors(response)
    assert _messages(response) == [
        "The draft plan has been issued. The family can comment and ask for a school or other setting to be "
        "named until Monday 30 March 2026"
    ]
    plan = Plan.objects.get(request=case)
    assert plan.status == "draft" and plan.draft_issued_on == datetime.date(2026, 3, 16)
    served = plan.versions.get(number=1)
    assert (served.kind, served.status, served.issued_on) == ("draft", "issued", datetime.date(2026, 3, 16))
    assert served.content == written
    assert served.content["I"] == {"setting_type": "", "setting_name": "", "setting_urn": ""}
    assert _reload(case).stage == "draft_plan"
    comments = _deadline(case, "comments_due")
    assert (comments.due_on, comments.who_acts, comments.status) == (
        datetime.date(2026, 3, 30),
        "family",
        "pending",
    )


def test_draft_plan_page_warns_when_comments_would_run_past_20_weeks(north, signed_in):
    with _on(datetime.date(2026, 5, 15)):
        case = journey.at_stage(north, "decided_to_issue", received_on=RECEIVED)
        text = _text(signed_in(north.people["caseworker"]).get(_url("case-draft-plan", case)))
    assert "The family's comment period would end after the 20-week limit for the final plan." in text


def test_draft_plan_missing_sections_are_named_and_the_date_is_kept(north, signed_in):
    case = journey.at_stage(north, "decided_to_issue")
    empty = plan_content.empty_content()
    _write(north, case, A=empty["A"], F=empty["F"])
    day = datetime.date.today()
    response = signed_in(north.people["caseworker"]).post(
        _url("case-draft-plan", case), _date("served_on", day)
    )
    assert response.status_code == 200
    assert _errors(response) == [
        "Write section A before issuing the draft",
        "Write section F before issuing the draft",
    ]
    assert f'name="served_on_day" value="{day.day}"' in response.content.decode()
    missing = _text(response).split("Write these sections before serving the draft:", 1)[1]
    assert "Section A: views, interests and aspirations" in missing
    case = _reload(case)
    assert case.stage == "assessing" and Plan.objects.get(request=case).draft_issued_on is None


def test_draft_plan_served_before_the_decision_to_issue_is_refused(north, signed_in):
    with _on(datetime.date(2026, 3, 16)):
        case = journey.at_stage(north, "decided_to_issue", received_on=RECEIVED)
        _write(north, case)
        response = signed_in(north.people["caseworker"]).post(
            _url("case-draft-plan", case), _date("served_on", datetime.date(2026, 3, 13))
        )
    assert _errors(response) == [
        "Date the draft plan is served must be on or after 16 March 2026, the day the decision to issue a plan was made"
    ]


def test_serving_a_plan_not_yet_started_is_refused(north, signed_in):
    case = journey.at_stage(north, "decided_to_issue")
    client = signed_in(north.people["caseworker"])
    response = client.post(_url("case-draft-plan", case), _date("served_on", datetime.date.today()))
    assert response.status_code == 409
    assert "The draft plan has not been started: start writing it first." in _text(response)


@pytest.mark.parametrize(
    "stage,reason",
    [
        ("advice_submitted", "A draft plan can be issued only after deciding to issue a plan."),
        ("not_issuing", "A draft plan can be issued only after deciding to issue a plan."),
        ("draft_plan", "A draft plan has already been issued."),
    ],
)
def test_draft_plan_at_the_wrong_stage(north, signed_in, stage, reason):
    case = journey.at_stage(north, stage)
    client = signed_in(north.people["caseworker"])
    assert reason in _text(client.get(_url("case-draft-plan", case)))
    before = (Plan.objects.count(), PlanVersion.objects.count())
    served = _date("served_on", datetime.date.today())
    assert client.post(_url("case-draft-plan", case), served).status_code == 409
    start = client.post(_url("case-draft-plan-start", case))
    assert start.status_code == 409 and reason in _text(start)
    assert (Plan.objects.count(), PlanVersion.objects.count()) == before


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_start_the_draft_plan(north, south, signed_in, persona):
    case = journey.at_stage(north, "decided_to_issue")
    other = journey.at_stage(south, "decided_to_issue")
    client = signed_in(north.people[persona])
    response = client.post(_url("case-draft-plan-start", case))
    expected = 302 if persona in {"caseworker", "manager"} else expected_status(persona, set())
    assert response.status_code == expected, persona
    assert Plan.objects.filter(request=case).exists() == (expected == 302)
    assert client.post(_url("case-draft-plan-start", other)).status_code == (
        403 if persona in AGGREGATE_ONLY else 404
    )
    assert client.get(_url("case-draft-plan-start", case)).status_code in (302, 403, 404, 405)
    assert not Plan.objects.filter(request=other).exists()


# 5. Consulting settings -------------------------------------------------------------------------------------


def test_consult_page_shows_the_family_preference_first_and_preselects_it(north, signed_in):
    case = journey.at_stage(north, "commented")
    response = signed_in(north.people["caseworker"]).get(_url("case-consult", case))
    assert response.status_code == 200
    body = response.content.decode()
    text = _text(response)
    assert (
        text.index("The family's preference")
        < text.index("Settings consulted")
        < text.index("Consult a school or setting")
    )
    assert "Northby Primary School (Mainstream school)" in text
    assert "It is close to home and his friends are there." in text
    assert re.search(rf'<option value="{north.school.pk}" selected>', body)
    assert "No school or setting has been consulted yet." in text


def test_consulting_a_setting_asks_for_a_reply_in_15_days(north, signed_in):
    with _on(datetime.date(2026, 4, 1)):
        case = journey.at_stage(north, "commented", received_on=RECEIVED)
        client = signed_in(north.people["caseworker"])
        response = client.post(
            _url("case-consult", case),
            {"setting": north.ap.pk, **_date("sent_on", datetime.date(2026, 4, 1))},
        )
        assert response.status_code == 302, _errors(response)
        assert _messages(response) == [
            "Northby Learning Centre has been consulted. It should reply by Thursday 16 April 2026"
        ]
        consultation = PlanConsultation.objects.get(plan__request=case)
        deadline = consultation.deadlines.get()
        assert (deadline.code, deadline.due_on, deadline.guidance_only) == (
            "consultation_response_due",
            datetime.date(2026, 4, 16),
            True,
        )
        # Listed with its due date; no longer offered.
        page = client.get(_url("case-consult", case))
    text = _text(page)
    assert "Northby Learning Centre" in text and "Thursday 16 April 2026" in text and "No reply yet" in text
    assert f'<option value="{north.ap.pk}"' not in page.content.decode()


def test_consultations_show_responses(north, signed_in):
    case = journey.at_stage(north, "consulted")
    consultation = PlanConsultation.objects.get(plan__request=case)
    services.consultation_respond(
        actor=north.people["senco"],
        consultation=consultation,
        response="can_meet",
        details="We have a place in Year 4.",
    )
    text = _text(signed_in(north.people["caseworker"]).get(_url("case-consult", case)))
    assert "We can meet the child's needs" in text or "We can meet the child&#x27;s needs" in text
    assert "We have a place in Year 4." in text


def test_consult_errors(north, south, signed_in):
    case = journey.at_stage(north, "consulted")
    client = signed_in(north.people["caseworker"])
    today = _date("sent_on", datetime.date.today())
    for setting, message in (
        ("", "Choose the school or setting to consult"),
        (north.school.pk, "Choose a school or setting from the list"),  # already consulted
        (south.school.pk, "Choose a school or setting from the list"),
    ):
        response = client.post(_url("case-consult", case), {"setting": setting, **today})
        assert _errors(response) == [message]
    assert PlanConsultation.objects.filter(plan__request=case).count() == 1


@pytest.mark.parametrize(
    "stage,reason",
    [
        ("decided_to_issue", "There is no draft plan yet: issue a draft plan first."),
        ("final", "The final plan has already been issued."),
    ],
)
def test_consult_and_final_plan_at_the_wrong_stage(north, signed_in, stage, reason):
    case = journey.at_stage(north, stage)
    client = signed_in(north.people["caseworker"])
    for name in ("case-consult", "case-final-plan"):
        page = client.get(_url(name, case))
        assert page.status_code == 200
        assert reason in _text(page)
    assert client.post(_url("case-consult", case), {"setting": north.ap.pk}).status_code == 409


# 6. The final plan -----------------------------------------------------------------------------------------


def test_final_plan_page_prefills_the_preference_shows_the_checklist_and_says_it_is_on_time(north, signed_in):
    with _on(datetime.date(2026, 5, 18)):
        case = journey.at_stage(north, "consulted", received_on=RECEIVED)
        response = signed_in(north.people["caseworker"]).get(_url("case-final-plan", case))
    assert response.status_code == 200
    text = _text(response)
    assert "Final EHC plan due by Monday 25 May 2026" in text
    assert "If you issue the final plan today (Monday 18 May 2026), this is within the 20-week limit." in text
    body = response.content.decode()
    assert re.search(rf'<option value="{north.school.pk}" selected>', body)
    assert re.search(r'<input type="text" name="setting_type" value="Mainstream school"', body)
    plan = Plan.objects.get(request=case)
    working = services_plans.working_version(plan)
    assert f"Version {working.number}, with the changes made since the draft was served." in text
    assert f'href="/plans/{plan.pk}/edit/"' in body
    assert "Quality checklist" in text and "Every quality check passes." in text


def test_issuing_the_final_plan_within_20_weeks_is_met(north, signed_in):
    with _on(datetime.date(2026, 5, 18)):
        case = journey.at_stage(north, "consulted", received_on=RECEIVED)
        response = signed_in(north.people["caseworker"]).post(
            _url("case-final-plan", case),
            {
                "named_setting": north.school.pk,
                "setting_type": "Mainstream primary school",
                **_date("issued_on", datetime.date(2026, 5, 18)),
            },
        )
    assert response.status_code == 302, _errors(response)
    assert _messages(response) == [
        "The final EHC plan for Riley Taylor has been issued, naming Northby Primary School"
    ]
    plan = Plan.objects.select_related("current_version").get(request=case)
    assert (plan.status, plan.named_setting, plan.current_version.kind, plan.current_version.status) == (
        "final",
        north.school,
        "final",
        "issued",
    )
    section_i = plan.current_version.content["I"]
    assert (section_i["setting_type"], section_i["setting_name"]) == (
        "Mainstream primary school",
        "Northby Primary School",
    )
    case = _reload(case)
    assert (case.stage, case.final_issued_on) == ("final", datetime.date(2026, 5, 18))
    deadline = _deadline(case, "final_plan_due")
    assert (deadline.status, deadline.met_on) == ("met", datetime.date(2026, 5, 18))
    assert selectors.timeliness(partnership_ids=[north.partnership.pk])["within_20_weeks"] == 1
    review = Deadline.objects.get(plan=plan, code="annual_review_due")
    assert (review.request_id, review.due_on) == (None, datetime.date(2027, 5, 18))


def test_issuing_the_final_plan_after_20_weeks_is_missed_and_the_page_says_by_how_much(north, signed_in):
    with _on(datetime.date(2026, 5, 28)):
        case = journey.at_stage(north, "consulted", received_on=RECEIVED)
        client = signed_in(north.people["caseworker"])
        assert "this is 3 days after the 20-week limit" in _text(client.get(_url("case-final-plan", case)))
        client.post(
            _url("case-final-plan", case),
            {
                "named_setting": north.school.pk,
                "setting_type": "Mainstream school",
                **_date("issued_on", datetime.date(2026, 5, 28)),
            },
        )
    deadline = _deadline(case, "final_plan_due")
    assert (deadline.status, deadline.met_on) == ("missed", datetime.date(2026, 5, 28))


def test_final_plan_errors_keep_what_was_typed(north, signed_in):
    case = journey.at_stage(north, "consulted")
    client = signed_in(north.people["caseworker"])
    today = _date("issued_on", datetime.date.today())
    response = client.post(
        _url("case-final-plan", case), {"named_setting": north.ap.pk, "setting_type": "", **today}
    )
    assert _errors(response) == ["Enter the type of school, college or other institution for section I"]
    assert re.search(rf'<option value="{north.ap.pk}" selected>', response.content.decode())
    tomorrow = _date("issued_on", datetime.date.today() + datetime.timedelta(days=1))
    response = client.post(
        _url("case-final-plan", case),
        {"named_setting": north.ap.pk, "setting_type": "Pupil referral unit", **tomorrow},
    )
    assert _errors(response) == ["Date the final plan is issued must be today or in the past"]
    assert 'value="Pupil referral unit"' in response.content.decode()
    assert Plan.objects.get(request=case).status == "draft"
    # With no setting named, the type alone is enough.
    response = client.post(
        _url("case-final-plan", case),
        {"named_setting": "", "setting_type": "A special school for autism", **today},
    )
    assert response.status_code == 302
    plan = Plan.objects.select_related("current_version").get(request=case)
    assert plan.named_setting is None
    assert plan.current_version.content["I"] == {
        "setting_type": "A special school for autism",
        "setting_name": "",
        "setting_urn": "",
    }


# 7. Exceptions --------------------------------------------------------------------------------------------


def _exception_data(case, *codes, ground="absence_from_area", **extra) -> dict:
    ids = [d.pk for d in Deadline.objects.filter(request=case, code__in=codes)]
    return {
        "ground": ground,
        **_date("starts_on", case.received_on),
        "ends_on_day": "",
        "ends_on_month": "",
        "ends_on_year": "",
        "details": "The family was abroad for six weeks caring for a relative.",
        "deadlines": ids,
        **extra,
    }


def test_exception_page_lists_grounds_with_descriptions_and_the_case_deadlines(north, signed_in):
    with _on(datetime.date(2026, 2, 20)):
        case = journey.at_stage(north, "panel", received_on=RECEIVED)
        response = signed_in(north.people["manager"]).get(_url("case-exception", case))
    assert response.status_code == 200
    text = _text(response)
    assert "Absence from area" in text
    assert (
        "The child, their parent or the young person was away from the local authority's area for at least 4 weeks"
        in text.replace("&#x27;", "'")
    )
    assert "Missed appointment" in text
    assert "Does not apply to this case's open time limits." in text.replace("&#x27;", "'")
    assert "Decision on whether to assess: due by Monday 16 February 2026 (regulation 5), missed" in text
    assert "Final EHC plan: due by Monday 25 May 2026 (regulation 13)" in text
    assert "Coronavirus" not in text  # only in the 2020 rule set


def test_recording_an_exception_marks_the_chosen_deadlines_excepted(north, signed_in):
    with _on(datetime.date(2026, 2, 20)):
        case = journey.at_stage(north, "panel", received_on=RECEIVED)
        evidence = SimpleUploadedFile("letter.pdf", PDF, content_type="application/pdf")
        response = signed_in(north.people["manager"]).post(
            _url("case-exception", case),
            _exception_data(case, "decide_whether_to_assess", "final_plan_due", evidence=evidence),
        )
    assert response.status_code == 302, _errors(response)
    assert _messages(response) == ["The exception has been recorded for 2 time limits"]
    exception = CaseException.objects.get(request=case)
    assert exception.ground == "absence_from_area"
    assert exception.evidence.kind == CaseDocument.Kind.EXCEPTION_EVIDENCE
    assert exception.evidence.content_type == "application/pdf"
    statuses = {d.code: (d.status, d.exception_id) for d in selectors.case_timeline(request=case)}
    assert statuses["decide_whether_to_assess"] == ("excepted", exception.pk)
    assert statuses["final_plan_due"] == ("excepted", exception.pk)
    assert statuses["notify_not_to_issue"] == ("pending", None)
    # It shows on the case's timeline, and the decision page now says an exception applies.
    timeline = _text(signed_in(north.people["manager"]).get(_url("case-detail", case))).replace("&#x27;", "'")
    assert "Exception: The child, their parent or the young person was away" in timeline
    page = signed_in(north.people["manager"]).get(_url("case-decide-assess", case))
    assert "An exception applies: The child, their parent or the young person was away" in _text(
        page
    ).replace("&#x27;", "'")


def test_an_exception_ground_that_does_not_apply_to_a_deadline_is_refused(north, signed_in):
    case = journey.at_stage(north, "advice_requested")
    data = _exception_data(case, "final_plan_due", ground="missed_appointment")
    response = signed_in(north.people["manager"]).post(_url("case-exception", case), data)
    assert response.status_code == 200
    assert _errors(response) == ["Final EHC plan: this exception does not apply to it (regulation 13(2))"]
    assert _field_error(response, "deadlines").startswith("Final EHC plan: this exception does not apply")
    assert "The family was abroad for six weeks" in response.content.decode()
    assert 'value="missed_appointment" checked' in response.content.decode()
    assert not CaseException.objects.exists()
    # The same ground applies to advice deadlines (regulation 8(2)(c)).
    advice = _exception_data(case, "advice_due", ground="missed_appointment")
    assert signed_in(north.people["manager"]).post(_url("case-exception", case), advice).status_code == 302
    assert set(Deadline.objects.filter(request=case, code="advice_due").values_list("status", flat=True)) == {
        "excepted"
    }


@pytest.mark.parametrize(
    "change,field,message",
    [
        ({"ground": ""}, "ground", "Choose the reason the time limit cannot be met"),
        ({"ground": "waiting_list"}, "ground", "Choose the reason the time limit cannot be met"),
        ({"details": ""}, "details", "Enter what happened and why it made the time limit impractical"),
        ({"deadlines": []}, "deadlines", "Choose the time limits this exception affects"),
        ({"deadlines": ["999999"]}, "deadlines", "Choose time limits on this case"),
        (
            {"ends_on": "before"},
            "ends_on",
            "Date the circumstances ended must be on or after the date they began",
        ),
        ({"starts_on": "future"}, "starts_on", "Date the circumstances began must be today or in the past"),
        (
            {"starts_on": "early"},
            "starts_on",
            "Date the circumstances began must be on or after 5 January 2026, the day the request was received",
        ),
        (
            {"evidence": "fake"},
            "evidence",
            "The selected file must be a JPEG image, OpenDocument text (.odt), PDF, PNG image, Word 97-2003 document (.doc), Word document (.docx)",
        ),
    ],
)
def test_exception_errors(north, signed_in, change, field, message):
    with _on(datetime.date(2026, 2, 20)):
        case = journey.at_stage(north, "panel", received_on=RECEIVED)
        data = _exception_data(
            case,
            "decide_whether_to_assess",
            **{k: v for k, v in change.items() if k in ("ground", "details", "deadlines")},
        )
        if change.get("ends_on") == "before":
            data.update(
                _date("starts_on", datetime.date(2026, 2, 1)), **_date("ends_on", datetime.date(2026, 1, 20))
            )
        if change.get("starts_on") == "future":
            data.update(_date("starts_on", datetime.date(2026, 2, 21)))
        if change.get("starts_on") == "early":
            data.update(_date("starts_on", datetime.date(2026, 1, 2)))
        if change.get("evidence") == "fake":
            data["evidence"] = SimpleUploadedFile(
                "letter.pdf", b"just some text", content_type="application/pdf"
            )
        response = signed_in(north.people["manager"]).post(_url("case-exception", case), data)
    assert response.status_code == 200
    assert _field_error(response, field) == message
    assert message in _errors(response)
    if field != "details":
        assert "The family was abroad for six weeks" in response.content.decode()
    assert not CaseException.objects.exists()
    assert not CaseDocument.objects.exists()
    assert _deadline(case, "decide_whether_to_assess").status == "missed"


def test_exception_page_with_nothing_to_except_is_explained(north, signed_in):
    case = journey.at_stage(north, "refused")
    page = signed_in(north.people["manager"]).get(_url("case-exception", case))
    assert page.status_code == 200
    assert "There are no time limits on this case that an exception could apply to." in _text(page)


# 8. Withdrawing --------------------------------------------------------------------------------------------


def test_the_family_withdraws_and_open_deadlines_stop(north, signed_in):
    case = journey.at_stage(north, "assessing")
    client = signed_in(north.people["parent"])
    page = client.get(_url("case-withdraw", case))
    assert page.status_code == 200
    text = _text(page)
    assert "If you withdraw the request, the local authority stops working on it." in text
    assert "Final EHC plan due by" in text
    response = client.post(_url("case-withdraw", case), {"reason": "We have moved to another area."})
    assert response.status_code == 302
    assert response["Location"] == _url("case-detail", case)
    assert _messages(response) == [
        "The request for an EHC needs assessment for Riley Taylor has been withdrawn"
    ]
    case = _reload(case)
    assert case.stage == "withdrawn" and case.closed_on == datetime.date.today()
    assert not Deadline.objects.filter(request=case, status="pending").exists()
    assert case.next_due_on is None


def test_the_la_records_a_withdrawal_and_a_reason_is_needed(north, signed_in):
    case = journey.at_stage(north, "received")
    client = signed_in(north.people["caseworker"])
    response = client.post(_url("case-withdraw", case), {"reason": "   "})
    assert _errors(response) == ["Enter why the request is being withdrawn"]
    assert (
        client.post(_url("case-withdraw", case), {"reason": "The school withdrew it by email."}).status_code
        == 302
    )
    assert _reload(case).stage == "withdrawn"
    again = client.get(_url("case-withdraw", case))
    assert "The request has already finished." in _text(again)
    assert client.post(_url("case-withdraw", case), {"reason": "Again"}).status_code == 409


# Who may open each page ------------------------------------------------------------------------------

# The stage each page is built for, and who may act there (others who can see the case get 403).
PAGES = {
    "case-decide-assess": ("panel", {"manager"}),
    "case-advice-new": ("advice_submitted", {"caseworker", "manager"}),
    "case-decide-issue": ("advice_submitted", {"manager"}),
    "case-draft-plan": ("decided_to_issue", {"caseworker", "manager"}),
    "case-consult": ("commented", {"caseworker", "manager"}),
    "case-final-plan": ("commented", {"caseworker", "manager"}),
    "case-exception": ("panel", {"manager"}),
    "case-withdraw": ("panel", {"parent", "caseworker", "manager"}),
}
# Who can see north's pupil's case once it has been to the panel (health and social care sit on it).
SEES_CASE = {"parent", "senco", "headteacher", "caseworker", "manager", "health", "social_care", "mediator"}


def expected_status(persona: str, allowed: set[str]) -> int:
    if persona in AGGREGATE_ONLY:
        return 403
    if persona not in SEES_CASE:
        return 404
    return 200 if persona in allowed else 403


@pytest.fixture
def cases(north, south):
    stages = {stage for stage, _ in PAGES.values()}
    return {
        "north": {stage: journey.at_stage(north, stage) for stage in stages},
        "south": {stage: journey.at_stage(south, stage) for stage in stages},
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_role_matrix_for_every_page(north, signed_in, cases, persona):
    client = signed_in(north.people[persona])
    for name, (stage, allowed) in PAGES.items():
        own = client.get(_url(name, cases["north"][stage]))
        assert own.status_code == expected_status(persona, allowed), (name, persona)
        other = client.get(_url(name, cases["south"][stage]))
        assert other.status_code == (403 if persona in AGGREGATE_ONLY else 404), (name, persona)
        # Posting is refused the same way, and changes nothing.
        if own.status_code != 200:
            assert (
                client.post(_url(name, cases["north"][stage]), {"reason": "x"}).status_code == own.status_code
            )
        assert (
            client.post(_url(name, cases["south"][stage]), {"reason": "x"}).status_code == other.status_code
        )
    assert not AssessmentRequest.objects.filter(stage="withdrawn").exists()


def test_signed_out_visitors_are_sent_to_sign_in(north, client):
    case = journey.at_stage(north, "panel")
    for name in PAGES:
        response = client.get(_url(name, case))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("sign-in"))


def test_staff_without_their_second_factor_are_sent_to_verify_it(north, signed_in):
    case = journey.at_stage(north, "panel")
    response = signed_in(north.people["manager"], second_factor=False).get(_url("case-decide-assess", case))
    assert response.status_code == 302
    assert _reload(case).stage == "panel"


# Query counts ------------------------------------------------------------------------------------------


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "name", ["case-advice-new", "case-decide-issue", "case-draft-plan", "case-exception"]
)
def test_query_counts_stay_flat_as_advice_grows(north, signed_in, name):
    case = journey.at_stage(north, "advice_submitted")
    if name == "case-draft-plan":
        services.decide_whether_to_issue(
            actor=north.people["manager"], request=_reload(case), decision="issue", reasons="Yes"
        )
    client = signed_in(north.people["manager"])
    url = _url(name, case)
    client.get(url)
    before = _queries(client, url)
    for i in range(8):
        services.advice_request_create(
            actor=north.people["caseworker"], request=case, advice_type="other", adviser_name=f"Adviser {i}"
        )
    assert _queries(client, url) == before


def test_query_counts_stay_flat_as_consultations_grow(north, signed_in):
    case = journey.at_stage(north, "consulted")
    client = signed_in(north.people["caseworker"])
    plan = Plan.objects.get(request=case)
    for url in (_url("case-consult", case), _url("case-final-plan", case)):
        client.get(url)
        before = _queries(client, url)
        for _ in range(5):
            setting = factories.SettingFactory(
                partnership=north.partnership, setting_type=Setting.Type.SPECIAL
            )
            services.consultation_send(actor=north.people["caseworker"], plan=plan, setting=setting)
        assert _queries(client, url) == before
