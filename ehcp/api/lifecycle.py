"""API twins of the pages for the end of a plan's life in one local authority (``ehcp.views_lifecycle``),
under ``/api/v1/plans/``: ceasing a plan (``<pk>/cessations/`` and its steps, the decision letter as PDF),
moving to another local authority (``<pk>/transfers/``, ``.../complete/``, ``<pk>/family-told/``), and the
lists ``moving-out/`` and ``moving-in/``.

The same policy and services as the pages: another tenant's plan is a 404, DfE users and people who may not
act get a 403, bad input is a 400 with field errors (a service's own errors included), and each step answers
with the plan's life: its cessations, moves and the deadlines for the move.
"""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from partnerships.models import Partnership

from .. import policy
from .. import selectors_lifecycle as selectors
from .. import services_lifecycle as life
from ..models import Plan, PlanCessation, PlanReview
from ..views_common import open_plan
from ..views_lifecycle import letter_pdf_response, require_la
from .decisions import enum_field

ERRORS = {
    400: OpenApiResponse(description="Bad input: field errors, each a list of messages."),
    403: OpenApiResponse(description="The person may not do this, or is a DfE user (never sees plans)."),
    404: OpenApiResponse(description="No such plan, or not one the person may see."),
}


def _codes(choices) -> str:
    return "One of: " + ", ".join(f"{value} ({label})" for value, label in choices)


# Output --------------------------------------------------------------------------------------------------


class LifeDeadlineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    title = serializers.CharField()
    start_on = serializers.DateField()
    due_on = serializers.DateField()
    status = serializers.CharField()
    met_on = serializers.DateField(allow_null=True)
    legal_basis = serializers.CharField()


class LifeCessationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    ground = serializers.CharField(help_text=_codes(PlanCessation.Ground.choices))
    circumstance = serializers.CharField()
    reasons = serializers.CharField()
    status = serializers.CharField(help_text=_codes(PlanCessation.Status.choices))
    status_display = serializers.CharField(source="get_status_display")
    proposed_on = serializers.DateField()
    family_consulted_on = serializers.DateField(allow_null=True)
    family_views = serializers.CharField()
    setting_consulted_on = serializers.DateField(allow_null=True)
    setting_views = serializers.CharField()
    decision_on = serializers.DateField(allow_null=True)
    ceases_on = serializers.DateField(allow_null=True)
    appeal_lodged_on = serializers.DateField(allow_null=True)
    letter_pdf_url = serializers.SerializerMethodField()

    def get_letter_pdf_url(self, cessation) -> str | None:
        if not cessation.letter_html:
            return None
        return f"/api/v1/plans/{cessation.plan_id}/cessations/{cessation.pk}/letter/pdf/"


class LifeTransferSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    from_partnership = serializers.CharField(source="partnership.name")
    to_partnership = serializers.CharField(source="to_partnership.name")
    status = serializers.CharField()
    learned_on = serializers.DateField()
    moves_on = serializers.DateField()
    transfer_due_on = serializers.DateField()
    transferred_on = serializers.DateField(allow_null=True)


class LifePlanSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    child = serializers.CharField()
    status = serializers.CharField(help_text=_codes(Plan.Status.choices))
    final_issued_on = serializers.DateField(allow_null=True)
    ceased_on = serializers.DateField(allow_null=True)
    next_review_due_on = serializers.DateField(allow_null=True)
    came_from = LifeTransferSerializer(allow_null=True)
    cessations = LifeCessationSerializer(many=True)
    transfers = LifeTransferSerializer(many=True)
    deadlines = LifeDeadlineSerializer(many=True, help_text="The move's deadlines (LA staff only).")


