"""API twins of the decision pages (``ehcp.views_decisions``), under ``/api/v1/cases/<pk>/``:

``decide-assess/``, ``advice/``, ``decide-issue/``, ``draft-plan/start/``, ``draft-plan/``,
``consultations/``, ``final-plan/``, ``exceptions/`` (multipart, for the evidence file) and ``withdraw/``.
Each is a POST that applies the same policy as its page (another tenant's case 404, DfE users 403, a person
who may not act 403), calls one service and answers with the case's summary: its stage, next deadline and
every deadline's status. Bad input is a 400 with field errors; a step the case's stage does not allow is a
409. ``draft-plan/`` and ``final-plan/`` also answer a GET with the plan's readiness to be issued: the
sections still empty and the quality checklist of the version being written.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from partnerships import services as partnership_services
from partnerships.models import ICB, Setting, User
from partnerships.policy import AccessDenied

from .. import policy, selectors_decisions, services, services_plans
from ..forms_decisions import SETTING_TYPE_ERROR, advice_recipient, advice_recipient_errors
from ..models import AdviceRequest, AssessmentRequest, Deadline, DecisionLetter, Plan


def enum_field(choices, **kwargs) -> serializers.ChoiceField:
    """A choice field described inline in the schema (the same field names carry other choice sets elsewhere,
    so named enum components would collide)."""

    @extend_schema_field({"type": "string", "enum": [value for value, _ in choices]})
    class InlineChoiceField(serializers.ChoiceField):
        pass

    return InlineChoiceField(choices=choices, **kwargs)


REASONS_ERRORS = {
    "required": "Enter the reasons for the decision",
    "blank": "Enter the reasons for the decision",
}


# Output -----------------------------------------------------------------------------------------------------


class DecisionsDeadlineSerializer(serializers.ModelSerializer):
    due = serializers.DateField(source="due_on", help_text="The last day allowed.")
    status = enum_field(Deadline.Status.choices, read_only=True)

    class Meta:
        model = Deadline
        fields = [
            "id",
            "code",
            "title",
            "due",
            "status",
            "met_on",
            "plain_basis",
            "legal_basis",
            "guidance_only",
            "who_acts",
            "advice_request",
            "consultation",
            "exception",
        ]


class DecisionsLetterSerializer(serializers.ModelSerializer):
    class Meta:
        model = DecisionLetter
        fields = ["id", "kind", "issued_on"]


class DecisionsCaseSummarySerializer(serializers.ModelSerializer):
    """The case after the step: where it stands and every statutory deadline with its status."""

    deadlines = DecisionsDeadlineSerializer(many=True, read_only=True)
    letters = DecisionsLetterSerializer(many=True, read_only=True)

    class Meta:
        model = AssessmentRequest
        fields = [
            "id",
            "reference",
            "child",
            "stage",
            "received_on",
            "next_due_on",
            "assess_decision",
            "assess_decided_on",
            "issue_decision",
            "issue_decided_on",
            "final_issued_on",
            "closed_on",
            "deadlines",
            "letters",
        ]


def case_summary(case: AssessmentRequest) -> dict:
    fresh = AssessmentRequest.objects.prefetch_related(
        Prefetch("deadlines", queryset=Deadline.objects.order_by("due_on", "pk")),
        Prefetch("letters", queryset=DecisionLetter.objects.order_by("issued_on", "pk")),
    ).get(pk=case.pk)
    return DecisionsCaseSummarySerializer(fresh).data


# Shared steps ------------------------------------------------------------------------------------------------

ERROR_RESPONSES = {
    400: OpenApiResponse(description="Bad input: field errors, each a list of messages."),
    403: OpenApiResponse(
        description="The person may not take this step, or is a DfE user (never sees cases)."
    ),
    404: OpenApiResponse(description="No such case, or not one the person may see."),
    409: OpenApiResponse(description="The case's stage does not allow this step; `detail` says why."),
}


class CaseStepApi(APIView):
    """One step on a case: open it through the policy, check who may act and the stage, call the service.

    A step's POST is ``step()``: each step names its ``action``, who may take it, its ``input_serializer`` and
    what it does with the valid input (``perform``)."""

    action = ""
    denied = "You cannot do this on this case"
    # Service error keys renamed to the API's fields.
    rename: dict[str, str] = {}
    input_serializer: type[serializers.Serializer]
    # The step acts on the case's plan: it is read once, checked with the stage and handed to ``perform``.
    uses_plan = False

    def allowed(self, user, case: AssessmentRequest) -> bool:
        """Who may take the step: the partnership's caseworkers and SEND managers, unless a step says else."""
        return policy.can_manage(user, case)

    def open_case(self, request, pk: int) -> AssessmentRequest:
        try:
            case = policy.access_request(request.user, pk)
        except AccessDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        if not self.allowed(request.user, case):
            raise PermissionDenied(self.denied)
        if case.child_id:
            partnership_services.child_record_viewed(
                actor=request.user, child=case.child, channel="api", path=request.path
            )
        return case

    def blocked(self, case: AssessmentRequest, **kwargs) -> Response | None:
        reason = selectors_decisions.blocked_reason(request=case, action=self.action, **kwargs)
        if reason:
            return Response({"detail": reason}, status=status.HTTP_409_CONFLICT)
        return None

    def call(self, service, **kwargs):
        """Call the service; its field errors come back as a 400 under the API's own field names."""
        try:
            return service(**kwargs)
        except DjangoValidationError as exc:
            if not hasattr(exc, "error_dict"):
                raise
            raise serializers.ValidationError(
                {self.rename.get(key, key): messages for key, messages in exc.message_dict.items()}
            ) from exc

    def done(self, case: AssessmentRequest) -> Response:
        return Response(case_summary(case))

    def step(self, request, pk: int) -> Response:
        """Open the case, check the stage (409), validate the input (400), act, answer with the case's summary."""
        case = self.open_case(request, pk)
        plan = {"plan": selectors_decisions.case_plan(request=case)} if self.uses_plan else {}
        if (conflict := self.blocked(case, **plan)) is not None:
            return conflict
        serializer = self.input_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform(request, case, serializer.validated_data, **plan)
        return self.done(case)


