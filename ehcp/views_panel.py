"""Pages of the panel area: the multi-agency panel's meetings, advisers' inboxes, and bringing a child to
the LA's attention. Views are thin: they read through ``selectors_panel`` (scoped by ``ehcp.policy``),
write through the services, and turn policy refusals into 403 (and records out of reach into 404)."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from partnerships import selectors as child_selectors
from partnerships import services as child_services
from partnerships.policy import AccessDenied, actor_for

from . import policy, selectors_panel, services
from .forms_panel import (
    AddCaseForm,
    AdviceSubmitForm,
    AttentionReferralForm,
    PanelMeetingForm,
    RecommendationForm,
)
from .models import AdviceRequest
from .views_common import add_service_errors as _add_service_errors
from .views_common import file_download

# Where each service's error keys show on the page's form, when the form names the field differently.
MEETING_ERROR_FIELDS = {"members": "member_1_name", "meets_at": "meets_on"}
ADVICE_ERROR_FIELDS = {"file": "document"}


def _policy(view):
    """Signed in; a refusal from the policy or a service (AccessDenied) is a 403."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except AccessDenied as exc:
            raise PermissionDenied(str(exc)) from exc

    return wrapped


def _posted(request, *, files: bool = False) -> tuple:
    """A form's data: bound on any POST, even an empty one (so an empty submission shows its errors)."""
    if request.method != "POST":
        return (None, None) if files else (None,)
    return (request.POST, request.FILES) if files else (request.POST,)


def _viewed(request, child, channel: str = "page") -> None:
    if child is not None:
        child_services.child_record_viewed(
            actor=request.user, child=child, channel=channel, path=request.path
        )


def _no_aggregate_only(user) -> None:
    if actor_for(user).is_aggregate_only:
        raise AccessDenied("DfE regional and national users see aggregates, not cases")


# Panel meetings -------------------------------------------------------------------------------------


@require_safe
@_policy
def panel_meetings(request):
    _no_aggregate_only(request.user)
    upcoming = list(selectors_panel.meetings_upcoming(user=request.user))
    past = list(selectors_panel.meetings_past(user=request.user))
    for meeting in (*upcoming, *past):
        meeting.when = selectors_panel.when_text(meeting.meets_at)
    return render(
        request,
        "ehcp/panel/meetings.html",
        {
            "upcoming": upcoming,
            "past": past,
            "can_arrange": selectors_panel.panel_partnerships(user=request.user).exists(),
        },
    )


