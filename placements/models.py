"""Placements: the settings register's imports, the national SEND standards and local inclusion plans.

``SettingImport`` records each settings register import (docs/adr/0013): who loaded which file, what it
did, and the row-by-row report, so the report can be shown again and audited. Only successful imports are
recorded: a file with a fatal error loads nothing and leaves no row.

The national standards and local inclusion plans are strategic documents, not a child's record: they
hold no personal data and are readable by DfE users (docs/adr/0014).
"""

import pghistory
from django.conf import settings
from django.db import models

from partnerships.models import ICB, Partnership
from partnerships.models.children import audit_trackers
from partnerships.models.tenancy import SENNeed

from .categories import CATEGORY_CHOICES


class SettingImport(models.Model):
    class Source(models.TextChoices):
        PAGE = "page", "Upload page"
        API = "api", "API"
        COMMAND = "command", "Management command"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="setting_imports")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty for a system import (the import_gias command)",
    )
    source = models.CharField(max_length=10, choices=Source.choices)
    file_name = models.CharField(max_length=255)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    row_count = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    rejected_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, help_text="Row problems: row, urn, field, message")
    notes = models.JSONField(
        default=list, help_text="Rows skipped on purpose (for example closed): same shape"
    )

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["partnership", "-started_at"])]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.started_at:%Y-%m-%d %H:%M})"


# National SEND standards (green paper ch.2 §5; SEND and AP Improvement Plan 2023) -------------------------


@pghistory.track(*audit_trackers())
class StandardsVersion(models.Model):
    """One version of the national SEND standards catalogue. A published version never changes: a change
    is a new version, so that plans and provision lines citing a standard keep what they cited."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    number = models.PositiveIntegerField(unique=True)
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    effective_from = models.DateField(null=True, blank=True, help_text="The day the version applies from")
    summary_of_changes = models.TextField(blank=True)
    based_on = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"{self.title} (version {self.number})"


@pghistory.track(*audit_trackers())
class Standard(models.Model):
    """One national standard: for an area of need and a tier of support, what provision is expected,
    which partner is responsible for it and where it comes from. ``code`` is stable across versions."""

    class AreaOfNeed(models.TextChoices):
        ALL = "all", "All areas of need"
        COGNITION_LEARNING = "cognition_learning", "Cognition and learning"
        COMMUNICATION_INTERACTION = "communication_interaction", "Communication and interaction"
        SEMH = "semh", "Social, emotional and mental health"
        SENSORY_PHYSICAL = "sensory_physical", "Sensory and/or physical needs"

    class Tier(models.TextChoices):
        UNIVERSAL = "universal", "Universal: ordinarily available in every setting"
        TARGETED = "targeted", "SEN support or targeted"
        SPECIALIST = "specialist", "Specialist"

    class Partner(models.TextChoices):
        EDUCATION = "education", "Education"
        HEALTH = "health", "Health"
        SOCIAL_CARE = "social_care", "Social care"

    version = models.ForeignKey(StandardsVersion, on_delete=models.CASCADE, related_name="standards")
    code = models.SlugField(max_length=40, help_text="Stable across versions, for example cl-targeted-1")
    area_of_need = models.CharField(max_length=30, choices=AreaOfNeed.choices)
    tier = models.CharField(max_length=12, choices=Tier.choices)
    title = models.CharField(max_length=200)
    expected_provision = models.TextField()
    responsible_partner = models.CharField(max_length=12, choices=Partner.choices)
    source = models.CharField(max_length=300, help_text="The document and paragraph this standard comes from")
    source_url = models.URLField(max_length=400, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["version", "position", "code"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="standard_code_once")]
        indexes = [models.Index(fields=["code", "version"])]

    def __str__(self) -> str:
        return f"{self.code}: {self.title}"


# Local inclusion plans (green paper ch.2 §9-11, §24-26; ch.4 §15; ch.5 §6-8) ------------------------------


@pghistory.track(*audit_trackers())
class InclusionPlan(models.Model):
    """One version of a partnership's local inclusion plan. Every version is kept: a submitted version is
    not edited again; after a return or an approval the partnership starts a new version from it.

    Status: draft -> submitted -> returned (a new version is started) or approved (in force, published for
    families; the approved version it replaces becomes superseded).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted for review"
        RETURNED = "returned", "Returned for changes"
        APPROVED = "approved", "Approved"
        SUPERSEDED = "superseded", "Replaced by a later version"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="inclusion_plans")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    title = models.CharField(max_length=200)
    period_start = models.DateField(help_text="The first day of the plan's first year")
    period_end = models.DateField(help_text="The last day the plan covers")
    standards_version = models.ForeignKey(StandardsVersion, on_delete=models.PROTECT, related_name="+")
    summary = models.TextField(blank=True, help_text="The plan in brief, for families")
    coproduction = models.TextField(blank=True, help_text="How the plan was made with families and partners")
    based_on = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_reasons = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["partnership", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "number"], name="inclusion_plan_number"),
            models.UniqueConstraint(
                fields=["partnership"], condition=models.Q(status="draft"), name="inclusion_plan_one_draft"
            ),
            models.CheckConstraint(
                condition=models.Q(period_start__lt=models.F("period_end")), name="inclusion_plan_period"
            ),
        ]
        indexes = [models.Index(fields=["partnership", "status"]), models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.title} (version {self.number})"


