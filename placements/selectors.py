"""Reads for the settings register import pages and API."""

from django.db.models import QuerySet

from partnerships.models import Partnership

from .models import SettingImport


def imports_for(partnership_ids, *, limit: int = 20) -> QuerySet[SettingImport]:
    """The most recent imports into these partnerships' registers, newest first."""
    return (
        SettingImport.objects.filter(partnership_id__in=list(partnership_ids))
        .select_related("partnership", "uploaded_by")
        .order_by("-started_at", "-pk")[:limit]
    )


def register_size(partnership: Partnership) -> int:
    return partnership.settings.count()
