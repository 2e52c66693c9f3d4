"""Pages: the start page, each role's home, and children's records. Views are thin: they call selectors
and services and turn policy refusals into 403 or 404."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from . import policy, selectors, services
from .decorators import role_required
from .forms import ChildCreateForm, ChildForm, ChildSearchForm, ChildShareForm
from .models import CaseParticipant
from .policy import AccessDenied
from .roles import FAMILY_ROLES, LA_ROLES, SETTING_ROLES, Role


def home(request):
    """The start page for visitors; signed-in people go to their own home page."""
    if request.user.is_authenticated:
        return redirect(policy.actor_for(request.user).home_url_name)
    return render(request, "start.html")


@login_required
def no_role(request):
    return render(request, "no_role.html")


def _access_child(request, child_id: int):
    try:
        return selectors.child_get(user=request.user, child_id=child_id)
    except AccessDenied as exc:
        raise PermissionDenied(str(exc)) from exc


def _add_service_errors(form, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        target = field if field in form.fields else None
        for error in errors:
            form.add_error(target, error)


@role_required(*FAMILY_ROLES)
def portal_home(request):
    """The family's home: what they need to do, their requests for an assessment, and their children."""
    from ehcp.views_portal import portal_home_context

    children = selectors.child_list(user=request.user).prefetch_related(
        Prefetch(
            "participants",
            queryset=CaseParticipant.objects.filter(revoked_at__isnull=True).select_related("user"),
            to_attr="active_participants",
        )
    )
    return render(
        request, "partnerships/portal_home.html", {"children": children, **portal_home_context(request)}
    )


@role_required(*SETTING_ROLES)
def school_home(request):
    """The school's home: for SENCOs and headteachers the assessment dashboard, and everyone's pupils."""
    from ehcp.views_portal import school_dashboard_context

    settings_list = list(selectors.settings_for_user(user=request.user))
    children = list(selectors.child_list(user=request.user).filter(current_setting__in=settings_list))
    by_setting = {s.pk: [] for s in settings_list}
    for child in children:
        by_setting.setdefault(child.current_setting_id, []).append(child)
    groups = [{"setting": s, "children": by_setting.get(s.pk, [])} for s in settings_list]
    return render(
        request, "partnerships/school_home.html", {"groups": groups, **school_dashboard_context(request)}
    )


@role_required(*LA_ROLES)
def backoffice_home(request):
    """The back office's home is the work queue of assessment cases (ehcp/views_backoffice.py); the
    children's records list is at ``backoffice-children``."""
    from ehcp.views_backoffice import work_queue

    return work_queue(request)


@role_required(Role.HEALTH_OFFICER, Role.SOCIAL_CARE_OFFICER, Role.MEDIATOR)
def inbox_home(request):
    involved = [
        policy.INVOLVED_PARTICIPANT_ROLES[r]
        for r in policy.actor_for(request.user).roles
        if r in policy.INVOLVED_PARTICIPANT_ROLES
    ]
    participations = (
        CaseParticipant.objects.filter(
            user=request.user,
            role__in=[*involved, CaseParticipant.Role.INVITED_PROFESSIONAL],
            revoked_at__isnull=True,
        )
        .filter(child__in=selectors.child_list(user=request.user))
        .select_related("child", "child__current_setting", "child__partnership")
        .order_by("child__last_name", "child__first_name")
    )
    # Health officers answer their ICB's advice requests, social care officers their partnership's social
    # care advice (regulation 6); mediators give no advice, so they keep their cases alone.
    from ehcp import selectors_panel

    advisers = policy.actor_for(request.user).has_role(Role.HEALTH_OFFICER, Role.SOCIAL_CARE_OFFICER)
    advice = selectors_panel.advice_inbox(user=request.user, include_done=False) if advisers else None
    return render(
        request,
        "partnerships/inbox_home.html",
        {"participations": participations, "advice_requests": advice, "shows_advice": advisers},
    )


@role_required(Role.SUPPORT_ADMIN)
def support_home(request):
    form = ChildSearchForm(request.GET or None)
    search = form.cleaned_data["q"] if form.is_valid() else ""
    results = selectors.child_list(user=request.user, search=search)[:50] if search else []
    return render(
        request, "partnerships/support_home.html", {"form": form, "search": search, "results": results}
    )