def _in_partnership(setting: Setting | None, case: AssessmentRequest, field: str) -> None:
    if setting is not None and setting.partnership_id != case.partnership_id:
        raise serializers.ValidationError({field: ["Choose a school or setting in this partnership"]})


# 1. Decide whether to assess ---------------------------------------------------------------------------------


class DecisionsAssessInputSerializer(serializers.Serializer):
    decision = enum_field(
        AssessmentRequest.AssessDecision.choices,
        error_messages={"invalid_choice": "Choose whether to carry out an EHC needs assessment"},
    )
    reasons = serializers.CharField(error_messages=REASONS_ERRORS)
    decided_on = serializers.DateField(
        required=False, help_text="The day of the decision (today if not given)."
    )


class CaseDecideAssessApi(CaseStepApi):
    """Decide whether to carry out an EHC needs assessment (reg 5: within 6 weeks). SEND managers only."""

    action = "decide_assess"
    denied = "Only the local authority's decision-maker (a SEND manager) can decide whether to assess"
    input_serializer = DecisionsAssessInputSerializer

    def allowed(self, user, case):
        return policy.can_decide(user, case)

    @extend_schema(
        request=DecisionsAssessInputSerializer,
        responses={200: DecisionsCaseSummarySerializer, **ERROR_RESPONSES},
    )
    def post(self, request, pk: int, version=None):
        return self.step(request, pk)

    def perform(self, request, case, data):
        self.call(services.decide_whether_to_assess, actor=request.user, request=case, **data)


# 2. Ask for advice -------------------------------------------------------------------------------------------


class DecisionsAdviceInputSerializer(serializers.Serializer):
    advice_type = serializers.ChoiceField(
        choices=AdviceRequest.AdviceType.choices,
        error_messages={"invalid_choice": "Choose the kind of advice"},
    )
    setting = serializers.PrimaryKeyRelatedField(
        queryset=Setting.objects.all(), required=False, allow_null=True, help_text="For educational advice."
    )
    icb = serializers.PrimaryKeyRelatedField(
        queryset=ICB.objects.all(), required=False, allow_null=True, help_text="For health advice."
    )
    adviser = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        help_text="A named adviser who may see the child's record.",
    )
    adviser_name = serializers.CharField(required=False, allow_blank=True, max_length=150)
    questions = serializers.CharField(required=False, allow_blank=True)
    requested_on = serializers.DateField(
        required=False, help_text="The day the adviser received the request (today if not given)."
    )


