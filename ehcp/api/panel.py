"""API twins of the panel area's pages: panel meetings, the advice inbox, and bringing a child to the local
authority's attention. Each view validates input, calls one selector or service, and applies the same policy
as the pages: 404 for records out of reach, 403 for a refusal (and for DfE users on any case)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from partnerships import selectors as child_selectors
from partnerships import services as child_services
from partnerships.models import Partnership
from partnerships.policy import AccessDenied, actor_for

from .. import policy, selectors_panel, services
from ..models import AdviceRequest, AttentionReferral, PanelCase, PanelMember

# Output ---------------------------------------------------------------------------------------------


class PanelDeadlineSerializer(serializers.Serializer):
    """A statutory deadline in plain English, with its status."""

    text = serializers.CharField(
        help_text='For example "Advice due by Monday 16 February 2026 (6 weeks, regulation 8)"'
    )
    title = serializers.CharField(source="deadline.title")
    due_on = serializers.DateField(source="deadline.due_on")
    status = serializers.ChoiceField(source="deadline.status", choices=selectors_panel.DStatus.choices)
    overdue = serializers.BooleanField(source="state.overdue")
    met_on = serializers.DateField(allow_null=True)
    legal_basis = serializers.CharField(source="deadline.legal_basis")
    source_url = serializers.CharField(source="deadline.source_url")
    exception = serializers.CharField(source="exception.ground_description", allow_null=True, default=None)


class PanelDocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    uploaded_at = serializers.DateTimeField()


class PanelMemberOutputSerializer(serializers.Serializer):
    name = serializers.CharField()
    perspective = serializers.ChoiceField(choices=PanelMember.Perspective.choices)
    user = serializers.EmailField(source="user.email", allow_null=True, default=None)


class PanelMeetingSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    partnership = serializers.CharField(source="partnership.slug")
    meets_at = serializers.DateTimeField()
    location = serializers.CharField()
    case_count = serializers.IntegerField()
    recommendation_count = serializers.IntegerField()


class PanelChildSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="child_id", allow_null=True)
    name = serializers.CharField(source="child_display_name")
    date_of_birth = serializers.DateField(source="child.date_of_birth", allow_null=True, default=None)


class PanelCaseOutputSerializer(serializers.Serializer):
    case = serializers.IntegerField(source="request_id")
    position = serializers.IntegerField()
    child = PanelChildSerializer(source="request")
    received_on = serializers.DateField(source="request.received_on", allow_null=True)
    stage = serializers.CharField(source="request.stage")
    decision_deadline = PanelDeadlineSerializer(source="decision", allow_null=True)
    reasons = serializers.CharField(source="request.reasons")
    family_views = serializers.CharField(source="request.family_views")
    support_so_far = serializers.CharField(source="request.support_so_far")
    documents = PanelDocumentSerializer(source="request.papers", many=True)
    recommendation = serializers.ChoiceField(
        choices=[("", "Not recorded yet"), *PanelCase.Recommendation.choices]
    )
    recommendation_reasons = serializers.CharField(source="reasons")
    recorded_at = serializers.DateTimeField(allow_null=True)


class PanelMeetingDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    partnership = serializers.CharField(source="partnership.slug")
    meets_at = serializers.DateTimeField()
    location = serializers.CharField()
    agenda = serializers.CharField()
    members = PanelMemberOutputSerializer(many=True)
    missing_perspectives = serializers.ListField(
        child=serializers.CharField(),
        help_text="Multi-agency perspectives no member brings: education, health, social care, parents",
    )
    cases = PanelCaseOutputSerializer(many=True)


class PanelCaseAddedSerializer(serializers.Serializer):
    case = serializers.IntegerField(source="request_id")
    meeting = serializers.IntegerField(source="meeting_id")
    position = serializers.IntegerField()


class PanelRecommendationOutputSerializer(serializers.Serializer):
    case = serializers.IntegerField(source="request_id")
    meeting = serializers.IntegerField(source="meeting_id")
    recommendation = serializers.ChoiceField(choices=PanelCase.Recommendation.choices)
    reasons = serializers.CharField()
    recorded_at = serializers.DateTimeField()


class AdviceSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case = serializers.IntegerField(source="request_id")
    child = PanelChildSerializer(source="request")
    partnership = serializers.CharField(source="request.partnership.slug")
    advice_type = serializers.ChoiceField(choices=AdviceRequest.AdviceType.choices)
    status = serializers.CharField(
        help_text="requested (waiting for advice), submitted (advice submitted) or withdrawn (no longer needed)"
    )
    asked_by = serializers.CharField(source="requested_by.full_name", allow_null=True, default=None)
    requested_on = serializers.DateField()
    due = PanelDeadlineSerializer(allow_null=True)


class AdviceDetailSerializer(AdviceSummarySerializer):
    questions = serializers.CharField()
    reasons = serializers.CharField(source="request.reasons")
    family_views = serializers.CharField(source="request.family_views")
    support_so_far = serializers.CharField(source="request.support_so_far")
    documents = PanelDocumentSerializer(many=True)
    advice = serializers.CharField()
    document = PanelDocumentSerializer(allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)
    can_submit = serializers.BooleanField()


class AttentionReferralOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    child = serializers.IntegerField(source="child_id")
    summary = serializers.CharField()
    outcome = serializers.ChoiceField(choices=AttentionReferral.Outcome.choices)
    created_at = serializers.DateTimeField()


# Helpers --------------------------------------------------------------------------------------------


def _meeting(request, pk: int):
    try:
        return selectors_panel.meeting_get(user=request.user, meeting_id=pk)
    except AccessDenied as exc:
        raise PermissionDenied(str(exc)) from exc


def _meeting_to_run(request, pk: int):
    meeting = _meeting(request, pk)
    if not policy.can_run_panel(request.user, meeting):
        raise PermissionDenied("Only the partnership's caseworkers and SEND managers run the panel")
    return meeting


def _meeting_detail(request, meeting) -> dict:
    """The meeting with its members and cases; each child whose papers are read is logged as viewed."""
    members = selectors_panel.meeting_members(meeting=meeting)
    cases = selectors_panel.meeting_cases(meeting=meeting)
    for panel_case in cases:
        if panel_case.request.child_id:
            child_services.child_record_viewed(
                actor=request.user, child=panel_case.request.child, channel="api", path=request.path
            )
    return PanelMeetingDetailSerializer(
        {
            "id": meeting.pk,
            "partnership": meeting.partnership,
            "meets_at": meeting.meets_at,
            "location": meeting.location,
            "agenda": meeting.agenda,
            "members": members,
            "missing_perspectives": selectors_panel.missing_perspectives(m.perspective for m in members),
            "cases": cases,
        }
    ).data


def _advice(request, pk: int) -> AdviceRequest:
    try:
        return selectors_panel.advice_get(user=request.user, advice_id=pk)
    except AccessDenied as exc:
        raise PermissionDenied(str(exc)) from exc


def _advice_detail(request, advice: AdviceRequest) -> dict:
    advice.documents = selectors_panel.advice_documents(advice=advice)
    advice.can_submit = policy.can_submit_advice(request.user, advice)
    return AdviceDetailSerializer(advice).data


# Panel meetings -------------------------------------------------------------------------------------


class PanelMeetingListApi(APIView):
    """Panel meetings the person may see (their partnerships' if LA staff, else those they sit on), most
    recent first; LA caseworkers and SEND managers arrange one."""

    class PanelMemberInputSerializer(serializers.Serializer):
        name = serializers.CharField(
            max_length=150,
            required=False,
            allow_blank=True,
            default="",
            help_text="Defaults to the account's name",
        )
        perspective = serializers.ChoiceField(
            choices=PanelMember.Perspective.choices,
            error_messages={"invalid_choice": "Choose the perspective the member brings"},
        )
        user = serializers.EmailField(
            required=False,
            allow_blank=True,
            default="",
            help_text="The member's account on this service (email)",
        )

    class PanelMeetingCreateInputSerializer(serializers.Serializer):
        partnership = serializers.SlugRelatedField(
            slug_field="slug",
            queryset=Partnership.objects.all(),
            required=False,
            help_text="Needed only by someone who works for more than one partnership",
        )
        meets_at = serializers.DateTimeField()
        location = serializers.CharField(max_length=200, allow_blank=True)
        agenda = serializers.CharField(required=False, allow_blank=True, default="")
        members = serializers.ListField(child=serializers.DictField(), required=False, default=list)

    @extend_schema(responses=PanelMeetingSummarySerializer(many=True))
    def get(self, request, version=None):
        if actor_for(request.user).is_aggregate_only:
            raise PermissionDenied("DfE regional and national users see aggregates, not cases")
        meetings = selectors_panel.meetings_for(user=request.user).order_by("-meets_at", "-pk")
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(meetings, request, view=self)
        return paginator.get_paginated_response(PanelMeetingSummarySerializer(page, many=True).data)

    @extend_schema(
        request=PanelMeetingCreateInputSerializer,
        responses={201: PanelMeetingDetailSerializer},
        description="members: a list of {name, perspective, user (email, optional)}; at least a chair.",
    )
    def post(self, request, version=None):
        partnerships = list(selectors_panel.panel_partnerships(user=request.user))
        if not partnerships:
            raise PermissionDenied(
                "Only the partnership's caseworkers and SEND managers arrange panel meetings"
            )
        serializer = self.PanelMeetingCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        partnership = data.get("partnership")
        if partnership is None:
            if len(partnerships) > 1:
                raise serializers.ValidationError({"partnership": ["Choose the partnership"]})
            partnership = partnerships[0]
        members = self._members(partnership, data["members"])
        meeting = services.panel_meeting_create(
            actor=request.user,
            partnership=partnership,
            meets_at=data["meets_at"],
            location=data["location"],
            agenda=data["agenda"],
            members=members,
        )
        meeting = selectors_panel.meeting_get(user=request.user, meeting_id=meeting.pk)
        return Response(_meeting_detail(request, meeting), status=status.HTTP_201_CREATED)

    def _members(self, partnership: Partnership, rows: list[dict]) -> list[dict]:
        """Each member as the service takes it, with their account (looked up among the partnership's staff)."""
        errors, members = [], []
        candidates = None
        for number, row in enumerate(rows, start=1):
            member = self.PanelMemberInputSerializer(data=row)
            if not member.is_valid():
                errors.extend(
                    f"Member {number}: {field} - {' '.join(str(m) for m in messages)}"
                    for field, messages in member.errors.items()
                )
                continue
            email = member.validated_data["user"].lower()
            user = None
            if email:
                if candidates is None:
                    candidates = selectors_panel.panel_member_candidates(partnership_ids=[partnership.pk])
                user = candidates.filter(email=email).first()
                if user is None:
                    errors.append(f"Member {number}: choose someone who works with this partnership")
                    continue
            members.append(
                {
                    "name": member.validated_data["name"],
                    "perspective": member.validated_data["perspective"],
                    "user": user,
                }
            )
        if errors:
            raise serializers.ValidationError({"members": errors})
        return members


class PanelMeetingDetailApi(APIView):
    """One meeting: agenda, members and the cases on its list with their papers (each child's read is logged)."""

    @extend_schema(responses=PanelMeetingDetailSerializer)
    def get(self, request, pk: int, version=None):
        meeting = _meeting(request, pk)
        return Response(_meeting_detail(request, meeting))


class PanelMeetingCasesApi(APIView):
    """Add a case (an assessment request waiting for a panel) to the meeting's list."""

    class PanelAddCaseInputSerializer(serializers.Serializer):
        request = serializers.IntegerField(help_text="The case: an assessment request's id")

    @extend_schema(request=PanelAddCaseInputSerializer, responses={201: PanelCaseAddedSerializer})
    def post(self, request, pk: int, version=None):
        meeting = _meeting_to_run(request, pk)
        serializer = self.PanelAddCaseInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        case = (
            selectors_panel.addable_cases(user=request.user, meeting=meeting)
            .filter(pk=serializer.validated_data["request"])
            .first()
        )
        if case is None:
            raise serializers.ValidationError(
                {"request": ["Choose a case of this partnership waiting for a panel and not on the list yet"]}
            )
        panel_case = services.panel_add_case(actor=request.user, meeting=meeting, request=case)
        return Response(PanelCaseAddedSerializer(panel_case).data, status=status.HTTP_201_CREATED)


class PanelRecommendationApi(APIView):
    """Record (or change) the panel's recommendation on a case on the meeting's list."""

    class PanelRecommendationInputSerializer(serializers.Serializer):
        recommendation = serializers.ChoiceField(
            choices=PanelCase.Recommendation.choices,
            error_messages={
                "invalid_choice": "Choose the panel's recommendation",
                "required": "Choose the panel's recommendation",
            },
        )
        reasons = serializers.CharField(allow_blank=True, required=False, default="")

    @extend_schema(request=PanelRecommendationInputSerializer, responses=PanelRecommendationOutputSerializer)
    def post(self, request, pk: int, case_id: int, version=None):
        meeting = _meeting_to_run(request, pk)
        panel_case = selectors_panel.panel_case_get(meeting=meeting, case_id=case_id)
        serializer = self.PanelRecommendationInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        panel_case = services.panel_record_recommendation(
            actor=request.user,
            panel_case=panel_case,
            recommendation=serializer.validated_data["recommendation"],
            reasons=serializer.validated_data["reasons"],
        )
        return Response(PanelRecommendationOutputSerializer(panel_case).data)


# Advice ---------------------------------------------------------------------------------------------


class AdviceInboxApi(APIView):
    """Advice requests in the person's inbox: waiting ones first, most urgent first, then finished ones."""

    @extend_schema(responses=AdviceSummarySerializer(many=True))
    def get(self, request, version=None):
        advice = selectors_panel.advice_inbox(user=request.user)
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(advice, request, view=self)
        return paginator.get_paginated_response(AdviceSummarySerializer(page, many=True).data)


class AdviceDetailApi(APIView):
    """One advice request in the person's inbox, with the case's papers (the read is logged)."""

    @extend_schema(responses=AdviceDetailSerializer)
    def get(self, request, pk: int, version=None):
        advice = _advice(request, pk)
        if advice.request.child_id:
            child_services.child_record_viewed(
                actor=request.user, child=advice.request.child, channel="api", path=request.path
            )
        return Response(_advice_detail(request, advice))


class AdviceSubmissionApi(APIView):
    """Submit the advice: text, a document (multipart), or both. The 6-week deadline is met (or met late)."""

    parser_classes = [MultiPartParser, FormParser]

    class AdviceSubmissionInputSerializer(serializers.Serializer):
        advice = serializers.CharField(required=False, allow_blank=True, default="", trim_whitespace=False)
        document = serializers.FileField(required=False, allow_empty_file=True, default=None)

    @extend_schema(request=AdviceSubmissionInputSerializer, responses={201: AdviceDetailSerializer})
    def post(self, request, pk: int, version=None):
        advice = _advice(request, pk)
        serializer = self.AdviceSubmissionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.advice_submit(
            actor=request.user,
            advice=advice,
            text=serializer.validated_data["advice"],
            upload=serializer.validated_data["document"],
        )
        advice = _advice(request, pk)
        return Response(_advice_detail(request, advice), status=status.HTTP_201_CREATED)


# Bringing a child to the LA's attention -------------------------------------------------------------


class AttentionReferralApi(APIView):
    """A professional who cannot request an assessment (s.36(1)) brings the child to the LA's attention."""

    class AttentionReferralInputSerializer(serializers.Serializer):
        summary = serializers.CharField(max_length=5000, allow_blank=True)

    @extend_schema(
        request=AttentionReferralInputSerializer, responses={201: AttentionReferralOutputSerializer}
    )
    def post(self, request, child_id: int, version=None):
        try:
            child = child_selectors.child_get(user=request.user, child_id=child_id)
        except AccessDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        if not policy.can_bring_to_attention(request.user, child):
            raise PermissionDenied("You cannot bring this child to the local authority's attention")
        serializer = self.AttentionReferralInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        referral = services.bring_to_attention(
            actor=request.user, child=child, summary=serializer.validated_data["summary"]
        )
        return Response(AttentionReferralOutputSerializer(referral).data, status=status.HTTP_201_CREATED)
