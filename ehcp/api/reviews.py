"""API twins of the review pages (``ehcp.views_reviews``), under ``/api/v1/``:

- ``GET reviews/``: the LA's reviews queue (``show``: all, overdue, due_soon with ``days``, phase_transfer)
  and, for a school or college, the reviews it hosts.
- ``GET plans/<pk>/reviews/``: the plan's review dates and reviews; ``POST`` arranges a new review.
- ``POST plans/<pk>/reviews/phase-transfer/``: start a phase transfer review (reg 18).
- ``GET reviews/<id>/``: one review with its deadlines; ``POST reviews/<id>/{arrange,notice,advice,held,
  report,decision,amended-plan}/`` take each step.

The same policy as the pages: another tenant's plan is 404, DfE users 403, a person who may not take the
step 403. Bad input is a 400 with field errors. Reads of a child's record are logged.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from partnerships import services as partnership_services
from partnerships.models import Setting
from partnerships.policy import AccessDenied, actor_for
from partnerships.roles import LA_ROLES

from .. import clock, policy, selectors_reviews, services_reviews
from ..models import Deadline, Plan, PlanReview
from ..views_common import open_plan


def _choice(choices, **kwargs) -> serializers.ChoiceField:
    """A choice field described inline in the schema (no named enum components to collide)."""

    @extend_schema_field({"type": "string", "enum": [value for value, _ in choices]})
    class InlineChoiceField(serializers.ChoiceField):
        pass

    return InlineChoiceField(choices=choices, **kwargs)


# Output ---------------------------------------------------------------------------------------------------------


def _codes(choices, what: str) -> serializers.CharField:
    """An output code, described in words (output enums here would collide with other areas' names)."""
    return serializers.CharField(read_only=True, help_text=f"{what}: {', '.join(v for v, _ in choices)}.")


class ReviewsDeadlineSerializer(serializers.ModelSerializer):
    status = _codes(Deadline.Status.choices, "One of")
    who_acts = _codes(Deadline.WhoActs.choices, "Who acts, one of")

    class Meta:
        model = Deadline
        fields = [
            "id",
            "code",
            "event",
            "title",
            "start_on",
            "due_on",
            "status",
            "met_on",
            "legal_basis",
            "plain_basis",
            "source_url",
            "guidance_only",
            "who_acts",
            "review",
        ]


class ReviewsInviteeSerializer(serializers.Serializer):
    role = _choice([*services_reviews.INVITEE_ROLES.items(), ("other", "Someone else")])
    name = serializers.CharField(max_length=150, allow_blank=True, required=False, default="")
    organisation = serializers.CharField(max_length=200, allow_blank=True, required=False, default="")


class ReviewsReviewSerializer(serializers.ModelSerializer):
    kind = _codes(PlanReview.Kind.choices, "One of")
    status = _codes(PlanReview.Status.choices, "One of")
    decision = _codes(PlanReview.Decision.choices, "Empty until decided, then one of")
    invitees = ReviewsInviteeSerializer(many=True, read_only=True)
    deadlines = ReviewsDeadlineSerializer(many=True, read_only=True)
    report = serializers.SerializerMethodField()

    class Meta:
        model = PlanReview
        fields = [
            "id",
            "plan",
            "kind",
            "status",
            "due_by",
            "host_setting",
            "meeting_at",
            "meeting_place",
            "invitees",
            "notice_sent_on",
            "advice_circulated_on",
            "held_on",
            "transfer_phase",
            "transfer_on",
            "transfer_plan_due",
            "report_sent_on",
            "report",
            "decision",
            "decision_on",
            "decision_reasons",
            "proposed_version",
            "amendment_notice_on",
            "amended_version",
            "deadlines",
        ]

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "description": "The meeting's report, once sent (or for the LA and the host setting).",
            "properties": {
                name: {"type": "string"}
                for name in (
                    "child_views",
                    "progress_summary",
                    "recommended_amendments",
                    "differences_of_view",
                    "preparing_for_adulthood",
                )
            }
            | {"outcomes_still_appropriate": {"type": "boolean", "nullable": True}},
        }
    )
    def get_report(self, review: PlanReview):
        user = self.context.get("user")
        if user is None or not selectors_reviews.report_visible(user, review):
            return None
        return {
            "child_views": review.child_views,
            "progress_summary": review.progress_summary,
            "outcomes_still_appropriate": review.outcomes_still_appropriate,
            "recommended_amendments": review.recommended_amendments,
            "differences_of_view": review.differences_of_view,
            "preparing_for_adulthood": review.preparing_for_adulthood,
        }