class CaseAdviceCreateApi(CaseStepApi):
    """Ask for advice for the assessment (reg 6); the adviser has 6 weeks from receiving it (reg 8)."""

    action = "advice"
    denied = "Only the partnership's caseworkers can ask for advice"
    input_serializer = DecisionsAdviceInputSerializer

    @extend_schema(
        request=DecisionsAdviceInputSerializer,
        responses={200: DecisionsCaseSummarySerializer, **ERROR_RESPONSES},
    )
    def post(self, request, pk: int, version=None):
        return self.step(request, pk)

    def perform(self, request, case, data):
        who = {
            "kind": data["advice_type"],
            "setting": data.get("setting"),
            "icb": data.get("icb"),
            "adviser": data.get("adviser"),
            "adviser_name": data.get("adviser_name", ""),
        }
        errors = {field: [message] for field, message in advice_recipient_errors(**who).items()}
        if errors:
            raise serializers.ValidationError(errors)
        _in_partnership(who["setting"], case, "setting")
        if (
            who["icb"] is not None
            and not selectors_decisions.partnership_icbs(partnership_id=case.partnership_id)
            .filter(pk=who["icb"].pk)
            .exists()
        ):
            raise serializers.ValidationError(
                {"icb": ["Choose an integrated care board serving this partnership"]}
            )
        if (
            who["adviser"] is not None
            and not selectors_decisions.advisers_for(request=case).filter(pk=who["adviser"].pk).exists()
        ):
            raise serializers.ValidationError(
                {"adviser": ["Choose an adviser who may see this child's record"]}
            )
        self.call(
            services.advice_request_create,
            actor=request.user,
            request=case,
            advice_type=data["advice_type"],
            questions=data.get("questions", ""),
            requested_on=data.get("requested_on"),
            **advice_recipient(**who),
        )


# 3. Decide whether to issue a plan ---------------------------------------------------------------------------


class DecisionsIssueInputSerializer(serializers.Serializer):
    decision = enum_field(
        AssessmentRequest.IssueDecision.choices,
        error_messages={"invalid_choice": "Choose whether to issue an EHC plan"},
    )
    reasons = serializers.CharField(error_messages=REASONS_ERRORS)
    decided_on = serializers.DateField(
        required=False, help_text="The day of the decision (today if not given)."
    )


class CaseDecideIssueApi(CaseStepApi):
    """Decide whether to issue an EHC plan; not issuing must be notified within 16 weeks (reg 10)."""

    action = "decide_issue"
    denied = "Only the local authority's decision-maker (a SEND manager) can decide whether to issue a plan"
    input_serializer = DecisionsIssueInputSerializer

    def allowed(self, user, case):
        return policy.can_decide(user, case)

    @extend_schema(
        request=DecisionsIssueInputSerializer,
        responses={200: DecisionsCaseSummarySerializer, **ERROR_RESPONSES},
    )
    def post(self, request, pk: int, version=None):
        return self.step(request, pk)

    def perform(self, request, case, data):
        self.call(services.decide_whether_to_issue, actor=request.user, request=case, **data)


# 4. Write and serve the draft plan ----------------------------------------------------------------------


class DecisionsFindingSerializer(serializers.Serializer):
    code = serializers.CharField()
    section = serializers.CharField()
    item_id = serializers.CharField(help_text="The item of the section the finding is about, if any.")
    message = serializers.CharField()


class DecisionsCheckSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    section = serializers.CharField()
    source = serializers.CharField()
    passed = serializers.BooleanField()
    findings = DecisionsFindingSerializer(many=True)


class DecisionsPlanReadinessSerializer(serializers.Serializer):
    """The case's plan and whether the version being written is ready to be issued."""

    plan = serializers.IntegerField(allow_null=True, help_text="The plan's id; null before it is started.")
    status = serializers.CharField(allow_null=True)
    draft_issued_on = serializers.DateField(allow_null=True)
    version = serializers.IntegerField(allow_null=True, help_text="The number of the version being written.")
    revision = serializers.IntegerField(allow_null=True)
    missing_sections = serializers.ListField(
        child=serializers.CharField(), help_text="Sections to write before the draft is served."
    )
    quality_passed = serializers.BooleanField(allow_null=True)
    checklist = DecisionsCheckSerializer(many=True)