@login_required
def child_detail(request, child_id: int):
    child = _access_child(request, child_id)
    services.child_record_viewed(actor=request.user, child=child, channel="page", path=request.path)
    people = selectors.child_people(child=child)
    user = request.user
    return render(
        request,
        "partnerships/child_detail.html",
        {
            "child": child,
            **people,
            "can_edit": policy.can_edit_child(user, child),
            "can_share": policy.can_share_child(user, child),
            "can_delete": policy.can_delete_child(user, child),
            "can_audit": policy.can_view_audit_trail(user, child),
            **_child_assessments(user, child),
        },
    )


def _child_assessments(user, child) -> dict:
    """The child's EHC needs assessment requests this person may see, and what they may start."""
    from ehcp import policy as ehcp_policy

    return {
        "assessments": list(
            ehcp_policy.requests_visible_to(user)
            .filter(child=child)
            .exclude(stage="draft")
            .order_by("-received_on", "-pk")
        ),
        "can_record_request": policy.can_edit_child(user, child),
        "can_request_for_setting": ehcp_policy.can_request_for_setting(user, child),
        "can_bring_to_attention": ehcp_policy.can_bring_to_attention(user, child),
    }


@login_required
@require_http_methods(["GET", "POST"])
def child_create(request):
    partnerships = list(policy.creatable_partnerships(request.user))
    if not partnerships:
        raise PermissionDenied("Only caseworkers and SEND managers can add a child")
    form = ChildCreateForm(request.POST or None, partnerships=partnerships)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "partnership"}
        try:
            child = services.child_create(
                actor=request.user, partnership=form.cleaned_data["partnership"], **data
            )
        except ValidationError as exc:
            _add_service_errors(form, exc)
        else:
            messages.success(request, f"{child.full_name} has been added")
            return redirect("child-detail", child_id=child.pk)
    return render(request, "partnerships/child_form.html", {"form": form, "child": None})


@login_required
@require_http_methods(["GET", "POST"])
def child_edit(request, child_id: int):
    child = _access_child(request, child_id)
    if not policy.can_edit_child(request.user, child):
        raise PermissionDenied("Only the partnership's caseworkers and SEND managers can change this record")
    original = {f: getattr(child, f) for f in services.CHILD_EDITABLE_FIELDS}
    form = ChildForm(request.POST or None, instance=child)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in services.CHILD_EDITABLE_FIELDS}
        for field, value in original.items():
            setattr(child, field, value)
        try:
            services.child_update(actor=request.user, child=child, data=data)
        except ValidationError as exc:
            _add_service_errors(form, exc)
        else:
            messages.success(request, "The record has been updated")
            return redirect("child-detail", child_id=child.pk)
    return render(request, "partnerships/child_form.html", {"form": form, "child": child})


@login_required
@require_http_methods(["GET", "POST"])
def child_delete(request, child_id: int):
    child = _access_child(request, child_id)
    if not policy.can_delete_child(request.user, child):
        raise PermissionDenied("Only a SEND manager or support administrator can delete a record")
    if request.method == "POST":
        name = child.full_name
        services.child_delete(actor=request.user, child=child)
        messages.success(request, f"The record for {name} has been deleted")
        return redirect(policy.actor_for(request.user).home_url_name)
    return render(request, "partnerships/child_delete.html", {"child": child})


@login_required
@require_http_methods(["GET", "POST"])
def child_share(request, child_id: int):
    child = _access_child(request, child_id)
    if not policy.can_share_child(request.user, child):
        raise PermissionDenied("Only the partnership's caseworkers and SEND managers can share this record")
    form = ChildShareForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        expires_at = timezone.make_aware(
            datetime.datetime.combine(form.cleaned_data["expires_on"], datetime.time.min)
        )
        try:
            services.child_share(
                actor=request.user,
                child=child,
                professional=form.professional,
                expires_at=expires_at,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            _add_service_errors(form, exc)
        else:
            messages.success(request, f"The record is shared with {form.professional.full_name}")
            return redirect("child-detail", child_id=child.pk)
    shares = CaseParticipant.objects.filter(
        child=child, role=CaseParticipant.Role.INVITED_PROFESSIONAL, revoked_at__isnull=True
    ).select_related("user")
    return render(request, "partnerships/child_share.html", {"form": form, "child": child, "shares": shares})


@login_required
def child_audit(request, child_id: int):
    child = _access_child(request, child_id)
    try:
        trail = selectors.child_audit_trail(user=request.user, child=child)
        views = selectors.child_access_log(user=request.user, child=child)
    except AccessDenied as exc:
        raise PermissionDenied(str(exc)) from exc
    return render(request, "partnerships/child_audit.html", {"child": child, "trail": trail, "views": views})
