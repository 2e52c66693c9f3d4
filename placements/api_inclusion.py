"""API twin of the local inclusion plan pages (under /api/v1/): the same policy and services. 403 for a
person with no reading role (schools, families, social care, mediators) and for a write they may not make;
404 for another partnership's plan; 400 with field errors for bad input. The published plan is public.
Nothing here names a child."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from partnerships.models import ICB, Partnership

from . import policy, selectors_inclusion, services_inclusion
from .categories import CATEGORY_CHOICES
from .models import InclusionPlan, InclusionPlanReview, InclusionPlanSignOff, SufficiencyLine
from .services_inclusion import MAX_PLACES


class PlanSummarySerializer(serializers.ModelSerializer):
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    standards_version = serializers.IntegerField(source="standards_version.number", read_only=True)
    status = serializers.CharField(
        read_only=True, help_text="draft, submitted, returned, approved or superseded"
    )

    class Meta:
        model = InclusionPlan
        fields = [
            "id",
            "partnership",
            "number",
            "status",
            "title",
            "period_start",
            "period_end",
            "standards_version",
            "submitted_at",
            "decided_at",
            "published_at",
        ]


class SectionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="section.pk")
    standard_code = serializers.CharField(source="standard.code")
    standard_title = serializers.CharField(source="standard.title")
    area_of_need = serializers.CharField(source="standard.area_of_need")
    tier = serializers.CharField(source="standard.tier")
    how_met = serializers.CharField(source="section.how_met")
    lead_partner = serializers.CharField(source="section.lead_partner")
    newer_standards_version = serializers.IntegerField(
        source="newer_version",
        allow_null=True,
        help_text="The current standards version, when it changed this one",
    )


NEED_HELP = "A school census SEN type-of-need code (ASD, SLD, SEMH...), or empty for any type of need"


class LineSerializer(serializers.ModelSerializer):
    need_code = serializers.CharField(read_only=True, help_text=NEED_HELP)

    class Meta:
        model = SufficiencyLine
        fields = [
            "id",
            "category",
            "need_code",
            "places_year_0",
            "places_year_1",
            "places_year_2",
            "places_year_3",
            "unit_cost",
            "notes",
        ]


class PublicLineSerializer(LineSerializer):
    class Meta(LineSerializer.Meta):
        fields = [f for f in LineSerializer.Meta.fields if f not in ("unit_cost", "notes", "id")]


class SignOffSerializer(serializers.ModelSerializer):
    icb = serializers.CharField(source="icb.name", allow_null=True, default=None)

    class Meta:
        model = InclusionPlanSignOff
        fields = ["partner", "icb", "signatory_name", "signatory_role", "signed_on", "comments"]


class ReviewSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()

    class Meta:
        model = InclusionPlanReview
        fields = ["id", "kind", "section", "text", "author", "created_at"]

    def get_author(self, review) -> str:
        return review.author.full_name or review.author.email


class PlanDetailSerializer(serializers.Serializer):
    plan = PlanSummarySerializer()
    summary = serializers.CharField(source="plan.summary")
    coproduction = serializers.CharField(source="plan.coproduction")
    decision_reasons = serializers.CharField(source="plan.decision_reasons")
    sections = SectionSerializer(many=True)
    lines = LineSerializer(many=True)
    sign_offs = SignOffSerializer(many=True)
    reviews = serializers.SerializerMethodField()
    missing_sign_offs = serializers.SerializerMethodField()

    def get_reviews(self, detail) -> list[dict]:
        comments = [r for s in detail.sections for r in s.comments]
        return ReviewSerializer(
            sorted([*detail.reviews, *comments], key=lambda r: (r.created_at, r.pk)), many=True
        ).data

    def get_missing_sign_offs(self, detail) -> list[str]:
        return [label for _, _, label, signed in detail.required if signed is None]


class PublicPlanSerializer(serializers.Serializer):
    partnership = serializers.CharField(source="plan.partnership.name")
    number = serializers.IntegerField(source="plan.number")
    title = serializers.CharField(source="plan.title")
    period_start = serializers.DateField(source="plan.period_start")
    period_end = serializers.DateField(source="plan.period_end")
    published_at = serializers.DateTimeField(source="plan.published_at")
    standards_version = serializers.IntegerField(source="plan.standards_version.number")
    summary = serializers.CharField(source="plan.summary")
    coproduction = serializers.CharField(source="plan.coproduction")
    sections = SectionSerializer(many=True)
    lines = PublicLineSerializer(many=True)
    earlier_versions = serializers.SerializerMethodField()

    def get_earlier_versions(self, detail) -> list[int]:
        return [p.number for p in selectors_inclusion.earlier_published(detail.plan.partnership_id)]


class SufficiencyRowSerializer(serializers.Serializer):
    category = serializers.CharField()
    need_code = serializers.CharField()
    planned = serializers.ListField(child=serializers.IntegerField(), help_text="Places, years 0 to 3")
    demand = serializers.ListField(child=serializers.IntegerField(), help_text="Demand, years 0 to 3")
    shortfall = serializers.SerializerMethodField()

    def get_shortfall(self, row) -> list[int]:
        return [max(0, -gap) for gap in row.gaps]


class SufficiencySerializer(serializers.Serializer):
    plan = PlanSummarySerializer()
    maintained_plans = serializers.IntegerField()
    not_placed = serializers.IntegerField()
    awaiting_decision = serializers.IntegerField(
        help_text="Open assessment requests: kind of place not known"
    )
    growth = serializers.FloatField(
        source="projection.growth", help_text="Yearly growth from SEN2 (0.05 = 5%)"
    )
    growth_from_year = serializers.IntegerField(source="projection.from_year", allow_null=True)
    growth_to_year = serializers.IntegerField(source="projection.to_year", allow_null=True)
    rows = SufficiencyRowSerializer(many=True)


class PlanCreateSerializer(serializers.Serializer):
    partnership = serializers.SlugField(help_text="The partnership's slug")
    new_version = serializers.BooleanField(
        default=False, help_text="Start a new version from the latest instead of creating the first"
    )
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    period_start = serializers.DateField(required=False, allow_null=True, default=None)
    period_end = serializers.DateField(required=False, allow_null=True, default=None)


class PlanUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(allow_blank=True, max_length=20000)
    coproduction = serializers.CharField(allow_blank=True, max_length=20000)
    period_start = serializers.DateField()
    period_end = serializers.DateField()


class SectionUpdateSerializer(serializers.Serializer):
    how_met = serializers.CharField(allow_blank=True, max_length=20000)
    lead_partner = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=12,
        help_text="education, health, social_care or empty",
    )


class LineWriteSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=CATEGORY_CHOICES)
    need_code = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=4, help_text=NEED_HELP
    )
    places = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=MAX_PLACES), min_length=4, max_length=4
    )
    unit_cost = serializers.DecimalField(
        max_digits=10, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class SignOffWriteSerializer(serializers.Serializer):
    partner = serializers.ChoiceField(choices=InclusionPlanSignOff.Partner.choices)
    icb = serializers.CharField(required=False, allow_blank=True, default="", help_text="ICB ODS code")
    signatory_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=150)
    signatory_role = serializers.CharField(required=False, allow_blank=True, default="", max_length=150)
    signed_on = serializers.DateField(required=False, allow_null=True, default=None)
    comments = serializers.CharField(required=False, allow_blank=True, default="")


class ReviewWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["comment", "approve", "return", "response"])
    text = serializers.CharField(required=False, allow_blank=True, default="")
    section = serializers.IntegerField(required=False, allow_null=True, default=None)


def _detail(plan) -> dict:
    """The version as it is now (read again after a write)."""
    plan = InclusionPlan.objects.select_related("partnership", "standards_version").get(pk=plan.pk)
    return PlanDetailSerializer(selectors_inclusion.plan_detail(plan)).data


class PlanListApi(APIView):
    """The plan versions this person reads; POST creates a partnership's first version or a new one."""

    @extend_schema(responses=PlanSummarySerializer(many=True))
    def get(self, request, version=None):
        plans = policy.plans_readable(request.user).select_related("partnership", "standards_version")
        return Response(PlanSummarySerializer(plans.order_by("partnership__name", "-number"), many=True).data)

    @extend_schema(request=PlanCreateSerializer, responses={201: PlanDetailSerializer})
    def post(self, request, version=None):
        policy.require_plan_reader(request.user)
        serializer = PlanCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        partnership = policy.access_partnership_plans(request.user, data["partnership"])
        if data["new_version"]:
            plan = services_inclusion.plan_new_version(actor=request.user, partnership=partnership)
        else:
            plan = services_inclusion.plan_create(
                actor=request.user,
                partnership=partnership,
                title=data["title"],
                period_start=data["period_start"],
                period_end=data["period_end"],
            )
        return Response(_detail(plan), status=status.HTTP_201_CREATED)