def plan_readiness(plan: Plan | None) -> dict:
    version, ready = selectors_decisions.readiness(plan=plan)
    return DecisionsPlanReadinessSerializer(
        {
            "plan": plan.pk if plan else None,
            "status": plan.status if plan else None,
            "draft_issued_on": plan.draft_issued_on if plan else None,
            "version": version.number if version else None,
            "revision": version.revision if version else None,
            "missing_sections": ready.missing_sections if ready else [],
            "quality_passed": ready.quality_passed if ready else None,
            "checklist": ready.checklist if ready else [],
        }
    ).data


class CaseDraftPlanStartApi(CaseStepApi):
    """Start writing the draft plan once the decision to issue one is made (section K starts with the advice
    received). Answers with the plan's readiness; the content is written through the plan editor's API."""

    action = "draft_plan"
    denied = "Only the partnership's caseworkers can write a plan"

    @extend_schema(
        request=None,
        responses={201: DecisionsPlanReadinessSerializer, **ERROR_RESPONSES},
    )
    def post(self, request, pk: int, version=None):
        case = self.open_case(request, pk)
        if (conflict := self.blocked(case)) is not None:
            return conflict
        plan = self.call(services_plans.plan_start, actor=request.user, request=case)
        return Response(plan_readiness(plan), status=status.HTTP_201_CREATED)


class DecisionsDraftPlanInputSerializer(serializers.Serializer):
    served_on = serializers.DateField(
        required=False, help_text="The day the draft is served (today if not given)."
    )


class CaseDraftPlanApi(CaseStepApi):
    """Serve the draft plan written in the editor (sections A to K, without I); the family has 15 days to
    comment (reg 13(1)). GET: the sections still empty and the quality checklist."""

    action = "draft_plan"
    denied = "Only the partnership's caseworkers can issue a draft plan"
    input_serializer = DecisionsDraftPlanInputSerializer
    uses_plan = True

    @extend_schema(responses={200: DecisionsPlanReadinessSerializer, **ERROR_RESPONSES})
    def get(self, request, pk: int, version=None):
        case = self.open_case(request, pk)
        return Response(plan_readiness(selectors_decisions.case_plan(request=case)))

    @extend_schema(
        request=DecisionsDraftPlanInputSerializer,
        responses={200: DecisionsCaseSummarySerializer, **ERROR_RESPONSES},
    )
    def post(self, request, pk: int, version=None):
        return self.step(request, pk)

    def blocked(self, case, plan=None):
        if (conflict := super().blocked(case)) is not None:
            return conflict
        if plan is None:
            return Response(
                {"detail": "The draft plan has not been started: start writing it first."},
                status=status.HTTP_409_CONFLICT,
            )
        return None

    def perform(self, request, case, data, plan):
        self.call(
            services_plans.draft_plan_issue, actor=request.user, plan=plan, served_on=data.get("served_on")
        )


# 5. Consult a setting ---------------------------------------------------------------------------------------


class DecisionsConsultationInputSerializer(serializers.Serializer):
    setting = serializers.PrimaryKeyRelatedField(queryset=Setting.objects.all())
    sent_on = serializers.DateField(required=False, help_text="The day it is sent (today if not given).")


class CaseConsultationCreateApi(CaseStepApi):
    """Consult a school or other setting about being named in the plan (CFA ss.39(2), 40(3))."""

    action = "consult"
    denied = "Only the partnership's caseworkers can consult settings"
    input_serializer = DecisionsConsultationInputSerializer
    uses_plan = True

    @extend_schema(
        request=DecisionsConsultationInputSerializer,
        responses={200: DecisionsCaseSummarySerializer, **ERROR_RESPONSES},
    )
    def post(self, request, pk: int, version=None):
        return self.step(request, pk)

    def perform(self, request, case, data, plan):
        _in_partnership(data["setting"], case, "setting")
        self.call(
            services.consultation_send,
            actor=request.user,
            plan=plan,
            setting=data["setting"],
            sent_on=data.get("sent_on"),
        )


# 6. Issue the final plan ---------------------------------------------------------------------------------


class DecisionsFinalPlanInputSerializer(serializers.Serializer):
    named_setting = serializers.PrimaryKeyRelatedField(
        queryset=Setting.objects.all(), required=False, allow_null=True
    )
    setting_type = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="Section I: the type of school or other institution; if left out, the named setting's type.",
    )
    issued_on = serializers.DateField(required=False, help_text="The day it is issued (today if not given).")