def plan_life_data(user, plan: Plan) -> dict:
    plan = Plan.objects.select_related("child", "partnership").get(pk=plan.pk)
    state = selectors.plan_life(plan)
    la = policy.is_la_staff(user, plan.partnership_id)
    cessations = state.cessations
    data = {
        "id": plan.pk,
        "child": plan.child.full_name,
        "status": plan.status,
        "final_issued_on": plan.final_issued_on,
        "ceased_on": plan.ceased_on,
        "next_review_due_on": plan.next_review_due_on,
        "came_from": state.came_from,
        "cessations": cessations,
        "transfers": state.transfers,
        "deadlines": state.deadlines if la else [],
    }
    for transfer in state.transfers:
        transfer.partnership = plan.partnership
    out = LifePlanSerializer(data).data
    if not la:  # the family and settings see the decisions, not the LA's working notes
        for item in out["cessations"]:
            item["reasons"] = item["reasons"] if item["decision_on"] else ""
            item["family_views"] = item["setting_views"] = ""
    return out


# Base --------------------------------------------------------------------------------------------------------


class PlanLifeApi(APIView):
    """Open the plan through the policy, check who may act, call one service; answer with the plan's life."""

    denied = "Only the partnership's caseworkers and SEND managers can do this on a plan in force"

    def allowed(self, user, plan: Plan) -> bool:
        return policy.can_run_plan_life(user, plan)

    def open_plan(self, request, pk: int, *, check: bool = True) -> Plan:
        allowed = self.allowed if check else None
        return open_plan(request, pk, allowed=allowed, denied=self.denied, channel="api")

    def done(self, request, plan: Plan) -> Response:
        return Response(plan_life_data(request.user, plan))


class PlanLifeDetailApi(PlanLifeApi):
    """A plan's cessations and moves (the family and settings see the decisions; LA staff everything)."""

    @extend_schema(responses={200: LifePlanSerializer, **ERRORS})
    def get(self, request, pk: int, version=None):
        return self.done(request, self.open_plan(request, pk, check=False))


# Ceasing -----------------------------------------------------------------------------------------------------


class LifeCeaseProposeInputSerializer(serializers.Serializer):
    ground = serializers.CharField(
        allow_blank=True, help_text=_codes(PlanCessation.Ground.choices) + ". Section 45 allows only these."
    )
    circumstance = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="For no_longer_responsible: " + ", ".join(life.CIRCUMSTANCES),
    )
    reasons = serializers.CharField(allow_blank=True)
    proposed_on = serializers.DateField(required=False, help_text="Today if not given.")
    review = serializers.IntegerField(
        required=False, allow_null=True, help_text="A review held (regulation 30)."
    )
    established_not_returning = serializers.BooleanField(required=False, default=False)


class PlanCessationProposeApi(PlanLifeApi):
    """Propose to cease the plan (s.45), on one of the two grounds only."""

    @extend_schema(request=LifeCeaseProposeInputSerializer, responses={200: LifePlanSerializer, **ERRORS})
    def post(self, request, pk: int, version=None):
        plan = self.open_plan(request, pk)
        data = LifeCeaseProposeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        review_id = values.pop("review", None)
        review = None
        if review_id is not None:
            review = PlanReview.objects.filter(plan=plan, pk=review_id).first()
            if review is None:
                raise serializers.ValidationError({"review": ["Choose a review of this plan"]})
        life.cease_propose(actor=request.user, plan=plan, review=review, **values)
        return self.done(request, plan)


class CessationStepApi(PlanLifeApi):
    def open_cessation(self, request, pk: int, cid: int) -> PlanCessation:
        plan = self.open_plan(request, pk)
        return selectors.cessation_of(plan, cid)

    def step(self, request, pk: int, cid: int, service, inputs=None) -> Response:
        """Open the cessation, check the input (if the step takes any), call the service."""
        cessation = self.open_cessation(request, pk, cid)
        values = {}
        if inputs is not None:
            data = inputs(data=request.data)
            data.is_valid(raise_exception=True)
            values = data.validated_data
        service(actor=request.user, cessation=cessation, **values)
        return self.done(request, cessation.plan)


class LifeConsultInputSerializer(serializers.Serializer):
    family_consulted_on = serializers.DateField(
        allow_null=True, help_text="The parent, or the young person from 16."
    )
    family_views = serializers.CharField(required=False, allow_blank=True, default="")
    setting_consulted_on = serializers.DateField(required=False, allow_null=True, default=None)
    setting_views = serializers.CharField(required=False, allow_blank=True, default="")


