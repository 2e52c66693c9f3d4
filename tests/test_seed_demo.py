"""``seed_demo``: deterministic, idempotent demo data with a person in every role; refused in production."""

from io import StringIO

import pghistory.models
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from dashboards.models import PartnershipSnapshot
from partnerships import demo
from partnerships.models import (
    CaseParticipant,
    Child,
    LocalAuthority,
    Membership,
    ParentalResponsibility,
    Partnership,
    Setting,
    User,
)
from partnerships.roles import FAMILY_ROLES, Role
from partnerships.validators import validate_nhs_number, validate_upn

pytestmark = pytest.mark.django_db


def _counts() -> dict:
    models = (
        User,
        Membership,
        Partnership,
        Setting,
        Child,
        ParentalResponsibility,
        CaseParticipant,
        TOTPDevice,
        PartnershipSnapshot,
        LocalAuthority,
    )
    counts = {model.__name__: model.objects.count() for model in models}
    counts["events"] = pghistory.models.Events.objects.count()
    counts["children"] = sorted(Child.objects.values_list("upn", "first_name", "last_name", "date_of_birth"))
    return counts


@pytest.fixture
def seeded():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seeding_twice_changes_nothing(seeded):
    first = _counts()
    call_command("seed_demo", stdout=StringIO())
    assert _counts() == first
    assert first["Partnership"] == 3
    assert first["Child"] == 3 * demo.CHILDREN_PER_PARTNERSHIP


def test_every_role_has_a_demo_user(seeded):
    for role in Role:
        assert Membership.objects.filter(role=role).exists(), role
    for slug in ("leeds", "devon", "camden"):
        partnership = Partnership.objects.get(slug=slug)
        for role, local_part, _scope in demo.PARTNERSHIP_PEOPLE:
            user = User.objects.get(email=f"{local_part}@{slug}.demo.send.example")
            assert user.check_password(demo.DEMO_PASSWORD)
            membership = user.memberships.get(role=role)
            assert partnership in {
                membership.partnership,
                getattr(membership.setting, "partnership", None),
            } or (membership.icb in partnership.icbs.all())
            assert user.totpdevice_set.filter(confirmed=True, key=demo.DEMO_TOTP_KEY).exists() == (
                role not in FAMILY_ROLES
            )
    regional = Membership.objects.filter(role=Role.DFE_REGIONAL_OFFICER).values_list(
        "region__name", flat=True
    )
    assert set(regional) == {"Yorkshire and The Humber", "South West", "London"}
    assert User.objects.filter(email="national-analyst@dfe.demo.send.example").exists()


def test_partnerships_use_real_authorities_and_icbs(seeded):
    leeds = Partnership.objects.get(slug="leeds")
    assert list(leeds.local_authorities.values_list("dfe_code", flat=True)) == ["383"]
    assert list(leeds.icbs.values_list("name", flat=True)) == ["NHS West Yorkshire Integrated Care Board"]
    assert Partnership.objects.get(slug="devon").icbs.get().name == "NHS Devon Integrated Care Board"
    assert (
        Partnership.objects.get(slug="camden").icbs.get().name
        == "NHS North Central London Integrated Care Board"
    )


def test_settings_cover_every_type_with_fictional_urns(seeded):
    for partnership in Partnership.objects.all():
        types = set(partnership.settings.values_list("setting_type", flat=True))
        assert types == {value for value, _ in Setting.Type.choices}
        assert (
            partnership.settings.filter(has_resourced_provision=True, setting_type="mainstream").count() == 2
        )
    assert all(900000 <= urn <= 999999 for urn in Setting.objects.values_list("urn", flat=True))


