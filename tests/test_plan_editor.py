"""The plan editor's pages: the overview, every section's form round-tripping through its own HTML, errors
shown with nothing lost, add another and remove without JavaScript, two people saving the same section (the
merge page) or different sections (no conflict), section I in a draft, and who may use the editor."""

from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ehcp import forms_plan_editor as editor
from ehcp import plan_content, plan_samples, services_plans
from ehcp.models import PlanAttachment
from partnerships.models import ChildAccessLog
from tests import ehcp_journey as journey

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


class FormReader(HTMLParser):
    """What a browser would send for the page's section form (no button pressed, no files)."""

    def __init__(self):
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._in_form = False
        self._textarea: str | None = None
        self._text = ""
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []
        self._option: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == "section-form":
            self._in_form = True
        if not self._in_form:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields.append((a["name"], a.get("value", "on")))
            elif kind not in ("file", "submit"):
                self.fields.append((a["name"], a.get("value") or ""))
        elif tag == "textarea":
            self._textarea, self._text = a["name"], ""
        elif tag == "select":
            self._select, self._options = a["name"], []
        elif tag == "option":
            self._options.append((a.get("value", ""), "selected" in a))

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "textarea" and self._textarea:
            self.fields.append((self._textarea, self._text))
            self._textarea = None
        elif tag == "select" and self._select:
            chosen = [v for v, s in self._options if s] or [self._options[0][0]]
            self.fields.append((self._select, chosen[0]))
            self._select = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._text += data


def form_of(response) -> dict[str, list[str]]:
    reader = FormReader()
    reader.feed(response.content.decode())
    out: dict[str, list[str]] = {}
    for name, value in reader.fields:
        out.setdefault(name, []).append(value)
    return out


def edit_url(plan, code=None) -> str:
    if code is None:
        return reverse("plan-edit", kwargs={"plan_id": plan.pk})
    return reverse("plan-edit-section", kwargs={"plan_id": plan.pk, "code": code})


@pytest.fixture
def draft(north):
    """A plan being written, every section but I complete."""
    return journey.write_draft(north, journey.at_stage(north, "decided_to_issue"))


def working(plan):
    return services_plans.working_version(plan)


def post(client, plan, code, form: dict, action="return"):
    return client.post(edit_url(plan, code), {**form, "action": action})


# The overview ------------------------------------------------------------------------------------------------


def test_overview_lists_every_section_with_legal_basis_findings_and_who_saved(north, signed_in, draft):
    version = working(draft)
    version.quality_issues = [
        {"code": "x", "section": "E", "item_id": "", "message": "Outcome E1 has no date"}
    ]
    version.save()
    client = signed_in(north.people["manager"])
    response = client.get(edit_url(draft))
    assert response.status_code == 200
    text = response.content.decode()
    for section in plan_content.plan_sections.written():
        assert section.label in text
        assert section.legal_basis in text
        if section.code != "I":
            assert edit_url(draft, section.code) in text
    assert "Outcome E1 has no date" in text
    assert f"version {version.number} (revision {version.revision})" in text
    assert "Caseworker North" in text
    assert f'href="{reverse("plan-detail", kwargs={"plan_id": draft.pk})}" class="govuk-back-link"' in text
    # Section I is left blank in a draft, and says why.
    assert edit_url(draft, "I") not in text
    assert "must not name a school" in text
    assert ChildAccessLog.objects.filter(user=north.people["manager"], channel="page").exists()


def test_overview_says_not_started_for_an_empty_plan(north, signed_in):
    req = journey.at_stage(north, "decided_to_issue")
    plan = services_plans.plan_start(actor=north.people["caseworker"], request=req)
    response = signed_in(north.people["caseworker"]).get(edit_url(plan))
    assert response.content.decode().count("Not started") >= 9


# Every section round-trips through its own form ----------------------------------------------------------------