class PlanCessationConsultApi(CessationStepApi):
    """Record consulting the family and the head or principal of the named setting (reg 31)."""

    @extend_schema(request=LifeConsultInputSerializer, responses={200: LifePlanSerializer, **ERRORS})
    def post(self, request, pk: int, cid: int, version=None):
        return self.step(request, pk, cid, life.cease_consultation_record, LifeConsultInputSerializer)


class LifeDecideInputSerializer(serializers.Serializer):
    decision_on = serializers.DateField(required=False, help_text="Today if not given.")
    ceases_on = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="The day after the appeal period if not given (not earlier).",
    )


class PlanCessationDecideApi(CessationStepApi):
    """The SEND manager decides to cease the plan; the decision letter carries the family's rights."""

    denied = "Only the local authority's decision-maker (a SEND manager) can decide to cease a plan"

    def allowed(self, user, plan):
        return policy.can_decide_plan(user, plan)

    @extend_schema(request=LifeDecideInputSerializer, responses={200: LifePlanSerializer, **ERRORS})
    def post(self, request, pk: int, cid: int, version=None):
        return self.step(request, pk, cid, life.cease_decide, LifeDecideInputSerializer)


class LifeAppealInputSerializer(serializers.Serializer):
    lodged_on = serializers.DateField()


class PlanCessationAppealApi(CessationStepApi):
    """The family appealed: the plan is kept in force while the appeal is pending."""

    @extend_schema(request=LifeAppealInputSerializer, responses={200: LifePlanSerializer, **ERRORS})
    def post(self, request, pk: int, cid: int, version=None):
        return self.step(request, pk, cid, life.cease_appeal_lodged, LifeAppealInputSerializer)


class LifeOutcomeInputSerializer(serializers.Serializer):
    outcome = enum_field(
        list(life.APPEAL_OUTCOMES.items()),
        error_messages={"invalid_choice": "Choose the Tribunal's decision"},
    )
    decided_on = serializers.DateField()


class PlanCessationOutcomeApi(CessationStepApi):
    """The Tribunal's decision: dismissed, the plan ceases at once; allowed, it continues."""

    @extend_schema(request=LifeOutcomeInputSerializer, responses={200: LifePlanSerializer, **ERRORS})
    def post(self, request, pk: int, cid: int, version=None):
        return self.step(request, pk, cid, life.cease_appeal_outcome, LifeOutcomeInputSerializer)


class PlanCessationWithdrawApi(CessationStepApi):
    """Stop proposing to cease the plan: it stays in force."""

    @extend_schema(request=None, responses={200: LifePlanSerializer, **ERRORS})
    def post(self, request, pk: int, cid: int, version=None):
        return self.step(request, pk, cid, life.cease_withdraw)


class PlanCessationLetterPdfApi(PlanLifeApi):
    """The decision letter as a tagged PDF, rendered from the letter as sent."""

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY, **ERRORS})
    def get(self, request, pk: int, cid: int, version=None):
        plan = self.open_plan(request, pk, check=False)
        cessation = selectors.cessation_of(plan, cid)
        if not cessation.letter_html:
            raise Http404("No decision letter yet")
        return letter_pdf_response(cessation)


# Moving ------------------------------------------------------------------------------------------------------


class LifeTransferInputSerializer(serializers.Serializer):
    to_partnership = serializers.PrimaryKeyRelatedField(
        queryset=Partnership.objects.all(), help_text="The partnership of the area the family moves to."
    )
    moves_on = serializers.DateField()
    learned_on = serializers.DateField(required=False, help_text="Today if not given.")
    new_address_postcode = serializers.CharField(required=False, allow_blank=True, max_length=10, default="")


class PlanTransferNotifyApi(PlanLifeApi):
    """Record a move to another local authority: the transfer is due on the day of the move, or 15 working
    days from learning of it if later (reg 15(2))."""

    @extend_schema(request=LifeTransferInputSerializer, responses={200: LifePlanSerializer, **ERRORS})
    def post(self, request, pk: int, version=None):
        plan = self.open_plan(request, pk)
        data = LifeTransferInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        life.transfer_notify(actor=request.user, plan=plan, **data.validated_data)
        return self.done(request, plan)