class PlanApi(APIView):
    """One plan version: sections, places, sign-offs and the review; PATCH a draft's overview."""

    @extend_schema(responses=PlanDetailSerializer)
    def get(self, request, pk: int, version=None):
        return Response(_detail(policy.access_plan(request.user, pk)))

    @extend_schema(request=PlanUpdateSerializer, responses=PlanDetailSerializer)
    def patch(self, request, pk: int, version=None):
        plan = policy.access_plan(request.user, pk)
        policy.require_plan_writer(request.user, plan.partnership)
        serializer = PlanUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services_inclusion.plan_update(actor=request.user, plan=plan, **serializer.validated_data)
        return Response(_detail(plan))


class PlanSectionApi(APIView):
    """Say how the area meets one standard (a draft only; clears the sign-offs)."""

    @extend_schema(request=SectionUpdateSerializer, responses=PlanDetailSerializer)
    def patch(self, request, pk: int, section_id: int, version=None):
        plan = policy.access_plan(request.user, pk)
        policy.require_plan_writer(request.user, plan.partnership)
        serializer = SectionUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services_inclusion.section_update(
            actor=request.user, plan=plan, section_id=section_id, **serializer.validated_data
        )
        return Response(_detail(plan))


class PlanLineApi(APIView):
    """Add or change the places planned for a kind of place and type of need (a draft only)."""

    @extend_schema(request=LineWriteSerializer, responses=PlanDetailSerializer)
    def post(self, request, pk: int, version=None):
        plan = policy.access_plan(request.user, pk)
        policy.require_plan_writer(request.user, plan.partnership)
        serializer = LineWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services_inclusion.sufficiency_line_save(
            actor=request.user,
            plan=plan,
            category=data["category"],
            need_code=data["need_code"],
            places=data["places"],
            unit_cost=data.get("unit_cost"),
            notes=data["notes"],
        )
        return Response(_detail(plan))


