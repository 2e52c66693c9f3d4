"""The API twins of the decision pages: ``POST /api/v1/cases/<pk>/<step>/``. Each answers with the case's
summary (stage, next deadline, every deadline's status), refuses bad input with field errors (400), a
step the stage does not allow with 409, and applies the same access policy as the pages."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token

from ehcp import quality, services, services_plans
from ehcp.models import (
    AdviceRequest,
    AssessmentRequest,
    CaseException,
    Deadline,
    Plan,
    PlanConsultation,
    PlanVersion,
)
from partnerships.models import ChildAccessLog

from . import ehcp_journey as journey
from .conftest import PERSONA_ROLES

pytestmark = pytest.mark.django_db

PERSONAS = list(PERSONA_ROLES)
AGGREGATE_ONLY = {"regional", "national"}
RECEIVED = datetime.date(2026, 1, 5)
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def _on(day: datetime.date):
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, 10, 0), tick=False)


def _url(case, step: str) -> str:
    return f"/api/v1/cases/{case.pk}/{step}/"


def _post(client, case, step: str, data: dict):
    return client.post(_url(case, step), data, content_type="application/json")


def _reload(case) -> AssessmentRequest:
    return AssessmentRequest.objects.get(pk=case.pk)


def _statuses(body: dict) -> dict[str, str]:
    """Deadline code to status, from a case summary (the case's own deadlines, not advice or consultations)."""
    return {
        d["code"]: d["status"] for d in body["deadlines"] if not d["advice_request"] and not d["consultation"]
    }


# 1. Decide whether to assess ------------------------------------------------------------------------------


def test_decide_assess_on_time_answers_with_the_case_summary(north, signed_in):
    with _on(datetime.date(2026, 2, 16)):
        case = journey.at_stage(north, "panel", received_on=RECEIVED)
        response = _post(
            signed_in(north.people["manager"]),
            case,
            "decide-assess",
            {"decision": "assess", "reasons": "The legal test is met."},
        )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["id"] == case.pk
    assert body["stage"] == "assessing"
    assert body["assess_decided_on"] == "2026-02-16"
    assert body["next_due_on"] == "2026-04-27"
    decide = next(d for d in body["deadlines"] if d["code"] == "decide_whether_to_assess")
    assert decide == {
        **decide,
        "due": "2026-02-16",
        "status": "met",
        "met_on": "2026-02-16",
        "plain_basis": "regulation 5",
        "legal_basis": "regulation 5(1)",
    }
    assert _statuses(body) == {
        "decide_whether_to_assess": "met",
        "notify_not_to_issue": "pending",
        "final_plan_due": "pending",
    }
    assert body["letters"] == []
    assert ChildAccessLog.objects.filter(user=north.people["manager"], channel="api").exists()


def test_decide_assess_late_is_missed(north, signed_in):
    with _on(datetime.date(2026, 2, 17)):
        case = journey.at_stage(north, "panel", received_on=RECEIVED)
        body = _post(
            signed_in(north.people["manager"]),
            case,
            "decide-assess",
            {"decision": "assess", "reasons": "Met."},
        ).json()
    assert _statuses(body)["decide_whether_to_assess"] == "missed"


def test_refusing_to_assess_makes_a_letter(north, signed_in):
    case = journey.at_stage(north, "panel")
    body = _post(
        signed_in(north.people["manager"]),
        case,
        "decide-assess",
        {"decision": "not_assess", "reasons": "Needs met at SEN support."},
    ).json()
    assert body["stage"] == "refused"
    assert [letter["kind"] for letter in body["letters"]] == ["refuse_to_assess"]
    assert _statuses(body) == {
        "decide_whether_to_assess": "met",
        "notify_not_to_issue": "not_needed",
        "final_plan_due": "not_needed",
    }


@pytest.mark.parametrize(
    "data,errors",
    [
        ({}, {"decision": ["This field is required."], "reasons": ["Enter the reasons for the decision"]}),
        (
            {"decision": "perhaps", "reasons": "x"},
            {"decision": ["Choose whether to carry out an EHC needs assessment"]},
        ),
        ({"decision": "assess", "reasons": "  "}, {"reasons": ["Enter the reasons for the decision"]}),
        (
            {"decision": "assess", "reasons": "x", "decided_on": "2026-02-03"},
            {"decided_on": ["The date must be today or in the past"]},
        ),
        (
            {"decision": "assess", "reasons": "x", "decided_on": "2026-01-04"},
            {"decided_on": ["The date must be on or after 5 January 2026"]},
        ),
        (
            {"decision": "assess", "reasons": "x", "decided_on": "2026-02-31"},
            {"decided_on": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."]},
        ),
    ],
)
def test_decide_assess_bad_input(north, signed_in, data, errors):
    with _on(datetime.date(2026, 2, 2)):
        case = journey.at_stage(north, "panel", received_on=RECEIVED)
        response = _post(signed_in(north.people["manager"]), case, "decide-assess", data)
    assert response.status_code == 400
    assert response.json() == errors
    assert AssessmentRequest.objects.get(pk=case.pk).stage == "panel"


def test_decide_assess_at_the_wrong_stage_is_409(north, signed_in):
    case = journey.at_stage(north, "assessing")
    response = _post(
        signed_in(north.people["manager"]), case, "decide-assess", {"decision": "assess", "reasons": "x"}
    )
    assert response.status_code == 409
    assert response.json() == {"detail": "A decision on whether to assess has already been made."}


# 2. Advice -----------------------------------------------------------------------------------------------


def test_asking_for_health_advice(north, signed_in):
    with _on(datetime.date(2026, 2, 2)):
        case = journey.at_stage(north, "assessing", received_on=RECEIVED)
        response = _post(
            signed_in(north.people["caseworker"]),
            case,
            "advice",
            {"advice_type": "health", "icb": north.partnership.icbs.get().pk, "questions": "Health needs."},
        )
    assert response.status_code == 200, response.json()
    advice = AdviceRequest.objects.get(request=case)
    [deadline] = [d for d in response.json()["deadlines"] if d["advice_request"] == advice.pk]
    assert (deadline["code"], deadline["due"], deadline["status"]) == ("advice_due", "2026-03-16", "pending")


def test_asking_for_named_and_social_care_advice(north, signed_in):
    case = journey.at_stage(north, "assessing")
    client = signed_in(north.people["manager"])
    assert (
        _post(
            client, case, "advice", {"advice_type": "psychological", "adviser": north.people["senco"].pk}
        ).status_code
        == 200
    )
    assert _post(client, case, "advice", {"advice_type": "social_care"}).status_code == 200
    assert (
        _post(client, case, "advice", {"advice_type": "other", "adviser_name": "Dr Ali Khan"}).status_code
        == 200
    )
    rows = {a.advice_type: a for a in AdviceRequest.objects.filter(request=case)}
    assert rows["psychological"].adviser == north.people["senco"]
    assert rows["other"].adviser_name == "Dr Ali Khan"


def test_advice_bad_input(north, south, signed_in):
    case = journey.at_stage(north, "assessing")
    client = signed_in(north.people["caseworker"])
    cases = [
        ({"advice_type": "nonsense"}, {"advice_type": ["Choose the kind of advice"]}),
        (
            {"advice_type": "educational"},
            {"setting": ["Choose the school or setting that is to give educational advice"]},
        ),
        (
            {"advice_type": "educational", "setting": south.school.pk},
            {"setting": ["Choose a school or setting in this partnership"]},
        ),
        (
            {"advice_type": "health", "icb": south.partnership.icbs.get().pk},
            {"icb": ["Choose an integrated care board serving this partnership"]},
        ),
        ({"advice_type": "psychological"}, {"adviser": ["Choose the adviser or enter their name"]}),
        (
            {"advice_type": "other", "adviser": north.people["parent"].pk},
            {"adviser": ["Choose an adviser who may see this child's record"]},
        ),
        (
            {"advice_type": "other", "adviser": south.people["caseworker"].pk},
            {"adviser": ["Choose an adviser who may see this child's record"]},
        ),
        (
            {"advice_type": "social_care", "requested_on": "2099-01-01"},
            {"requested_on": ["The date must be today or in the past"]},
        ),
    ]
    for data, errors in cases:
        response = _post(client, case, "advice", data)
        assert (response.status_code, response.json()) == (400, errors), data
    assert not AdviceRequest.objects.filter(request=case).exists()
    refused = journey.at_stage(north, "refused", child="unlinked")
    assert _post(client, refused, "advice", {"advice_type": "social_care"}).status_code == 409


# 3. Decide whether to issue -------------------------------------------------------------------------------


def test_not_issuing_meets_the_16_week_deadline_and_makes_a_letter(north, signed_in):
    with _on(datetime.date(2026, 4, 27)):
        case = journey.at_stage(north, "advice_submitted", received_on=RECEIVED)
        body = _post(
            signed_in(north.people["manager"]),
            case,
            "decide-issue",
            {"decision": "not_issue", "reasons": "Needs can be met without a plan."},
        ).json()
    assert body["stage"] == "not_issuing"
    assert _statuses(body)["notify_not_to_issue"] == "met"
    assert _statuses(body)["final_plan_due"] == "not_needed"
    assert [letter["kind"] for letter in body["letters"]] == ["not_to_issue"]


def test_decide_issue_bad_input_and_wrong_stage(north, signed_in):
    case = journey.at_stage(north, "advice_submitted")
    client = signed_in(north.people["manager"])
    response = _post(client, case, "decide-issue", {"decision": "assess", "reasons": ""})
    assert response.status_code == 400
    assert response.json() == {
        "decision": ["Choose whether to issue an EHC plan"],
        "reasons": ["Enter the reasons for the decision"],
    }
    assert _post(client, case, "decide-issue", {"decision": "issue", "reasons": "Yes"}).status_code == 200
    again = _post(client, case, "decide-issue", {"decision": "not_issue", "reasons": "No"})
    assert again.status_code == 409
    assert again.json() == {"detail": "A decision on whether to issue a plan has already been made."}


# 4. Draft plan -------------------------------------------------------------------------------------------


def test_starting_writing_and_serving_the_draft_plan(north, signed_in):
    with _on(datetime.date(2026, 3, 16)):
        case = journey.at_stage(north, "decided_to_issue", received_on=RECEIVED)
        client = signed_in(north.people["caseworker"])
        before = client.get(_url(case, "draft-plan"))
        assert before.status_code == 200
        assert before.json() == {
            "plan": None,
            "status": None,
            "draft_issued_on": None,
            "version": None,
            "revision": None,
            "missing_sections": [],
            "quality_passed": None,
            "checklist": [],
        }
        started = _post(client, case, "draft-plan/start", {})
        assert started.status_code == 201, started.json()
        plan = Plan.objects.get(request=case)
        assert started.json()["plan"] == plan.pk
        assert (started.json()["version"], started.json()["status"]) == (1, "draft")
        assert started.json()["missing_sections"] == ["A", "B", "E", "F"]
        assert _post(client, case, "draft-plan/start", {}).json()["plan"] == plan.pk  # the same plan
        journey.write_draft(north, _reload(case))
        ready = client.get(_url(case, "draft-plan")).json()
        assert (ready["missing_sections"], ready["quality_passed"]) == ([], True)
        assert [c["code"] for c in ready["checklist"]] == [c.code for c in quality.checks()]
        assert all(c["passed"] and c["findings"] == [] for c in ready["checklist"])
        response = _post(client, case, "draft-plan", {"served_on": "2026-03-16"})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["stage"] == "draft_plan"
    comments = next(d for d in body["deadlines"] if d["code"] == "comments_due")
    assert (comments["due"], comments["who_acts"]) == ("2026-03-30", "family")
    served = PlanVersion.objects.get(plan__request=case, status="issued")
    assert (served.kind, served.issued_on) == ("draft", datetime.date(2026, 3, 16))
    assert served.content["I"] == {"setting_type": "", "setting_name": "", "setting_urn": ""}
    assert Plan.objects.get(request=case).draft_issued_on == datetime.date(2026, 3, 16)


def test_the_readiness_lists_each_quality_finding(north, signed_in):
    case = journey.at_stage(north, "decided_to_issue")
    plan = journey.write_draft(north, _reload(case))
    version = services_plans.working_version(plan)
    outcomes = [{**o, "measure": ""} if i == 0 else o for i, o in enumerate(version.content["E"]["outcomes"])]
    services_plans.content_replace(
        actor=north.people["caseworker"],
        plan=plan,
        content={**version.content, "E": {**version.content["E"], "outcomes": outcomes}},
        base_revision=version.revision,
    )
    body = signed_in(north.people["caseworker"]).get(_url(case, "draft-plan")).json()
    assert body["quality_passed"] is False
    [check] = [c for c in body["checklist"] if not c["passed"]]
    assert check["code"] == "outcome_without_measure"
    assert [(f["section"], f["item_id"]) for f in check["findings"]] == [("E", outcomes[0]["id"])]


def test_draft_plan_bad_input_and_wrong_stage(north, signed_in):
    case = journey.at_stage(north, "decided_to_issue")
    client = signed_in(north.people["caseworker"])
    not_started = _post(client, case, "draft-plan", {})
    assert (not_started.status_code, not_started.json()) == (
        409,
        {"detail": "The draft plan has not been started: start writing it first."},
    )
    _post(client, case, "draft-plan/start", {})
    response = _post(client, case, "draft-plan", {})
    assert response.status_code == 400
    assert response.json() == {
        "A": ["Write section A before issuing the draft"],
        "B": ["Write section B before issuing the draft"],
        "E": ["Write section E before issuing the draft"],
        "F": ["Write section F before issuing the draft"],
    }
    journey.write_draft(north, _reload(case))
    response = _post(client, case, "draft-plan", {"served_on": "someday"})
    assert response.status_code == 400 and list(response.json()) == ["served_on"]
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    response = _post(client, case, "draft-plan", {"served_on": tomorrow})
    assert response.json() == {"served_on": ["The date must be today or in the past"]}
    assert Plan.objects.get(request=case).draft_issued_on is None
    early = journey.at_stage(north, "assessing", child="unlinked")
    for step in ("draft-plan", "draft-plan/start"):
        response = _post(client, early, step, {})
        assert (response.status_code, response.json()) == (
            409,
            {"detail": "A draft plan can be issued only after deciding to issue a plan."},
        )
    assert not Plan.objects.filter(request=early).exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_start_the_draft_plan_and_read_its_readiness(north, south, signed_in, persona):
    case = journey.at_stage(north, "decided_to_issue")
    other = journey.at_stage(south, "decided_to_issue")
    client = signed_in(north.people[persona])
    if persona in AGGREGATE_ONLY:
        own = 403
    elif persona not in SEES_CASE:
        own = 404
    else:
        own = 201 if persona in {"caseworker", "manager"} else 403
    assert _post(client, case, "draft-plan/start", {}).status_code == own, persona
    assert client.get(_url(case, "draft-plan")).status_code == (200 if own == 201 else own)
    assert client.get(_url(case, "final-plan")).status_code == (200 if own == 201 else own)
    assert Plan.objects.filter(request=case).exists() == (own == 201)
    expected = 403 if persona in AGGREGATE_ONLY else 404
    assert _post(client, other, "draft-plan/start", {}).status_code == expected
    assert client.get(_url(other, "draft-plan")).status_code == expected
    assert not Plan.objects.filter(request=other).exists()


# 5. Consultations -----------------------------------------------------------------------------------------


def test_consulting_a_setting(north, south, signed_in):
    with _on(datetime.date(2026, 4, 1)):
        case = journey.at_stage(north, "commented", received_on=RECEIVED)
        client = signed_in(north.people["caseworker"])
        response = _post(client, case, "consultations", {"setting": north.school.pk})
        assert response.status_code == 200, response.json()
        consultation = PlanConsultation.objects.get(plan__request=case)
        [deadline] = [d for d in response.json()["deadlines"] if d["consultation"] == consultation.pk]
        assert (deadline["code"], deadline["due"], deadline["guidance_only"]) == (
            "consultation_response_due",
            "2026-04-16",
            True,
        )
        again = _post(client, case, "consultations", {"setting": north.school.pk})
        assert (again.status_code, again.json()) == (
            400,
            {"setting": ["This setting has already been consulted"]},
        )
        other = _post(client, case, "consultations", {"setting": south.school.pk})
        assert (other.status_code, other.json()) == (
            400,
            {"setting": ["Choose a school or setting in this partnership"]},
        )
        missing = _post(client, case, "consultations", {})
        assert (missing.status_code, missing.json()) == (400, {"setting": ["This field is required."]})
    no_plan = journey.at_stage(north, "decided_to_issue", child="unlinked")
    client = signed_in(north.people["caseworker"])
    response = _post(client, no_plan, "consultations", {"setting": north.school.pk})
    assert (response.status_code, response.json()) == (
        409,
        {"detail": "There is no draft plan yet: issue a draft plan first."},
    )


# 6. Final plan ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day,status", [(datetime.date(2026, 5, 25), "met"), (datetime.date(2026, 5, 26), "missed")]
)
def test_final_plan_within_or_after_20_weeks(north, signed_in, day, status):
    with _on(day):
        case = journey.at_stage(north, "consulted", received_on=RECEIVED)
        client = signed_in(north.people["caseworker"])
        ready = client.get(_url(case, "final-plan")).json()
        assert (ready["status"], ready["version"], ready["quality_passed"]) == ("draft", 2, True)
        response = _post(client, case, "final-plan", {"named_setting": north.school.pk})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["stage"], body["final_issued_on"], body["next_due_on"]) == ("final", day.isoformat(), None)
    assert _statuses(body)["final_plan_due"] == status
    plan = Plan.objects.select_related("current_version").get(request=case)
    # Without a type given, section I takes the named setting's.
    assert plan.current_version.content["I"]["setting_type"] == "Mainstream school"
    assert plan.current_version.content["I"]["setting_name"] == "Northby Primary School"
    assert plan.deadlines.get(code="annual_review_due").due_on.year == day.year + 1


