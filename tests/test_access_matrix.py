"""The access matrix: every role against every page and API endpoint so far, for records of their own
partnership and of another. Expected status codes are spelled out per role; no response may ever
contain another tenant's data."""

import pytest
from django.urls import reverse

from partnerships.roles import HOME_FOR_ROLE

from .conftest import PERSONA_ROLES

PERSONAS = list(PERSONA_ROLES)

# Which persona may open which role home page (200); every other signed-in persona gets 403.
HOME_PAGES = {
    "portal-home": {"parent", "young_person"},
    "school-home": {"senco", "headteacher", "ap_provider"},
    "backoffice-home": {"caseworker", "manager"},
    "inbox-home": {"health", "social_care", "mediator"},
    "support-home": {"support"},
    "regional-home": {"regional"},
    "national-home": {"national"},
}

# For each persona: which of north's children they may see (detail page and API 200); others are 404,
# except aggregate-only roles, who get 403 on every child.
VISIBLE_CHILDREN = {
    "parent": {"pupil"},
    "young_person": {"ap_pupil"},
    "senco": {"pupil"},
    "headteacher": {"pupil"},
    "caseworker": {"pupil", "ap_pupil", "unlinked"},
    "manager": {"pupil", "ap_pupil", "unlinked"},
    "health": {"pupil"},
    "social_care": {"pupil"},
    "ap_provider": {"ap_pupil"},
    "mediator": {"pupil"},
    "regional": set(),
    "national": set(),
    "support": {"pupil", "ap_pupil", "unlinked"},
}
AGGREGATE_ONLY = {"regional", "national"}
CAN_EDIT = {"caseworker", "manager"}
CAN_DELETE = {"manager", "support"}
CAN_AUDIT = {"manager", "support"}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url_name", list(HOME_PAGES))
def test_role_home_pages(north, signed_in, persona, url_name):
    """Each home page opens for its roles only."""
    response = signed_in(north.people[persona]).get(reverse(url_name))
    expected = 200 if persona in HOME_PAGES[url_name] else 403
    assert response.status_code == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_root_sends_each_role_home(north, signed_in, persona):
    """After sign-in, / sends each role to its own home page."""
    role = PERSONA_ROLES[persona]
    response = signed_in(north.people[persona]).get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse(HOME_FOR_ROLE[role])


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("child_key", ["pupil", "ap_pupil", "unlinked"])
def test_child_pages_own_partnership(north, signed_in, persona, child_key):
    """Child record pages and API: 200 where the relationship allows, 404 otherwise, 403 for DfE roles."""
    client = signed_in(north.people[persona])
    child = north.children[child_key]
    visible = child_key in VISIBLE_CHILDREN[persona]
    expected_read = 403 if persona in AGGREGATE_ONLY else (200 if visible else 404)
    assert client.get(reverse("child-detail", args=[child.pk])).status_code == expected_read
    assert client.get(f"/api/v1/children/{child.pk}/").status_code == expected_read

    def gated(allowed: set) -> int:
        if expected_read != 200:
            return expected_read
        return 200 if persona in allowed else 403

    assert client.get(reverse("child-edit", args=[child.pk])).status_code == gated(CAN_EDIT)
    assert client.get(reverse("child-share", args=[child.pk])).status_code == gated(CAN_EDIT)
    assert client.get(reverse("child-delete", args=[child.pk])).status_code == gated(CAN_DELETE)
    assert client.get(reverse("child-audit", args=[child.pk])).status_code == gated(CAN_AUDIT)
    assert client.get(f"/api/v1/children/{child.pk}/audit/").status_code == gated(CAN_AUDIT)
    patch = client.patch(
        f"/api/v1/children/{child.pk}/", {"preferred_name": "Ri"}, content_type="application/json"
    )
    assert patch.status_code == gated(CAN_EDIT)