@require_http_methods(["GET", "POST"])
@_policy
def panel_meeting_new(request):
    partnerships = list(selectors_panel.panel_partnerships(user=request.user))
    if not partnerships:
        raise PermissionDenied("Only the partnership's caseworkers and SEND managers arrange panel meetings")
    candidates = selectors_panel.panel_member_candidates(partnership_ids=[p.pk for p in partnerships])
    form = PanelMeetingForm(*_posted(request), partnerships=partnerships, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.panel_meeting_create(
                actor=request.user,
                partnership=data["partnership"],
                meets_at=data["meets_at"],
                location=data["location"],
                agenda=data["agenda"],
                members=data["members"],
            )
        except ValidationError as exc:
            _add_service_errors(form, exc, MEETING_ERROR_FIELDS)
        else:
            messages.success(
                request, f"Panel meeting arranged for {selectors_panel.when_text(meeting.meets_at)}"
            )
            return redirect("panel-meeting", pk=meeting.pk)
    return render(request, "ehcp/panel/meeting_form.html", {"form": form})


@require_safe
@_policy
def panel_meeting(request, pk: int):
    meeting = selectors_panel.meeting_get(user=request.user, meeting_id=pk)
    members = selectors_panel.meeting_members(meeting=meeting)
    cases = selectors_panel.meeting_cases(meeting=meeting)
    for panel_case in cases:
        _viewed(request, panel_case.request.child)
    return render(
        request,
        "ehcp/panel/meeting.html",
        {
            "meeting": meeting,
            "when": selectors_panel.when_text(meeting.meets_at),
            "members": members,
            "missing": selectors_panel.missing_perspectives(m.perspective for m in members),
            "cases": cases,
            "can_run": policy.can_run_panel(request.user, meeting),
        },
    )


def _meeting_to_run(request, pk: int):
    meeting = selectors_panel.meeting_get(user=request.user, meeting_id=pk)
    if not policy.can_run_panel(request.user, meeting):
        raise PermissionDenied("Only the partnership's caseworkers and SEND managers run the panel")
    return meeting


@require_http_methods(["GET", "POST"])
@_policy
def panel_add_case(request, pk: int):
    meeting = _meeting_to_run(request, pk)
    cases = selectors_panel.addable_cases(user=request.user, meeting=meeting)
    form = AddCaseForm(*_posted(request), cases=cases)
    if request.method == "POST" and form.is_valid():
        case = form.cleaned_data["request"]
        try:
            services.panel_add_case(actor=request.user, meeting=meeting, request=case)
        except ValidationError as exc:
            _add_service_errors(form, exc)
        else:
            messages.success(
                request, f"{case.child_display_name}'s case has been added to the meeting's list"
            )
            return redirect("panel-meeting", pk=meeting.pk)
    return render(
        request,
        "ehcp/panel/add_case.html",
        {
            "meeting": meeting,
            "when": selectors_panel.when_text(meeting.meets_at),
            "form": form,
            "has_cases": cases.exists(),
        },
    )


@require_http_methods(["GET", "POST"])
@_policy
def panel_recommend(request, pk: int, case_id: int):
    meeting = _meeting_to_run(request, pk)
    panel_case = selectors_panel.panel_case_get(meeting=meeting, case_id=case_id)
    initial = {"recommendation": panel_case.recommendation, "reasons": panel_case.reasons}
    form = RecommendationForm(*_posted(request), initial=initial if panel_case.recommendation else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.panel_record_recommendation(
                actor=request.user,
                panel_case=panel_case,
                recommendation=form.cleaned_data["recommendation"],
                reasons=form.cleaned_data["reasons"],
            )
        except ValidationError as exc:
            _add_service_errors(form, exc)
        else:
            messages.success(
                request, f"The panel's recommendation for {panel_case.request.child_display_name} is recorded"
            )
            return redirect(
                f"{reverse('panel-meeting', kwargs={'pk': meeting.pk})}#case-{panel_case.request_id}"
            )
    _viewed(request, panel_case.request.child)
    return render(
        request,
        "ehcp/panel/recommend.html",
        {
            "meeting": meeting,
            "when": selectors_panel.when_text(meeting.meets_at),
            "panel_case": panel_case,
            "case": panel_case.request,
            "form": form,
        },
    )


# Advice ---------------------------------------------------------------------------------------------


@require_safe
@login_required
def advice_inbox(request):
    advice = selectors_panel.advice_inbox(user=request.user)
    waiting = [a for a in advice if a.status == AdviceRequest.Status.REQUESTED]
    done = [a for a in advice if a.status != AdviceRequest.Status.REQUESTED]
    return render(request, "ehcp/panel/advice_inbox.html", {"waiting": waiting, "done": done})


@require_http_methods(["GET", "POST"])
@_policy
def advice_detail(request, pk: int):
    advice = selectors_panel.advice_get(user=request.user, advice_id=pk)
    can_submit = policy.can_submit_advice(request.user, advice)
    form = AdviceSubmitForm(*_posted(request, files=True)) if can_submit else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("This advice has already been submitted, or is not yours to give")
        if form.is_valid():
            try:
                services.advice_submit(
                    actor=request.user,
                    advice=advice,
                    text=form.cleaned_data["advice"],
                    upload=form.cleaned_data["document"],
                )
            except ValidationError as exc:
                _add_service_errors(form, exc, ADVICE_ERROR_FIELDS)
            else:
                return redirect(f"{reverse('advice-detail', kwargs={'pk': advice.pk})}?submitted=1")
    _viewed(request, advice.request.child)
    return render(
        request,
        "ehcp/panel/advice_detail.html",
        {
            "advice": advice,
            "case": advice.request,
            "child": advice.request.child,
            "documents": selectors_panel.advice_documents(advice=advice),
            "form": form,
            "just_submitted": request.GET.get("submitted") == "1"
            and advice.status == AdviceRequest.Status.SUBMITTED,
        },
    )


@require_safe
@_policy
def advice_document(request, pk: int, doc_id: int):
    """A document of the case, opened from the adviser's inbox (logged like a read of the record)."""
    advice = selectors_panel.advice_get(user=request.user, advice_id=pk)
    document = selectors_panel.advice_document_get(advice=advice, document_id=doc_id)
    _viewed(request, advice.request.child)
    return file_download(document)


# Bringing a child to the LA's attention -------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@_policy
def bring_to_attention(request, child_id: int):
    child = child_selectors.child_get(user=request.user, child_id=child_id)
    if not policy.can_bring_to_attention(request.user, child):
        raise PermissionDenied("You cannot bring this child to the local authority's attention")
    form = AttentionReferralForm(*_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.bring_to_attention(actor=request.user, child=child, summary=form.cleaned_data["summary"])
        except ValidationError as exc:
            _add_service_errors(form, exc)
        else:
            return redirect(f"{reverse('bring-to-attention', kwargs={'child_id': child.pk})}?sent=1")
    referral = (
        selectors_panel.latest_referral(user=request.user, child=child)
        if request.GET.get("sent") == "1"
        else None
    )
    return render(
        request,
        "ehcp/panel/bring_to_attention.html",
        {
            "child": child,
            "form": form,
            "referral": referral,
            "can_request": policy.can_request_for_setting(request.user, child),
        },
    )