def test_final_plan_bad_input_and_wrong_stage(north, south, signed_in):
    case = journey.at_stage(north, "consulted")
    client = signed_in(north.people["caseworker"])
    response = _post(client, case, "final-plan", {})
    assert (response.status_code, response.json()) == (
        400,
        {"setting_type": ["Enter the type of school, college or other institution for section I"]},
    )
    response = _post(client, case, "final-plan", {"named_setting": south.school.pk})
    assert (response.status_code, response.json()) == (
        400,
        {"named_setting": ["Choose a school or setting in this partnership"]},
    )
    response = _post(client, case, "final-plan", {"setting_type": "x" * 201})
    assert response.status_code == 400 and list(response.json()) == ["setting_type"]
    response = _post(
        client, case, "final-plan", {"setting_type": "A special school", "issued_on": "2020-01-01"}
    )
    assert response.status_code == 400 and list(response.json()) == ["issued_on"]
    assert Plan.objects.get(request=case).status == "draft"
    assert _post(client, case, "final-plan", {"setting_type": "A special school"}).status_code == 200
    plan = Plan.objects.select_related("current_version").get(request=case)
    assert (plan.named_setting, plan.current_version.content["I"]["setting_type"]) == (
        None,
        "A special school",
    )
    response = _post(client, case, "final-plan", {"setting_type": "Again"})
    assert (response.status_code, response.json()) == (
        409,
        {"detail": "The final plan has already been issued."},
    )


