"""People: a custom user model (email sign-in) and memberships that give each person their roles."""

import pghistory
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone

from ..roles import FAMILY_ROLES, ROLE_SCOPE, STAFF_ROLES, Role, Scope
from .geography import ICB, Region
from .tenancy import Partnership, Setting


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra):
        if not email:
            raise ValueError("A user needs an email address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    exclude=["password", "last_login"],
)
class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. What they can do comes from their memberships, never from this row."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=150)
    phone = models.CharField(max_length=30, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="Can use the Django admin site (support only)")
    date_joined = models.DateTimeField(default=timezone.now)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    objects = UserManager()

    class Meta:
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Membership(models.Model):
    """A role held by a person in a partnership or organisation.

    The role decides which organisation field must be filled (``roles.ROLE_SCOPE``): a partnership,
    a setting, an ICB, a region, or none for national roles.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=30, choices=Role.choices)
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships"
    )
    setting = models.ForeignKey(
        Setting, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships"
    )
    icb = models.ForeignKey(ICB, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships")
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships"
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user", "role"]
        indexes = [models.Index(fields=["user", "is_active"])]
        constraints = [
            models.CheckConstraint(
                name="membership_scope_matches_role",
                condition=(
                    models.Q(
                        role__in=[r for r, s in ROLE_SCOPE.items() if s == Scope.PARTNERSHIP],
                        partnership__isnull=False,
                        setting__isnull=True,
                        icb__isnull=True,
                        region__isnull=True,
                    )
                    | models.Q(
                        role__in=[r for r, s in ROLE_SCOPE.items() if s == Scope.SETTING],
                        setting__isnull=False,
                        partnership__isnull=True,
                        icb__isnull=True,
                        region__isnull=True,
                    )
                    | models.Q(
                        role__in=[r for r, s in ROLE_SCOPE.items() if s == Scope.ICB],
                        icb__isnull=False,
                        partnership__isnull=True,
                        setting__isnull=True,
                        region__isnull=True,
                    )
                    | models.Q(
                        role__in=[r for r, s in ROLE_SCOPE.items() if s == Scope.REGION],
                        region__isnull=False,
                        partnership__isnull=True,
                        setting__isnull=True,
                        icb__isnull=True,
                    )
                    | models.Q(
                        role__in=[r for r, s in ROLE_SCOPE.items() if s == Scope.NATIONAL],
                        region__isnull=True,
                        partnership__isnull=True,
                        setting__isnull=True,
                        icb__isnull=True,
                    )
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.organisation}"

    @property
    def organisation(self):
        return self.partnership or self.setting or self.icb or self.region or "England"

    @property
    def is_staff_role(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def is_family_role(self) -> bool:
        return self.role in FAMILY_ROLES
