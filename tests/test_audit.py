"""Every create, update and delete of a child is audited with the acting user; views are logged too."""

import pytest
from django.urls import reverse
from pghistory.models import Events

from partnerships.models import Child, ChildAccessLog


def _events_for(child_id: int):
    return Events.objects.filter(pgh_model="partnerships.ChildEvent", pgh_obj_id=str(child_id)).order_by(
        "pgh_created_at", "pgh_id"
    )


def test_create_update_delete_are_audited_with_the_actor(north, signed_in):
    caseworker = north.people["caseworker"]
    client = signed_in(caseworker)
    la = north.partnership.local_authorities.first()
    created = client.post(
        "/api/v1/children/",
        {
            "partnership": north.partnership.slug,
            "first_name": "Robin",
            "last_name": "Hughes",
            "date_of_birth": "2016-05-01",
            "home_local_authority": la.ons_code,
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    child_id = created.json()["id"]
    updated = client.patch(
        f"/api/v1/children/{child_id}/", {"last_name": "Hughes-Khan"}, content_type="application/json"
    )
    assert updated.status_code == 200
    deleted = signed_in(north.people["manager"]).delete(f"/api/v1/children/{child_id}/")
    assert deleted.status_code == 204
    assert not Child.objects.filter(pk=child_id).exists()

    events = list(_events_for(child_id))
    assert [e.pgh_label for e in events] == ["insert", "update", "delete"]
    assert [e.pgh_context["user"] for e in events] == [
        caseworker.pk,
        caseworker.pk,
        north.people["manager"].pk,
    ]
    assert events[1].pgh_diff == {
        "last_name": ["Hughes", "Hughes-Khan"],
        "updated_at": events[1].pgh_diff["updated_at"],
    }
    assert events[2].pgh_data["last_name"] == "Hughes-Khan"


def test_support_sees_the_trail_and_views(north, signed_in):
    child = north.children["pupil"]
    signed_in(north.people["caseworker"]).post(
        reverse("child-edit", args=[child.pk]),
        {
            "first_name": child.first_name,
            "last_name": "Okafor",
            "date_of_birth_day": "14",
            "date_of_birth_month": "3",
            "date_of_birth_year": "2015",
            "home_local_authority": child.home_local_authority_id,
            "current_setting": child.current_setting_id,
            "upn": child.upn,
        },
    )
    signed_in(north.people["senco"]).get(reverse("child-detail", args=[child.pk]))
    page = signed_in(north.people["support"]).get(reverse("child-audit", args=[child.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Okafor" in body
    assert north.people["caseworker"].full_name in body
    assert north.people["senco"].full_name in body  # the view is logged


@pytest.mark.parametrize("channel,url", [("page", "child-detail"), ("api", None)])
def test_reads_are_logged(north, signed_in, channel, url):
    child = north.children["pupil"]
    client = signed_in(north.people["parent"])
    path = reverse(url, args=[child.pk]) if url else f"/api/v1/children/{child.pk}/"
    assert client.get(path).status_code == 200
    log = ChildAccessLog.objects.get(child=child)
    assert (log.user, log.channel) == (north.people["parent"], channel)


def test_bad_input_keeps_answers_and_gives_field_errors(north, signed_in):
    """Invalid values give a GOV.UK error summary (page) or a 400 with field errors (API); nothing is lost."""
    child = north.children["pupil"]
    client = signed_in(north.people["caseworker"])
    response = client.post(
        reverse("child-edit", args=[child.pk]),
        {
            "first_name": "Riley",
            "last_name": "Changed",
            "date_of_birth_day": "1",
            "date_of_birth_month": "1",
            "date_of_birth_year": "2999",
            "home_local_authority": child.home_local_authority_id,
            "upn": "A12345",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "Date of birth must be today or in the past" in body
    assert "13 characters" in body
    assert 'value="Changed"' in body  # what was typed is kept
    child.refresh_from_db()
    assert child.last_name == "Taylor"  # nothing saved

    api = client.patch(
        f"/api/v1/children/{child.pk}/",
        {"date_of_birth": "not-a-date", "upn": "A1"},
        content_type="application/json",
    )
    assert api.status_code == 400
    assert set(api.json()) >= {"date_of_birth"}
    api = client.patch(
        f"/api/v1/children/{child.pk}/", {"upn": "A801200123457"}, content_type="application/json"
    )
    assert api.status_code == 400
    assert "upn" in api.json()
    malformed = client.generic("POST", "/api/v1/children/", "{not json", content_type="application/json")
    assert malformed.status_code == 400
