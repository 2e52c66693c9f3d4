"""Dashboard tables: published SEN2 statistics per local authority, and daily de-identified roll-ups.

Nothing here names or identifies a child: only counts (docs/adr/0006).
"""

from django.db import models

from partnerships.models import LocalAuthority, Partnership

# The symbols DfE statistics use in place of a number, and what each means to a reader.
SYMBOL_MEANINGS: dict[str, str] = {
    "c": "suppressed",
    "z": "not applicable",
    "x": "not available",
    "u": "low reliability",
    "low": "fewer than 0.5",
    ":": "not available",
}


class PublishedLAStatistic(models.Model):
    """One local authority's published SEN2 figures for one calendar year (DfE, "Education, health and
    care plans"). A number DfE did not publish is null here, with its symbol kept in ``symbols``."""

    MEASURES = (
        "inreq_ehc",
        "assessments",
        "ass_refused_ehc",
        "new_all_ehc",
        "no_exc_20week_ehc",
        "tot_no_exc_ehc",
        "no_exc_20week_rate",
        "inc_exc_20week_rate",
        "total_mediation",
        "total_tribunal",
        "discontinued_total",
        "personal_budgets",
    )
    RATE_MEASURES = ("no_exc_20week_rate", "inc_exc_20week_rate")

    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="published_statistics"
    )
    year = models.PositiveSmallIntegerField(help_text="Calendar year the figures cover")
    source_ons_code = models.CharField(max_length=9, help_text="new_la_code as published")
    source_dfe_code = models.CharField(max_length=3, blank=True, help_text="old_la_code as published")
    inreq_ehc = models.PositiveIntegerField(
        "initial requests for an EHC needs assessment", null=True, blank=True
    )
    assessments = models.PositiveIntegerField("EHC needs assessments", null=True, blank=True)
    ass_refused_ehc = models.PositiveIntegerField("requests refused", null=True, blank=True)
    new_all_ehc = models.PositiveIntegerField("new EHC plans", null=True, blank=True)
    no_exc_20week_ehc = models.PositiveIntegerField(
        "new plans issued within 20 weeks, excluding exceptions", null=True, blank=True
    )
    tot_no_exc_ehc = models.PositiveIntegerField("new plans, excluding exceptions", null=True, blank=True)
    no_exc_20week_rate = models.DecimalField(
        "percentage within 20 weeks, excluding exceptions",
        max_digits=6,
        decimal_places=3,
        null=True,
        blank=True,
    )
    inc_exc_20week_rate = models.DecimalField(
        "percentage within 20 weeks, including exceptions",
        max_digits=6,
        decimal_places=3,
        null=True,
        blank=True,
    )
    total_mediation = models.PositiveIntegerField("mediation cases", null=True, blank=True)
    total_tribunal = models.PositiveIntegerField("tribunal appeals", null=True, blank=True)
    discontinued_total = models.PositiveIntegerField("plans ceased", null=True, blank=True)
    personal_budgets = models.PositiveIntegerField("plans with a personal budget", null=True, blank=True)
    symbols = models.JSONField(
        default=dict, blank=True, help_text="Measure → DfE symbol (c, z, x…) for each number not published"
    )
    has_suppressed = models.BooleanField(default=False, help_text="Any measure suppressed (c) by DfE")

    class Meta:
        ordering = ["local_authority", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "year"], name="published_la_statistic_la_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.local_authority} {self.year}"

    def symbol_for(self, measure: str) -> str:
        """The DfE symbol for a measure that has no number ('' when it has one)."""
        return self.symbols.get(measure, "")


class PartnershipSnapshot(models.Model):
    """De-identified counts for one partnership on one day, computed from live data by
    ``dashboards.services.partnership_rollup``. Assessment and 20-week timeliness figures come from the ehcp app's stored deadlines."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="snapshots")
    on_date = models.DateField()
    computed_at = models.DateTimeField()
    children_count = models.PositiveIntegerField(help_text="Children and young people on the service")
    children_without_setting = models.PositiveIntegerField(default=0)
    children_by_setting_type = models.JSONField(
        default=dict, help_text="Setting type → number of children whose current setting is of that type"
    )
    children_with_role = models.JSONField(
        default=dict, help_text="Case participant role → number of children with someone in that role linked"
    )
    children_with_parental_responsibility = models.PositiveIntegerField(default=0)
    settings_count = models.PositiveIntegerField(help_text="Open settings on the partnership's register")
    settings_by_type = models.JSONField(
        default=dict, help_text="Setting type → open settings on the register"
    )
    assessments = models.JSONField(
        default=dict,
        help_text="EHC needs assessments on the service: open cases by stage, overdue deadlines, and the "
        "20-week rate over the last 12 months with and without exception cases",
    )
    plan_quality = models.JSONField(
        default=dict,
        help_text="Final and amended plans issued in the last 12 months: how many, how many passed every "
        "quality check, and how many failed each check",
    )
    redress = models.JSONField(
        default=dict,
        help_text="Redress in the last 12 months (ADR 0015): appealable decisions, appeal and mediation rates, "
        "outcomes, median days to resolution, reasons, complaints and Ombudsman referrals",
    )

    class Meta:
        ordering = ["partnership", "-on_date"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "on_date"], name="partnership_snapshot_per_day"),
        ]
        indexes = [models.Index(fields=["partnership", "-on_date"])]

    def __str__(self) -> str:
        return f"{self.partnership} on {self.on_date}"