class CaseFinalPlanApi(CaseStepApi):
    """Issue the final plan naming the setting in section I (reg 13(2): within 20 weeks of the request).
    GET: the quality checklist of the version to be issued."""

    action = "final_plan"
    denied = "Only the partnership's caseworkers can issue the final plan"
    input_serializer = DecisionsFinalPlanInputSerializer
    uses_plan = True

    @extend_schema(responses={200: DecisionsPlanReadinessSerializer, **ERROR_RESPONSES})
    def get(self, request, pk: int, version=None):
        case = self.open_case(request, pk)
        return Response(plan_readiness(selectors_decisions.case_plan(request=case)))

    @extend_schema(
        request=DecisionsFinalPlanInputSerializer,
        responses={200: DecisionsCaseSummarySerializer, **ERROR_RESPONSES},
    )
    def post(self, request, pk: int, version=None):
        return self.step(request, pk)

    def perform(self, request, case, data, plan):
        setting = data.get("named_setting")
        _in_partnership(setting, case, "named_setting")
        setting_type = (data.get("setting_type") or "").strip()
        if not setting_type and setting is not None:
            setting_type = setting.get_setting_type_display()
        if not setting_type:
            raise serializers.ValidationError({"setting_type": [SETTING_TYPE_ERROR]})
        self.call(
            services_plans.final_plan_issue,
            actor=request.user,
            plan=plan,
            named_setting=setting,
            setting_type=setting_type,
            issued_on=data.get("issued_on"),
        )


# 7. Record an exception ---------------------------------------------------------------------------------


class DecisionsExceptionInputSerializer(serializers.Serializer):
    ground = serializers.CharField(help_text="An exception ground code, for example `absence_from_area`.")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True)
    details = serializers.CharField(
        error_messages={
            "required": "Enter what happened and why it made the time limit impractical",
            "blank": "Enter what happened and why it made the time limit impractical",
        }
    )
    deadlines = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        allow_empty=False,
        help_text="The ids of the case's deadlines the exception affects.",
        error_messages={"empty": "Choose the time limits this exception affects"},
    )
    evidence = serializers.FileField(required=False, allow_null=True)


class CaseExceptionCreateApi(CaseStepApi):
    """Record an exception to time limits on the case, with optional evidence. SEND managers only."""

    action = "exception"
    denied = "Only the local authority's decision-maker (a SEND manager) can record an exception"
    rename = {"file": "evidence"}
    input_serializer = DecisionsExceptionInputSerializer
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def allowed(self, user, case):
        return policy.can_decide(user, case)

    @extend_schema(
        request=DecisionsExceptionInputSerializer,
        responses={200: DecisionsCaseSummarySerializer, **ERROR_RESPONSES},
    )
    def post(self, request, pk: int, version=None):
        return self.step(request, pk)

    def perform(self, request, case, data):
        wanted = set(data["deadlines"])
        deadlines = list(selectors_decisions.exception_deadlines(request=case).filter(pk__in=wanted))
        if len(deadlines) != len(wanted):
            raise serializers.ValidationError(
                {"deadlines": ["Choose time limits on this case that have not been met"]}
            )
        self.call(
            services.exception_record,
            actor=request.user,
            request=case,
            ground=data["ground"],
            starts_on=data["starts_on"],
            ends_on=data.get("ends_on"),
            details=data["details"],
            deadlines=deadlines,
            evidence=data.get("evidence"),
        )


# 8. Withdraw the request ---------------------------------------------------------------------------------


class DecisionsWithdrawInputSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=2000,
        error_messages={
            "required": "Enter why the request is being withdrawn",
            "blank": "Enter why the request is being withdrawn",
        },
    )


class CaseWithdrawApi(CaseStepApi):
    """Withdraw the request (the family, or the LA recording it); open deadlines are no longer needed."""

    action = "withdraw"
    denied = "Only the family or the partnership's caseworkers can withdraw this request"
    input_serializer = DecisionsWithdrawInputSerializer

    def allowed(self, user, case):
        return policy.can_withdraw(user, case)

    @extend_schema(
        request=DecisionsWithdrawInputSerializer,
        responses={200: DecisionsCaseSummarySerializer, **ERROR_RESPONSES},
    )
    def post(self, request, pk: int, version=None):
        return self.step(request, pk)

    def perform(self, request, case, data):
        self.call(services.request_withdraw, actor=request.user, request=case, reason=data["reason"])
