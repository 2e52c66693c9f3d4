"""Shared fixtures: the RLS fence lifted for test set-up, named personas for every role, sign-in helpers."""

from dataclasses import dataclass, field

import pytest
from django.test import Client

from partnerships import rls
from partnerships.models import Child, Membership, Partnership, Setting, User
from partnerships.roles import Role

from . import factories


@pytest.fixture(autouse=True)
def _system_rls_for_setup(request):
    """Test set-up writes rows for several partnerships, so the fence is lifted around the test body.

    Requests made through the test client set their own fence (the middleware), exactly as in service,
    and restore this afterwards. Tests of the fence itself use ``rls.tenant_scope`` or ``rls.clear``.
    """
    names = set(request.fixturenames)
    if names & {"transactional_db", "live_server"}:
        request.getfixturevalue("transactional_db")
        rls._set("", "on")
    elif "db" in names or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
        rls._set("", "on")
    yield


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@dataclass
class Area:
    """One partnership with a school, an AP setting, children and a person in every role."""

    partnership: Partnership
    school: Setting
    ap: Setting
    people: dict[str, User] = field(default_factory=dict)
    children: dict[str, Child] = field(default_factory=dict)


PERSONA_ROLES = {
    "parent": Role.PARENT_CARER,
    "young_person": Role.YOUNG_PERSON,
    "senco": Role.SENCO,
    "headteacher": Role.HEADTEACHER,
    "caseworker": Role.LA_CASEWORKER,
    "manager": Role.LA_SEND_MANAGER,
    "health": Role.HEALTH_OFFICER,
    "social_care": Role.SOCIAL_CARE_OFFICER,
    "ap_provider": Role.AP_PROVIDER,
    "mediator": Role.MEDIATOR,
    "regional": Role.DFE_REGIONAL_OFFICER,
    "national": Role.DFE_NATIONAL_ANALYST,
    "support": Role.SUPPORT_ADMIN,
}


def build_area(label: str) -> Area:
    """A whole partnership: 'north' and 'south' in the tests are two tenants that must never mix."""
    region = factories.RegionFactory(
        code=f"E1200000{1 if label == 'north' else 9}", name=f"{label.title()} region"
    )
    la = factories.LocalAuthorityFactory(name=f"{label.title()}by", region=region)
    icb = factories.ICBFactory(name=f"NHS {label.title()}by Integrated Care Board")
    partnership = factories.PartnershipFactory(
        name=f"{label.title()}by SEND Partnership", slug=f"{label}by", local_authority=la, icb=icb
    )
    school = factories.SettingFactory(partnership=partnership, name=f"{label.title()}by Primary School")
    ap = factories.SettingFactory(
        partnership=partnership,
        name=f"{label.title()}by Learning Centre",
        setting_type=Setting.Type.ALTERNATIVE_PROVISION,
        phase=Setting.Phase.SECONDARY,
        statutory_low_age=11,
        statutory_high_age=16,
    )
    area = Area(partnership=partnership, school=school, ap=ap)
    family_name = "Taylor" if label == "north" else "Evans"
    for persona, role in PERSONA_ROLES.items():
        user = factories.UserFactory(
            email=f"{persona}@{label}.example.org", full_name=f"{persona.title()} {label.title()}"
        )
        scope = {}
        if role in (Role.SENCO, Role.HEADTEACHER):
            scope = {"setting": school}
        elif role == Role.AP_PROVIDER:
            scope = {"setting": ap}
        elif role == Role.HEALTH_OFFICER:
            scope = {"icb": icb}
        elif role == Role.DFE_REGIONAL_OFFICER:
            scope = {"region": region}
        elif role == Role.DFE_NATIONAL_ANALYST:
            scope = {}
        else:
            scope = {"partnership": partnership}
        Membership.objects.create(user=user, role=role, **scope)
        if role not in (Role.PARENT_CARER, Role.YOUNG_PERSON):
            factories.give_totp_device(user)
        area.people[persona] = user
    # Children: one at the school with the parent and health and social care and mediator involved;
    # one in AP; one unrelated to anyone but the LA.
    pupil = factories.ChildFactory(
        partnership=partnership, first_name="Riley", last_name=family_name, current_setting=school
    )
    factories.ParentalResponsibilityFactory(
        child=pupil, full_name=area.people["parent"].full_name, user=area.people["parent"]
    )
    for persona, role in (
        ("parent", "parent_carer"),
        ("health", "health_officer"),
        ("social_care", "social_care_officer"),
        ("mediator", "mediator"),
    ):
        factories.CaseParticipantFactory(child=pupil, user=area.people[persona], role=role)
    ap_pupil = factories.ChildFactory(
        partnership=partnership,
        first_name="Jordan",
        last_name=family_name,
        current_setting=ap,
        date_of_birth="2011-09-01",
    )
    factories.CaseParticipantFactory(child=ap_pupil, user=area.people["young_person"], role="young_person")
    unlinked = factories.ChildFactory(
        partnership=partnership, first_name="Casey", last_name=family_name, current_setting=None
    )
    area.children = {"pupil": pupil, "ap_pupil": ap_pupil, "unlinked": unlinked}
    return area


@pytest.fixture
def north(db) -> Area:
    return build_area("north")


@pytest.fixture
def south(db) -> Area:
    return build_area("south")


def sign_in(client: Client, user: User, *, second_factor: bool = True) -> Client:
    """Sign in as a person; staff also pass their second factor unless told not to."""
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    if second_factor:
        device = user.totpdevice_set.filter(confirmed=True).first()
        if device is not None:
            session = client.session
            session["otp_device_id"] = device.persistent_id
            session.save()
    return client


@pytest.fixture
def signed_in():
    """``signed_in(user)`` gives a fresh test client signed in as that person."""

    def _make(user: User, *, second_factor: bool = True) -> Client:
        return sign_in(Client(), user, second_factor=second_factor)

    return _make
