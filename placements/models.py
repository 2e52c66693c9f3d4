"""The record of each settings register import (docs/adr/0013): who loaded which file, what it did, and the
row-by-row report, so the report can be shown again and audited. Only successful imports are recorded: a
file with a fatal error loads nothing and leaves no row."""

from django.conf import settings
from django.db import models

from partnerships.models import Partnership


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
