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


# Tailored lists, preferences and naming (docs/adr/0016) -------------------------------------------------
#
# - The partnership's LA caseworkers and SEND managers generate a child's list, see what each option costs,
#   answer requests outside the list, consult the preferred settings and decide which setting to name.
# - The family (parent or carer linked to the child, or the young person) sees the list with its reasons
#   (never the cost), ranks preferences and asks for settings not on it.
# - Settings (SENCO, headteacher, AP provider) keep their own register entry up to date; SENCOs and
#   headteachers answer only the consultations addressed to their setting (ehcp.policy).
# - Anyone who cannot see the child's plan: 404. DfE users: 403 on every child-level page.

CAPACITY_ROLES = (Role.SENCO, Role.HEADTEACHER, Role.AP_PROVIDER)


def _ehcp_policy():
    from ehcp import policy as ehcp_policy  # ehcp imports placements' rules: imported when used

    return ehcp_policy


def open_plan(user: User, plan_id: int):
    """The plan of a child this person may see, or 404; DfE users get AccessDenied (403)."""
    return _ehcp_policy().access_plan(user, plan_id)


def refuse_aggregate(user: User) -> None:
    if actor_for(user).is_aggregate_only:
        raise AccessDenied("DfE regional and national users see aggregates, not a child's placement")


def can_manage_lists(user: User, plan) -> bool:
    return _ehcp_policy().is_la_staff(user, plan.partnership_id)


def is_family(user: User, plan) -> bool:
    return _ehcp_policy().is_plan_family(user, plan)


def can_see_list(user: User, plan) -> bool:
    return can_manage_lists(user, plan) or is_family(user, plan)


def can_see_cost(user: User, plan) -> bool:
    """What a place costs is for the LA only, apart from the reasons about needs."""
    return can_manage_lists(user, plan)


def require_list_reader(user: User, plan) -> None:
    if not can_see_list(user, plan):
        raise AccessDenied("Only the local authority and the child's family see the tailored list")


def require_list_manager(user: User, plan) -> None:
    if not can_manage_lists(user, plan):
        raise AccessDenied("Only the partnership's caseworkers and SEND managers can do this")


def require_family(user: User, plan) -> None:
    if not is_family(user, plan):
        raise AccessDenied("Only the child's parent or carer, or the young person, can do this")


def capacity_setting_ids(user: User) -> set[int]:
    return actor_for(user).setting_ids_for(*CAPACITY_ROLES)


def require_capacity_editor(user: User) -> None:
    actor = actor_for(user)
    if actor.is_aggregate_only:
        raise AccessDenied("DfE regional and national users see aggregates only")
    if not capacity_setting_ids(user):
        raise AccessDenied("Only a setting's own staff keep its register entry up to date")


def access_capacity_setting(user: User, setting_id: int):
    """A setting whose staff this person is: 403 for people who are no setting's staff, 404 for another's."""
    from partnerships.models import Setting

    require_capacity_editor(user)
    found = (
        Setting.objects.select_related("partnership")
        .filter(pk=setting_id, pk__in=capacity_setting_ids(user))
        .first()
    )
    if found is None:
        raise Http404("No such setting")
    return found


def can_update_capacity(user: User, setting) -> bool:
    return setting.pk in capacity_setting_ids(user)