def test_every_section_form_round_trips(north, signed_in, draft):
    """Each section's page, filled from a complete plan, posted to an empty plan, saves the same data."""
    client = signed_in(north.people["caseworker"])
    source = working(draft)
    # Give section A a picture on a view, and a second step with a date, so that every kind of field is used.
    picture = PlanAttachment.objects.create(
        partnership=draft.partnership,
        plan=draft,
        title="Riley's drawing",
        file="x.png",
        original_name="x.png",
        content_type="image/png",
        size=1,
    )
    content = dict(source.content)
    content["A"]["entries"][0]["attachment_ids"] = [picture.pk]
    content["J"] = {
        "requested": True,
        "amount": "1200.50",
        "arrangements": ["direct_payment", "notional"],
        "covers": "Transport to after-school club",
        "needs_and_outcomes": "Needs D1, outcome E3",
    }
    services_plans.content_replace(
        actor=north.people["caseworker"], plan=draft, content=content, base_revision=source.revision
    )
    source = working(draft)

    target_req = journey.at_stage(north, "decided_to_issue", child="ap_pupil")
    target = services_plans.plan_start(actor=north.people["caseworker"], request=target_req)
    PlanAttachment.objects.filter(pk=picture.pk).update(plan=target)
    for code in ("B", "C", "D", "E", "F", "G", "H1", "H2", "A", "J", "K"):
        page = client.get(edit_url(draft, code))
        assert page.status_code == 200, code
        form = form_of(page)
        form["base_revision"] = [str(working(target).revision)]
        response = post(client, target, code, form)
        assert response.status_code == 302, (code, response.content.decode()[:3000])
        assert working(target).content[code] == source.content[code], code
        PlanAttachment.objects.filter(pk=picture.pk).update(plan=draft if code != "A" else target)
    assert working(target).content["A"]["entries"][0]["attachment_ids"] == [picture.pk]
    assert working(target).content["J"]["arrangements"] == ["direct_payment", "notional"]


def test_a_new_outcome_with_links_and_a_step_is_saved(north, signed_in, draft):
    client = signed_in(north.people["caseworker"])
    version = working(draft)
    need = version.content["B"]["needs"][1]
    form = form_of(client.get(edit_url(draft, "E")))
    n = len(version.content["E"]["outcomes"])
    form.update(
        {
            f"outcomes-{n}-text": ["Will swim 25 metres"],
            f"outcomes-{n}-measure": ["Swimming certificate"],
            f"outcomes-{n}-target_date-day": ["1"],
            f"outcomes-{n}-target_date-month": ["7"],
            f"outcomes-{n}-target_date-year": ["2028"],
            f"outcomes-{n}-need_ids": [need["id"]],
            f"outcomes-{n}-pfa_area": ["health"],
            f"outcomes-{n}-steps-0-text": ["Swims 10 metres with a float"],
            f"outcomes-{n}-steps-0-by-day": ["1"],
            f"outcomes-{n}-steps-0-by-month": ["12"],
            f"outcomes-{n}-steps-0-by-year": ["2027"],
        }
    )
    response = post(client, draft, "E", form, action=f"add:outcomes-{n}-steps")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#outcomes-{n}-steps-1")
    added = working(draft).content["E"]["outcomes"][n]
    assert added["text"] == "Will swim 25 metres"
    assert added["target_date"] == "2028-07-01"
    assert added["need_ids"] == [need["id"]]
    assert added["pfa_area"] == "health"
    assert added["steps"][0]["text"] == "Swims 10 metres with a float"
    assert added["steps"][0]["by"] == "2027-12-01"
    assert added["id"]
    # The next page shows the outcome, and a blank one to add another.
    page = client.get(edit_url(draft, "E")).content.decode()
    assert "Will swim 25 metres" in page
    assert f'id="outcomes-{n + 1}"' in page
    assert "Save and add another outcome" in page


def test_provision_funding_defaults_to_the_section(north, signed_in):
    req = journey.at_stage(north, "decided_to_issue")
    plan = services_plans.plan_start(actor=north.people["caseworker"], request=req)
    client = signed_in(north.people["caseworker"])
    form = form_of(client.get(edit_url(plan, "G")))
    form["provision-0-what"] = ["Physiotherapy programme"]
    form["provision-0-frequency"] = ["Weekly"]
    assert post(client, plan, "G", form).status_code == 302
    line = working(plan).content["G"]["provision"][0]
    assert line["what"] == "Physiotherapy programme"
    assert line["funding"] == "health"


