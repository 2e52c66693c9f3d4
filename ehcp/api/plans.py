"""API twins of the plan-reading pages (``ehcp.views_plans``), under ``/api/v1/plans/<id>/``:

``""`` (the plan and the version shown, with its structured content), ``versions/``, ``versions/<n>/``,
``versions/<n>/pdf/``, ``compare/?from=&to=`` (the difference section by section), ``my-plan/`` and
``my-plan/pdf/`` (the easy-read "My plan"). Each is read-only, with the pages' rules: another tenant's plan
404, DfE users 403, the version being written for the local authority only; every read of the child's
record is logged. Issued versions never change, so there is no way to write one here: PUT, PATCH and
DELETE answer 405. Bad compare parameters are a 400 with field errors.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import easy_read, selectors_plan_reading, selectors_plans, views_common
from ..models import Plan, PlanVersion
from ..views_plans import my_plan_pdf_response, shown_or_404, version_or_404, version_pdf_response

ERRORS = {
    403: OpenApiResponse(description="A DfE user (never sees a child's plan)."),
    404: OpenApiResponse(description="No such plan or version, or not one the person may read."),
}


def _open(request, plan_id: int) -> Plan:
    return views_common.open_plan(request, plan_id, channel="api")


def _enum(choices) -> serializers.CharField:
    """A code from a fixed set, listed in the field's description (``status`` and ``kind`` name other
    choice sets elsewhere in the API, so named enum components would collide)."""
    values = [value if isinstance(value, str) else value[0] for value in choices]
    return serializers.CharField(help_text="One of: " + ", ".join(values) + ".")


def _name(user) -> str | None:
    return (user.full_name or user.email) if user else None


# Output ------------------------------------------------------------------------------------------------


class PlanVersionSummarySerializer(serializers.Serializer):
    number = serializers.IntegerField()
    kind = _enum(PlanVersion.Kind.choices)
    kind_label = serializers.CharField(source="get_kind_display")
    status = _enum(PlanVersion.Status.choices)
    issued_on = serializers.DateField(allow_null=True)
    issued_by = serializers.SerializerMethodField()
    in_force = serializers.SerializerMethodField()

    def get_issued_by(self, version) -> str | None:
        return _name(version.issued_by)

    def get_in_force(self, version) -> bool:
        return selectors_plan_reading.in_force(self.context["plan"], version)


class PlanVersionSerializer(PlanVersionSummarySerializer):
    schema_version = serializers.IntegerField()
    content = serializers.JSONField(
        help_text="Sections A to K (H1 and H2 apart) as structured data: see ehcp/plan_content.py."
    )


class PlanChildSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="full_name")


class PlanSettingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    urn = serializers.IntegerField(allow_null=True)


class PlanReadSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    child = PlanChildSerializer()
    status = _enum(Plan.Status.choices)
    status_label = serializers.CharField(source="get_status_display")
    named_setting = PlanSettingSerializer(allow_null=True)
    draft_issued_on = serializers.DateField(allow_null=True)
    final_issued_on = serializers.DateField(allow_null=True)
    next_review_due_on = serializers.DateField(allow_null=True)
    version = serializers.SerializerMethodField(
        help_text="The plan in force or, before the final plan, the last version issued; null if none."
    )
    working_version = serializers.SerializerMethodField(
        help_text="The number of the version being written (local authority staff only), else null."
    )

    @extend_schema(responses=PlanVersionSerializer(allow_null=True))
    def get_version(self, plan) -> dict | None:
        version = self.context["version"]
        return PlanVersionSerializer(version, context=self.context).data if version else None

    def get_working_version(self, plan) -> int | None:
        working = self.context["working"]
        return working.number if working else None


class PlanChangeSerializer(serializers.Serializer):
    kind = _enum(["added", "removed", "changed"])
    before = serializers.CharField(allow_blank=True)
    after = serializers.CharField(allow_blank=True)


class PlanSectionDiffSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    changed = serializers.BooleanField()
    changes = PlanChangeSerializer(many=True)


class PlanComparisonSerializer(serializers.Serializer):
    before = PlanVersionSummarySerializer()
    after = PlanVersionSummarySerializer()
    sections = PlanSectionDiffSerializer(many=True)


PlanCompareQuerySerializer = type(
    "PlanCompareQuerySerializer",
    (serializers.Serializer,),
    {
        "from": serializers.IntegerField(
            min_value=1, help_text="The number of the version to compare from (older)."
        ),
        "to": serializers.IntegerField(min_value=1, help_text="The number of the version to compare with."),
    },
)


class MyPlanHelperSerializer(serializers.Serializer):
    what = serializers.CharField()
    who = serializers.CharField(allow_blank=True)
    how_often = serializers.CharField(allow_blank=True)


class MyPlanSerializer(serializers.Serializer):
    first_name = serializers.CharField()
    about_me = serializers.ListField(child=serializers.CharField())
    goals = serializers.ListField(child=serializers.CharField())
    helpers = MyPlanHelperSerializer(many=True)
    school = serializers.CharField(allow_blank=True)
    review_on = serializers.DateField(allow_null=True)
    version_number = serializers.IntegerField()
    issued_on = serializers.DateField(allow_null=True)


# Views -------------------------------------------------------------------------------------------------


class PlanDetailApi(APIView):
    """The plan and the version shown to this person, with its structured content."""

    @extend_schema(responses={200: PlanReadSerializer, **ERRORS})
    def get(self, request, plan_id: int, version=None):
        plan = _open(request, plan_id)
        shown = selectors_plan_reading.shown_version(user=request.user, plan=plan)
        working = selectors_plan_reading.working_version_for(user=request.user, plan=plan)
        context = {"plan": plan, "version": shown, "working": working}
        return Response(PlanReadSerializer(plan, context=context).data)


class PlanVersionsApi(APIView):
    """Every version this person may read, newest first (without content)."""

    @extend_schema(responses={200: PlanVersionSummarySerializer(many=True), **ERRORS})
    def get(self, request, plan_id: int, version=None):
        plan = _open(request, plan_id)
        versions = selectors_plans.versions_for(user=request.user, plan=plan)
        return Response(PlanVersionSummarySerializer(versions, many=True, context={"plan": plan}).data)


class PlanVersionApi(APIView):
    """One version with its content. Read-only: an issued version never changes (405 for writes)."""

    @extend_schema(responses={200: PlanVersionSerializer, **ERRORS})
    def get(self, request, plan_id: int, number: int, version=None):
        plan = _open(request, plan_id)
        found = version_or_404(request, plan, number)
        return Response(PlanVersionSerializer(found, context={"plan": plan}).data)


class PlanVersionPdfApi(APIView):
    """A version as a tagged PDF (PDF/UA-1)."""

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY, **ERRORS})
    def get(self, request, plan_id: int, number: int, version=None):
        plan = _open(request, plan_id)
        return version_pdf_response(plan, version_or_404(request, plan, number))


class PlanCompareApi(APIView):
    """What changed between two versions, section by section (every section, changed or not)."""

    @extend_schema(
        parameters=[PlanCompareQuerySerializer],
        responses={
            200: PlanComparisonSerializer,
            400: OpenApiResponse(description="Bad or unknown version numbers: field errors under from/to."),
            **ERRORS,
        },
    )
    def get(self, request, plan_id: int, version=None):
        plan = _open(request, plan_id)
        query = PlanCompareQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        comparison = selectors_plan_reading.comparison(
            user=request.user,
            plan=plan,
            before=query.validated_data["from"],
            after=query.validated_data["to"],
        )
        data = {
            "before": comparison.before,
            "after": comparison.after,
            "sections": [
                {"code": s.code, "label": s.label, "changed": s.changed, "changes": list(s.changes)}
                for s in comparison.sections
            ],
        }
        return Response(PlanComparisonSerializer(data, context={"plan": plan}).data)


class MyPlanApi(APIView):
    """The easy-read "My plan" for the child, from the version shown."""

    @extend_schema(responses={200: MyPlanSerializer, **ERRORS})
    def get(self, request, plan_id: int, version=None):
        plan = _open(request, plan_id)
        my_plan = easy_read.build(plan=plan, version=shown_or_404(request, plan))
        return Response(MyPlanSerializer(easy_read.as_dict(my_plan)).data)


class MyPlanPdfApi(APIView):
    """The easy-read "My plan" as a tagged PDF (PDF/UA-1), one A4 page."""

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY, **ERRORS})
    def get(self, request, plan_id: int, version=None):
        plan = _open(request, plan_id)
        return my_plan_pdf_response(plan, shown_or_404(request, plan))