# 7. Exceptions -------------------------------------------------------------------------------------------


def _ids(case, *codes) -> list[int]:
    return list(Deadline.objects.filter(request=case, code__in=codes).values_list("pk", flat=True))


def test_recording_an_exception_with_evidence_marks_deadlines_excepted(north, signed_in):
    with _on(datetime.date(2026, 2, 20)):
        case = journey.at_stage(north, "panel", received_on=RECEIVED)
        response = signed_in(north.people["manager"]).post(
            _url(case, "exceptions"),
            {
                "ground": "exceptional_personal_circumstances",
                "starts_on": "2026-01-12",
                "details": "A family bereavement.",
                "deadlines": _ids(case, "decide_whether_to_assess", "final_plan_due"),
                "evidence": SimpleUploadedFile("letter.pdf", PDF, content_type="application/pdf"),
            },
        )
    assert response.status_code == 200, response.json()
    body = response.json()
    exception = CaseException.objects.get(request=case)
    assert _statuses(body) == {
        "decide_whether_to_assess": "excepted",
        "notify_not_to_issue": "pending",
        "final_plan_due": "excepted",
    }
    assert {d["exception"] for d in body["deadlines"] if d["status"] == "excepted"} == {exception.pk}
    assert exception.evidence is not None


def test_recording_an_exception_as_json(north, signed_in):
    case = journey.at_stage(north, "advice_requested")
    response = _post(
        signed_in(north.people["manager"]),
        case,
        "exceptions",
        {
            "ground": "missed_appointment",
            "starts_on": case.received_on.isoformat(),
            "details": "Missed the paediatric appointment.",
            "deadlines": _ids(case, "advice_due")[:1],
        },
    )
    assert response.status_code == 200, response.json()
    assert CaseException.objects.get(request=case).evidence is None


