"""API twins of the redress pages (under /api/v1/; docs/adr/0015): the same policy, selectors and services.
400 with field errors for bad input (nothing saved); 403 for DfE users and for steps a person may not
take; 404 for a dispute that is not theirs to see."""

from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from ehcp.models import Deadline
from partnerships import services as partnership_services
from partnerships.policy import children_visible_to

from . import escalation, policy, selectors, services
from .models import (
    AgreementItem,
    Appeal,
    AppealableDecision,
    AppealIssue,
    Dispute,
    MediationSession,
    TribunalOrder,
)

# The longest text the pages accept (redress.forms._text): the same limit on the API's free text.
TEXT_MAX = 5000

# --- Output ------------------------------------------------------------------------------------------


class DeadlineSerializer(serializers.ModelSerializer):
    who_acts = serializers.CharField(help_text="la, family, mediator, adviser or setting")
    status = serializers.CharField(help_text="pending, met, missed, excepted or not_needed")

    class Meta:
        model = Deadline
        fields = [
            "id",
            "code",
            "title",
            "due_on",
            "who_acts",
            "status",
            "met_on",
            "legal_basis",
            "rules_version",
        ]


class AppealableDecisionSerializer(serializers.ModelSerializer):
    child = serializers.CharField(source="child.full_name")

    class Meta:
        model = AppealableDecision
        fields = ["id", "child", "kind", "decided_on", "sections", "mediation_contact_due", "appeal_due"]


class OptionSerializer(serializers.Serializer):
    title = serializers.CharField()
    by = serializers.CharField(required=False, help_text="The last day, in words, where there is one")
    text = serializers.CharField()


class FamilyDecisionSerializer(serializers.Serializer):
    decision = AppealableDecisionSerializer()
    dispute = serializers.SerializerMethodField()
    options = OptionSerializer(many=True)

    def get_dispute(self, row) -> int | None:
        return row["dispute"].pk if row["dispute"] else None


class DisputeListSerializer(serializers.ModelSerializer):
    child = serializers.CharField(source="child.full_name")
    mediator = serializers.SerializerMethodField()

    class Meta:
        model = Dispute
        fields = ["id", "child", "route", "status", "reason", "opened_on", "next_due_on", "mediator"]

    def get_mediator(self, dispute) -> str | None:
        return (dispute.mediator.full_name or dispute.mediator.email) if dispute.mediator_id else None


class ItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgreementItem
        fields = ["id", "description", "owner", "within_appeal_right", "due_on"]


class SessionSerializer(serializers.ModelSerializer):
    items = ItemSerializer(many=True)

    class Meta:
        model = MediationSession
        fields = [
            "id",
            "held_on",
            "la_decision_maker",
            "health_in_dispute",
            "icb_attended",
            "social_care_in_dispute",
            "social_care_attended",
            "other_attendees",
            "issues",
            "outcome",
            "items",
        ]


class IssueSerializer(serializers.ModelSerializer):
    class Meta:
        model = AppealIssue
        fields = ["id", "issue", "outcome"]


class OrderSerializer(serializers.ModelSerializer):
    class Meta:
        model = TribunalOrder
        fields = ["id", "kind", "made_on", "details"]


class AppealSerializer(serializers.ModelSerializer):
    issues = IssueSerializer(many=True)
    orders = OrderSerializer(many=True)

    class Meta:
        model = Appeal
        fields = [
            "id",
            "tribunal_reference",
            "registered_on",
            "hearing_on",
            "extended",
            "status",
            "decided_on",
            "issues",
            "orders",
        ]


class DisputeSerializer(DisputeListSerializer):
    decision = AppealableDecisionSerializer(allow_null=True, read_only=True)
    deadlines = DeadlineSerializer(many=True, read_only=True)
    sessions = SessionSerializer(many=True, read_only=True)
    appeal = serializers.SerializerMethodField()

    class Meta(DisputeListSerializer.Meta):
        fields = [
            *DisputeListSerializer.Meta.fields,
            "summary",
            "decision",
            "section_i_only",
            "mediation",
            "adviser_contacted_on",
            "la_told_on",
            "certificate_on",
            "certificate_kind",
            "ombudsman_referred_on",
            "ombudsman_reference",
            "resolved_on",
            "outcome",
            "deadlines",
            "sessions",
            "appeal",
        ]

    @extend_schema_field(AppealSerializer(allow_null=True))
    def get_appeal(self, dispute):
        appeal = Appeal.objects.filter(dispute=dispute).prefetch_related("issues", "orders").first()
        return AppealSerializer(appeal).data if appeal else None


