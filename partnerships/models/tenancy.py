"""The tenant (a local SEND partnership) and the register of settings that belong to it."""

from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from .geography import ICB, LocalAuthority


class Partnership(models.Model):
    """A local SEND partnership: one or more LAs, their ICBs, the parent carer forum and member settings.

    Every tenant-owned row carries its partnership.
    """

    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    local_authorities = models.ManyToManyField(LocalAuthority, related_name="partnerships")
    icbs = models.ManyToManyField(ICB, related_name="partnerships", blank=True)
    parent_carer_forum = models.CharField(max_length=150, blank=True)
    information_advice_service = models.CharField(
        max_length=200, blank=True, help_text="The SEND information, advice and support service (SENDIASS)"
    )
    contact_email = models.EmailField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SENNeed(models.TextChoices):
    """School census SEN type-of-need codes (statutory-rules.md §5.1)."""

    SPLD = "SPLD", "Specific learning difficulty"
    MLD = "MLD", "Moderate learning difficulty"
    SLD = "SLD", "Severe learning difficulty"
    PMLD = "PMLD", "Profound and multiple learning difficulty"
    SEMH = "SEMH", "Social, emotional and mental health"
    SLCN = "SLCN", "Speech, language and communication needs"
    ASD = "ASD", "Autistic spectrum disorder"
    HI = "HI", "Hearing impairment"
    VI = "VI", "Vision impairment"
    MSI = "MSI", "Multi-sensory impairment"
    PD = "PD", "Physical disability"
    DS = "DS", "Down syndrome"
    OTH = "OTH", "Other difficulty or disability"


class Setting(models.Model):
    """An early years setting, school, college or AP on a partnership's register."""

    class Type(models.TextChoices):
        EARLY_YEARS = "early_years", "Early years setting"
        MAINSTREAM = "mainstream", "Mainstream school"
        SPECIAL = "special", "Special school"
        ALTERNATIVE_PROVISION = "alternative_provision", "Alternative provision"
        INDEPENDENT = "independent", "Independent school"
        INDEPENDENT_SPECIAL = "independent_special", "Independent special school"
        FURTHER_EDUCATION = "further_education", "Further education college"

    class Phase(models.TextChoices):
        NURSERY = "nursery", "Nursery"
        PRIMARY = "primary", "Primary"
        MIDDLE_PRIMARY = "middle_primary", "Middle deemed primary"
        SECONDARY = "secondary", "Secondary"
        MIDDLE_SECONDARY = "middle_secondary", "Middle deemed secondary"
        POST_16 = "post_16", "16 plus"
        ALL_THROUGH = "all_through", "All-through"
        NOT_APPLICABLE = "not_applicable", "Not applicable"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="settings")
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="settings")
    urn = models.PositiveIntegerField(
        null=True, blank=True, unique=True, help_text="Unique reference number (GIAS)"
    )
    ukprn = models.PositiveIntegerField(
        null=True, blank=True, unique=True, help_text="UK provider reference number"
    )
    name = models.CharField(max_length=200)
    setting_type = models.CharField(max_length=30, choices=Type.choices)
    establishment_type = models.CharField(max_length=100, blank=True, help_text="GIAS type of establishment")
    phase = models.CharField(max_length=20, choices=Phase.choices)
    trust_name = models.CharField(max_length=200, blank=True)
    statutory_low_age = models.PositiveSmallIntegerField(validators=[MaxValueValidator(25)])
    statutory_high_age = models.PositiveSmallIntegerField(validators=[MaxValueValidator(25)])
    need_types_served = ArrayField(
        models.CharField(max_length=4, choices=SENNeed.choices), default=list, blank=True
    )
    capacity = models.PositiveIntegerField(null=True, blank=True, help_text="Places in the setting")
    has_resourced_provision = models.BooleanField(default=False)
    resourced_provision_capacity = models.PositiveIntegerField(null=True, blank=True)
    has_sen_unit = models.BooleanField(default=False)
    sen_unit_capacity = models.PositiveIntegerField(null=True, blank=True, validators=[MinValueValidator(0)])
    postcode = models.CharField(max_length=8, blank=True)
    # Where it is, as GIAS gives it: British National Grid easting and northing in metres.
    easting = models.PositiveIntegerField(null=True, blank=True)
    northing = models.PositiveIntegerField(null=True, blank=True)
    is_open = models.BooleanField(default=True)
    # Who is there now (GIAS counts, kept up to date by the setting), against the capacities above.
    pupils_on_roll = models.PositiveIntegerField(null=True, blank=True)
    resourced_provision_on_roll = models.PositiveIntegerField(null=True, blank=True)
    sen_unit_on_roll = models.PositiveIntegerField(null=True, blank=True)
    # The setting's own declaration, from the school dashboard (ASCL: schools must be able to state
    # their capacity before they are put on a tailored list or named).
    inclusion_offer = models.TextField(blank=True, help_text="What the setting offers children with SEND")
    capacity_notes = models.TextField(blank=True, help_text="Staffing, specialisms and limits on places")
    capacity_updated_at = models.DateTimeField(null=True, blank=True)
    capacity_updated_by = models.ForeignKey(
        "partnerships.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # What a place costs the local authority a year. National funding bands come later (issue 7); this
    # figure is the LA's own and is shown to the LA only, apart from the reasons about needs.
    annual_place_cost = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["partnership", "setting_type"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(statutory_low_age__lte=models.F("statutory_high_age")),
                name="setting_age_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name