def test_exception_bad_input(north, signed_in):
    case = journey.at_stage(north, "advice_requested")
    client = signed_in(north.people["manager"])
    base = {
        "ground": "absence_from_area",
        "starts_on": case.received_on.isoformat(),
        "details": "Abroad.",
        "deadlines": _ids(case, "final_plan_due"),
    }
    cases = [
        (
            {"ground": "missed_appointment"},
            {"deadlines": ["Final EHC plan: this exception does not apply to it (regulation 13(2))"]},
        ),
        ({"ground": "waiting_list"}, {"ground": ["Choose the reason the time limit cannot be met"]}),
        ({"deadlines": []}, {"deadlines": ["Choose the time limits this exception affects"]}),
        ({"deadlines": [999999]}, {"deadlines": ["Choose time limits on this case that have not been met"]}),
        ({"details": ""}, {"details": ["Enter what happened and why it made the time limit impractical"]}),
        (
            {"ends_on": (case.received_on - datetime.timedelta(days=1)).isoformat()},
            {"ends_on": ["The end date must be on or after the start date"]},
        ),
    ]
    for change, errors in cases:
        response = _post(client, case, "exceptions", {**base, **change})
        assert (response.status_code, response.json()) == (400, errors), change
    fake = client.post(
        _url(case, "exceptions"),
        {**base, "evidence": SimpleUploadedFile("letter.pdf", b"not a pdf", content_type="application/pdf")},
    )
    assert fake.status_code == 400
    assert list(fake.json()) == ["evidence"]
    assert not CaseException.objects.exists()
    assert not Deadline.objects.filter(request=case, status="excepted").exists()


