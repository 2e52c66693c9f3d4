"""An issued plan version never changes, whatever the route: the ORM (the database trigger), the Django admin
(read-only) and the API (no write endpoints: 405). A working version can still be saved."""

import pytest
from django.contrib.admin.sites import site
from django.db import DatabaseError, transaction
from django.urls import reverse

from ehcp import services_plans
from ehcp.models import Plan, PlanVersion

from .plan_reading import make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(north) -> Plan:
    return make_plan(north, working=True)


def _issued(plan) -> PlanVersion:
    return plan.versions.get(number=2)


# Through the ORM: the database refuses -----------------------------------------------------------------


def test_saving_an_issued_version_is_refused(plan):
    version = _issued(plan)
    version.content = {**version.content, "A": {**version.content["A"], "summary": "Rewritten"}}
    with pytest.raises(DatabaseError, match="issued_version_is_immutable"), transaction.atomic():
        version.save()
    assert _issued(plan).content["A"]["summary"] != "Rewritten"


def test_updating_issued_versions_in_bulk_is_refused(plan):
    with pytest.raises(DatabaseError), transaction.atomic():
        PlanVersion.objects.filter(plan=plan, status="issued").update(issued_on=None)
    assert _issued(plan).issued_on is not None


def test_reopening_an_issued_version_as_working_is_refused(plan):
    with pytest.raises(DatabaseError), transaction.atomic():
        PlanVersion.objects.filter(pk=_issued(plan).pk).update(status="working")


def test_deleting_an_issued_version_is_refused(plan):
    with pytest.raises(DatabaseError), transaction.atomic():
        _issued(plan).delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        PlanVersion.objects.filter(pk=_issued(plan).pk).delete()
    assert plan.versions.filter(status="issued").count() == 2


def test_deleting_the_plan_cannot_take_its_issued_versions_with_it(plan):
    with pytest.raises(DatabaseError), transaction.atomic():
        Plan.objects.filter(pk=plan.pk).delete()
    assert PlanVersion.objects.filter(plan_id=plan.pk).count() == 3


def test_a_working_version_can_still_be_saved(plan, north):
    working = plan.versions.get(number=3)
    saved = services_plans.section_save(
        actor=north.people["caseworker"],
        plan=plan,
        code="A",
        data={**working.content["A"], "summary": "Updated after the review meeting."},
        base_revision=working.revision,
    )
    saved.refresh_from_db()
    assert saved.content["A"]["summary"] == "Updated after the review meeting."
    assert saved.revision == working.revision + 1
    PlanVersion.objects.filter(pk=working.pk).update(revision=saved.revision + 1)  # the ORM may too


# Through the admin: read-only --------------------------------------------------------------------------


@pytest.fixture
def admin_client(north, signed_in):
    """The support user made a superuser (admin access is for support staff, with their second factor)."""
    user = north.people["support"]
    user.is_staff = True
    user.is_superuser = True
    user.save()
    return signed_in(user)


def test_the_admin_lists_versions_without_their_content(admin_client, plan):
    response = admin_client.get(reverse("admin:ehcp_planversion_changelist"))
    assert response.status_code == 200
    assert "Final plan" in response.content.decode()
    page = admin_client.get(reverse("admin:ehcp_planversion_change", args=[_issued(plan).pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="_save"' not in html  # view only
    assert "I like drawing, dinosaurs and swimming" not in html  # a child's record stays out of the admin


def test_the_admin_refuses_to_change_or_delete_an_issued_version(admin_client, plan):
    version = _issued(plan)
    change = admin_client.post(
        reverse("admin:ehcp_planversion_change", args=[version.pk]),
        {"number": 9, "kind": "draft", "status": "working", "_save": "Save"},
    )
    assert change.status_code == 403
    delete = admin_client.post(reverse("admin:ehcp_planversion_delete", args=[version.pk]), {"post": "yes"})
    assert delete.status_code == 403
    assert admin_client.get(reverse("admin:ehcp_planversion_add")).status_code == 403
    version.refresh_from_db()
    assert (version.number, version.status) == (2, "issued")


def test_the_admins_permissions_for_versions(rf, admin_client, plan, north):
    model_admin = site._registry[PlanVersion]
    request = rf.get("/")
    request.user = north.people["support"]
    version = _issued(plan)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, version)
    assert not model_admin.has_delete_permission(request, version)
    assert model_admin.has_view_permission(request, version)
    assert "content" not in model_admin.get_fields(request, version)


# Through the API: nothing to write with ----------------------------------------------------------------


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_the_api_has_no_write_on_an_issued_version(plan, north, signed_in, method):
    client = signed_in(north.people["caseworker"])
    url = reverse("api-plan-version", args=[plan.pk, 2])
    response = getattr(client, method)(
        url, {"content": {"A": {"summary": "Rewritten"}}}, content_type="application/json"
    )
    assert response.status_code == 405
    assert _issued(plan).content["A"]["summary"] != "Rewritten"
