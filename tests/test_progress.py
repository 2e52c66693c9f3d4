"""Progress between reviews: the service (who posts, as whom, against which outcome, with a file), the page
(outcomes with their updates, the form, the error summary) and the files, with the access matrix."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ehcp import policy, selectors_progress, services_progress
from ehcp.models import Plan, ProgressUpdate
from partnerships.models import ChildAccessLog

from . import ehcp_journey as journey

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
MP3 = b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x00" * 64


@pytest.fixture
def plan(north) -> Plan:
    return Plan.objects.select_related("child", "current_version").get(
        pk=journey.at_stage(north, "final").plan.pk
    )


def outcomes(plan: Plan) -> list[dict]:
    return plan.current_version.content["E"]["outcomes"]


def post(area, persona: str, plan: Plan, **kwargs) -> ProgressUpdate:
    values = {
        "outcome_id": outcomes(plan)[0]["id"],
        "text": "Followed two-step instructions today.",
        "rating": "",
    }
    values.update(kwargs)
    return services_progress.progress_post(actor=area.people[persona], plan=plan, **values)


def url(plan: Plan) -> str:
    return reverse("plan-progress", kwargs={"plan_id": plan.pk})


# The service -------------------------------------------------------------------------------------------


def test_a_parent_posts_as_family_by_default_and_may_post_the_childs_own_words(north, plan):
    update = post(north, "parent", plan, rating="some_progress")
    assert (update.author_kind, update.rating, update.posted_by) == (
        "family",
        "some_progress",
        north.people["parent"],
    )
    assert update.outcome_text == outcomes(plan)[0]["text"]
    assert update.partnership_id == plan.partnership_id
    child_words = post(north, "parent", plan, text="I did it all by myself!", author_kind="child")
    assert child_words.author_kind == "child"


def test_the_setting_and_the_la_post_as_themselves(north, plan):
    assert post(north, "senco", plan).author_kind == "setting"
    assert post(north, "headteacher", plan, rating="good_progress").author_kind == "setting"
    assert post(north, "caseworker", plan).author_kind == "la"


def test_nobody_posts_as_someone_they_are_not(north, plan):
    with pytest.raises(ValidationError) as raised:
        post(north, "senco", plan, author_kind="family")
    assert raised.value.message_dict == {"author_kind": ["Choose who the update is from"]}
    with pytest.raises(ValidationError):
        post(north, "parent", plan, author_kind="setting")


def test_a_young_person_posts_as_the_child(north):
    plan = journey.at_stage(north, "final", child="ap_pupil").plan
    plan = Plan.objects.select_related("child", "current_version").get(pk=plan.pk)
    assert policy.progress_author_kinds(north.people["young_person"], plan) == ["child"]
    assert post(north, "young_person", plan).author_kind == "child"


@pytest.mark.parametrize("persona", ["health", "social_care", "mediator"])
def test_linked_professionals_read_but_do_not_post(north, plan, persona):
    assert policy.access_plan(north.people[persona], plan.pk) == plan
    assert policy.progress_author_kinds(north.people[persona], plan) == []
    with pytest.raises(PermissionDenied):
        post(north, persona, plan)
    assert not ProgressUpdate.objects.exists()


def test_the_outcome_must_be_in_the_plan_in_force_and_every_problem_shows_at_once(north, plan):
    with pytest.raises(ValidationError) as raised:
        post(north, "parent", plan, outcome_id="not-an-outcome", text="  ", rating="brilliant")
    assert raised.value.message_dict == {
        "outcome_id": ["Choose an outcome from section E of the plan"],
        "text": ["Enter the progress made"],
        "rating": ["Choose how the outcome is going"],
    }
    assert not ProgressUpdate.objects.exists()


def test_no_progress_on_a_plan_not_in_force(north, plan):
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.CEASED)
    plan.refresh_from_db()
    with pytest.raises(ValidationError) as raised:
        post(north, "parent", plan)
    assert "plan" in raised.value.message_dict


def test_a_picture_or_recording_is_attached_with_its_type_sniffed(north, plan):
    update = post(
        north,
        "parent",
        plan,
        upload=SimpleUploadedFile("drawing.png", PNG, content_type="image/png"),
        upload_description="Sam's drawing of the school trip",
    )
    assert update.attachment.content_type == "image/png"
    assert update.attachment.description == "Sam's drawing of the school trip"
    assert update.attachment.title == "Progress on outcome E1"
    recording = post(north, "senco", plan, upload=SimpleUploadedFile("voice.mp3", MP3))
    assert recording.attachment.content_type == "audio/mpeg"


def test_a_file_that_is_not_media_is_refused_with_the_other_errors(north, plan):
    with pytest.raises(ValidationError) as raised:
        post(
            north,
            "parent",
            plan,
            text="",
            upload=SimpleUploadedFile("notes.png", b"just text, not a picture"),
        )
    assert set(raised.value.message_dict) == {"text", "upload"}
    assert not plan.attachments.exists()


def test_updates_are_listed_by_outcome_newest_first_and_keep_removed_outcomes(north, plan):
    first = post(north, "parent", plan, text="First")
    second = post(north, "senco", plan, text="Second")
    other = post(north, "senco", plan, outcome_id=outcomes(plan)[1]["id"], text="On E2")
    orphan = ProgressUpdate.objects.create(
        partnership_id=plan.partnership_id,
        plan=plan,
        outcome_id="gone",
        outcome_text="An outcome since removed",
        author_kind="family",
        text="Old",
        posted_by=north.people["parent"],
    )
    page = selectors_progress.progress_by_outcome(plan=plan)
    e1, e2 = page["outcomes"][:2]
    assert (e1.label, e2.label) == ("E1", "E2")
    assert e1.updates == [second, first]
    assert e2.updates == [other]
    assert page["earlier"] == [orphan]


# The page ----------------------------------------------------------------------------------------------

PAGE_MATRIX = {
    "parent": (200, True),
    "senco": (200, True),
    "headteacher": (200, True),
    "caseworker": (200, True),
    "manager": (200, True),
    "health": (200, False),
    "social_care": (200, False),
    "mediator": (200, False),
    "young_person": (404, False),  # family of another child
    "ap_provider": (404, False),
    "support": (404, False),
    "regional": (403, False),
    "national": (403, False),
}


@pytest.mark.parametrize(("persona", "expected"), PAGE_MATRIX.items())
def test_page_access_matrix(north, south, plan, signed_in, persona, expected):
    status, can_post = expected
    client = signed_in(north.people[persona])
    response = client.get(url(plan))
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert outcomes(plan)[0]["text"] in html
        assert ("Record progress" in html) == can_post
    kinds = policy.progress_author_kinds(north.people[persona], plan) if status == 200 else []
    assert bool(kinds) == can_post
    data = {"outcome_id": outcomes(plan)[0]["id"], "text": "Hello", "author_kind": (kinds or ["la"])[0]}
    posted = client.post(url(plan), data)
    assert posted.status_code == (302 if can_post else 403 if status == 200 else status)
    # Another partnership's people never see it.
    assert signed_in(south.people[persona]).get(url(plan)).status_code in (403, 404)
    if persona not in ("regional", "national"):
        assert signed_in(south.people[persona]).get(url(plan)).status_code == 404


def test_the_page_lists_updates_with_who_posted_and_rating_and_logs_the_read(north, plan, signed_in):
    post(north, "parent", plan, text="Sam followed the instruction first time", rating="good_progress")
    post(
        north,
        "senco",
        plan,
        text="Sam joined in at circle time",
        upload=SimpleUploadedFile("circle.png", PNG),
        upload_description="Sam at circle time",
    )
    before = ChildAccessLog.objects.filter(child=plan.child).count()
    html = signed_in(north.people["health"]).get(url(plan)).content.decode()
    assert html.index("Sam joined in at circle time") < html.index("Sam followed the instruction first time")
    assert north.people["parent"].full_name in html and north.people["senco"].full_name in html
    assert "Good progress" in html and "Parent or carer" in html and "School or college" in html
    assert "circle.png" in html and "Sam at circle time" in html
    assert ChildAccessLog.objects.filter(child=plan.child).count() == before + 1


def test_posting_through_the_page_with_a_file(north, plan, signed_in):
    client = signed_in(north.people["parent"])
    outcome = outcomes(plan)[1]
    response = client.post(
        url(plan),
        {
            "outcome_id": outcome["id"],
            "author_kind": "child",
            "rating": "achieved",
            "text": "I read a whole book!",
            "upload": SimpleUploadedFile("me.png", PNG),
            "upload_description": "A photo of the book",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"{url(plan)}#outcome-{outcome['id']}"
    update = ProgressUpdate.objects.get()
    assert (update.outcome_id, update.author_kind, update.rating) == (outcome["id"], "child", "achieved")
    assert update.attachment.content_type == "image/png"
    page = client.get(response["Location"]).content.decode()
    assert "Your progress update has been added" in page


def test_bad_input_shows_the_error_summary_and_keeps_what_was_typed(north, plan, signed_in):
    client = signed_in(north.people["parent"])
    response = client.post(
        url(plan),
        {
            "author_kind": "family",
            "text": "Some words I typed",
            "upload": SimpleUploadedFile("fake.png", b"not a picture at all"),
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: " in html
    assert "There is a problem" in html
    assert 'href="#id_outcome_id"' in html and "Choose an outcome from section E of the plan" in html
    assert "Some words I typed" in html
    assert not ProgressUpdate.objects.exists()
    # A file that is not media is caught by the service: shown on its field, nothing saved.
    response = client.post(
        url(plan),
        {
            "outcome_id": outcomes(plan)[0]["id"],
            "author_kind": "family",
            "text": "Some words I typed",
            "upload": SimpleUploadedFile("fake.png", b"not a picture at all"),
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_upload"' in html and "The selected file must be a" in html
    assert not ProgressUpdate.objects.exists() and not plan.attachments.exists()


def test_the_setting_has_no_choice_of_author(north, plan, signed_in):
    html = signed_in(north.people["senco"]).get(url(plan)).content.decode()
    assert 'type="hidden" name="author_kind" value="setting"' in html
    assert "Who is this update from?" not in html


# Files -------------------------------------------------------------------------------------------------


def test_files_are_served_only_to_people_who_may_read_the_plan(north, south, plan, signed_in):
    update = post(north, "parent", plan, upload=SimpleUploadedFile("drawing.png", PNG))
    file_url = reverse(
        "plan-progress-file", kwargs={"plan_id": plan.pk, "attachment_id": update.attachment_id}
    )
    for persona in ("parent", "senco", "caseworker", "health"):
        response = signed_in(north.people[persona]).get(file_url)
        assert response.status_code == 200, persona
        assert b"".join(response.streaming_content) == PNG
        assert response["Content-Type"] == "image/png"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "attachment" in response["Content-Disposition"]
    assert signed_in(north.people["young_person"]).get(file_url).status_code == 404
    assert signed_in(south.people["caseworker"]).get(file_url).status_code == 404
    assert signed_in(north.people["national"]).get(file_url).status_code == 403


def test_only_files_posted_with_progress_are_served_here(north, plan, signed_in):
    from ehcp import services_plans

    other = services_plans.attachment_add(
        actor=north.people["caseworker"], plan=plan, upload=SimpleUploadedFile("a.png", PNG), title="For A"
    )
    file_url = reverse("plan-progress-file", kwargs={"plan_id": plan.pk, "attachment_id": other.pk})
    assert signed_in(north.people["parent"]).get(file_url).status_code == 404