class LifeTransferCompleteInputSerializer(serializers.Serializer):
    transferred_on = serializers.DateField(required=False, help_text="Today if not given.")


class LifeTransferredSerializer(serializers.Serializer):
    old_plan = LifePlanSerializer()
    new_plan_id = serializers.IntegerField(
        help_text="The new local authority's plan (not readable by the old one)."
    )


class PlanTransferCompleteApi(PlanLifeApi):
    """Transfer the plan, the child's record and every issued version to the new local authority."""

    @extend_schema(
        request=LifeTransferCompleteInputSerializer, responses={200: LifeTransferredSerializer, **ERRORS}
    )
    def post(self, request, pk: int, tid: int, version=None):
        plan = self.open_plan(request, pk)
        transfer = selectors.transfer_of(plan, tid)
        data = LifeTransferCompleteInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        new_plan = life.transfer_complete(
            actor=request.user,
            transfer=transfer,
            on=data.validated_data.get("transferred_on"),
        )
        return Response({"old_plan": plan_life_data(request.user, plan), "new_plan_id": new_plan.pk})


class LifeFamilyToldInputSerializer(serializers.Serializer):
    told_on = serializers.DateField()


class PlanFamilyToldApi(PlanLifeApi):
    """The new local authority told the family about the transfer (reg 15(4), within 6 weeks)."""

    denied = "Only the caseworkers of the local authority the plan moved to can record this"

    def allowed(self, user, plan):
        return policy.can_run_plan_life(user, plan) and plan.transferred_from_id is not None

    @extend_schema(request=LifeFamilyToldInputSerializer, responses={200: LifePlanSerializer, **ERRORS})
    def post(self, request, pk: int, version=None):
        plan = self.open_plan(request, pk)
        data = LifeFamilyToldInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        life.transfer_family_told(actor=request.user, plan=plan, **data.validated_data)
        return self.done(request, plan)


# Lists -------------------------------------------------------------------------------------------------------


class LifeMovingOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    plan = serializers.IntegerField(source="plan_id")
    child = serializers.CharField(source="plan.child.full_name")
    to_partnership = serializers.CharField(source="to_partnership.name")
    status = serializers.CharField()
    learned_on = serializers.DateField()
    moves_on = serializers.DateField()
    transfer_due_on = serializers.DateField()
    transferred_on = serializers.DateField(allow_null=True)
    deadlines = LifeDeadlineSerializer(many=True, source="plan.transfer_deadlines")


class PlansMovingOutApi(APIView):
    """Plans moving out of the person's areas, with the transfer deadline (LA staff only)."""

    @extend_schema(responses={200: LifeMovingOutSerializer(many=True), 403: ERRORS[403]})
    def get(self, request, version=None):
        require_la(request)
        return Response(LifeMovingOutSerializer(selectors.moving_out(request.user), many=True).data)


class LifeExpectedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    from_partnership = serializers.CharField(source="partnership.name")
    moves_on = serializers.DateField()
    new_address_postcode = serializers.CharField()
    transfer_due_on = serializers.DateField()


class LifeArrivedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    child = serializers.CharField(source="child.full_name")
    from_partnership = serializers.SerializerMethodField()
    transferred_on = serializers.SerializerMethodField()
    next_due_on = serializers.DateField(allow_null=True)
    deadlines = LifeDeadlineSerializer(many=True, source="moved_in_deadlines")

    def get_from_partnership(self, plan) -> str | None:
        return plan.came_from.partnership.name if plan.came_from else None

    def get_transferred_on(self, plan) -> str | None:
        return plan.came_from.transferred_on.isoformat() if plan.came_from else None


class LifeMovingInSerializer(serializers.Serializer):
    expected = LifeExpectedSerializer(many=True)
    arrived = LifeArrivedSerializer(many=True)


class PlansMovingInApi(APIView):
    """Moves expected into the person's areas and plans transferred in, with the deadlines now theirs."""

    @extend_schema(responses={200: LifeMovingInSerializer, 403: ERRORS[403]})
    def get(self, request, version=None):
        require_la(request)
        moves = selectors.moving_in(request.user)
        return Response(LifeMovingInSerializer({"expected": moves.expected, "arrived": moves.arrived}).data)