def test_children_have_valid_identifiers_and_links(seeded):
    children = list(Child.objects.select_related("current_setting"))
    for child in children:
        validate_upn(child.upn)
        validate_nhs_number(child.nhs_number)
        assert child.nhs_number == "" or child.nhs_number.startswith("999")
        if child.current_setting:
            assert child.current_setting.partnership_id == child.partnership_id
    assert sum(1 for c in children if c.nhs_number) >= len(children) // 2
    assert len({c.upn for c in children}) == len(children)
    parent = User.objects.get(email="parent@leeds.demo.send.example")
    assert CaseParticipant.objects.filter(user=parent, role="parent_carer").count() == 2
    assert ParentalResponsibility.objects.filter(user=parent).count() == 2
    young_person = User.objects.get(email="young-person@leeds.demo.send.example")
    link = CaseParticipant.objects.get(user=young_person, role="young_person")
    assert link.child.full_name == young_person.full_name
    assert link.child.date_of_birth.year <= 2009
    for role in ("health_officer", "social_care_officer", "mediator"):
        assert CaseParticipant.objects.filter(role=role, partnership__slug="devon").exists()
    ap_provider = User.objects.get(email="ap-provider@camden.demo.send.example")
    assert Child.objects.filter(current_setting=ap_provider.memberships.get().setting).exists()


def test_child_writes_are_audited_as_seed_demo(seeded):
    events = pghistory.models.Events.objects.filter(pgh_model="partnerships.ChildEvent")
    # Each child is created once, then given a home postcode near its setting (placements.demo).
    assert events.filter(pgh_label="insert", pgh_context__action="seed_demo").count() == (
        3 * demo.CHILDREN_PER_PARTNERSHIP
    )
    assert events.filter(pgh_label="update", pgh_context__action="seed_demo").count() == (
        3 * demo.CHILDREN_PER_PARTNERSHIP
    )
    assert not events.exclude(pgh_context__action="seed_demo").exists()


def test_demo_settings_and_children_are_placed_and_each_draft_plan_has_a_list(seeded):
    from ehcp.models import Plan
    from placements.models import PostcodeLocation, TailoredList

    for child in Child.objects.all():
        assert PostcodeLocation.objects.filter(postcode=child.home_postcode).exists()
    placed = Setting.objects.exclude(easting=None)
    assert placed.count() == Setting.objects.count()
    assert Setting.objects.filter(setting_type="special", pupils_on_roll=140, capacity=140).count() == 3
    drafts = Plan.objects.filter(status="draft", draft_issued_on__isnull=False)
    assert drafts.exists()
    for plan in drafts:
        tailored = TailoredList.objects.get(plan=plan, status="current")
        assert tailored.entries.filter(included=True).exists()
        assert tailored.entries.exclude(distance_m=None).exists()


def test_prints_the_sign_ins_password_and_totp_secret(seeded):
    assert "caseworker@leeds.demo.send.example" in seeded
    assert "national-analyst@dfe.demo.send.example" in seeded
    assert demo.DEMO_PASSWORD in seeded
    assert demo.totp_secret_base32() in seeded
    assert PartnershipSnapshot.objects.filter(children_count=demo.CHILDREN_PER_PARTNERSHIP).count() == 3


def test_refused_where_demo_data_is_not_allowed(settings):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="DEMO_DATA_ALLOWED"):
        call_command("seed_demo", stdout=StringIO())
    assert not Partnership.objects.exists()


def test_each_partnership_has_assessment_cases_at_every_stage(seeded):
    from ehcp.models import AssessmentRequest, Deadline, DecisionLetter

    for partnership in Partnership.objects.all():
        stages = set(
            AssessmentRequest.objects.filter(partnership=partnership).values_list("stage", flat=True)
        )
        assert stages == {"panel", "draft_plan", "assessing", "refused", "received", "final"}
    statuses = set(Deadline.objects.values_list("status", flat=True))
    assert {"met", "missed", "pending", "not_needed"} <= statuses
    assert DecisionLetter.objects.filter(kind="refuse_to_assess").count() == 3
    parent = User.objects.get(email=demo._email("parent", "leeds"))
    drafts = AssessmentRequest.objects.filter(stage="draft_plan", child__participants__user=parent)
    assert drafts.count() == 1  # the demo parent has a draft plan to comment on