# 8. Withdraw --------------------------------------------------------------------------------------------


def test_the_family_withdraws_through_the_api(north, signed_in):
    case = journey.at_stage(north, "assessing")
    client = signed_in(north.people["parent"])
    blank = _post(client, case, "withdraw", {"reason": ""})
    assert (blank.status_code, blank.json()) == (
        400,
        {"reason": ["Enter why the request is being withdrawn"]},
    )
    body = _post(client, case, "withdraw", {"reason": "We moved away."}).json()
    assert body["stage"] == "withdrawn"
    assert body["next_due_on"] is None
    assert set(_statuses(body).values()) == {"met", "not_needed"}
    again = _post(client, case, "withdraw", {"reason": "Again"})
    assert (again.status_code, again.json()) == (409, {"detail": "The request has already finished."})


# Who may call each endpoint ----------------------------------------------------------------------------

ENDPOINTS = {
    "decide-assess": ("panel", {"manager"}),
    "advice": ("advice_submitted", {"caseworker", "manager"}),
    "decide-issue": ("advice_submitted", {"manager"}),
    "draft-plan": ("plan_started", {"caseworker", "manager"}),
    "consultations": ("commented", {"caseworker", "manager"}),
    "final-plan": ("commented", {"caseworker", "manager"}),
    "exceptions": ("panel", {"manager"}),
    "withdraw": ("panel", {"parent", "caseworker", "manager"}),
}
SEES_CASE = {"parent", "senco", "headteacher", "caseworker", "manager", "health", "social_care", "mediator"}


