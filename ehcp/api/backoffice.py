"""API twins of the caseworker back office and the case page (mounted under /api/v1/). The same policy,
selectors and services as the pages: 404 for a case outside a person's reach, 403 for a role that may not
do the thing (and for DfE users on any case), 400 with field errors for bad input."""

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from partnerships import services as partnerships_services
from partnerships.models import User
from partnerships.policy import AccessDenied

from .. import clock, policy, selectors, selectors_decisions, services
from .. import selectors_backoffice as backoffice
from ..models import AdviceRequest, AssessmentRequest, AttentionReferral, Deadline
from ..selectors import QueueFilters
from ..views_backoffice import letter_pdf_response
from ..views_common import file_download

Stage = AssessmentRequest.Stage
OPEN_STAGE_CODES = [stage.value for stage in AssessmentRequest.OPEN_STAGES]


def _codes(choices) -> str:
    """Choice codes written out in the schema's help text (plain strings keep enum names from clashing)."""
    return "One of: " + ", ".join(f"{value} ({label})" for value, label in choices.choices)


def _require_la(request) -> None:
    if policy.actor_for(request.user).is_aggregate_only:
        raise PermissionDenied("DfE regional and national users see aggregates, not cases")
    if not backoffice.la_partnership_ids(request.user):
        raise PermissionDenied("Only the partnership's caseworkers and SEND managers can do this")


def _get_case(request, pk: int) -> AssessmentRequest:
    try:
        return policy.access_request(request.user, pk)
    except AccessDenied as exc:
        raise PermissionDenied(str(exc)) from exc


def _log_read(request, case: AssessmentRequest) -> None:
    if case.child_id:
        partnerships_services.child_record_viewed(
            actor=request.user, child=case.child, channel="api", path=request.path
        )


def _name(user: User | None) -> str | None:
    return (user.full_name or user.email) if user is not None else None


class CasePagination(PageNumberPagination):
    page_size = 25


# Output serializers ------------------------------------------------------------------------------------


class CaseRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class CaseDeadlineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    title = serializers.CharField()
    sentence = serializers.SerializerMethodField()
    due_on = serializers.DateField()
    status = serializers.CharField(help_text=_codes(Deadline.Status))
    status_display = serializers.CharField(source="get_status_display")
    met_on = serializers.DateField(allow_null=True)
    who_acts = serializers.CharField(help_text=_codes(Deadline.WhoActs))
    legal_basis = serializers.CharField()
    plain_basis = serializers.CharField()
    source_url = serializers.CharField()
    guidance_only = serializers.BooleanField()
    overdue_days = serializers.IntegerField(default=0)
    exception = serializers.IntegerField(source="exception_id", allow_null=True)

    def get_sentence(self, deadline) -> str:
        return backoffice.deadline_sentence(deadline)


class CaseQueueItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField()
    child = CaseRefSerializer(allow_null=True)
    child_name = serializers.CharField()
    stage = serializers.CharField(help_text=_codes(Stage))
    stage_display = serializers.CharField()
    received_on = serializers.DateField(allow_null=True)
    next_due_on = serializers.DateField(allow_null=True)
    next_deadline = serializers.CharField(
        allow_null=True, help_text="The most urgent open deadline, in words"
    )
    overdue_days = serializers.IntegerField()
    caseworker = CaseRefSerializer(allow_null=True)
    setting = CaseRefSerializer(allow_null=True)


def _queue_item(case: AssessmentRequest, deadline: Deadline | None = None, overdue_days: int = 0) -> dict:
    return {
        "id": case.pk,
        "url": reverse("case-detail", args=[case.pk]),
        "child": {"id": case.child_id, "name": case.child.full_name} if case.child_id else None,
        "child_name": case.child_display_name,
        "stage": case.stage,
        "stage_display": case.get_stage_display(),
        "received_on": case.received_on,
        "next_due_on": case.next_due_on,
        "next_deadline": (
            f"{deadline.title} due by {clock.long_date(deadline.due_on)}" if deadline else None
        ),
        "overdue_days": overdue_days,
        "caseworker": {"id": case.caseworker_id, "name": _name(case.caseworker)}
        if case.caseworker_id
        else None,
        "setting": {"id": case.setting_id, "name": case.setting.name} if case.setting_id else None,
    }


class CaseDocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.CharField()
    original_name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    uploaded_at = serializers.DateTimeField()
    uploaded_by = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()

    def get_uploaded_by(self, document) -> str | None:
        return _name(document.uploaded_by)

    def get_download_url(self, document) -> str:
        return f"/api/v1/cases/{document.request_id}/documents/{document.pk}/"


class CaseLetterSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_display = serializers.CharField(source="get_kind_display")
    issued_on = serializers.DateField()
    html_url = serializers.SerializerMethodField()
    pdf_url = serializers.SerializerMethodField()

    def get_html_url(self, letter) -> str:
        return reverse("case-letter", args=[letter.request_id, letter.pk])

    def get_pdf_url(self, letter) -> str:
        return f"/api/v1/cases/{letter.request_id}/letters/{letter.pk}/pdf/"


class CaseExceptionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    ground = serializers.CharField()
    ground_description = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)
    details = serializers.CharField()
    decided_by = serializers.SerializerMethodField()
    decided_at = serializers.DateTimeField()
    evidence = serializers.IntegerField(source="evidence_id", allow_null=True)

    def get_decided_by(self, exception) -> str | None:
        return _name(exception.decided_by)


class CasePanelSerializer(serializers.Serializer):
    meeting = serializers.IntegerField(source="meeting_id")
    meets_at = serializers.DateTimeField(source="meeting.meets_at")
    recommendation = serializers.CharField()
    reasons = serializers.CharField()


class CaseAdviceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    advice_type = serializers.CharField(help_text=_codes(AdviceRequest.AdviceType))
    advice_type_display = serializers.CharField(source="get_advice_type_display")
    asked_of = serializers.SerializerMethodField()
    requested_on = serializers.DateField()
    status = serializers.CharField(help_text=_codes(AdviceRequest.Status))
    submitted_at = serializers.DateTimeField(allow_null=True)

    def get_asked_of(self, advice) -> str:
        if advice.adviser_name:
            return advice.adviser_name
        if advice.setting_id:
            return advice.setting.name
        if advice.icb_id:
            return advice.icb.name
        return "The social care team"


class CaseConsultationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    setting = serializers.CharField(source="setting.name")
    sent_on = serializers.DateField()
    response = serializers.CharField()


class CasePlanVersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    kind = serializers.CharField()
    status = serializers.CharField()
    issued_on = serializers.DateField(allow_null=True)


class CasePlanSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    draft_issued_on = serializers.DateField(allow_null=True)
    final_issued_on = serializers.DateField(allow_null=True)
    version = CasePlanVersionSerializer(
        allow_null=True,
        help_text="The version shown: the one being written for the local authority, else the last issued.",
    )
    content = serializers.JSONField(
        help_text="That version's structured content, by section code (A to K with H1 and H2 apart)."
    )
    family_comments = serializers.CharField()
    family_commented_at = serializers.DateTimeField(allow_null=True)
    preferred_setting = serializers.CharField(source="preferred_setting.name", allow_null=True, default=None)
    named_setting = serializers.CharField(source="named_setting.name", allow_null=True, default=None)


class CaseDetailOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.UUIDField()
    child = CaseRefSerializer(allow_null=True)
    child_name = serializers.CharField()
    requester = serializers.CharField(help_text=_codes(AssessmentRequest.Requester))
    requester_name = serializers.CharField()
    route = serializers.CharField(help_text=_codes(AssessmentRequest.Route))
    received_on = serializers.DateField(allow_null=True)
    stage = serializers.CharField(help_text=_codes(Stage))
    stage_display = serializers.CharField()
    caseworker = CaseRefSerializer(allow_null=True)
    setting = CaseRefSerializer(allow_null=True)
    reasons = serializers.CharField()
    family_views = serializers.CharField()
    assess_decision = serializers.CharField()
    assess_decided_on = serializers.DateField(allow_null=True)
    issue_decision = serializers.CharField()
    issue_decided_on = serializers.DateField(allow_null=True)
    previous_assessment_warning = serializers.CharField(allow_null=True)
    timeline = CaseDeadlineSerializer(many=True)
    exceptions = CaseExceptionSerializer(many=True)
    panel = CasePanelSerializer(many=True)
    advice = CaseAdviceSerializer(many=True)
    plan = CasePlanSerializer(allow_null=True)
    consultations = CaseConsultationSerializer(many=True)
    letters = CaseLetterSerializer(many=True)
    documents = CaseDocumentSerializer(many=True)


