"""Read-only admin views of the dashboard tables, for support staff checking a figure."""

from django.contrib import admin

from .models import PartnershipSnapshot, PublishedLAStatistic


@admin.register(PublishedLAStatistic)
class PublishedLAStatisticAdmin(admin.ModelAdmin):
    list_display = (
        "local_authority",
        "year",
        "inreq_ehc",
        "new_all_ehc",
        "no_exc_20week_rate",
        "has_suppressed",
    )
    list_filter = ("year", "has_suppressed")
    search_fields = ("local_authority__name", "local_authority__dfe_code", "source_ons_code")
    list_select_related = ("local_authority",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PartnershipSnapshot)
class PartnershipSnapshotAdmin(admin.ModelAdmin):
    list_display = ("partnership", "on_date", "computed_at", "children_count", "settings_count")
    list_filter = ("on_date",)
    list_select_related = ("partnership",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
