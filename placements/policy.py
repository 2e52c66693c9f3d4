"""Access rules of the placements app, in one place for its pages and API: the settings register import
(below), the national standards and local inclusion plans (docs/adr/0014), and tailored lists, preferences
and naming (docs/adr/0016), each in its own part of this module.

Who may import into and read the settings register's import history (docs/adr/0013):

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


def consultation_setting_ids(user: User) -> set[int]:
    """The settings whose consultations this person answers (SENCOs and headteachers)."""
    return actor_for(user).setting_ids_for(Role.SENCO, Role.HEADTEACHER)


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


# National SEND standards (docs/adr/0014) -------------------------------------------------------------------
#
# - Everyone, signed in or not, reads the published versions of the catalogue.
# - Only a DfE national administrator reads drafts and changes the catalogue.

STANDARDS_ADMIN_ROLES = (Role.DFE_NATIONAL_ADMIN,)


def can_edit_standards(user: User) -> bool:
    return user.is_authenticated and actor_for(user).has_role(*STANDARDS_ADMIN_ROLES)


def require_standards_admin(user: User) -> None:
    if not can_edit_standards(user):
        raise AccessDenied("Only a DfE national administrator can change the national SEND standards")


# Local inclusion plans (docs/adr/0014) ---------------------------------------------------------------------
#
# A plan is a strategic document: it names no child, so DfE users read it.
# - The partnership's LA SEND manager writes its plans (drafts, sections, places, the LA's sign-off, the
#   parent carer forum's sign-off they record, submission, responses to the region's comments).
# - LA caseworkers and support administrators read their partnership's plans.
# - A health officer reads the plans of the partnerships their ICB serves and signs for their ICB.
# - A DfE regional officer reads the plans of the partnerships with an LA in their region and reviews
#   (comments, approves, returns) their submitted versions.
# - DfE national analysts and administrators read every plan.
# - Everyone else (schools, families, social care, mediators) reads only the published approved plans on
#   the public page. Another partnership's plan is not found (404); a person with no reading role gets 403.

PLAN_WRITER_ROLES = (Role.LA_SEND_MANAGER,)
PLAN_PARTNERSHIP_READER_ROLES = (Role.LA_SEND_MANAGER, Role.LA_CASEWORKER, Role.SUPPORT_ADMIN)
PLAN_NATIONAL_READER_ROLES = (Role.DFE_NATIONAL_ANALYST, Role.DFE_NATIONAL_ADMIN)


def _icb_ids(user: User) -> set[int]:
    return {m.icb_id for m in actor_for(user).memberships if m.role == Role.HEALTH_OFFICER and m.icb_id}


def plan_reader_partnership_ids(user: User) -> set[int] | None:
    """The partnerships whose plans this person reads (None: every partnership). Cached per request."""
    actor = actor_for(user)
    cached = getattr(actor, "_plan_reader_ids", False)
    if cached is not False:
        return cached
    if actor.has_role(*PLAN_NATIONAL_READER_ROLES):
        found = None
    else:
        found = set(actor.partnership_ids_for(*PLAN_PARTNERSHIP_READER_ROLES))
        icb_ids = _icb_ids(user)
        if icb_ids:
            found |= set(Partnership.objects.filter(icbs__in=icb_ids).values_list("pk", flat=True))
        if actor.region_ids:
            found |= set(review_partnership_ids(user))
    actor._plan_reader_ids = found
    return found


def review_partnership_ids(user: User) -> set[int]:
    """The partnerships whose submitted plans this regional officer reviews."""
    region_ids = actor_for(user).region_ids
    if not region_ids:
        return set()
    return set(
        Partnership.objects.filter(local_authorities__region_id__in=region_ids).values_list("pk", flat=True)
    )


def is_plan_reader(user: User) -> bool:
    if not user.is_authenticated:
        return False
    ids = plan_reader_partnership_ids(user)
    return ids is None or bool(ids)


def require_plan_reader(user: User) -> None:
    if not is_plan_reader(user):
        raise AccessDenied("You cannot read local inclusion plans here: the published plans are public")


def plans_readable(user: User):
    """Every plan version this person reads (as a queryset)."""
    from .models import InclusionPlan

    require_plan_reader(user)
    ids = plan_reader_partnership_ids(user)
    plans = InclusionPlan.objects.all()
    return plans if ids is None else plans.filter(partnership_id__in=ids)


def readable_partnerships(user: User):
    require_plan_reader(user)
    ids = plan_reader_partnership_ids(user)
    partnerships = Partnership.objects.all()
    return (partnerships if ids is None else partnerships.filter(pk__in=ids)).order_by("name")


def access_partnership_plans(user: User, slug: str) -> Partnership:
    """A partnership whose plans this person reads: 403 with no reading role, 404 for another one."""
    try:
        return readable_partnerships(user).get(slug=slug)
    except Partnership.DoesNotExist as exc:
        raise Http404("No such partnership") from exc


def access_plan(user: User, pk: int):
    """A plan version this person reads: 403 with no reading role, 404 for another partnership's."""
    from .models import InclusionPlan

    try:
        return (
            plans_readable(user)
            .select_related("partnership", "standards_version", "submitted_by", "decided_by", "created_by")
            .get(pk=pk)
        )
    except InclusionPlan.DoesNotExist as exc:
        raise Http404("No such local inclusion plan") from exc


def can_write_plans(user: User, partnership: Partnership) -> bool:
    return user.is_authenticated and partnership.pk in actor_for(user).partnership_ids_for(*PLAN_WRITER_ROLES)


def require_plan_writer(user: User, partnership: Partnership) -> None:
    if not can_write_plans(user, partnership):
        raise AccessDenied("Only the partnership's SEND manager can change its local inclusion plan")


def signing_icb_ids(user: User, partnership: Partnership) -> set[int]:
    """The ICBs of this partnership this person may sign a plan for (a health officer of that ICB)."""
    mine = _icb_ids(user)
    if not mine:
        return set()
    return set(partnership.icbs.filter(pk__in=mine).values_list("pk", flat=True))


def can_review_plans(user: User, partnership: Partnership) -> bool:
    return user.is_authenticated and partnership.pk in review_partnership_ids(user)


def require_plan_reviewer(user: User, partnership: Partnership) -> None:
    if not can_review_plans(user, partnership):
        raise AccessDenied("Only a DfE regional officer for the partnership's region can review its plan")


def require_review_queue(user: User) -> None:
    if not (user.is_authenticated and actor_for(user).region_ids):
        raise AccessDenied("Only DfE regional officers review local inclusion plans")