# Errors --------------------------------------------------------------------------------------------------------


def test_errors_are_summarised_linked_to_fields_and_nothing_typed_is_lost(north, signed_in, draft):
    client = signed_in(north.people["caseworker"])
    before = working(draft)
    form = form_of(client.get(edit_url(draft, "E")))
    form["summary"] = ["A new summary that must not be lost"]
    form["outcomes-0-text"] = [""]
    form["outcomes-1-target_date-day"] = ["31"]
    form["outcomes-1-target_date-month"] = ["2"]
    form["outcomes-1-target_date-year"] = ["2028"]
    form["outcomes-2-measure"] = ["Kept measure"]
    response = post(client, draft, "E", form)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error: " in page
    assert "There is a problem" in page
    assert 'href="#outcomes-0-text">E1: Enter the outcome</a>' in page
    assert 'href="#outcomes-1-target_date-day">E2: Target date must be a real date</a>' in page
    assert 'id="outcomes-0-text-error"' in page
    assert "A new summary that must not be lost" in page
    assert 'value="31"' in page
    assert "Kept measure" in page
    assert working(draft).revision == before.revision


def test_schema_messages_are_plain_english(north, signed_in, draft):
    client = signed_in(north.people["caseworker"])
    form = form_of(client.get(edit_url(draft, "B")))
    form["needs-0-rank"] = ["primary"]
    form["needs-1-rank"] = ["primary"]
    page = post(client, draft, "B", form).content.decode()
    assert 'href="#needs">Only one need can be the primary need</a>' in page
    form["needs-1-rank"] = ["secondary"]
    form["needs-2-area"] = [""]
    form["needs-2-description"] = ["x" * 10001]
    page = post(client, draft, "B", form).content.decode()
    assert 'href="#needs-2-area">B3: Choose area of need</a>' in page
    assert "B3: Description of the need must be 10000 characters or fewer" in page


def test_links_to_needs_that_are_gone_are_refused_by_the_service(north, signed_in, draft):
    client = signed_in(north.people["caseworker"])
    form = form_of(client.get(edit_url(draft, "E")))
    form["outcomes-0-need_ids"] = ["gone1234"]
    response = post(client, draft, "E", form)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="#outcomes-0-need_ids">E1: Choose needs that are in sections B, C or D</a>' in page
    assert working(draft).content["E"]["outcomes"][0]["need_ids"] != ["gone1234"]


def test_a_blank_new_item_is_ignored_but_a_started_one_is_checked(north, signed_in):
    req = journey.at_stage(north, "decided_to_issue")
    plan = services_plans.plan_start(actor=north.people["caseworker"], request=req)
    client = signed_in(north.people["caseworker"])
    form = form_of(client.get(edit_url(plan, "B")))
    form["summary"] = ["Only a summary"]
    assert post(client, plan, "B", form).status_code == 302
    assert working(plan).content["B"]["needs"] == []
    form = form_of(client.get(edit_url(plan, "B")))
    form["needs-0-description"] = ["Struggles with reading"]
    page = post(client, plan, "B", form).content.decode()
    assert "B1: Choose area of need" in page
    assert "Struggles with reading" in page


# Add another and remove ----------------------------------------------------------------------------------------


def test_remove_takes_out_one_item_and_saves(north, signed_in, draft):
    client = signed_in(north.people["caseworker"])
    before = working(draft).content["K"]["items"]
    form = form_of(client.get(edit_url(draft, "K")))
    response = post(client, draft, "K", form, action="remove:items-0")
    assert response.status_code == 302
    after = working(draft).content["K"]["items"]
    assert after == before[1:]


def test_remove_keeps_other_changes_when_something_else_is_wrong(north, signed_in, draft):
    client = signed_in(north.people["caseworker"])
    before = working(draft).content["B"]["needs"]
    form = form_of(client.get(edit_url(draft, "B")))
    form["summary"] = ["Changed summary"]
    form["needs-2-description"] = [""]
    response = post(client, draft, "B", form, action="remove:needs-0")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Changed summary" in page
    assert 'href="#needs-1-description">B2: Describe the need</a>' in page  # the third need is now B2
    assert before[0]["description"] not in page
    assert before[1]["description"] in page