PREVIOUS_ASSESSMENT_WARNING = (
    "There is no duty to consider a new request within 6 months of a previous assessment "
    "(section 36(6)(b)) — the local authority decides"
)


def _case_plan(user, plan) -> dict | None:
    if plan is None:
        return None
    version = selectors_decisions.version_shown(user=user, plan=plan)
    return {
        "id": plan.pk,
        "status": plan.status,
        "draft_issued_on": plan.draft_issued_on,
        "final_issued_on": plan.final_issued_on,
        "version": version,
        "content": version.content if version is not None else {},
        "family_comments": plan.family_comments,
        "family_commented_at": plan.family_commented_at,
        "preferred_setting": plan.preferred_setting,
        "named_setting": plan.named_setting,
    }


def _case_detail(user, case: AssessmentRequest) -> dict:
    case_file = backoffice.case_file(request=case)
    return {
        "id": case.pk,
        "reference": case.reference,
        "child": {"id": case.child_id, "name": case.child.full_name} if case.child_id else None,
        "child_name": case.child_display_name,
        "requester": case.requester,
        "requester_name": case.requester_name,
        "route": case.route,
        "received_on": case.received_on,
        "stage": case.stage,
        "stage_display": case.get_stage_display(),
        "caseworker": {"id": case.caseworker_id, "name": _name(case.caseworker)}
        if case.caseworker_id
        else None,
        "setting": {"id": case.setting_id, "name": case.setting.name} if case.setting_id else None,
        "reasons": case.reasons,
        "family_views": case.family_views,
        "assess_decision": case.assess_decision,
        "assess_decided_on": case.assess_decided_on,
        "issue_decision": case.issue_decision,
        "issue_decided_on": case.issue_decided_on,
        "previous_assessment_warning": PREVIOUS_ASSESSMENT_WARNING if case_file.previous_assessment else None,
        "timeline": case_file.timeline,
        "exceptions": case_file.exceptions,
        "panel": case_file.panel_cases,
        "advice": case_file.advice,
        "plan": _case_plan(user, case_file.plan),
        "consultations": case_file.consultations,
        "letters": case_file.letters,
        "documents": case_file.documents,
    }


# The work queue ----------------------------------------------------------------------------------------


class CaseListApi(APIView):
    """The work queue: open cases of the person's partnerships, most urgent first, with filters."""

    class CaseQueueFilterSerializer(serializers.Serializer):
        stage = serializers.CharField(
            required=False, max_length=20, help_text="One of: " + ", ".join(OPEN_STAGE_CODES)
        )
        due_within_days = serializers.IntegerField(required=False, min_value=0, max_value=366)
        overdue = serializers.BooleanField(required=False, default=False)
        caseworker = serializers.CharField(
            required=False, help_text='"mine", "unassigned" or a caseworker\'s id', max_length=20
        )
        setting = serializers.IntegerField(required=False, min_value=1)
        search = serializers.CharField(required=False, allow_blank=True, max_length=100)
        page = serializers.IntegerField(required=False, min_value=1)

        def validate_stage(self, value):
            if value not in OPEN_STAGE_CODES:
                raise serializers.ValidationError("Choose one of: " + ", ".join(OPEN_STAGE_CODES))
            return value

        def validate_caseworker(self, value):
            if value not in ("mine", "unassigned") and not value.isdecimal():
                raise serializers.ValidationError('Give "mine", "unassigned" or a caseworker\'s id')
            return value

    @extend_schema(parameters=[CaseQueueFilterSerializer], responses=CaseQueueItemSerializer(many=True))
    def get(self, request, version=None):
        _require_la(request)
        params = self.CaseQueueFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        caseworker = data.get("caseworker", "")
        filters = QueueFilters(
            stage=data.get("stage", ""),
            due_within_days=data.get("due_within_days"),
            overdue=data.get("overdue", False),
            caseworker_id=request.user.pk
            if caseworker == "mine"
            else (int(caseworker) if caseworker.isdecimal() else None),
            unassigned=caseworker == "unassigned",
            setting_id=data.get("setting"),
            search=data.get("search", "").strip(),
        )
        today = timezone.localdate()
        paginator = CasePagination()
        cases = paginator.paginate_queryset(
            selectors.work_queue(user=request.user, filters=filters, today=today), request, view=self
        )
        rows = backoffice.queue_rows(list(cases), today=today)
        items = [_queue_item(row["case"], row["deadline"], row["overdue_days"]) for row in rows]
        return paginator.get_paginated_response(CaseQueueItemSerializer(items, many=True).data)