def _dispute_out(dispute: Dispute) -> dict:
    fresh = (
        Dispute.objects.select_related("child", "decision__child", "mediator")
        .prefetch_related(
            "deadlines", Prefetch("sessions", queryset=MediationSession.objects.prefetch_related("items"))
        )
        .get(pk=dispute.pk)
    )
    return DisputeSerializer(fresh).data


def _access(request, pk: int) -> Dispute:
    dispute = policy.access_dispute(request.user, pk)
    partnership_services.child_record_viewed(
        actor=request.user, child=dispute.child, channel="api", path=request.path
    )
    return dispute


def _allowed(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied("You cannot do this on this dispute")


# --- Reads -------------------------------------------------------------------------------------------


class DisputeListApi(APIView):
    """Open disputes: the LA's partnership's, or a mediator's assigned cases. Families use /portal/redress/."""

    @extend_schema(responses=DisputeListSerializer(many=True))
    def get(self, request, version=None):
        policy.require_list_access(request.user)
        return Response(DisputeListSerializer(selectors.disputes_for(request.user), many=True).data)


class DisputeApi(APIView):
    """One dispute with its deadlines, mediation, appeal and orders."""

    @extend_schema(responses=DisputeSerializer)
    def get(self, request, pk: int, version=None):
        return Response(_dispute_out(_access(request, pk)))


class FamilyDecisionsApi(APIView):
    """A family's children's appealable decisions, each with the options and dates in plain English."""

    @extend_schema(responses=FamilyDecisionSerializer(many=True))
    def get(self, request, version=None):
        if not policy.is_family(request.user):
            raise PermissionDenied("This is for parents, carers and young people")
        return Response(FamilyDecisionSerializer(selectors.family_decisions(request.user), many=True).data)


# --- Writes ------------------------------------------------------------------------------------------


class OpenFromDecisionInput(serializers.Serializer):
    reason = serializers.ChoiceField(choices=Dispute.Reason.choices)
    summary = serializers.CharField(max_length=TEXT_MAX)
    section_i_only = serializers.BooleanField(default=False)
    opened_on = serializers.DateField(required=False)


class OpenFromDecisionApi(APIView):
    """The family disagrees with an appealable decision: open the dispute with its deadlines."""

    @extend_schema(request=OpenFromDecisionInput, responses={201: DisputeSerializer})
    def post(self, request, decision_pk: int, version=None):
        decision = policy.access_decision(request.user, decision_pk)
        _allowed(policy.can_manage(request.user, decision.partnership_id))
        data = OpenFromDecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        dispute = services.dispute_open_from_decision(
            actor=request.user, decision=decision, **data.validated_data
        )
        return Response(_dispute_out(dispute), status=status.HTTP_201_CREATED)


class OpenInput(serializers.Serializer):
    child = serializers.IntegerField(help_text="The child's id")
    route = serializers.ChoiceField(
        choices=Dispute.Route.choices,
        help_text="disagreement or complaint (an appeal starts from a decision)",
    )
    reason = serializers.ChoiceField(choices=Dispute.Reason.choices)
    summary = serializers.CharField(max_length=TEXT_MAX)
    opened_on = serializers.DateField(required=False)


class OpenApi(APIView):
    """Record a disagreement (disagreement resolution, any SEN matter) or a complaint."""

    @extend_schema(request=OpenInput, responses={201: DisputeSerializer})
    def post(self, request, version=None):
        policy.require_list_access(request.user)
        la = policy.la_partnership_ids(request.user)
        _allowed(bool(la))
        data = OpenInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        child = (
            children_visible_to(request.user).filter(partnership_id__in=la, pk=values.pop("child")).first()
        )
        if child is None:
            raise serializers.ValidationError({"child": ["Choose a child in your partnership"]})
        dispute = services.dispute_open(actor=request.user, child=child, **values)
        return Response(_dispute_out(dispute), status=status.HTTP_201_CREATED)


def _step_api(name, doc, input_class, run, *, allowed=policy.can_manage):
    """An API twin of one step page: POST the input, get the dispute back."""

    @extend_schema(request=input_class, responses={200: DisputeSerializer}, operation_id=f"redress_{name}")
    def post(self, request, pk: int, version=None, **kwargs):
        dispute = _access(request, pk)
        _allowed(allowed(request.user, dispute))
        data = input_class(data=request.data)
        data.is_valid(raise_exception=True)
        run(request.user, dispute, dict(data.validated_data), kwargs)
        return Response(_dispute_out(dispute))

    return type(f"{name.title().replace('_', '')}Api", (APIView,), {"post": post, "__doc__": doc})


class MediationChoiceInput(serializers.Serializer):
    wants_mediation = serializers.BooleanField()
    contacted_on = serializers.DateField()
    la_told_on = serializers.DateField(required=False, allow_null=True)


class MediatorInput(serializers.Serializer):
    mediator = serializers.IntegerField(help_text="The mediator's user id")


class ItemInput(serializers.Serializer):
    description = serializers.CharField(max_length=300)
    owner = serializers.ChoiceField(choices=AgreementItem.Owner.choices)
    within_appeal_right = serializers.BooleanField(default=False)
    due_on = serializers.DateField(required=False, allow_null=True)


class SessionInput(serializers.Serializer):
    held_on = serializers.DateField()
    la_decision_maker = serializers.CharField(allow_blank=True, max_length=200)
    health_in_dispute = serializers.BooleanField(default=False)
    icb_attended = serializers.BooleanField(default=False)
    social_care_in_dispute = serializers.BooleanField(default=False)
    social_care_attended = serializers.BooleanField(default=False)
    other_attendees = serializers.CharField(allow_blank=True, default="", max_length=TEXT_MAX)
    issues = serializers.CharField(max_length=TEXT_MAX)
    outcome = serializers.ChoiceField(choices=MediationSession.Outcome.choices)
    items = ItemInput(many=True, required=False)


class NotArrangedInput(serializers.Serializer):
    told_on = serializers.DateField()


class HearingInput(serializers.Serializer):
    hearing_on = serializers.DateField()


class CertificateInput(serializers.Serializer):
    issued_on = serializers.DateField()


class AppealInput(serializers.Serializer):
    tribunal_reference = serializers.CharField(max_length=40)
    registered_on = serializers.DateField()
    issues = serializers.ListField(child=serializers.ChoiceField(choices=AppealIssue.Issue.choices))
    hearing_on = serializers.DateField(required=False, allow_null=True)
    extended = serializers.BooleanField(default=False)


class OutcomeInput(serializers.Serializer):
    decided_on = serializers.DateField()
    outcomes = serializers.DictField(
        child=serializers.ChoiceField(choices=AppealIssue.Outcome.choices),
        help_text="Issue id: outcome, for every issue under appeal",
    )


class OrderInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=TribunalOrder.Kind.choices)
    made_on = serializers.DateField()
    details = serializers.CharField(allow_blank=True, default="", max_length=TEXT_MAX)