def test_upload_adds_a_picture_for_section_a(north, signed_in, draft):
    client = signed_in(north.people["caseworker"])
    form = form_of(client.get(edit_url(draft, "A")))
    form["upload_title"] = ["My drawing of school"]
    form["upload_description"] = ["A drawing of a red school with a big tree"]
    form["upload_file"] = SimpleUploadedFile("drawing.png", PNG, content_type="image/png")
    response = client.post(edit_url(draft, "A"), {**form, "action": "upload"})
    assert response.status_code == 302, response.content.decode()[:2000]
    attachment = draft.attachments.get()
    assert attachment.title == "My drawing of school"
    page = client.get(edit_url(draft, "A")).content.decode()
    assert f'value="{attachment.pk}"' in page  # a checkbox under each view


def test_upload_without_a_file_is_an_error_and_keeps_the_title(north, signed_in, draft):
    client = signed_in(north.people["caseworker"])
    form = form_of(client.get(edit_url(draft, "A")))
    form["upload_title"] = ["Kept title"]
    page = client.post(edit_url(draft, "A"), {**form, "action": "upload"}).content.decode()
    assert 'href="#upload_file"' in page
    assert "Kept title" in page


# Two people ----------------------------------------------------------------------------------------------------


def test_two_people_saving_one_section_see_the_merge_page_and_save_the_merge(north, signed_in, draft):
    first = signed_in(north.people["caseworker"])
    second = signed_in(north.people["manager"])
    form_first = form_of(first.get(edit_url(draft, "E")))
    form_second = form_of(second.get(edit_url(draft, "E")))

    form_first["summary"] = ["Summary written by the caseworker"]
    assert post(first, draft, "E", form_first).status_code == 302

    form_second["outcomes-0-measure"] = ["Measure written by the manager"]
    response = post(second, draft, "E", form_second)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Caseworker North saved this section" in page
    assert "Their saved version" in page and "Your changes" in page
    assert "Summary written by the caseworker" in page  # theirs, beside
    assert "Measure written by the manager" in page  # yours, in the form
    assert working(draft).content["E"]["outcomes"][0]["measure"] != "Measure written by the manager"

    merged = form_of(response)
    assert merged["base_revision"] == [str(working(draft).revision)]
    merged["summary"] = ["Summary written by the caseworker"]
    assert post(second, draft, "E", merged).status_code == 302
    saved = working(draft).content["E"]
    assert saved["summary"] == "Summary written by the caseworker"
    assert saved["outcomes"][0]["measure"] == "Measure written by the manager"


def test_two_people_saving_different_sections_do_not_conflict(north, signed_in, draft):
    first = signed_in(north.people["caseworker"])
    second = signed_in(north.people["manager"])
    form_b = form_of(first.get(edit_url(draft, "B")))
    form_f = form_of(second.get(edit_url(draft, "F")))
    form_b["summary"] = ["B by the caseworker"]
    form_f["summary"] = ["F by the manager"]
    assert post(first, draft, "B", form_b).status_code == 302
    assert post(second, draft, "F", form_f).status_code == 302
    content = working(draft).content
    assert content["B"]["summary"] == "B by the caseworker"
    assert content["F"]["summary"] == "F by the manager"


# Section I and versions that never change ----------------------------------------------------------------------


def test_section_i_is_blocked_in_a_draft_and_says_why(north, signed_in, draft):
    client = signed_in(north.people["caseworker"])
    page = client.get(edit_url(draft, "I"))
    assert page.status_code == 200
    assert "must not name a school" in page.content.decode()
    assert 'id="section-form"' not in page.content.decode()
    response = client.post(edit_url(draft, "I"), {"base_revision": "0", "setting_type": "Special school"})
    assert response.status_code == 409
    assert working(draft).content["I"]["setting_type"] == ""