class ReviewsPlanSerializer(serializers.ModelSerializer):
    deadlines = serializers.SerializerMethodField()
    reviews = serializers.SerializerMethodField()

    class Meta:
        model = Plan
        fields = ["id", "child", "final_issued_on", "last_reviewed_on", "next_review_due_on", "next_due_on"]
        fields += ["deadlines", "reviews"]

    @extend_schema_field(ReviewsDeadlineSerializer(many=True))
    def get_deadlines(self, plan: Plan):
        """The plan's own review dates: annual review, phase transfer, interim reviews (under 5)."""
        return ReviewsDeadlineSerializer(
            plan.deadlines.filter(review__isnull=True).order_by("due_on"), many=True
        ).data

    @extend_schema_field(ReviewsReviewSerializer(many=True))
    def get_reviews(self, plan: Plan):
        return ReviewsReviewSerializer(
            selectors_reviews.reviews_of(plan), many=True, context=self.context
        ).data


class ReviewsQueueItemSerializer(serializers.ModelSerializer):
    open_reviews = serializers.SerializerMethodField()

    class Meta:
        model = Plan
        fields = ["id", "child", "named_setting", "next_review_due_on", "next_due_on", "open_reviews"]

    @extend_schema_field({"type": "array", "items": {"type": "integer"}})
    def get_open_reviews(self, plan: Plan):
        return [r.pk for r in getattr(plan, "open_reviews", [])]


class ReviewsQueueSerializer(serializers.Serializer):
    plans = ReviewsQueueItemSerializer(
        many=True, help_text="LA staff: maintained plans, review due soonest first."
    )
    hosted = ReviewsReviewSerializer(many=True, help_text="Schools and colleges: the reviews they host.")


ERRORS = {
    400: OpenApiResponse(description="Bad input: field errors, each a list of messages."),
    403: OpenApiResponse(description="The person may not take this step, or is a DfE user."),
    404: OpenApiResponse(description="No such plan or review, or not one the person may see."),
}


# Shared ---------------------------------------------------------------------------------------------------------


def service(**kwargs):
    """Call the service: its ValidationError is a 400 with field errors, a refusal by the policy a 403."""
    try:
        return service(**kwargs)
    except DjangoValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise serializers.ValidationError({"non_field_errors": exc.messages}) from exc
        raise serializers.ValidationError(exc.message_dict) from exc
    except AccessDenied as exc:
        raise PermissionDenied(str(exc)) from exc


class ReviewApi(APIView):
    denied = "You cannot do this"

    def _log(self, request, plan: Plan) -> None:
        partnership_services.child_record_viewed(
            actor=request.user, child=plan.child, channel="api", path=request.path
        )

    def open_plan(self, request, pk: int) -> Plan:
        return open_plan(request, pk, channel="api")

    def open_review(self, request, review_id: int, allowed=None) -> PlanReview:
        try:
            review = policy.access_review(request.user, review_id)
        except AccessDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        if allowed is not None and not allowed(request.user, review):
            raise PermissionDenied(self.denied)
        self._log(request, review.plan)
        return review

    def review_response(self, request, review: PlanReview) -> Response:
        fresh = PlanReview.objects.prefetch_related("deadlines").get(pk=review.pk)
        return Response(ReviewsReviewSerializer(fresh, context={"user": request.user}).data)


def _setting_field(**kwargs):
    return serializers.PrimaryKeyRelatedField(queryset=Setting.objects.all(), allow_null=True, **kwargs)


def _in_partnership(setting: Setting | None, plan: Plan, field: str) -> None:
    if setting is not None and setting.partnership_id != plan.partnership_id:
        raise serializers.ValidationError({field: ["Choose a school or setting in this partnership"]})


# The queue -----------------------------------------------------------------------------------------------------


class ReviewsQueueApi(ReviewApi):
    class ReviewsQueueParamsSerializer(serializers.Serializer):
        show = _choice(list(selectors_reviews.QUEUE_FILTERS.items()), required=False, default="all")
        days = serializers.IntegerField(min_value=1, max_value=366, required=False, default=60)

    @extend_schema(
        operation_id="reviews_queue",
        parameters=[ReviewsQueueParamsSerializer],
        responses={200: ReviewsQueueSerializer, **ERRORS},
    )
    def get(self, request, version=None):
        actor = actor_for(request.user)
        is_la = bool(actor.partnership_ids_for(*LA_ROLES))
        hosts = bool(actor.setting_ids_for(*policy.SCHOOL_STAFF))
        if not is_la and not hosts:
            raise PermissionDenied(
                "The reviews queue is for the local authority and for schools and colleges"
            )
        params = self.ReviewsQueueParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        plans = (
            list(selectors_reviews.queue(request.user, which=data["show"], days=data["days"])[:500])
            if is_la
            else []
        )
        hosted = (
            list(selectors_reviews.hosted(request.user).prefetch_related("deadlines")[:500]) if hosts else []
        )
        return Response(
            {
                "plans": ReviewsQueueItemSerializer(plans, many=True).data,
                "hosted": ReviewsReviewSerializer(hosted, many=True, context={"user": request.user}).data,
            }
        )