class DoneInput(serializers.Serializer):
    done_on = serializers.DateField()


class OmbudsmanInput(serializers.Serializer):
    referred_on = serializers.DateField()
    reference = serializers.CharField(allow_blank=True, default="", max_length=40)


class CloseInput(serializers.Serializer):
    outcome = serializers.CharField(max_length=TEXT_MAX)
    withdrawn = serializers.BooleanField(default=False)
    closed_on = serializers.DateField()


def _appeal_of(dispute: Dispute) -> Appeal:
    found = Appeal.objects.filter(dispute=dispute).first()
    if found is None:
        raise Http404("No appeal registered")
    return found


def _mediator(actor, dispute, data, _):
    found = services.mediators_for(dispute.partnership_id).filter(pk=data["mediator"]).first()
    if found is None:
        raise serializers.ValidationError({"mediator": ["Choose a mediator working with this partnership"]})
    services.mediator_assign(actor=actor, dispute=dispute, mediator=found)


def _outcome(actor, dispute, data, _):
    try:
        outcomes = {int(k): v for k, v in data["outcomes"].items()}
    except ValueError as exc:
        raise serializers.ValidationError({"outcomes": ["Use the issue ids as keys"]}) from exc
    services.appeal_decide(
        actor=actor, appeal=_appeal_of(dispute), decided_on=data["decided_on"], outcomes=outcomes
    )


