"""Output shapes shared by the dashboard API views (read only)."""

from decimal import Decimal

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


@extend_schema_field(OpenApiTypes.NUMBER)
class NumberField(serializers.Field):
    """A whole number as an integer and a percentage as a decimal number; null when not published."""

    def to_representation(self, value):
        if isinstance(value, Decimal):
            return float(value)
        return value


class FigureSerializer(serializers.Serializer):
    value = NumberField(allow_null=True, help_text="The published number, or null")
    status = serializers.CharField(help_text="published, suppressed, not applicable or not available")
    symbol = serializers.CharField(
        help_text="DfE's symbol when there is no number (c, z, x), otherwise empty"
    )
    display = serializers.CharField(help_text="As shown on the page")

    class Meta:
        ref_name = "DashboardFigure"


class Sen2Serializer(serializers.Serializer):
    year = serializers.IntegerField()
    published_for = serializers.CharField(
        help_text="The authority and ONS code the figures were published under"
    )
    inreq_ehc = FigureSerializer(source="figures.inreq_ehc")
    ass_refused_ehc = FigureSerializer(source="figures.ass_refused_ehc")
    assessments = FigureSerializer(source="figures.assessments")
    new_all_ehc = FigureSerializer(source="figures.new_all_ehc")
    no_exc_20week_rate = FigureSerializer(source="figures.no_exc_20week_rate")
    inc_exc_20week_rate = FigureSerializer(source="figures.inc_exc_20week_rate")
    total_mediation = FigureSerializer(source="figures.total_mediation")
    total_tribunal = FigureSerializer(source="figures.total_tribunal")
    discontinued_total = FigureSerializer(source="figures.discontinued_total")
    personal_budgets = FigureSerializer(source="figures.personal_budgets")

    class Meta:
        ref_name = "DashboardSen2"


class CountSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()

    class Meta:
        ref_name = "DashboardCount"


class AssessmentFiguresSerializer(serializers.Serializer):
    open_cases = serializers.IntegerField()
    open_by_stage = serializers.DictField(child=serializers.IntegerField())
    overdue_deadlines = serializers.IntegerField()
    plans = serializers.IntegerField(help_text="Final plans issued in the 12 months to the snapshot")
    excepted = serializers.IntegerField(
        help_text="Of those, cases where an exception applied to the 20 weeks"
    )
    within_20_weeks = serializers.IntegerField()
    rate_including_exceptions = serializers.FloatField(allow_null=True)
    rate_excluding_exceptions = serializers.FloatField(allow_null=True)

    class Meta:
        ref_name = "DashboardAssessmentFigures"


class QualityCheckCountSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    count = serializers.IntegerField(help_text="Plans issued that failed this check")

    class Meta:
        ref_name = "DashboardQualityCheckCount"


class PlanQualitySerializer(serializers.Serializer):
    plans = serializers.IntegerField(
        help_text="Final and amended plans issued in the 12 months to the snapshot"
    )
    passed = serializers.IntegerField(help_text="Of those, plans that passed every quality check")
    rate = serializers.FloatField(allow_null=True, help_text="The percentage passing every check")
    by_check = QualityCheckCountSerializer(many=True)

    class Meta:
        ref_name = "DashboardPlanQuality"


class RedressFiguresSerializer(serializers.Serializer):
    appealable_decisions = serializers.IntegerField(help_text="Appealable decisions in the 12 months")
    appeals = serializers.IntegerField(help_text="Appeals registered with the Tribunal in the 12 months")
    appeal_rate = serializers.FloatField(allow_null=True, help_text="Appeals as a percentage of decisions")
    mediations = serializers.IntegerField(help_text="Disputes where the family asked for mediation")
    mediation_rate = serializers.FloatField(
        allow_null=True, help_text="Mediations as a percentage of decisions"
    )
    disagreements = serializers.IntegerField()
    complaints = serializers.IntegerField()
    ombudsman_referrals = serializers.IntegerField()
    outcomes = serializers.DictField(child=serializers.IntegerField(), help_text="Appeal issues by outcome")
    resolved = serializers.IntegerField()
    median_days_to_resolution = serializers.FloatField(allow_null=True)
    reasons = serializers.DictField(child=serializers.IntegerField(), help_text="Disputes opened, by reason")
    open_without_place = serializers.IntegerField(help_text="Children with an open dispute and no place")

    class Meta:
        ref_name = "DashboardRedressFigures"


class SnapshotSerializer(serializers.Serializer):
    on_date = serializers.DateField()
    computed_at = serializers.DateTimeField()
    children_count = serializers.IntegerField()
    children_with_parental_responsibility = serializers.IntegerField()
    settings_count = serializers.IntegerField()
    children_by_setting_type = CountSerializer(many=True)
    children_with_role = CountSerializer(many=True)
    settings_by_type = CountSerializer(many=True)
    assessments = AssessmentFiguresSerializer(required=False)
    plan_quality = PlanQualitySerializer(allow_null=True)
    redress = RedressFiguresSerializer(allow_null=True, required=False)

    class Meta:
        ref_name = "DashboardSnapshot"


class PartnershipSummarySerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.CharField()

    class Meta:
        ref_name = "DashboardPartnership"


class LocalAuthorityRowSerializer(serializers.Serializer):
    name = serializers.CharField()
    dfe_code = serializers.CharField()
    ons_code = serializers.CharField()
    partnership = PartnershipSummarySerializer(allow_null=True)
    snapshot = SnapshotSerializer(allow_null=True)
    sen2 = Sen2Serializer(allow_null=True)

    class Meta:
        ref_name = "DashboardLocalAuthority"


class TotalSerializer(serializers.Serializer):
    value = NumberField(allow_null=True)
    published_by = serializers.IntegerField(help_text="How many authorities published a number")
    out_of = serializers.IntegerField()

    class Meta:
        ref_name = "DashboardTotal"


class Sen2TotalsSerializer(serializers.Serializer):
    inreq_ehc = TotalSerializer()
    ass_refused_ehc = TotalSerializer()
    assessments = TotalSerializer()
    new_all_ehc = TotalSerializer()
    no_exc_20week_rate = TotalSerializer(help_text="Recomputed from the counts behind the percentages")
    total_mediation = TotalSerializer()
    total_tribunal = TotalSerializer()
    discontinued_total = TotalSerializer()
    personal_budgets = TotalSerializer()

    class Meta:
        ref_name = "DashboardSen2Totals"


class TotalsSerializer(serializers.Serializer):
    local_authorities = serializers.IntegerField()
    partnerships = serializers.IntegerField()
    children_count = serializers.IntegerField()
    settings_count = serializers.IntegerField()
    sen2 = Sen2TotalsSerializer()
    plan_quality = PlanQualitySerializer(allow_null=True, help_text="Summed over the partnerships")
    redress = RedressFiguresSerializer(
        allow_null=True, required=False, help_text="Summed over the partnerships; rates recomputed; no median"
    )

    class Meta:
        ref_name = "DashboardTotals"


class RegionDashboardSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    sen2_year = serializers.IntegerField(allow_null=True)
    snapshot_at = serializers.DateTimeField(allow_null=True)
    totals = TotalsSerializer()
    local_authorities = LocalAuthorityRowSerializer(source="rows", many=True)

    class Meta:
        ref_name = "DashboardRegion"