@pytest.fixture
def cases(north, south):
    """A case at each endpoint's stage; "plan_started": the draft plan started but not written."""

    def at(area, stage):
        if stage != "plan_started":
            return journey.at_stage(area, stage)
        case = journey.at_stage(area, "decided_to_issue")
        services_plans.plan_start(actor=area.people["caseworker"], request=case)
        return case

    stages = {stage for stage, _ in ENDPOINTS.values()}
    return {
        "north": {stage: at(north, stage) for stage in stages},
        "south": {stage: at(south, stage) for stage in stages},
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_role_matrix_for_every_endpoint(north, signed_in, cases, persona):
    """An empty body: 400 for those who may act (nothing is changed), 403 or 404 for everyone else."""
    client = signed_in(north.people[persona])
    for step, (stage, allowed) in ENDPOINTS.items():
        if persona in AGGREGATE_ONLY:
            own = 403
        elif persona not in SEES_CASE:
            own = 404
        else:
            own = 400 if persona in allowed else 403
        response = _post(client, cases["north"][stage], step, {})
        assert response.status_code == own, (step, persona, response.content)
        other = _post(client, cases["south"][stage], step, {})
        assert other.status_code == (403 if persona in AGGREGATE_ONLY else 404), (step, persona)
    for by_stage in cases.values():
        for case in by_stage.values():
            assert AssessmentRequest.objects.get(pk=case.pk).stage == case.stage


def test_signed_out_and_unverified_staff_are_refused(north, client, signed_in):
    case = journey.at_stage(north, "panel")
    for step in ENDPOINTS:
        assert _post(client, case, step, {}).status_code in (401, 403)
    unverified = signed_in(north.people["manager"], second_factor=False)
    assert _post(unverified, case, "decide-assess", {"decision": "assess", "reasons": "x"}).status_code == 403
    assert AssessmentRequest.objects.get(pk=case.pk).stage == "panel"


def test_a_token_reaches_the_decision_endpoints(north, client):
    case = journey.at_stage(north, "panel")
    token = Token.objects.create(user=north.people["manager"])
    response = client.post(
        _url(case, "decide-assess"),
        {"decision": "assess", "reasons": "The legal test is met."},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token.key}",
    )
    assert response.status_code == 200
    assert response.json()["stage"] == "assessing"


def test_the_schema_documents_every_decision_endpoint(db):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    for step in ENDPOINTS:
        operation = schema["paths"][f"/api/v1/cases/{{id}}/{step}/"]["post"]
        assert set(operation["responses"]) >= {"200", "400", "403", "404", "409"}
    exceptions = schema["paths"]["/api/v1/cases/{id}/exceptions/"]["post"]["requestBody"]["content"]
    assert "multipart/form-data" in exceptions


def test_services_still_used_for_writes(north, signed_in, monkeypatch):
    """The API holds no rules of its own: a refusal from the service is passed on as it is."""
    case = journey.at_stage(north, "panel")

    def refuse(**kwargs):
        from django.core.exceptions import ValidationError

        raise ValidationError({"decision": ["Refused by the service"]})

    monkeypatch.setattr(services, "decide_whether_to_assess", refuse)
    response = _post(
        signed_in(north.people["manager"]), case, "decide-assess", {"decision": "assess", "reasons": "x"}
    )
    assert (response.status_code, response.json()) == (400, {"decision": ["Refused by the service"]})
