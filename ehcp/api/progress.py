"""API twins of the progress pages (``ehcp.views_progress``) and the SENCO's plans dashboard.

- ``GET /api/v1/plans/<plan_id>/progress/``: the outcomes of the plan in force with their updates.
- ``POST /api/v1/plans/<plan_id>/progress/`` (multipart, for the optional file): record progress.
- ``GET /api/v1/plans/<plan_id>/progress/files/<attachment_id>/``: a file posted with an update.
- ``GET /api/v1/school/plans/``: children with plans at the person's setting, reviews it hosts and the
  provision it must deliver.

The same access rules as the pages: another tenant's plan or another family's is 404, DfE users 403,
people who may only read (health, social care) 403 on POST. Bad input is a 400 with field errors.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import policy, selectors_progress, selectors_school, services_progress
from ..models import Plan, ProgressUpdate
from ..views_common import file_download, open_plan

ERRORS = {
    400: OpenApiResponse(description="Bad input: field errors, each a list of messages."),
    403: OpenApiResponse(description="A DfE user (never sees plans), or a person who may only read."),
    404: OpenApiResponse(description="No such plan, or not one the person may see."),
}


def enum_field(choices, **kwargs) -> serializers.ChoiceField:
    @extend_schema_field({"type": "string", "enum": [value for value, _ in choices]})
    class InlineChoiceField(serializers.ChoiceField):
        pass

    return InlineChoiceField(choices=choices, **kwargs)


def _open_plan(request, plan_id: int) -> Plan:
    return open_plan(request, plan_id, channel="api")


# Output ------------------------------------------------------------------------------------------------


class ProgressAttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    original_name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    description = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, obj) -> str:
        return f"/api/v1/plans/{obj.plan_id}/progress/files/{obj.pk}/"


class ProgressUpdateSerializer(serializers.ModelSerializer):
    author_kind = enum_field(ProgressUpdate.Author.choices)
    rating = enum_field([("", ""), *ProgressUpdate.Rating.choices])
    posted_by = serializers.SerializerMethodField()
    attachment = ProgressAttachmentSerializer(allow_null=True)

    class Meta:
        model = ProgressUpdate
        fields = [
            "id",
            "outcome_id",
            "outcome_text",
            "author_kind",
            "rating",
            "text",
            "posted_by",
            "posted_at",
            "attachment",
        ]

    def get_posted_by(self, obj) -> str:
        return obj.posted_by.full_name if obj.posted_by else ""


class OutcomeProgressSerializer(serializers.Serializer):
    id = serializers.CharField()
    label = serializers.CharField(help_text="E1, E2... in the plan in force")
    text = serializers.CharField()
    measure = serializers.CharField()
    target_date = serializers.DateField(allow_null=True)
    updates = ProgressUpdateSerializer(many=True, help_text="Newest first")


class PlanProgressSerializer(serializers.Serializer):
    plan = serializers.IntegerField()
    in_force = serializers.BooleanField()
    can_post_as = serializers.ListField(
        child=serializers.CharField(), help_text="Who this person may post as (empty: read only)"
    )
    outcomes = OutcomeProgressSerializer(many=True)
    earlier = ProgressUpdateSerializer(many=True, help_text="Updates on outcomes no longer in the plan")


def _progress(request, plan: Plan) -> dict:
    return PlanProgressSerializer(
        {
            "plan": plan.pk,
            "in_force": plan.status == Plan.Status.FINAL and plan.current_version_id is not None,
            "can_post_as": policy.progress_author_kinds(request.user, plan),
            **selectors_progress.progress_by_outcome(plan=plan),
        }
    ).data


# Input -------------------------------------------------------------------------------------------------


class ProgressInputSerializer(serializers.Serializer):
    outcome_id = serializers.CharField(
        max_length=40,
        error_messages={
            "required": "Choose an outcome from section E of the plan",
            "blank": "Choose an outcome from section E of the plan",
        },
    )
    text = serializers.CharField(
        max_length=5000,
        error_messages={"required": "Enter the progress made", "blank": "Enter the progress made"},
    )
    rating = enum_field(
        ProgressUpdate.Rating.choices,
        required=False,
        allow_blank=True,
        default="",
        error_messages={"invalid_choice": "Choose how the outcome is going"},
    )
    author_kind = enum_field(
        ProgressUpdate.Author.choices,
        required=False,
        allow_null=True,
        default=None,
        help_text="Who is speaking (default: the person's own kind); a parent may post the child's words",
        error_messages={"invalid_choice": "Choose who the update is from"},
    )
    upload = serializers.FileField(required=False, allow_null=True, default=None)
    upload_description = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class PlanProgressApi(APIView):
    """Progress towards the outcomes of a plan in force."""

    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(operation_id="plan_progress_list", responses={200: PlanProgressSerializer, **ERRORS})
    def get(self, request, plan_id: int, **kwargs):
        plan = _open_plan(request, plan_id)
        return Response(_progress(request, plan))

    @extend_schema(
        operation_id="plan_progress_post",
        request={"multipart/form-data": ProgressInputSerializer, "application/json": ProgressInputSerializer},
        responses={201: ProgressUpdateSerializer, **ERRORS},
    )
    def post(self, request, plan_id: int, **kwargs):
        plan = _open_plan(request, plan_id)
        if not policy.can_post_progress(request.user, plan) and plan.status == Plan.Status.FINAL:
            raise PermissionDenied("You can read the progress recorded on this plan, but not add to it")
        serializer = ProgressInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        # the service's ValidationError (400) and AccessDenied (403) are mapped by the API exception handler
        update = services_progress.progress_post(actor=request.user, plan=plan, **data)
        return Response(ProgressUpdateSerializer(update).data, status=201)


class PlanProgressFileApi(APIView):
    """A file posted with a progress update (a picture, recording, video or document)."""

    @extend_schema(
        operation_id="plan_progress_file",
        responses={
            (200, "application/octet-stream"): OpenApiTypes.BINARY,
            403: ERRORS[403],
            404: ERRORS[404],
        },
    )
    def get(self, request, plan_id: int, attachment_id: int, **kwargs):
        plan = _open_plan(request, plan_id)
        attachment = selectors_progress.progress_attachment(plan=plan, attachment_id=attachment_id)
        return file_download(attachment)


# The SENCO's dashboard -----------------------------------------------------------------------------------


class SchoolPlanSerializer(serializers.Serializer):
    plan = serializers.IntegerField(source="plan_id")
    child = serializers.CharField(source="child_name")
    setting = serializers.CharField(source="setting_name")
    named_here = serializers.BooleanField(help_text="The setting is named in section I of the plan")
    next_review_due_on = serializers.DateField(allow_null=True)


class SchoolReviewSerializer(serializers.Serializer):
    review = serializers.IntegerField(source="review_id")
    plan = serializers.IntegerField(source="plan_id")
    child = serializers.CharField(source="child_name")
    kind = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    due_by = serializers.DateField()
    meeting_at = serializers.DateTimeField(allow_null=True)
    meeting_place = serializers.CharField()


class SchoolProvisionSerializer(serializers.Serializer):
    plan = serializers.IntegerField(source="plan_id")
    child = serializers.CharField(source="child_name")
    provision_id = serializers.CharField()
    what = serializers.CharField()
    frequency = serializers.CharField(help_text="How often")
    amount = serializers.CharField(help_text="How much")
    duration = serializers.CharField()
    delivered_by = serializers.CharField()
    group_size = serializers.CharField()


class SchoolPlansSerializer(serializers.Serializer):
    plans = SchoolPlanSerializer(many=True)
    reviews = SchoolReviewSerializer(many=True)
    provision = SchoolProvisionSerializer(many=True)


class SchoolPlansApi(APIView):
    """For SENCOs and headteachers: the plans at their setting, the reviews it hosts and what it provides."""

    @extend_schema(
        operation_id="school_plans",
        responses={
            200: SchoolPlansSerializer,
            403: OpenApiResponse(description="Not a SENCO or headteacher of a setting"),
        },
    )
    def get(self, request, **kwargs):
        if not policy.actor_for(request.user).has_role(*policy.SCHOOL_STAFF):
            raise PermissionDenied("This is for SENCOs and headteachers")
        return Response(SchoolPlansSerializer(selectors_school.school_plans(user=request.user)).data)