def _done(actor, dispute, data, kwargs):
    deadline = dispute.deadlines.filter(pk=kwargs["deadline_pk"]).first()
    if deadline is None:
        raise Http404("No such deadline on this dispute")
    services.deadline_done(actor=actor, dispute=dispute, deadline=deadline, **data)


MediationChoiceApi = _step_api(
    "mediation_choice",
    "Record whether the family wants mediation (after contacting the mediation adviser).",
    MediationChoiceInput,
    lambda actor, d, data, _: services.mediation_choice(actor=actor, dispute=d, **data),
)
NotArrangedApi = _step_api(
    "not_arranged",
    "Mediation cannot be arranged within 30 days: the certificate is then due within 3 working days.",
    NotArrangedInput,
    lambda actor, d, data, _: services.mediation_not_arranged(actor=actor, dispute=d, **data),
)
HearingApi = _step_api(
    "hearing",
    "Record the hearing date (today or later).",
    HearingInput,
    lambda actor, d, data, _: services.appeal_hearing_set(actor=actor, appeal=_appeal_of(d), **data),
)
MediatorApi = _step_api("mediator", "Assign a mediator.", MediatorInput, _mediator)
SessionApi = _step_api(
    "session",
    "Record the mediation meeting: attendees, issues, outcome and agreement items.",
    SessionInput,
    lambda actor, d, data, _: services.mediation_session_record(
        actor=actor, dispute=d, items=data.pop("items", []), **data
    ),
    allowed=policy.can_mediate,
)
CertificateApi = _step_api(
    "certificate",
    "Record the mediation certificate; the appeal deadline is recomputed.",
    CertificateInput,
    lambda actor, d, data, _: services.certificate_issue(actor=actor, dispute=d, **data),
    allowed=policy.can_mediate,
)
AppealApi = _step_api(
    "appeal",
    "Register the appeal with the Tribunal.",
    AppealInput,
    lambda actor, d, data, _: services.appeal_register(actor=actor, dispute=d, **data),
)
OutcomeApi = _step_api("outcome", "Record the Tribunal's decision on each issue.", OutcomeInput, _outcome)
OrderApi = _step_api(
    "order",
    "Record a Tribunal order; its regulation 44 time limits are stored as deadlines.",
    OrderInput,
    lambda actor, d, data, _: services.order_record(actor=actor, appeal=_appeal_of(d), **data),
)
DoneApi = _step_api("done", "Record that a deadline's action was done.", DoneInput, _done)
OmbudsmanApi = _step_api(
    "ombudsman",
    "Record a referral to the Local Government and Social Care Ombudsman.",
    OmbudsmanInput,
    lambda actor, d, data, _: services.ombudsman_referral(actor=actor, dispute=d, **data),
)
CloseApi = _step_api(
    "close",
    "Close the dispute (resolved or withdrawn).",
    CloseInput,
    lambda actor, d, data, _: services.dispute_close(actor=actor, dispute=d, **data),
)


class NoPlaceSerializer(serializers.Serializer):
    dispute = serializers.IntegerField(source="dispute.pk")
    child = serializers.CharField(source="child.full_name")
    since = serializers.DateField(allow_null=True, help_text="The first day the child was flagged")


class NoPlaceApi(APIView):
    """Children with an open dispute and no education place (LA only)."""

    @extend_schema(responses=NoPlaceSerializer(many=True))
    def get(self, request, version=None):
        policy.require_list_access(request.user)
        la = policy.la_partnership_ids(request.user)
        _allowed(bool(la))
        return Response(NoPlaceSerializer(escalation.flagged_for(la), many=True).data)