def test_section_i_can_be_written_once_the_draft_is_served(north, signed_in):
    plan = journey.at_stage(north, "draft_plan").plan
    client = signed_in(north.people["caseworker"])
    form = form_of(client.get(edit_url(plan, "I")))
    form["setting_type"] = ["Mainstream primary school"]
    assert post(client, plan, "I", form).status_code == 302
    assert working(plan).content["I"]["setting_type"] == "Mainstream primary school"


def test_a_final_plan_without_a_working_version_cannot_be_edited(north, signed_in):
    plan = journey.at_stage(north, "final").plan
    client = signed_in(north.people["caseworker"])
    assert "no version of this plan being written" in client.get(edit_url(plan)).content.decode()
    page = client.get(edit_url(plan, "E"))
    assert page.status_code == 200
    assert "Issued versions of a plan never change" in page.content.decode()
    assert client.post(edit_url(plan, "E"), {"base_revision": "0", "summary": "x"}).status_code == 409


def test_unknown_section_is_404(north, signed_in, draft):
    assert signed_in(north.people["caseworker"]).get(edit_url(draft, "Z")).status_code == 404


# Who may use the editor ----------------------------------------------------------------------------------------

EXPECTED = {
    "caseworker": 200,
    "manager": 200,
    "parent": 403,
    "young_person": 404,
    "senco": 403,
    "headteacher": 403,
    "health": 403,
    "social_care": 403,
    "mediator": 403,
    "ap_provider": 404,
    "regional": 403,
    "national": 403,
    "support": 404,
}


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_role_matrix_for_the_pages(north, south, signed_in, draft, persona):
    client = signed_in(north.people[persona])
    assert client.get(edit_url(draft)).status_code == EXPECTED[persona]
    assert client.get(edit_url(draft, "E")).status_code == EXPECTED[persona]
    before = working(draft).revision
    response = client.post(
        edit_url(draft, "E"), {"base_revision": before, "summary": "x", "action": "return"}
    )
    assert response.status_code == (302 if EXPECTED[persona] == 200 else EXPECTED[persona])
    if EXPECTED[persona] != 200:
        assert working(draft).revision == before


@pytest.mark.parametrize("persona", ["caseworker", "manager"])
def test_other_tenants_get_404(north, south, signed_in, draft, persona):
    client = signed_in(south.people[persona])
    assert client.get(edit_url(draft)).status_code == 404
    assert client.post(edit_url(draft, "B"), {"base_revision": "0"}).status_code == 404


def test_signed_out_people_are_sent_to_sign_in(client, draft):
    response = client.get(edit_url(draft))
    assert response.status_code == 302


# The form helpers ----------------------------------------------------------------------------------------------


def test_every_section_survives_the_form_state_and_back():
    """The form's state for a complete plan gives back exactly the plan's data, for every section."""
    content = plan_samples.complete_plan(first_name="Riley", size=2)
    for code in editor.SPECS:
        state = editor.state_from_data(code, content[code])
        data, errors = editor.data_from_state(code, state)
        assert errors == {}, code
        assert plan_content.clean_section(code, data) == content[code], code


def test_dates_are_checked_like_the_govuk_pattern():
    assert editor._date_value({"day": "", "month": "", "year": ""}, "Target date") == (None, "")
    assert editor._date_value({"day": "1", "month": "", "year": "2027"}, "Target date")[1] == (
        "Target date must include a month"
    )
    assert editor._date_value({"day": "1", "month": "2", "year": "27"}, "Target date")[1] == (
        "Target date year must include 4 numbers"
    )
    assert editor._date_value({"day": "29", "month": "2", "year": "2028"}, "Target date") == (
        "2028-02-29",
        "",
    )


def test_error_keys_map_to_field_ids():
    assert editor.anchor("E", "E.outcomes.0.target_date") == "outcomes-0-target_date-day"
    assert editor.anchor("E", "E.outcomes.2.steps.1.text") == "outcomes-2-steps-1-text"
    assert editor.anchor("A", "A.sign_off.on") == "sign_off-on-day"
    assert editor.anchor("I", "I") == "setting_type"
    assert editor.error_messages("E", {"E.outcomes.1.steps.0.text": ["This field may not be blank."]}) == {
        "E.outcomes.1.steps.0.text": ["E2, step 1: Enter step"]
    }