# A plan's reviews ----------------------------------------------------------------------------------------------


class ReviewsArrangeInputSerializer(serializers.Serializer):
    kind = _choice(
        [
            (k, PlanReview.Kind(k).label)
            for k in (PlanReview.Kind.ANNUAL, PlanReview.Kind.EARLY, PlanReview.Kind.UNDER_FIVE)
        ],
        required=False,
        default=PlanReview.Kind.ANNUAL,
    )
    host_setting = _setting_field(
        help_text="The setting whose head arranges the meeting; null: the LA convenes it."
    )
    meeting_at = serializers.DateTimeField()
    place = serializers.CharField(max_length=200)
    invitees = ReviewsInviteeSerializer(
        many=True, required=False, help_text="Who is invited; the reg 20(2) list when not given."
    )
    notice_on = serializers.DateField(
        required=False, help_text="The day the notice goes out (today if not given)."
    )


class PlanReviewsApi(ReviewApi):
    denied = "Only the partnership's caseworkers and SEND managers arrange reviews"

    @extend_schema(responses={200: ReviewsPlanSerializer, **ERRORS})
    def get(self, request, pk: int, version=None):
        plan = self.open_plan(request, pk)
        return Response(ReviewsPlanSerializer(plan, context={"user": request.user}).data)

    @extend_schema(request=ReviewsArrangeInputSerializer, responses={201: ReviewsReviewSerializer, **ERRORS})
    def post(self, request, pk: int, version=None):
        plan = self.open_plan(request, pk)
        if not policy.can_edit_plan(request.user, plan):
            raise PermissionDenied(self.denied)
        data = _arrange_input(request, plan)
        review = services_reviews.review_schedule(actor=request.user, plan=plan, **data)
        response = self.review_response(request, review)
        response.status_code = 201
        return response


def _arrange_input(request, plan: Plan) -> dict:
    serializer = ReviewsArrangeInputSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = dict(serializer.validated_data)
    _in_partnership(data.get("host_setting"), plan, "host_setting")
    data.setdefault("invitees", None)
    return data


class ReviewsPhaseTransferInputSerializer(serializers.Serializer):
    transfer_kind = _choice([(k.code, k.label) for k in clock.phase_transfers().values()])
    transfer_on = serializers.DateField(help_text="The day of the move.")


class PlanPhaseTransferApi(ReviewApi):
    denied = "Only the partnership's caseworkers and SEND managers start a phase transfer review"

    @extend_schema(
        request=ReviewsPhaseTransferInputSerializer, responses={201: ReviewsReviewSerializer, **ERRORS}
    )
    def post(self, request, pk: int, version=None):
        plan = self.open_plan(request, pk)
        if not policy.can_edit_plan(request.user, plan):
            raise PermissionDenied(self.denied)
        serializer = ReviewsPhaseTransferInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        review = services_reviews.phase_transfer_start(
            actor=request.user, plan=plan, **serializer.validated_data
        )
        response = self.review_response(request, review)
        response.status_code = 201
        return response


# One review -----------------------------------------------------------------------------------------------------


class ReviewDetailApi(ReviewApi):
    @extend_schema(responses={200: ReviewsReviewSerializer, **ERRORS})
    def get(self, request, review_id: int, version=None):
        review = self.open_review(request, review_id)
        return self.review_response(request, review)


class ReviewArrangeApi(ReviewApi):
    denied = "Only the partnership's caseworkers and SEND managers arrange reviews"

    @extend_schema(request=ReviewsArrangeInputSerializer, responses={200: ReviewsReviewSerializer, **ERRORS})
    def post(self, request, review_id: int, version=None):
        review = self.open_review(
            request, review_id, allowed=lambda user, r: policy.can_edit_plan(user, r.plan)
        )
        data = _arrange_input(request, review.plan)
        data.pop("kind", None)
        services_reviews.review_schedule(actor=request.user, plan=review.plan, review=review, **data)
        return self.review_response(request, review)


