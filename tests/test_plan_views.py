"""Reading a plan on screen: the plan in force with its contents list, its versions, one version, the
difference between two versions, and the easy-read "My plan"; who may read them, the read logged, and a
page's queries not growing with the plan's size."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ehcp import plan_sections
from ehcp.models import Plan, PlanVersion
from partnerships.models import ChildAccessLog

from .plan_reading import draft_only_plan, make_plan

pytestmark = pytest.mark.django_db

READERS = ["caseworker", "manager", "parent", "senco", "headteacher", "health", "social_care", "mediator"]
DFE = ["regional", "national"]


def _text(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'")


def _urls(plan) -> dict[str, str]:
    return {
        "detail": reverse("plan-detail", args=[plan.pk]),
        "versions": reverse("plan-versions", args=[plan.pk]),
        "version": reverse("plan-version", args=[plan.pk, 1]),
        "compare": reverse("plan-compare", args=[plan.pk]) + "?from=1&to=2",
        "easy_read": reverse("plan-easy-read", args=[plan.pk]),
    }


# Who may read ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", READERS)
def test_everyone_the_policy_allows_reads_every_page(north, signed_in, persona):
    plan = make_plan(north)
    client = signed_in(north.people[persona])
    for name, url in _urls(plan).items():
        response = client.get(url)
        assert response.status_code == 200, (persona, name)


def _pdf_urls(plan) -> list[str]:
    return [reverse("plan-pdf", args=[plan.pk, 2]), reverse("plan-easy-read-pdf", args=[plan.pk])]


@pytest.mark.parametrize("persona", DFE)
def test_dfe_users_are_refused(north, signed_in, persona):
    plan = make_plan(north)
    client = signed_in(north.people[persona])
    for url in [*_urls(plan).values(), *_pdf_urls(plan)]:
        assert client.get(url).status_code == 403


@pytest.mark.parametrize("persona", ["caseworker", "parent", "senco", "health"])
def test_another_tenant_gets_404(north, south, signed_in, persona):
    plan = make_plan(north)
    client = signed_in(south.people[persona])
    for url in [*_urls(plan).values(), *_pdf_urls(plan)]:
        assert client.get(url).status_code == 404


def test_a_parent_of_another_child_gets_404(north, signed_in):
    plan = make_plan(north, child="unlinked")
    assert signed_in(north.people["parent"]).get(reverse("plan-detail", args=[plan.pk])).status_code == 404


def test_signed_out_people_are_sent_to_sign_in(north, client):
    plan = make_plan(north)
    response = client.get(reverse("plan-detail", args=[plan.pk]))
    assert response.status_code == 302


def test_reading_the_plan_is_logged_as_a_read_of_the_childs_record(north, signed_in):
    plan = make_plan(north)
    url = reverse("plan-detail", args=[plan.pk])
    signed_in(north.people["parent"]).get(url)
    log = ChildAccessLog.objects.get(child=plan.child)
    assert (log.user, log.channel, log.path) == (north.people["parent"], "page", url)


# The plan in force ----------------------------------------------------------------------------------------


def test_the_plan_page_shows_the_plan_in_force_with_a_contents_list(north, signed_in):
    plan = make_plan(north)
    response = signed_in(north.people["parent"]).get(reverse("plan-detail", args=[plan.pk]))
    text = _text(response)
    assert "Riley Taylor" in text
    assert "Maintained" in text
    assert "Version 2: Final plan (the plan in force)" in text
    assert "5 February 2027 by Caseworker North" in text
    assert "Northby Primary School" in text
    html = response.content.decode()
    for section in plan_sections.written():
        code = section.code.lower()
        assert f'href="#section-{code}"' in html
        assert f'id="section-{code}"' in html
    # The final plan's words, not the draft's.
    assert "Will follow a two-step instruction" in text
    assert "one-step instruction" not in text


def test_before_the_final_plan_everyone_reads_the_served_draft(north, signed_in):
    plan = draft_only_plan(north)
    text = _text(signed_in(north.people["parent"]).get(reverse("plan-detail", args=[plan.pk])))
    assert "This is the draft plan issued on 10 January 2027. It is not the final plan yet." in text
    assert "being written" not in text


def test_the_la_also_sees_a_link_to_the_working_version_and_others_do_not(north, signed_in):
    plan = make_plan(north, working=True)
    working_url = reverse("plan-version", args=[plan.pk, 3])
    staff = signed_in(north.people["caseworker"]).get(reverse("plan-detail", args=[plan.pk]))
    assert working_url in staff.content.decode()
    assert reverse("plan-edit", args=[plan.pk]) in staff.content.decode()
    family = signed_in(north.people["parent"]).get(reverse("plan-detail", args=[plan.pk]))
    assert working_url not in family.content.decode()
    assert signed_in(north.people["parent"]).get(working_url).status_code == 404
    page = signed_in(north.people["caseworker"]).get(working_url)
    assert page.status_code == 200
    assert "This version is being written" in _text(page)
    assert "Being rewritten after the annual review." in _text(page)


def test_a_plan_with_nothing_issued_says_so(north, signed_in):
    empty = Plan.objects.create(
        partnership=north.partnership, child=north.children["pupil"], created_by=north.people["caseworker"]
    )
    PlanVersion.objects.create(partnership=north.partnership, plan=empty, number=1, content={})
    text = _text(signed_in(north.people["parent"]).get(reverse("plan-detail", args=[empty.pk])))
    assert "No version of this plan has been issued yet." in text
    my_plan = signed_in(north.people["parent"]).get(reverse("plan-easy-read", args=[empty.pk]))
    assert "My plan is not ready yet." in _text(my_plan)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("persona", ["caseworker", "parent"])
@pytest.mark.parametrize("page", ["plan-detail", "plan-version", "plan-easy-read"])
def test_a_page_makes_the_same_queries_for_a_small_and_a_large_plan(north, signed_in, persona, page):
    small = make_plan(north, size=1, working=True)
    large = make_plan(north, size=10, working=True)
    client = signed_in(north.people[persona])

    def url(plan):
        return reverse(page, args=[plan.pk, 2] if page == "plan-version" else [plan.pk])

    _queries(client, url(small))  # warm the session and the actor's memberships
    assert _queries(client, url(small)) == _queries(client, url(large))


# Versions and the difference between two -----------------------------------------------------------------


def test_the_versions_list_shows_kind_number_status_date_and_who(north, signed_in):
    plan = make_plan(north, working=True)
    staff = _text(signed_in(north.people["caseworker"]).get(reverse("plan-versions", args=[plan.pk])))
    assert "Version 3 Proposed amendments Being written Not issued" in staff
    assert "Version 2 Final plan (in force) Issued 5 February 2027 Caseworker North" in staff
    assert "Version 1 Draft plan Issued 10 January 2027 Caseworker North" in staff
    family = _text(signed_in(north.people["parent"]).get(reverse("plan-versions", args=[plan.pk])))
    assert "Version 3" not in family
    assert "Version 2 Final plan (in force)" in family


def test_an_unknown_version_is_404(north, signed_in):
    plan = make_plan(north)
    client = signed_in(north.people["parent"])
    assert client.get(reverse("plan-version", args=[plan.pk, 9])).status_code == 404
    assert client.get(reverse("plan-pdf", args=[plan.pk, 9])).status_code == 404


def test_compare_shows_what_changed_section_by_section(north, signed_in):
    plan = make_plan(north)
    url = reverse("plan-compare", args=[plan.pk])
    response = signed_in(north.people["parent"]).get(url, {"from": 1, "to": 2})
    html = response.content.decode()
    text = _text(response)
    assert "What changed from version 1 to version 2" in text
    # Section A did not change; E, F and I did.
    section_a = html.split('id="diff-a"')[1].split("</section>")[0]
    assert "No changes" in section_a
    section_e = html.split('id="diff-e"')[1].split("</section>")[0]
    assert '<del><span class="govuk-visually-hidden">Removed: </span>E1. Will follow a one-step' in section_e
    assert '<ins><span class="govuk-visually-hidden">Added: </span>E1. Will follow a two-step' in section_e
    section_f = html.split('id="diff-f"')[1].split("</section>")[0]
    assert "How often: Once a week" in section_f
    assert "Added: </span>F.4 Touch-typing programme" in section_f
    section_i = html.split('id="diff-i"')[1].split("</section>")[0]
    assert "Name: Northby Primary School" in section_i


def test_compare_without_a_choice_offers_the_two_newest_versions(north, signed_in):
    plan = make_plan(north)
    response = signed_in(north.people["parent"]).get(reverse("plan-compare", args=[plan.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'<select[^>]*name="from"', html)
    assert re.search(r'<option value="1" selected>', html)
    assert re.search(r'<option value="2" selected>', html)
    assert "What changed" not in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"from": "2", "to": "2"}, "Choose a different version from the one you are comparing from"),
        ({"from": "1", "to": "7"}, "Choose a version of this plan to compare with"),
        ({"from": "x", "to": "2"}, "Choose a version of this plan to compare from"),
        ({"from": "", "to": "2"}, "Choose a version to compare from"),
        ({"to": "2"}, "Choose a version to compare from"),
    ],
)
def test_bad_choices_show_the_error_summary(north, signed_in, params, message):
    plan = make_plan(north)
    response = signed_in(north.people["parent"]).get(reverse("plan-compare", args=[plan.pk]), params)
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert message in _text(response)
    assert "<title>Error: " in html
    assert "What changed" not in html


def test_the_family_cannot_compare_with_the_working_version(north, signed_in):
    plan = make_plan(north, working=True)
    response = signed_in(north.people["parent"]).get(
        reverse("plan-compare", args=[plan.pk]), {"from": "2", "to": "3"}
    )
    assert "Choose a version of this plan to compare with" in _text(response)
    staff = signed_in(north.people["caseworker"]).get(
        reverse("plan-compare", args=[plan.pk]), {"from": "2", "to": "3"}
    )
    assert "Being rewritten after the annual review." in _text(staff)


# My plan -------------------------------------------------------------------------------------------------


def test_my_plan_is_one_page_in_plain_words(north, signed_in):
    plan = make_plan(north)
    text = _text(signed_in(north.people["parent"]).get(reverse("plan-easy-read", args=[plan.pk])))
    assert "This is my plan. My name is Riley." in text
    for heading in (
        "About me",
        "What I want to get better at",
        "Who helps me and how often",
        "My school or college",
        "When we look at my plan again",
    ):
        assert heading in text
    # Section A's own words only (not the parent's views).
    assert "My name is Riley. I like drawing, dinosaurs and swimming." in text
    assert "The dinner hall is too loud and I don't like it." in text
    assert "We want Riley to have friends" not in text
    # Outcomes as the child's own goals.
    assert "I will follow a two-step instruction given to the class without an adult repeating it" in text
    assert "I will tell an adult when I am starting to feel worried and use a calming strategy" in text
    # Provision: what, who, how often.
    assert "Speech and language therapy to develop understanding of spoken language" in text
    assert "Who helps me: NHS speech and language therapist" in text
    assert "How often: Once a week (30 minutes a session)" in text
    assert "I go to Northby Primary School." in text
    assert "We will look at my plan again by 5 February 2028." in text


def test_my_plan_is_short_sentences(north, signed_in):
    """Our own words on the page (not the plan's) keep to short sentences for a reading age of about 8."""
    from django.template.loader import get_template

    source = get_template("ehcp/plans/_my_plan_body.html").template.source
    body = source.split("{% endcomment %}")[1]
    words = re.sub(
        r"{{.*?}}", "X", re.sub(r"{%.*?%}|<(?:h1|h2|li|p|br|ul)\b[^>]*>|</(?:h1|h2|li|p|ul)>", ".", body)
    )
    words = re.sub(r"<[^>]+>", " ", words)
    for sentence in re.split(r"[.!?:]", words):
        assert len(sentence.split()) <= 12, sentence


# Acceptance: a plan with every section populated round-trips through the API and the screens -------------


def test_a_complete_final_plan_round_trips_through_the_api_the_screens_and_the_pdf(north, signed_in):
    import io

    import pypdf

    from ehcp import plan_content

    from . import ehcp_journey as journey

    plan = journey.at_stage(north, "final").plan
    plan.refresh_from_db()
    assert plan.status == Plan.Status.FINAL
    version = plan.current_version
    content = version.content
    expected = {code: plan_content.section_lines(content, code) for code in plan_content.SECTION_CODES}
    assert all(expected.values()), [code for code, lines in expected.items() if not lines]
    client = signed_in(north.people["parent"])

    api = client.get(reverse("api-plan-detail", args=[plan.pk])).json()
    assert api["version"]["number"] == version.number
    assert api["version"]["content"] == content
    assert plan_content.clean_content(api["version"]["content"]) == content

    page = _text(client.get(reverse("plan-detail", args=[plan.pk])))
    for section in plan_sections.written():
        assert section.label[:1].upper() + section.label[1:] in page
    samples = {
        "A": content["A"]["entries"][0]["text"],
        "B": content["B"]["needs"][0]["description"],
        "C": content["C"]["needs"][0]["description"],
        "D": content["D"]["needs"][0]["description"],
        "E": content["E"]["outcomes"][0]["text"],
        "F": content["F"]["provision"][0]["what"],
        "G": content["G"]["provision"][0]["what"],
        "H1": content["H1"]["provision"][0]["what"],
        "H2": content["H2"]["summary"],
        "I": content["I"]["setting_name"],
        "J": content["J"]["covers"],
        "K": content["K"]["items"][0]["title"],
    }
    for code, value in samples.items():
        assert value in page, (code, value)
    for line in content["F"]["provision"]:
        assert line["frequency"] in page and line["delivered_by"] in page

    pdf = client.get(reverse("plan-pdf", args=[plan.pk, version.number]))
    reader = pypdf.PdfReader(io.BytesIO(pdf.content))
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
    for section in plan_sections.written():
        assert section.label[:1].upper() + section.label[1:] in text, section.code
    for code, value in samples.items():
        assert value in text, (code, value)


def test_compare_with_one_version_says_there_is_nothing_to_compare(north, signed_in):
    plan = Plan.objects.create(
        partnership=north.partnership, child=north.children["pupil"], created_by=north.people["caseworker"]
    )
    PlanVersion.objects.create(
        partnership=north.partnership, plan=plan, number=1, status="issued", kind="draft", content={}
    )
    response = signed_in(north.people["parent"]).get(reverse("plan-compare", args=[plan.pk]))
    assert response.status_code == 200
    assert "There are not yet two versions of this plan for you to compare." in _text(response)
    assert "<select" not in response.content.decode()


def test_a_ceased_plan_is_not_called_the_plan_in_force(north, signed_in):
    import datetime

    plan = make_plan(north)
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.CEASED, ceased_on=datetime.date(2027, 9, 1))
    client = signed_in(north.people["parent"])
    text = _text(client.get(reverse("plan-detail", args=[plan.pk])))
    assert (
        "This plan has ended: it ceased on 1 September 2027. This is the last version that was in force."
        in text
    )
    assert "This is the plan in force." not in text
    assert "(the last in force)" in _text(client.get(reverse("plan-versions", args=[plan.pk])))
    body = client.get(reverse("api-plan-detail", args=[plan.pk])).json()
    assert body["status"] == "ceased" and body["version"]["in_force"] is False
