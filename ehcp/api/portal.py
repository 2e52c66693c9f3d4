"""API twins of the family portal and the school screens (mounted under /api/v1/).

- ``GET/POST requests/``: my requests; start a draft.
- ``GET/PATCH requests/<pk>/``: a draft's answers (and, once sent, where it is).
- ``POST requests/<pk>/documents/``: upload evidence (multipart), one file at a time.
- ``POST requests/<pk>/submit/``: send the request; the statutory clock starts today.
- ``GET/POST plans/<pk>/response/``: the draft plan, and the family's comments and preferred setting.
- ``GET school/dashboard/`` and ``POST school/requests/``: the SENCO's dashboard and request for a pupil.
- ``GET consultations/``, ``GET consultations/<pk>/``, ``POST consultations/<pk>/response/``.

Each view validates input, calls one selector or service and applies the same access policy as the pages:
404 for a case out of reach (another tenant's included), 403 for a case seen but not theirs to act on and
for DfE users, 400 with field errors for bad input (services' ValidationErrors included).
"""

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from partnerships import services as partnership_services
from partnerships.models import Child, Partnership, Setting
from partnerships.policy import AccessDenied
from partnerships.roles import FAMILY_ROLES, SETTING_ROLES

from .. import policy, selectors, selectors_portal, services
from ..models import AssessmentRequest, PlanConsultation

FAMILY_REQUESTERS = [
    (AssessmentRequest.Requester.PARENT.value, AssessmentRequest.Requester.PARENT.label),
    (AssessmentRequest.Requester.YOUNG_PERSON.value, AssessmentRequest.Requester.YOUNG_PERSON.label),
]
REQUESTER_MESSAGE = "Choose whether you are the parent or carer, or the young person"


def _access_request(request, pk: int) -> AssessmentRequest:
    try:
        return policy.access_request(request.user, pk)
    except AccessDenied as exc:
        raise PermissionDenied(str(exc)) from exc


def _require_roles(request, *roles, message: str) -> None:
    if not policy.actor_for(request.user).has_role(*roles):
        raise PermissionDenied(message)


def _not_aggregate_only(request) -> None:
    if policy.actor_for(request.user).is_aggregate_only:
        raise PermissionDenied("DfE regional and national users see aggregates, not cases")


def _record_viewed(request, child: Child | None) -> None:
    if child is not None:
        partnership_services.child_record_viewed(
            actor=request.user, child=child, channel="api", path=request.path
        )


def _check_date_of_birth(value):
    if value is not None and value > timezone.localdate():
        raise serializers.ValidationError("The date of birth must be in the past")
    return value


# Output ---------------------------------------------------------------------------------------------------


class PortalDeadlineSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    due_on = serializers.DateField()
    status = serializers.CharField()
    who_acts = serializers.CharField()
    plain_basis = serializers.CharField()
    legal_basis = serializers.CharField()
    met_on = serializers.DateField(allow_null=True)
    description = serializers.SerializerMethodField(help_text="The deadline in plain English.")

    def get_description(self, deadline) -> str:
        return f"{deadline.title} due by {deadline.due_on:%A %-d %B %Y} ({deadline.plain_basis})"


class PortalDocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    original_name = serializers.CharField()
    content_type = serializers.CharField(help_text="Found in the content, not taken from the name")
    size = serializers.IntegerField()
    uploaded_at = serializers.DateTimeField()


class PortalRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    partnership = serializers.CharField(source="partnership.slug", help_text="The partnership's slug")
    stage = serializers.CharField()
    stage_display = serializers.CharField(source="get_stage_display")
    what_happens_next = serializers.SerializerMethodField()
    route = serializers.CharField()
    requester = serializers.CharField()
    child = serializers.IntegerField(source="child_id", allow_null=True)
    child_name = serializers.CharField(source="child_display_name")
    child_first_name = serializers.CharField()
    child_last_name = serializers.CharField()
    child_date_of_birth = serializers.DateField(allow_null=True)
    setting = serializers.IntegerField(source="setting_id", allow_null=True)
    reasons = serializers.CharField()
    family_views = serializers.CharField()
    support_so_far = serializers.CharField()
    received_on = serializers.DateField(allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    next_due_on = serializers.DateField(allow_null=True)

    def get_what_happens_next(self, case) -> str:
        return selectors_portal.WHAT_HAPPENS_NEXT.get(case.stage, "")


class PortalRequestListItemSerializer(PortalRequestSerializer):
    open_deadlines = PortalDeadlineSerializer(many=True, help_text="Deadlines still to be met, soonest first")


class PortalRequestDetailSerializer(PortalRequestSerializer):
    deadlines = PortalDeadlineSerializer(many=True, source="deadline_rows")
    documents = PortalDocumentSerializer(many=True, source="document_rows")


def _detail(case: AssessmentRequest) -> dict:
    case.deadline_rows = selectors_portal.case_deadlines(request=case)
    case.document_rows = selectors_portal.request_documents(request=case)
    return PortalRequestDetailSerializer(case).data


# The family's requests ------------------------------------------------------------------------------------


class PortalRequestListApi(APIView):
    """My requests for an EHC needs assessment (drafts included); start a new draft."""

    class PortalRequestStartInputSerializer(serializers.Serializer):
        partnership = serializers.SlugRelatedField(
            slug_field="slug",
            queryset=Partnership.objects.all(),
            required=False,
            help_text="Needed only when you are linked to more than one partnership",
        )
        requester = serializers.ChoiceField(
            choices=FAMILY_REQUESTERS,
            error_messages={"required": REQUESTER_MESSAGE, "invalid_choice": REQUESTER_MESSAGE},
        )
        child = serializers.PrimaryKeyRelatedField(
            queryset=Child.objects.all(), required=False, allow_null=True, help_text="A child linked to you"
        )
        child_first_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
        child_last_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
        child_date_of_birth = serializers.DateField(required=False, allow_null=True)

        def validate_child_date_of_birth(self, value):
            return _check_date_of_birth(value)

    @extend_schema(responses=PortalRequestListItemSerializer(many=True))
    def get(self, request, version=None):
        _require_roles(request, *FAMILY_ROLES, message="This is the family portal's list of requests")
        paginator = PageNumberPagination()
        cases = selectors.family_requests(user=request.user).select_related("partnership")
        page = paginator.paginate_queryset(cases, request, view=self)
        return paginator.get_paginated_response(PortalRequestListItemSerializer(page, many=True).data)

    @extend_schema(request=PortalRequestStartInputSerializer, responses={201: PortalRequestDetailSerializer})
    def post(self, request, version=None):
        _require_roles(
            request, *FAMILY_ROLES, message="Only parents, carers and young people start a request"
        )
        serializer = self.PortalRequestStartInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        partnership = data.pop("partnership", None)
        if partnership is None:
            mine = list(selectors_portal.family_partnerships(user=request.user))
            if len(mine) != 1:
                raise serializers.ValidationError({"partnership": ["Choose the partnership you are asking"]})
            partnership = mine[0]
        case = services.request_start(actor=request.user, partnership=partnership, **data)
        return Response(_detail(case), status=status.HTTP_201_CREATED)


class PortalRequestDetailApi(APIView):
    """One of my requests: its answers while a draft, and where it is once sent."""

    class PortalRequestUpdateInputSerializer(serializers.Serializer):
        requester = serializers.ChoiceField(
            choices=FAMILY_REQUESTERS, required=False, error_messages={"invalid_choice": REQUESTER_MESSAGE}
        )
        child = serializers.PrimaryKeyRelatedField(
            queryset=Child.objects.all(), required=False, allow_null=True
        )
        child_first_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
        child_last_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
        child_date_of_birth = serializers.DateField(required=False, allow_null=True)
        setting = serializers.PrimaryKeyRelatedField(
            queryset=Setting.objects.filter(is_open=True), required=False, allow_null=True
        )
        reasons = serializers.CharField(required=False, allow_blank=True)
        family_views = serializers.CharField(required=False, allow_blank=True)
        support_so_far = serializers.CharField(required=False, allow_blank=True)

        def validate_child_date_of_birth(self, value):
            return _check_date_of_birth(value)

    @extend_schema(responses=PortalRequestDetailSerializer)
    def get(self, request, pk: int, version=None):
        case = _access_request(request, pk)
        if not (policy.can_edit_draft(request.user, case) or policy.is_family(request.user, case)):
            raise PermissionDenied("This is the family's view of the request")
        if case.stage != AssessmentRequest.Stage.DRAFT:
            _record_viewed(request, case.child)
        return Response(_detail(case))

    @extend_schema(request=PortalRequestUpdateInputSerializer, responses=PortalRequestDetailSerializer)
    def patch(self, request, pk: int, version=None):
        case = _access_request(request, pk)
        if not policy.can_edit_draft(request.user, case):
            raise PermissionDenied("Only the person who started this request can change it before it is sent")
        serializer = self.PortalRequestUpdateInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.request_update_draft(actor=request.user, request=case, **serializer.validated_data)
        return Response(_detail(case))


class PortalRequestDocumentApi(APIView):
    """Upload one piece of evidence (multipart/form-data). Its type is found from its content."""

    parser_classes = [MultiPartParser, FormParser]

    class PortalDocumentInputSerializer(serializers.Serializer):
        file = serializers.FileField(allow_empty_file=True)
        title = serializers.CharField(max_length=200, required=False, allow_blank=True)

    @extend_schema(
        request={"multipart/form-data": PortalDocumentInputSerializer},
        responses={201: PortalDocumentSerializer},
    )
    def post(self, request, pk: int, version=None):
        case = _access_request(request, pk)
        if case.stage == AssessmentRequest.Stage.DRAFT and not policy.can_edit_draft(request.user, case):
            raise PermissionDenied("Only the person who started this request can add to it before it is sent")
        serializer = self.PortalDocumentInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        document = services.document_add(
            actor=request.user,
            request=case,
            upload=serializer.validated_data["file"],
            title=serializer.validated_data.get("title", ""),
        )
        return Response(PortalDocumentSerializer(document).data, status=status.HTTP_201_CREATED)


class PortalRequestSubmitApi(APIView):
    """Send the request: the local authority receives it today and the statutory clock starts.
    Missing answers are a 400 naming each one."""

    @extend_schema(request=None, responses=PortalRequestDetailSerializer)
    def post(self, request, pk: int, version=None):
        case = _access_request(request, pk)
        case = services.request_submit(actor=request.user, request=case)
        return Response(_detail(case))


# The draft plan -------------------------------------------------------------------------------------------


class PortalPlanVersionSerializer(serializers.Serializer):
    """The version of the plan shown: the last one issued to the family or setting."""

    number = serializers.IntegerField()
    kind = serializers.CharField()
    issued_on = serializers.DateField(allow_null=True)


PLAN_CONTENT_HELP = (
    "The plan's structured content, by section code (A to K with H1 and H2 apart), as in the plan API."
)


class PortalPlanResponseSerializer(serializers.Serializer):
    plan = serializers.IntegerField(source="id")
    case = serializers.IntegerField(source="request_id")
    status = serializers.CharField()
    draft_issued_on = serializers.DateField(allow_null=True)
    comments_due = PortalDeadlineSerializer(allow_null=True, source="comments_deadline")
    version = PortalPlanVersionSerializer(allow_null=True, source="shown_version")
    content = serializers.JSONField(source="shown_content", help_text=PLAN_CONTENT_HELP)
    family_comments = serializers.CharField()
    preferred_setting = serializers.IntegerField(source="preferred_setting_id", allow_null=True)
    preference_reasons = serializers.CharField()
    wants_meeting = serializers.BooleanField()
    family_commented_at = serializers.DateTimeField(allow_null=True)


class PortalPlanResponseApi(APIView):
    """The draft plan (sections A to K) and the family's response: comments, the setting they would like
    named, and whether they want a meeting. Only while the plan is a draft, and only for the family."""

    parser_classes = [JSONParser, FormParser, MultiPartParser]

    class PortalPlanResponseInputSerializer(serializers.Serializer):
        comments = serializers.CharField(required=False, allow_blank=True, default="")
        preferred_setting = serializers.PrimaryKeyRelatedField(
            queryset=Setting.objects.filter(is_open=True), required=False, allow_null=True, default=None
        )
        preference_reasons = serializers.CharField(required=False, allow_blank=True, default="")
        wants_meeting = serializers.BooleanField(required=False, default=False)

    def _plan(self, request, pk: int):
        _not_aggregate_only(request)
        plan = selectors_portal.plan_visible_to(user=request.user, plan_id=pk)
        if plan is None:
            raise NotFound("No plan found")
        if not policy.can_comment_on_draft(request.user, plan):
            raise PermissionDenied("Only the family can comment on the draft plan, while it is a draft")
        return plan

    def _output(self, user, plan) -> dict:
        plan.comments_deadline = selectors_portal.comments_deadline(request=plan.request)
        shown = selectors_portal.plan_shown(user=user, plan=plan)
        plan.shown_version, plan.shown_content = shown.version, shown.content()
        return PortalPlanResponseSerializer(plan).data

    @extend_schema(responses=PortalPlanResponseSerializer)
    def get(self, request, pk: int, version=None):
        plan = self._plan(request, pk)
        _record_viewed(request, plan.child)
        return Response(self._output(request.user, plan))

    @extend_schema(request=PortalPlanResponseInputSerializer, responses=PortalPlanResponseSerializer)
    def post(self, request, pk: int, version=None):
        plan = self._plan(request, pk)
        serializer = self.PortalPlanResponseInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        setting = data["preferred_setting"]
        if setting is not None and setting.partnership_id != plan.partnership_id:
            raise serializers.ValidationError(
                {"preferred_setting": ["Choose a school or college in this area"]}
            )
        plan = services.draft_plan_respond(actor=request.user, plan=plan, **data)
        return Response(self._output(request.user, plan))


# The school -----------------------------------------------------------------------------------------------


class PortalAdviceItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case = serializers.IntegerField(source="request_id")
    child_name = serializers.CharField(source="request.child_display_name")
    advice_type = serializers.CharField()
    advice_type_display = serializers.CharField(source="get_advice_type_display")
    requested_on = serializers.DateField()
    status = serializers.CharField()
    next_deadline = PortalDeadlineSerializer(allow_null=True)


class PortalConsultationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case = serializers.IntegerField(source="plan.request_id")
    child = serializers.IntegerField(source="plan.child_id")
    child_name = serializers.CharField(source="plan.child.full_name")
    setting = serializers.IntegerField(source="setting_id")
    sent_on = serializers.DateField()
    response = serializers.CharField(allow_blank=True)
    response_details = serializers.CharField(allow_blank=True)
    decline_ground = serializers.CharField(allow_blank=True)
    responded_at = serializers.DateTimeField(allow_null=True)
    next_deadline = PortalDeadlineSerializer(allow_null=True)


class PortalConsultationDetailSerializer(PortalConsultationSerializer):
    version = PortalPlanVersionSerializer(allow_null=True, source="shown_version")
    content = serializers.JSONField(
        source="shown_content", help_text=PLAN_CONTENT_HELP + " Only sections A, B, E and F."
    )


class PortalSchoolRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    child = serializers.IntegerField(source="child_id", allow_null=True)
    child_name = serializers.CharField(source="child_display_name")
    route = serializers.CharField()
    stage = serializers.CharField()
    stage_display = serializers.CharField(source="get_stage_display")
    received_on = serializers.DateField(allow_null=True)
    next_deadline = PortalDeadlineSerializer(allow_null=True)


class PortalSchoolDashboardSerializer(serializers.Serializer):
    requests = PortalSchoolRequestSerializer(many=True)
    requests_count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    advice = PortalAdviceItemSerializer(many=True)
    consultations = PortalConsultationSerializer(many=True)


class PortalSchoolDashboardApi(APIView):
    """The school dashboard: requests from the school (25 a page), advice asked of it, and consultations
    waiting for its answer."""

    @extend_schema(
        parameters=[OpenApiParameter("page", int, description="Page of the requests list")],
        responses=PortalSchoolDashboardSerializer,
    )
    def get(self, request, version=None):
        _require_roles(request, *SETTING_ROLES, message="This is the school's dashboard")
        dashboard = selectors_portal.school_dashboard(
            user=request.user, page_number=request.query_params.get("page")
        )
        page = dashboard["requests_page"]
        return Response(
            PortalSchoolDashboardSerializer(
                {
                    "requests": dashboard["requests"],
                    "requests_count": page.paginator.count,
                    "page": page.number,
                    "pages": page.paginator.num_pages,
                    "advice": dashboard["advice"],
                    "consultations": dashboard["consultations"],
                }
            ).data
        )


class PortalSchoolRequestApi(APIView):
    """A SENCO or headteacher asks for an EHC needs assessment for a pupil at their school (s.36(1))."""

    class PortalSchoolRequestInputSerializer(serializers.Serializer):
        child = serializers.PrimaryKeyRelatedField(queryset=Child.objects.none())
        reasons = serializers.CharField(allow_blank=True)
        support_so_far = serializers.CharField(allow_blank=True)
        family_views = serializers.CharField(required=False, allow_blank=True, default="")

        def __init__(self, *args, children=None, **kwargs):
            super().__init__(*args, **kwargs)
            if children is not None:
                self.fields["child"].queryset = children

    @extend_schema(request=PortalSchoolRequestInputSerializer, responses={201: PortalRequestDetailSerializer})
    def post(self, request, version=None):
        _require_roles(
            request, *policy.SCHOOL_STAFF, message="Only SENCOs and headteachers request an assessment here"
        )
        serializer = self.PortalSchoolRequestInputSerializer(
            data=request.data, children=selectors.children_for_school_request(user=request.user)
        )
        serializer.is_valid(raise_exception=True)
        case = services.request_from_school(actor=request.user, **serializer.validated_data)
        return Response(_detail(case), status=status.HTTP_201_CREATED)


def _with_deadline(consultation: PlanConsultation) -> PlanConsultation:
    if not hasattr(consultation, "next_deadline"):
        consultation.next_deadline = selectors_portal.consultation_deadline(consultation=consultation)
    return consultation


class PortalConsultationListApi(APIView):
    """Consultations sent to the person's school or college (waiting for an answer, or all of them)."""

    @extend_schema(
        parameters=[OpenApiParameter("include_done", bool, description="Include answered consultations")],
        responses=PortalConsultationSerializer(many=True),
    )
    def get(self, request, version=None):
        _require_roles(request, *policy.SCHOOL_STAFF, message="Consultations go to schools and colleges")
        include_done = request.query_params.get("include_done", "").lower() in ("1", "true", "yes")
        consultations = list(
            selectors.consultations_for_setting(user=request.user, include_done=include_done)
        )
        for item in consultations:
            item.next_deadline = next((d for d in item.timeline if d.met_on is None), None)
        return Response(PortalConsultationSerializer(consultations, many=True).data)


def _consultation(request, pk: int) -> PlanConsultation:
    _not_aggregate_only(request)
    consultation = selectors_portal.consultation_for_setting(user=request.user, consultation_id=pk)
    if consultation is None:
        raise NotFound("No consultation found")
    if consultation.setting_id not in policy.actor_for(request.user).setting_ids_for(*policy.SCHOOL_STAFF):
        raise PermissionDenied("Only the consulted school or college answers a consultation")
    return consultation


def _consultation_detail(user, consultation: PlanConsultation) -> dict:
    codes = selectors_portal.CONSULTATION_SECTIONS
    shown = selectors_portal.plan_shown(user=user, plan=consultation.plan, codes=codes)
    consultation.shown_version, consultation.shown_content = shown.version, shown.content(codes)
    return PortalConsultationDetailSerializer(_with_deadline(consultation)).data


class PortalConsultationDetailApi(APIView):
    """One consultation, with the draft plan's sections about the child's needs and provision."""

    @extend_schema(responses=PortalConsultationDetailSerializer)
    def get(self, request, pk: int, version=None):
        consultation = _consultation(request, pk)
        _record_viewed(request, consultation.plan.child)
        return Response(_consultation_detail(request.user, consultation))


class PortalConsultationResponseApi(APIView):
    """The consulted school or college answers: can or cannot meet the child's needs, with reasons."""

    class PortalConsultationResponseInputSerializer(serializers.Serializer):
        response = serializers.ChoiceField(
            choices=PlanConsultation.Response.choices,
            error_messages={
                "required": "Choose whether you can meet the child's needs",
                "invalid_choice": "Choose whether you can meet the child's needs",
            },
        )
        details = serializers.CharField(allow_blank=True)
        decline_ground = serializers.CharField(
            required=False,
            allow_blank=True,
            default="",
            help_text="Needed when the answer is cannot_meet: unsuitable, efficient_education_of_others or "
            "efficient_use_of_resources (CFA s.39(4); placements/rules/naming.toml)",
        )

    @extend_schema(
        request=PortalConsultationResponseInputSerializer, responses=PortalConsultationDetailSerializer
    )
    def post(self, request, pk: int, version=None):
        consultation = _consultation(request, pk)
        serializer = self.PortalConsultationResponseInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        consultation = services.consultation_respond(
            actor=request.user,
            consultation=consultation,
            response=serializer.validated_data["response"],
            details=serializer.validated_data["details"],
            decline_ground=serializer.validated_data["decline_ground"],
        )
        consultation.next_deadline = selectors_portal.consultation_deadline(consultation=consultation)
        return Response(_consultation_detail(request.user, consultation))