class PlanSignOffApi(APIView):
    """Record a partner's sign-off of a draft."""

    @extend_schema(request=SignOffWriteSerializer, responses={201: PlanDetailSerializer})
    def post(self, request, pk: int, version=None):
        plan = policy.access_plan(request.user, pk)
        serializer = SignOffWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        code = data.pop("icb")
        icb = None
        if code:
            icb = ICB.objects.filter(ods_code=code).first()
            if icb is None:
                raise serializers.ValidationError({"icb": ["No ICB has this ODS code"]})
        services_inclusion.sign_off_record(actor=request.user, plan=plan, icb=icb, **data)
        return Response(_detail(plan), status=status.HTTP_201_CREATED)


class PlanSubmitApi(APIView):
    """Submit a draft to the DfE region (400 listing the missing sections and sign-offs)."""

    @extend_schema(request=None, responses=PlanDetailSerializer)
    def post(self, request, pk: int, version=None):
        plan = policy.access_plan(request.user, pk)
        plan = services_inclusion.plan_submit(actor=request.user, plan=plan)
        return Response(_detail(plan))


class PlanReviewApi(APIView):
    """The region's comment, approval or return; the partnership's response (kind ``response``)."""

    @extend_schema(request=ReviewWriteSerializer, responses={201: PlanDetailSerializer})
    def post(self, request, pk: int, version=None):
        plan = policy.access_plan(request.user, pk)
        serializer = ReviewWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        kind = data["kind"]
        if kind == "approve":
            services_inclusion.plan_approve(actor=request.user, plan=plan, text=data["text"])
        elif kind == "return":
            services_inclusion.plan_return(actor=request.user, plan=plan, reasons=data["text"])
        elif kind == "comment":
            services_inclusion.review_comment(
                actor=request.user, plan=plan, text=data["text"], section_id=data["section"]
            )
        else:
            services_inclusion.plan_respond(
                actor=request.user, plan=plan, text=data["text"], section_id=data["section"]
            )
        return Response(_detail(plan), status=status.HTTP_201_CREATED)


class PlanSufficiencyApi(APIView):
    """Places planned against demand, by kind of place and need (aggregates: no child)."""

    @extend_schema(responses=SufficiencySerializer)
    def get(self, request, pk: int, version=None):
        plan = policy.access_plan(request.user, pk)
        return Response(SufficiencySerializer(selectors_inclusion.sufficiency(plan)).data)


class AwaitingReviewApi(APIView):
    """The region's submitted plan versions, oldest submission first."""

    @extend_schema(responses=PlanSummarySerializer(many=True))
    def get(self, request, version=None):
        policy.require_review_queue(request.user)
        plans = selectors_inclusion.awaiting_review(policy.review_partnership_ids(request.user))
        return Response(PlanSummarySerializer(plans, many=True).data)


class PublishedPlanApi(APIView):
    """A partnership's approved plan published for families (no sign-in); ``number`` for an earlier one."""

    permission_classes = [AllowAny]

    @extend_schema(responses=PublicPlanSerializer)
    def get(self, request, slug: str, number: int | None = None, version=None):
        partnership = get_object_or_404(Partnership, slug=slug)
        if number is None:
            plan = selectors_inclusion.published_plan(partnership.pk)
        else:
            plan = InclusionPlan.objects.filter(
                partnership=partnership,
                number=number,
                status__in=(InclusionPlan.Status.APPROVED, InclusionPlan.Status.SUPERSEDED),
                published_at__isnull=False,
            ).first()
        if plan is None:
            raise Http404("No published local inclusion plan")
        return Response(PublicPlanSerializer(selectors_inclusion.plan_detail(plan)).data)