@pghistory.track(*audit_trackers())
class InclusionPlanSection(models.Model):
    """How the area meets one national standard."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(InclusionPlan, on_delete=models.CASCADE, related_name="sections")
    standard = models.ForeignKey(Standard, on_delete=models.PROTECT, related_name="+")
    how_met = models.TextField(blank=True)
    lead_partner = models.CharField(max_length=12, choices=Standard.Partner.choices, blank=True)

    class Meta:
        ordering = ["plan", "standard__position", "standard__code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "standard"], name="inclusion_plan_standard_once")
        ]

    def __str__(self) -> str:
        return f"Section {self.standard_id} of {self.plan_id}"


@pghistory.track(*audit_trackers())
class SufficiencyLine(models.Model):
    """Places planned of one category, for one type of need ('' for any need), now and for the next three
    years (years counted from the plan's ``period_start``)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(InclusionPlan, on_delete=models.CASCADE, related_name="sufficiency_lines")
    category = models.CharField(max_length=30, choices=CATEGORY_CHOICES)
    need_code = models.CharField(
        max_length=4, choices=[("", "Any type of need"), *SENNeed.choices], blank=True, default=""
    )
    places_year_0 = models.PositiveIntegerField(default=0, help_text="Places in the plan's first year")
    places_year_1 = models.PositiveIntegerField(default=0)
    places_year_2 = models.PositiveIntegerField(default=0)
    places_year_3 = models.PositiveIntegerField(default=0)
    unit_cost = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True, help_text="Agreed cost of a place a year (£)"
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["plan", "category", "need_code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "category", "need_code"], name="sufficiency_line_once")
        ]

    def __str__(self) -> str:
        return f"{self.category}/{self.need_code or 'any'} in {self.plan_id}"

    def places_in_year(self, year: int) -> int:
        return getattr(self, f"places_year_{year}")


@pghistory.track(*audit_trackers())
class InclusionPlanSignOff(models.Model):
    """A partner's sign-off of a plan version before it is submitted: the LA, each ICB and the parent carer
    forum (whose representative may not use the service: the LA records their sign-off with their name)."""

    class Partner(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        ICB = "icb", "Integrated care board"
        PARENT_CARER_FORUM = "parent_carer_forum", "Parent carer forum"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(InclusionPlan, on_delete=models.CASCADE, related_name="sign_offs")
    partner = models.CharField(max_length=20, choices=Partner.choices)
    icb = models.ForeignKey(ICB, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    signatory_name = models.CharField(max_length=150)
    signatory_role = models.CharField(max_length=150, blank=True)
    signed_on = models.DateField()
    comments = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "partner", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "partner", "icb"], name="inclusion_plan_sign_off_once", nulls_distinct=False
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_partner_display()} signed {self.plan_id}"


class InclusionPlanReview(models.Model):
    """The DfE region's review of a submitted version: comments, then an approval or a return."""

    class Kind(models.TextChoices):
        COMMENT = "comment", "Comment"
        RETURNED = "returned", "Returned for changes"
        APPROVED = "approved", "Approved"
        LA_RESPONSE = "la_response", "Response from the partnership"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(InclusionPlan, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    section = models.ForeignKey(
        InclusionPlanSection, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.plan_id}"


class PostcodeLocation(models.Model):
    """Where a postcode is (British National Grid, metres), for straight-line distances to settings.

    Loaded from an ONS Postcode Directory extract (``manage.py import_postcodes``) and from the settings
    register's own GIAS rows (each establishment's postcode with its easting and northing). Reference data,
    not personal data: no one's address is stored here."""

    class Source(models.TextChoices):
        ONSPD = "onspd", "ONS Postcode Directory"
        GIAS = "gias", "Get Information About Schools"
        DEMO = "demo", "Demonstration data (fictional)"

    postcode = models.CharField(max_length=8, unique=True)
    easting = models.PositiveIntegerField()
    northing = models.PositiveIntegerField()
    source = models.CharField(max_length=10, choices=Source.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["postcode"]

    def __str__(self) -> str:
        return self.postcode


# The settings register kept up to date by settings (docs/adr/0016) -----------------------------------


class CapacityDeclaration(models.Model):
    """A setting's change to its own register entry from the school dashboard: who, when, before, after.
    Setting is reference data and not tracked by pghistory; this row is its audit trail."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    setting = models.ForeignKey(
        "partnerships.Setting", on_delete=models.CASCADE, related_name="capacity_declarations"
    )
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    declared_at = models.DateTimeField()
    source = models.CharField(max_length=20, default="dashboard", help_text="dashboard, api or naming")
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)

    class Meta:
        ordering = ["setting", "-declared_at", "-pk"]
        indexes = [models.Index(fields=["setting", "-declared_at"])]

    def __str__(self) -> str:
        return f"Capacity of {self.setting_id} at {self.declared_at:%Y-%m-%d %H:%M}"


# Tailored lists, preferences, requests outside the list and the naming decision (docs/adr/0016) -------


@pghistory.track(*audit_trackers())
class TailoredList(models.Model):
    """A list of settings generated for one child at the draft plan or a review. Regenerating keeps the old
    list (superseded) and makes a new one current."""

    class Status(models.TextChoices):
        CURRENT = "current", "Current"
        SUPERSEDED = "superseded", "Replaced by a later list"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey("partnerships.Child", on_delete=models.CASCADE, related_name="tailored_lists")
    plan = models.ForeignKey("ehcp.Plan", on_delete=models.CASCADE, related_name="tailored_lists")
    review = models.ForeignKey(
        "ehcp.PlanReview", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.CURRENT)
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    generated_at = models.DateTimeField()
    criteria = models.JSONField(default=dict, help_text="Every input the list was generated from")
    notes = models.JSONField(default=list, help_text="What the family reads above the list")
    inclusion_plan = models.ForeignKey(
        InclusionPlan, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    inclusion_plan_number = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "-generated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"], condition=models.Q(status="current"), name="tailored_list_one_current"
            )
        ]
        indexes = [models.Index(fields=["partnership", "status"])]

    def __str__(self) -> str:
        return f"Tailored list {self.pk} for plan {self.plan_id}"


@pghistory.track(*audit_trackers())
class TailoredListEntry(models.Model):
    """One setting (under one category) on a tailored list or left off it, with the reasons shown to the
    family. ``cost_per_year`` is for the LA only, apart from the reasons."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    tailored_list = models.ForeignKey(TailoredList, on_delete=models.CASCADE, related_name="entries")
    setting = models.ForeignKey("partnerships.Setting", on_delete=models.PROTECT, related_name="+")
    category = models.CharField(max_length=30, blank=True)
    group = models.CharField(max_length=20, blank=True)
    included = models.BooleanField()
    is_full = models.BooleanField(default=False)
    out_of_area = models.BooleanField(default=False)
    distance_m = models.PositiveIntegerField(null=True, blank=True)
    reasons = models.JSONField(default=list, help_text="code, text, excludes")
    position = models.PositiveIntegerField()
    cost_per_year = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["tailored_list", "position"]
        constraints = [
            models.UniqueConstraint(fields=["tailored_list", "position"], name="tailored_entry_position"),
        ]

    def __str__(self) -> str:
        return f"{self.setting_id} ({self.category}) on list {self.tailored_list_id}"


@pghistory.track(*audit_trackers())
class PlacementRequest(models.Model):
    """The family's request for a setting that is not on the tailored list (CFA s.38(2)(b), s.38(3)), and
    the LA's response: agree to consult it (it becomes a preference) or refuse with a legal ground."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for the local authority"
        AGREED = "agreed", "The local authority will consult it"
        REFUSED = "refused", "Refused"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey("ehcp.Plan", on_delete=models.CASCADE, related_name="placement_requests")
    setting = models.ForeignKey(
        "partnerships.Setting", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    setting_name = models.CharField(max_length=200, help_text="As the family gave it")
    setting_urn = models.CharField(max_length=10, blank=True)
    reasons = models.TextField()
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    response_ground = models.CharField(max_length=40, blank=True)
    response_reasons = models.TextField(blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "requested_at", "pk"]
        indexes = [models.Index(fields=["partnership", "status"])]

    def __str__(self) -> str:
        return f"Request for {self.setting_name} on plan {self.plan_id}"


@pghistory.track(*audit_trackers())
class PlacementPreference(models.Model):
    """The family's ranked preference (1 first), from the list or from a request the LA agreed to."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey("ehcp.Plan", on_delete=models.CASCADE, related_name="placement_preferences")
    tailored_list = models.ForeignKey(
        TailoredList, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    from_request = models.ForeignKey(
        PlacementRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    rank = models.PositiveSmallIntegerField()
    setting = models.ForeignKey("partnerships.Setting", on_delete=models.PROTECT, related_name="+")
    category = models.CharField(max_length=30, blank=True)
    reasons = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["plan", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "rank"], name="preference_rank_once"),
            models.UniqueConstraint(fields=["plan", "setting"], name="preference_setting_once"),
        ]

    def __str__(self) -> str:
        return f"Preference {self.rank} on plan {self.plan_id}"


@pghistory.track(*audit_trackers())
class PlacementDecision(models.Model):
    """The LA's decision on the setting to name in section I, going down the family's preferences in order:
    for each preference not named, the legal ground and reasons (CFA s.39(4), s.33)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey("ehcp.Plan", on_delete=models.CASCADE, related_name="placement_decisions")
    named_setting = models.ForeignKey(
        "partnerships.Setting", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    category = models.CharField(max_length=30, blank=True)
    setting_type = models.CharField(max_length=200, help_text="The type of institution for section I")
    reasons = models.TextField()
    outcomes = models.JSONField(
        default=list, help_text="One per preference: rank, setting, named, ground, reasons, consultation"
    )
    unanswered_consultations = models.PositiveSmallIntegerField(default=0)
    capacity_note = models.CharField(max_length=300, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField()
    decided_at = models.DateTimeField()
    used_in_version = models.ForeignKey(
        "ehcp.PlanVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["plan", "-decided_at", "-pk"]

    def __str__(self) -> str:
        return f"Naming decision {self.pk} on plan {self.plan_id}"