class CaseReassignApi(APIView):
    """Reassign cases to a caseworker of the same partnership (or to no one, with null)."""

    class CaseReassignInputSerializer(serializers.Serializer):
        cases = serializers.ListField(child=serializers.IntegerField(min_value=1), allow_empty=False)
        caseworker = serializers.IntegerField(allow_null=True, min_value=1)

    class CaseReassignOutputSerializer(serializers.Serializer):
        reassigned = serializers.IntegerField()
        caseworker = serializers.IntegerField(allow_null=True)

    @extend_schema(request=CaseReassignInputSerializer, responses=CaseReassignOutputSerializer)
    def post(self, request, version=None):
        _require_la(request)
        serializer = self.CaseReassignInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        caseworker = None
        caseworker_id = serializer.validated_data["caseworker"]
        if caseworker_id is not None:
            caseworker = User.objects.filter(pk=caseworker_id, is_active=True).first()
            if caseworker is None:
                raise serializers.ValidationError(
                    {"caseworker": ["Choose a caseworker who works for this partnership"]}
                )
        ids = sorted(set(serializer.validated_data["cases"]))
        cases = list(policy.requests_visible_to(request.user).filter(pk__in=ids))
        if len(cases) != len(ids):
            raise Http404("No assessment request found")
        count = services.assign_caseworker(actor=request.user, requests=cases, caseworker=caseworker)
        return Response(
            self.CaseReassignOutputSerializer({"reassigned": count, "caseworker": caseworker_id}).data
        )


class CaseRecordApi(APIView):
    """Record a request that came by post, email or phone, from the day it was received."""

    class CaseRecordInputSerializer(serializers.Serializer):
        child = serializers.IntegerField(min_value=1)
        requester = serializers.CharField(
            max_length=20,
            help_text="Who made the request (the service checks it): parent, young_person or school",
        )
        requester_name = serializers.CharField(max_length=150)
        received_on = serializers.DateField()
        reasons = serializers.CharField()
        family_views = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(request=CaseRecordInputSerializer, responses={201: CaseQueueItemSerializer})
    def post(self, request, version=None):
        _require_la(request)
        serializer = self.CaseRecordInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        child = backoffice.recordable_children(user=request.user).filter(pk=data.pop("child")).first()
        if child is None:
            raise serializers.ValidationError({"child": ["Choose a child known to your partnership"]})
        case = services.request_record(actor=request.user, child=child, **data)
        row = backoffice.queue_rows(
            [policy.access_request(request.user, case.pk)], today=timezone.localdate()
        )[0]
        item = _queue_item(row["case"], row["deadline"], row["overdue_days"])
        return Response(CaseQueueItemSerializer(item).data, status=status.HTTP_201_CREATED)


# The case page -----------------------------------------------------------------------------------------


class CaseDetailApi(APIView):
    """One case: summary, timeline, exceptions, panel, advice, plan, letters and documents (the read is logged)."""

    @extend_schema(responses=CaseDetailOutputSerializer)
    def get(self, request, pk: int, version=None):
        case = _get_case(request, pk)
        _log_read(request, case)
        return Response(CaseDetailOutputSerializer(_case_detail(request.user, case)).data)


