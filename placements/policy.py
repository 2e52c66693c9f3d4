"""Who may import into and read the settings register's import history (docs/adr/0013).

- The partnership's LA SEND manager imports and reads the reports. The register is the partnership's
  reference data, so it is managed by the manager; caseworkers use the register but do not load it.
- Nobody else (schools, families, health, social care, support administrators) imports.
- DfE regional and national users are refused outright (403); they see aggregates only.
- An import belonging to another partnership is not found (404).
"""

from django.http import Http404

from partnerships.models import Partnership, User
from partnerships.policy import AccessDenied, actor_for
from partnerships.roles import Role

from .models import SettingImport

IMPORT_ROLES = (Role.LA_SEND_MANAGER,)


def import_partnership_ids(user: User) -> set[int]:
    return actor_for(user).partnership_ids_for(*IMPORT_ROLES)


def require_importer(user: User) -> None:
    """Raise AccessDenied unless the person manages at least one partnership's register."""
    actor = actor_for(user)
    if actor.is_aggregate_only:
        raise AccessDenied("DfE regional and national users cannot import settings")
    if not import_partnership_ids(user):
        raise AccessDenied("Only the partnership's SEND manager can import the settings register")


def import_partnerships(user: User):
    return Partnership.objects.filter(pk__in=import_partnership_ids(user)).order_by("name")


def can_import(user: User, partnership: Partnership) -> bool:
    return partnership.pk in import_partnership_ids(user)


def access_import(user: User, pk: int) -> SettingImport:
    """An import's record: 403 for anyone who cannot import, 404 for another partnership's."""
    require_importer(user)
    try:
        return SettingImport.objects.select_related("partnership", "uploaded_by").get(
            pk=pk, partnership_id__in=import_partnership_ids(user)
        )
    except SettingImport.DoesNotExist as exc:
        raise Http404("No such import") from exc
