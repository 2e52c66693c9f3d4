"""The demo data: the standards catalogue, the national administrator's sign-in and one local inclusion plan
per demo partnership (approved and published, awaiting review, being drafted), made once."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from partnerships.models import User
from partnerships.roles import Role
from placements.models import InclusionPlan, StandardsVersion

pytestmark = pytest.mark.django_db


def test_seed_demo_loads_the_standards_the_admin_and_a_plan_per_partnership():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "national-admin@dfe.demo.send.example" in out.getvalue()
    admin = User.objects.get(email="national-admin@dfe.demo.send.example")
    assert admin.memberships.get().role == Role.DFE_NATIONAL_ADMIN
    assert StandardsVersion.objects.get().standards.count() == 24
    status = dict(InclusionPlan.objects.values_list("partnership__slug", "status"))
    assert status == {"leeds": "approved", "devon": "submitted", "camden": "draft"}
    assert Client().get("/local-inclusion-plans/leeds/").status_code == 200
    before = InclusionPlan.objects.count()
    call_command("seed_demo", stdout=StringIO())
    assert InclusionPlan.objects.count() == before