class CaseDocumentListApi(APIView):
    """Add a document to a case (multipart: ``file`` and ``title``)."""

    parser_classes = [MultiPartParser, FormParser]

    class CaseDocumentUploadSerializer(serializers.Serializer):
        title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
        file = serializers.FileField()

    @extend_schema(
        request={"multipart/form-data": CaseDocumentUploadSerializer}, responses={201: CaseDocumentSerializer}
    )
    def post(self, request, pk: int, version=None):
        case = _get_case(request, pk)
        if not backoffice.can_add_document(request.user, case):
            raise PermissionDenied("You cannot add documents to this case")
        serializer = self.CaseDocumentUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        document = services.document_add(
            actor=request.user,
            request=case,
            upload=serializer.validated_data["file"],
            title=serializer.validated_data["title"],
        )
        return Response(CaseDocumentSerializer(document).data, status=status.HTTP_201_CREATED)


class CaseDocumentApi(APIView):
    """A document's file, as a download, with the content type found in it when it was uploaded."""

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request, pk: int, doc_id: int, version=None):
        case = _get_case(request, pk)
        document = backoffice.case_document(request=case, document_id=doc_id)
        _log_read(request, case)
        return file_download(document)


class CaseLetterPdfApi(APIView):
    """A decision letter as a tagged PDF, rendered from the letter as it was sent."""

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request, pk: int, letter_id: int, version=None):
        case = _get_case(request, pk)
        letter = backoffice.case_letter(request=case, letter_id=letter_id)
        _log_read(request, case)
        return letter_pdf_response(letter)


# Referrals ---------------------------------------------------------------------------------------------


class ReferralOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    child = CaseRefSerializer()
    referred_by = serializers.CharField(allow_null=True)
    referrer_role = serializers.CharField()
    summary = serializers.CharField()
    outcome = serializers.CharField(help_text=_codes(AttentionReferral.Outcome))
    created_at = serializers.DateTimeField()


def _referral(referral: AttentionReferral) -> dict:
    return {
        "id": referral.pk,
        "child": {"id": referral.child_id, "name": referral.child.full_name},
        "referred_by": _name(referral.referred_by),
        "referrer_role": referral.referrer_role,
        "summary": referral.summary,
        "outcome": referral.outcome,
        "created_at": referral.created_at,
    }


class ReferralListApi(APIView):
    """Children brought to the local authority's attention, waiting for its decision."""

    @extend_schema(responses=ReferralOutputSerializer(many=True))
    def get(self, request, version=None):
        _require_la(request)
        paginator = CasePagination()
        page = paginator.paginate_queryset(backoffice.open_referrals(user=request.user), request, view=self)
        return paginator.get_paginated_response(
            ReferralOutputSerializer([_referral(r) for r in page], many=True).data
        )


class ReferralDecisionApi(APIView):
    """Decide whether to consider an assessment: if so, a case opens and its clock starts today."""

    class ReferralDecisionInputSerializer(serializers.Serializer):
        consider = serializers.BooleanField()
        reasons = serializers.CharField(required=False, allow_blank=True, default="")

    class ReferralDecisionOutputSerializer(serializers.Serializer):
        outcome = serializers.CharField(help_text=_codes(AttentionReferral.Outcome))
        case = serializers.IntegerField(allow_null=True)

    @extend_schema(request=ReferralDecisionInputSerializer, responses=ReferralDecisionOutputSerializer)
    def post(self, request, pk: int, version=None):
        _require_la(request)
        referral = backoffice.access_referral(user=request.user, referral_id=pk)
        serializer = self.ReferralDecisionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        case = services.attention_referral_decide(
            actor=request.user,
            referral=referral,
            consider=serializer.validated_data["consider"],
            reasons=serializer.validated_data["reasons"],
        )
        return Response(
            self.ReferralDecisionOutputSerializer(
                {"outcome": referral.outcome, "case": case.pk if case else None}
            ).data
        )