@pytest.mark.parametrize("persona", PERSONAS)
def test_other_partnership_is_invisible(north, south, signed_in, persona):
    """Nobody in north can read, change or find any of south's children: always 404 (403 for DfE roles)."""
    client = signed_in(north.people[persona])
    expected = 403 if persona in AGGREGATE_ONLY else 404
    for child in south.children.values():
        assert client.get(reverse("child-detail", args=[child.pk])).status_code == expected
        assert client.get(f"/api/v1/children/{child.pk}/").status_code == expected
        assert client.get(reverse("child-edit", args=[child.pk])).status_code == expected
        assert client.get(f"/api/v1/children/{child.pk}/audit/").status_code == expected
        assert (
            client.patch(
                f"/api/v1/children/{child.pk}/", {"first_name": "X"}, content_type="application/json"
            ).status_code
            == expected
        )
        assert client.delete(f"/api/v1/children/{child.pk}/").status_code == expected
    listing = client.get("/api/v1/children/")
    if persona in AGGREGATE_ONLY:
        assert listing.status_code == 403
    else:
        assert listing.status_code == 200
        ids = {row["id"] for row in listing.json()["results"]}
        assert ids == {north.children[k].pk for k in VISIBLE_CHILDREN[persona]}
    for url_name, allowed in HOME_PAGES.items():
        if persona in allowed:
            body = client.get(reverse(url_name)).content.decode()
            for child in south.children.values():
                assert child.full_name not in body


@pytest.mark.parametrize("persona", PERSONAS)
def test_create_child_matrix(north, south, signed_in, persona):
    """Only LA caseworkers and SEND managers can add a child, and only to their own partnership."""
    client = signed_in(north.people[persona])
    la = north.partnership.local_authorities.first()
    body = {
        "partnership": north.partnership.slug,
        "first_name": "Robin",
        "last_name": "Hughes",
        "date_of_birth": "2016-05-01",
        "home_local_authority": la.ons_code,
    }
    expected = 201 if persona in CAN_EDIT else 403
    assert client.post("/api/v1/children/", body, content_type="application/json").status_code == expected
    body["partnership"] = south.partnership.slug
    assert client.post("/api/v1/children/", body, content_type="application/json").status_code == 403
    page = client.get(reverse("child-create"))
    assert page.status_code == (200 if persona in CAN_EDIT else 403)


def test_signed_out_visitors_are_sent_to_sign_in(north, client):
    """Without signing in, every private page redirects to sign-in and the API answers 403."""
    child = north.children["pupil"]
    for url in [reverse(name) for name in HOME_PAGES] + [reverse("child-detail", args=[child.pk])]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("sign-in"))
    assert client.get("/api/v1/children/").status_code in (401, 403)
    assert client.get(f"/api/v1/children/{child.pk}/").status_code in (401, 403)


def test_invited_professional_sees_shared_child_until_expiry(north, signed_in, time_machine):
    """A record shared with a professional (guardian grant) is visible until the share ends, then not."""
    from datetime import timedelta

    from django.utils import timezone

    from partnerships import services
    from tests import factories

    professional = factories.UserFactory(email="ep@elsewhere.example.org", full_name="Ed Psych")
    factories.MembershipFactory(
        user=professional, role="la_caseworker", partnership=factories.PartnershipFactory()
    )
    factories.give_totp_device(professional)
    child = north.children["unlinked"]
    client = signed_in(professional)
    assert client.get(reverse("child-detail", args=[child.pk])).status_code == 404
    services.child_share(
        actor=north.people["caseworker"],
        child=child,
        professional=professional,
        expires_at=timezone.now() + timedelta(days=30),
        reason="Educational psychology advice",
    )
    assert signed_in(professional).get(reverse("child-detail", args=[child.pk])).status_code == 200
    time_machine.move_to(timezone.now() + timedelta(days=31))
    assert signed_in(professional).get(reverse("child-detail", args=[child.pk])).status_code == 404
    from partnerships.tasks import expire_child_shares

    assert expire_child_shares() == 1
    from guardian.shortcuts import get_perms

    assert "view_child" not in get_perms(professional, child)


REFERENCE_ENDPOINTS = ["/api/v1/me/", "/api/v1/settings/", "/api/v1/local-authorities/", "/api/v1/regions/"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_reference_endpoints_for_every_role(north, south, signed_in, persona):
    """Reference data (settings register, LAs, regions) is open to every signed-in role; /me is personal."""
    client = signed_in(north.people[persona])
    for url in REFERENCE_ENDPOINTS:
        assert client.get(url).status_code == 200, url
    me = client.get("/api/v1/me/").json()
    assert me["email"] == north.people[persona].email
    assert me["home"] == HOME_FOR_ROLE[PERSONA_ROLES[persona]]


def test_reference_endpoints_need_sign_in(client, db):
    for url in REFERENCE_ENDPOINTS:
        assert client.get(url).status_code in (401, 403), url
