"""Sharing a child's record with an invited professional: grants end on time, unless invited again."""

from datetime import timedelta

from django.utils import timezone
from guardian.shortcuts import get_perms

from partnerships import services

from . import factories


def _professional(email: str):
    user = factories.UserFactory(email=email)
    factories.MembershipFactory(user=user, role="la_caseworker", partnership=factories.PartnershipFactory())
    return user


def test_expiry_removes_only_grants_with_no_running_invitation(north, time_machine):
    caseworker = north.people["caseworker"]
    child = north.children["unlinked"]
    once, again = _professional("once@example.org"), _professional("again@example.org")
    now = timezone.now()
    for person in (once, again):
        services.child_share(
            actor=caseworker,
            child=child,
            professional=person,
            expires_at=now + timedelta(days=10),
            reason="Advice",
        )
    services.child_share(
        actor=caseworker,
        child=child,
        professional=again,
        expires_at=now + timedelta(days=60),
        reason="Review",
    )
    time_machine.move_to(now + timedelta(days=11))
    assert services.child_shares_expire() == 2
    assert "view_child" not in get_perms(once, child)
    assert "view_child" in get_perms(again, child)
    assert services.child_shares_expire() == 0


def test_search_box_is_not_marked_optional(north, signed_in):
    body = signed_in(north.people["caseworker"]).get("/back-office/children/").content.decode()
    assert "Search by name or unique pupil number</label>" in body
    assert "(optional)" not in body
