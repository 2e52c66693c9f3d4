"""Children and young people, the people with parental responsibility, case participants and the read log.

Every row here carries its partnership and sits behind PostgreSQL row-level security (migration 0002).
"""

import pghistory
from django.conf import settings
from django.db import models
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from ..validators import validate_date_of_birth, validate_nhs_number, validate_postcode, validate_upn
from .geography import LocalAuthority
from .tenancy import Partnership, Setting


def audit_trackers() -> tuple:
    """Fresh trackers for each model: a row for every insert, update (after) and delete (before)."""
    return (pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())


@pghistory.track(*audit_trackers())
class Child(models.Model):
    """A child or young person known to a partnership."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="children")
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(validators=[validate_date_of_birth])
    upn = models.CharField(
        "unique pupil number",
        max_length=13,
        blank=True,
        validators=[validate_upn],
        help_text="13 characters, for example A801200123456",
    )
    nhs_number = models.CharField("NHS number", max_length=10, blank=True, validators=[validate_nhs_number])
    home_local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="children"
    )
    current_setting = models.ForeignKey(
        Setting, on_delete=models.SET_NULL, null=True, blank=True, related_name="children"
    )
    home_postcode = models.CharField(
        max_length=8,
        blank=True,
        validators=[validate_postcode],
        help_text="Where the child lives: used for travel distances to settings (SEN2 module 1 holds it too)",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name_plural = "children"
        indexes = [
            models.Index(fields=["partnership", "last_name", "first_name"]),
            models.Index(fields=["current_setting"]),
        ]
        permissions = [("share_child", "Can share a child's record with an invited professional")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class ChildUserObjectPermission(UserObjectPermissionBase):
    """django-guardian grants on one child, with a direct foreign key (fast lookups)."""

    content_object = models.ForeignKey(Child, on_delete=models.CASCADE)


class ChildGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Child, on_delete=models.CASCADE)


@pghistory.track(*audit_trackers())
class ParentalResponsibility(models.Model):
    """A person with parental responsibility for a child. They may or may not use the service."""

    class Relationship(models.TextChoices):
        MOTHER = "mother", "Mother"
        FATHER = "father", "Father"
        STEP_PARENT = "step_parent", "Step-parent with parental responsibility"
        SPECIAL_GUARDIAN = "special_guardian", "Special guardian"
        FOSTER_CARER = "foster_carer", "Foster carer"
        LOCAL_AUTHORITY = "local_authority", "Local authority (looked-after child)"
        OTHER = "other", "Other"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="parental_responsibilities")
    full_name = models.CharField(max_length=150)
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    address = models.TextField(blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["full_name"]
        verbose_name_plural = "parental responsibilities"
        indexes = [models.Index(fields=["partnership", "child"])]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_relationship_display()})"


@pghistory.track(*audit_trackers())
class CaseParticipant(models.Model):
    """A person linked to a child's case: family, the SENCO, or an invited professional.

    Invited professionals also hold a django-guardian ``view_child`` grant; both end at ``expires_at``.
    """

    class Role(models.TextChoices):
        PARENT_CARER = "parent_carer", "Parent or carer"
        YOUNG_PERSON = "young_person", "Young person"
        SENCO = "senco", "SENCO"
        INVITED_PROFESSIONAL = "invited_professional", "Invited professional"
        HEALTH_OFFICER = "health_officer", "Health officer"
        SOCIAL_CARE_OFFICER = "social_care_officer", "Social care officer"
        MEDIATOR = "mediator", "Mediator"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_participations"
    )
    role = models.CharField(max_length=30, choices=Role.choices)
    reason = models.CharField(max_length=300, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["child", "role"]
        indexes = [
            models.Index(fields=["user", "role"]),
            models.Index(fields=["partnership", "child"]),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} for {self.child_id}"


class ChildAccessLog(models.Model):
    """One row each time someone views a child's record, on a page or through the API."""

    class Channel(models.TextChoices):
        PAGE = "page", "Web page"
        API = "api", "API"
        ADMIN = "admin", "Admin"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="access_log")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    viewed_at = models.DateTimeField(auto_now_add=True)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    path = models.CharField(max_length=300)

    class Meta:
        ordering = ["-viewed_at"]
        indexes = [models.Index(fields=["child", "-viewed_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} viewed {self.child_id} at {self.viewed_at:%Y-%m-%d %H:%M}"
