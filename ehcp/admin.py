"""Django admin for the assessment journey (support staff only): plan versions, read-only.

A plan's content is a child's record: it is read through the plan pages and the API, where the access
policy applies and every read is logged, so the admin shows a version's facts (which plan, number, kind,
status, when and by whom it was issued) and never its content. No version can be added, changed or
deleted here: versions are written by the services, and an issued version never changes (the database
refuses it too).
"""

from django.contrib import admin

from .models import PlanVersion


@admin.register(PlanVersion)
class PlanVersionAdmin(admin.ModelAdmin):
    list_display = ["plan", "number", "kind", "status", "issued_on", "partnership"]
    list_filter = ["status", "kind"]
    list_select_related = ["plan", "partnership"]
    fields = [
        "partnership",
        "plan",
        "number",
        "kind",
        "status",
        "schema_version",
        "revision",
        "based_on",
        "issued_on",
        "issued_by",
        "created_by",
        "created_at",
        "updated_by",
        "updated_at",
    ]
    readonly_fields = fields
    ordering = ["-pk"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