class ReviewsDateInputSerializer(serializers.Serializer):
    on = serializers.DateField(help_text="The day it was done.")


class _DateStepApi(ReviewApi):
    denied = "Only the local authority and the setting hosting the review can record this"
    service = None
    field = ""

    @extend_schema(request=ReviewsDateInputSerializer, responses={200: ReviewsReviewSerializer, **ERRORS})
    def post(self, request, review_id: int, version=None):
        review = self.open_review(request, review_id, allowed=policy.can_run_review)
        serializer = ReviewsDateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            type(self).service(
                actor=request.user, review=review, **{self.field: serializer.validated_data["on"]}
            )
        except DjangoValidationError as exc:
            raise serializers.ValidationError(
                {("on" if key == self.field else key): value for key, value in exc.message_dict.items()}
            ) from exc
        except AccessDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        return self.review_response(request, review)


class ReviewNoticeApi(_DateStepApi):
    """Record that the notice of the meeting was sent (reg 20(3): at least 2 weeks before it)."""

    service = services_reviews.notice_sent
    field = "sent_on"


class ReviewAdviceApi(_DateStepApi):
    """Record that the advice was sent to everyone invited (reg 20(4): at least 2 weeks before the meeting)."""

    service = services_reviews.advice_circulated
    field = "circulated_on"


class ReviewHeldApi(_DateStepApi):
    """Record that the meeting was held: report due in 2 weeks, decision in 4, amended plan in 12."""

    service = services_reviews.meeting_held
    field = "held_on"


class ReviewsReportInputSerializer(serializers.Serializer):
    sent_on = serializers.DateField(required=False)
    child_views = serializers.CharField(allow_blank=True)
    progress_summary = serializers.CharField(allow_blank=True)
    outcomes_still_appropriate = serializers.BooleanField(allow_null=True)
    recommended_amendments = serializers.CharField(allow_blank=True, required=False, default="")
    differences_of_view = serializers.CharField(allow_blank=True, required=False, default="")
    preparing_for_adulthood = serializers.CharField(
        allow_blank=True, required=False, default="", help_text="Required from Year 9."
    )


class ReviewReportApi(ReviewApi):
    denied = "Only the local authority and the setting hosting the review can send its report"

    @extend_schema(request=ReviewsReportInputSerializer, responses={200: ReviewsReviewSerializer, **ERRORS})
    def post(self, request, review_id: int, version=None):
        review = self.open_review(request, review_id, allowed=policy.can_run_review)
        serializer = ReviewsReportInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.setdefault("sent_on", timezone.localdate())
        services_reviews.report_send(actor=request.user, review=review, **data)
        return self.review_response(request, review)


class ReviewsDecisionInputSerializer(serializers.Serializer):
    decision = _choice(PlanReview.Decision.choices)
    reasons = serializers.CharField(allow_blank=True)
    decided_on = serializers.DateField(required=False)


class ReviewDecisionApi(ReviewApi):
    denied = "Only the local authority's decision-maker (a SEND manager) can decide after a review"

    @extend_schema(request=ReviewsDecisionInputSerializer, responses={200: ReviewsReviewSerializer, **ERRORS})
    def post(self, request, review_id: int, version=None):
        review = self.open_review(
            request, review_id, allowed=lambda user, r: policy.can_decide_plan(user, r.plan)
        )
        serializer = ReviewsDecisionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services_reviews.decide(actor=request.user, review=review, **serializer.validated_data)
        return self.review_response(request, review)


class ReviewsAmendedPlanInputSerializer(serializers.Serializer):
    issued_on = serializers.DateField()
    named_setting = _setting_field(required=False, default=None)
    setting_type = serializers.CharField(allow_blank=True, required=False, default="", max_length=200)


class ReviewAmendedPlanApi(ReviewApi):
    denied = "Only the partnership's caseworkers and SEND managers issue the amended plan"

    @extend_schema(
        request=ReviewsAmendedPlanInputSerializer, responses={200: ReviewsReviewSerializer, **ERRORS}
    )
    def post(self, request, review_id: int, version=None):
        review = self.open_review(
            request, review_id, allowed=lambda user, r: policy.can_edit_plan(user, r.plan)
        )
        serializer = ReviewsAmendedPlanInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        _in_partnership(serializer.validated_data.get("named_setting"), review.plan, "named_setting")
        services_reviews.amended_plan_issue(
            actor=request.user,
            review=review,
            **serializer.validated_data,
        )
        return self.review_response(request, review)
