"""Pages of the family portal and the school screens on the assessment journey: a family's request for an
EHC needs assessment (start page, one question a page, check answers, confirmation), their comments on
the draft plan, a school's request for a pupil, and a school's answer to a consultation.

Views are thin: reads go through ``ehcp.policy`` and the selectors, writes through the services, and a
policy refusal is a 403 (another tenant's case, or one out of reach, is a 404).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from partnerships.decorators import role_required
from partnerships.policy import AccessDenied
from partnerships.roles import FAMILY_ROLES, Role
from placements import naming_rules, selectors_lists

from . import clock, policy, selectors, selectors_plans, selectors_portal, selectors_school, services
from .forms_portal import (
    SOMEONE_ELSE,
    ChildForm,
    ConsultationResponseForm,
    DraftPlanResponseForm,
    EvidenceForm,
    ReasonsForm,
    RequesterForm,
    RequestStartForm,
    SchoolRequestForm,
    SettingForm,
    SupportForm,
    ViewsForm,
)
from .models import AssessmentRequest, Deadline
from .views_common import access_case as _access_request
from .views_common import add_service_errors as _add_service_errors
from .views_common import log_case_read as _record_viewed

Stage = AssessmentRequest.Stage

# The request journey, in order. Each question has its own page (request-step); then check answers.
STEPS = ("who", "child", "setting", "reasons", "views", "support", "evidence")
STEP_TITLES = {
    "who": "Who is making the request?",
    "child": "Who is the request for?",
    "setting": "Which school or college does the child or young person go to now?",
    "reasons": "Why do you think an EHC needs assessment is needed?",
    "views": "What are your views, and the child's or young person's views?",
    "support": "What support has the child or young person had so far?",
    "evidence": "Upload evidence",
}
SIMPLE_STEPS = {"reasons": ReasonsForm, "views": ViewsForm, "support": SupportForm}
# Which question page answers each field (for the check answers page's list of missing answers).
FIELD_STEPS = {
    "requester": "who",
    "child": "child",
    "child_first_name": "child",
    "child_last_name": "child",
    "child_date_of_birth": "child",
    "setting": "setting",
    "reasons": "reasons",
    "family_views": "views",
    "support_so_far": "support",
    "file": "evidence",
}
CASE_CLOCK_CODES = ("decide_whether_to_assess", "notify_not_to_issue", "final_plan_due")

# Helpers ----------------------------------------------------------------------------------------------


def _posted(request):
    """The submitted data on a POST (even an empty one, so that it is validated), else None."""
    return request.POST if request.method == "POST" else None


def _step_url(pk: int, step: str, *, back_to_check: bool = False) -> str:
    if step == "check":
        return reverse("request-check", args=[pk])
    url = reverse("request-step", args=[pk, step])
    return f"{url}?return=check" if back_to_check else url


def resume_step(case: AssessmentRequest, document_count: int = 0) -> str:
    """Where to carry on with a draft: the question after the last one answered (or check answers)."""
    answered = {
        "who": True,
        "child": bool(case.child_id or case.child_first_name or case.child_last_name),
        "setting": bool(case.setting_id),
        "reasons": bool(case.reasons.strip()),
        "views": bool(case.family_views.strip()),
        "support": bool(case.support_so_far.strip()),
        "evidence": document_count > 0,
    }
    last = max(i for i, step in enumerate(STEPS) if answered[step])
    return STEPS[last + 1] if last + 1 < len(STEPS) else "check"


def resume_url(case: AssessmentRequest) -> str:
    return _step_url(case.pk, resume_step(case, getattr(case, "document_count", 0)))


def _draft_or_redirect(request, pk: int):
    """The person's own draft, or a redirect to its confirmation once it has been sent."""
    case = _access_request(request, pk)
    if case.stage != Stage.DRAFT and case.requested_by_id == request.user.pk:
        return case, redirect("request-sent", pk=case.pk)
    if not policy.can_edit_draft(request.user, case):
        raise PermissionDenied("Only the person who started this request can change it before it is sent")
    return case, None


# Portal and school homes (called from partnerships.views_pages) --------------------------------------


def portal_home_context(request) -> dict:
    """'Your requests' and 'What you need to do' for the family portal home."""
    cases = selectors_portal.portal_requests(user=request.user)
    by_pk = {case.pk: case for case in cases}
    for case in cases:
        case.tag_class = selectors_portal.STAGE_TAGS.get(case.stage, "govuk-tag--grey")
        case.what_happens_next = selectors_portal.WHAT_HAPPENS_NEXT.get(case.stage, "")
        # What the family must do comes first; otherwise the soonest deadline on the case.
        family_first = sorted(
            case.open_deadlines, key=lambda d: (d.who_acts != Deadline.WhoActs.FAMILY, d.due_on)
        )
        case.next_deadline = family_first[0] if family_first else None
        if case.stage == Stage.DRAFT:
            case.continue_url = resume_url(case)
    actions = []
    for action in selectors.family_actions(user=request.user):
        case = by_pk.get(action["request"].pk, action["request"])
        item = {**action, "request": case}
        if action["kind"] == "finish_request":
            item["url"] = resume_url(case)
        elif action["kind"] == "comments_due":
            item["url"] = reverse("draft-plan-respond", args=[case.pk])
        actions.append(item)
    return {"cases": cases, "actions": actions, "plans": selectors_plans.family_plans(user=request.user)}


def school_dashboard_context(request) -> dict:
    """The SENCO's and headteacher's dashboard sections (AP providers see only their pupils)."""
    if not policy.actor_for(request.user).has_role(*policy.SCHOOL_STAFF):
        return {"is_school_staff": False}
    dashboard = selectors_portal.school_dashboard(user=request.user, page_number=request.GET.get("page"))
    for case in dashboard["requests"]:
        case.tag_class = selectors_portal.STAGE_TAGS.get(case.stage, "govuk-tag--grey")
    return {
        "is_school_staff": True,
        **dashboard,
        "school_plans": selectors_school.school_plans(user=request.user),
    }


# The family's request ---------------------------------------------------------------------------------


@role_required(*FAMILY_ROLES)
@require_http_methods(["GET", "POST"])
def request_start(request):
    """The start page: what happens and the 20-week clock; then who is asking, which creates the draft."""
    partnerships = list(selectors_portal.family_partnerships(user=request.user))
    form = RequestStartForm(_posted(request), partnerships=partnerships)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.request_start(
                actor=request.user,
                partnership=form.cleaned_data["partnership"],
                requester=form.cleaned_data["requester"],
            )
        except AccessDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        except ValidationError as exc:
            _add_service_errors(form, exc)
        else:
            return redirect("request-step", pk=case.pk, step="child")
    return render(request, "ehcp/portal/request_start.html", {"form": form, "example": _example_deadlines()})


def _example_deadlines() -> dict:
    """When the clock would run out for a request received today (for the start page)."""
    try:
        return {d.code: d.due for d in clock.deadlines_for("request_received", timezone.localdate())}
    except (clock.DateOutOfRange, clock.UnknownEvent):
        return {}


@login_required
@require_http_methods(["GET", "POST"])
def request_step(request, pk: int, step: str):
    if step not in STEPS:
        raise Http404("No such question")
    case, sent = _draft_or_redirect(request, pk)
    if sent:
        return sent
    back_to_check = request.GET.get("return") == "check"
    index = STEPS.index(step)
    if back_to_check:
        back_url = _step_url(pk, "check")
    elif index == 0:
        back_url = reverse("portal-home")
    else:
        back_url = _step_url(pk, STEPS[index - 1])
    next_url = _step_url(pk, "check" if back_to_check or index + 1 == len(STEPS) else STEPS[index + 1])
    handler = _evidence_page if step == "evidence" else _question_page
    return handler(request, case, step, back_url=back_url, next_url=next_url, back_to_check=back_to_check)


def _question_form(request, case: AssessmentRequest, step: str):
    data = _posted(request)
    if step == "who":
        return RequesterForm(data, initial={"requester": case.requester})
    if step == "child":
        chosen = str(case.child_id) if case.child_id else (SOMEONE_ELSE if case.child_first_name else None)
        return ChildForm(
            data,
            children=selectors_portal.linked_children(user=request.user, partnership_id=case.partnership_id),
            initial={
                "child": chosen,
                "child_first_name": case.child_first_name,
                "child_last_name": case.child_last_name,
                "child_date_of_birth": case.child_date_of_birth,
            },
        )
    if step == "setting":
        current = case.setting_id or (case.child.current_setting_id if case.child_id else None)
        return SettingForm(
            data,
            settings=selectors_portal.partnership_settings(partnership_id=case.partnership_id),
            initial={"setting": current},
        )
    form_class = SIMPLE_STEPS[step]
    field = next(iter(form_class.base_fields))
    return form_class(data, initial={field: getattr(case, field)})


def _save_answer(request, case: AssessmentRequest, step: str, form) -> None:
    data = form.cleaned_data
    if step == "who":
        services.request_update_draft(actor=request.user, request=case, requester=data["requester"])
    elif step == "child":
        services.request_update_draft(
            actor=request.user,
            request=case,
            child=form.chosen_child,
            child_first_name=data.get("child_first_name") or "",
            child_last_name=data.get("child_last_name") or "",
            child_date_of_birth=data.get("child_date_of_birth"),
        )
    else:
        services.request_update_draft(actor=request.user, request=case, **data)


def _question_page(request, case, step, *, back_url, next_url, back_to_check):
    form = _question_form(request, case, step)
    if request.method == "POST" and form.is_valid():
        try:
            _save_answer(request, case, step, form)
        except AccessDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        except ValidationError as exc:
            _add_service_errors(form, exc)
        else:
            return redirect(next_url)
    template = "ehcp/portal/request_child.html" if step == "child" else "ehcp/portal/request_question.html"
    return render(
        request,
        template,
        {
            "case": case,
            "form": form,
            "field": next(iter(form.visible_fields()), None),
            "step": step,
            "title": STEP_TITLES[step],
            "back_url": back_url,
            "button": "Save and go to check answers" if back_to_check else "Continue",
        },
    )


def _evidence_page(request, case, step, *, back_url, next_url, back_to_check):
    form = EvidenceForm(_posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        action = request.POST.get("action", "continue")
        if upload is None and action == "upload":
            form.add_error("file", "Select a file to upload")
        elif upload is None:
            return redirect(next_url)
        else:
            try:
                document = services.document_add(
                    actor=request.user, request=case, upload=upload, title=form.cleaned_data["title"]
                )
            except AccessDenied as exc:
                raise PermissionDenied(str(exc)) from exc
            except ValidationError as exc:
                _add_service_errors(form, exc)
            else:
                messages.success(request, f"{document.original_name} has been uploaded")
                if action == "continue":
                    return redirect(next_url)
                return redirect(request.get_full_path())
    return render(
        request,
        "ehcp/portal/request_evidence.html",
        {
            "case": case,
            "form": form,
            "documents": selectors_portal.request_documents(request=case),
            "title": STEP_TITLES[step],
            "back_url": back_url,
            "continue_label": "Save and go to check answers" if back_to_check else "Continue",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_check(request, pk: int):
    case, sent = _draft_or_redirect(request, pk)
    if sent:
        return sent
    errors = []
    if request.method == "POST":
        try:
            services.request_submit(actor=request.user, request=case)
        except AccessDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        except ValidationError as exc:
            for field, messages_ in exc.message_dict.items():
                step = FIELD_STEPS.get(field, "child")
                href = _step_url(pk, step, back_to_check=True)
                errors.extend({"text": text, "href": href} for text in messages_)
        else:
            return redirect("request-sent", pk=case.pk)
    return render(
        request,
        "ehcp/portal/request_check.html",
        {
            "case": case,
            "documents": selectors_portal.request_documents(request=case),
            "errors": errors,
            "change": {step: _step_url(pk, step, back_to_check=True) for step in STEPS},
        },
    )


@login_required
def request_sent(request, pk: int):
    case = _access_request(request, pk)
    if case.stage == Stage.DRAFT:
        if policy.can_edit_draft(request.user, case):
            return redirect("request-check", pk=case.pk)
        raise PermissionDenied("This request has not been sent")
    if not policy.is_family(request.user, case):
        raise PermissionDenied("This confirmation is for the family who sent the request")
    _record_viewed(request, case)
    deadlines = {d.code: d for d in selectors_portal.case_deadlines(request=case, codes=CASE_CLOCK_CODES)}
    return render(
        request,
        "ehcp/portal/request_sent.html",
        {
            "case": case,
            "decide": deadlines.get("decide_whether_to_assess"),
            "not_issue": deadlines.get("notify_not_to_issue"),
            "final": deadlines.get("final_plan_due"),
        },
    )


# The draft plan ---------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def draft_plan_respond(request, pk: int):
    case = _access_request(request, pk)
    plan = selectors_portal.plan_for_case(request=case)
    if plan is None:
        raise Http404("There is no plan on this case yet")
    plan.request = case
    if not policy.can_comment_on_draft(request.user, plan):
        raise PermissionDenied("Only the family can comment on the draft plan, while it is a draft")
    _record_viewed(request, case)
    form = DraftPlanResponseForm(
        _posted(request),
        settings=selectors_portal.partnership_settings(partnership_id=case.partnership_id),
        initial={
            "comments": plan.family_comments,
            "preferred_setting": plan.preferred_setting_id,
            "preference_reasons": plan.preference_reasons,
            "wants_meeting": plan.wants_meeting,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.draft_plan_respond(actor=request.user, plan=plan, **form.cleaned_data)
        except AccessDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        except ValidationError as exc:
            _add_service_errors(form, exc)
        else:
            messages.success(request, "Your comments on the draft plan have been sent")
            return redirect("portal-home")
    return render(
        request,
        "ehcp/portal/draft_plan_respond.html",
        {
            "case": case,
            "plan": plan,
            "shown": selectors_portal.plan_shown(user=request.user, plan=plan),
            "deadline": selectors_portal.comments_deadline(request=case),
            "form": form,
        },
    )


# The school -------------------------------------------------------------------------------------------


@role_required(Role.SENCO, Role.HEADTEACHER)
@require_http_methods(["GET", "POST"])
def school_request_start(request):
    form = SchoolRequestForm(
        _posted(request), children=selectors.children_for_school_request(user=request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            case = services.request_from_school(actor=request.user, **form.cleaned_data)
        except AccessDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        except ValidationError as exc:
            _add_service_errors(form, exc)
        else:
            decide = selectors_portal.case_deadlines(request=case, codes=("decide_whether_to_assess",))
            when = f": the local authority must decide whether to assess by {decide[0].due_on:%A %-d %B %Y}"
            messages.success(
                request,
                f"Request number {case.pk} for {case.child.full_name} has been sent"
                + (when if decide else ""),
            )
            return redirect("school-home")
    return render(request, "ehcp/portal/school_request.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def consultation_respond(request, pk: int):
    actor = policy.actor_for(request.user)
    if actor.is_aggregate_only:
        raise PermissionDenied("DfE regional and national users see aggregates, not cases")
    consultation = selectors_portal.consultation_for_setting(user=request.user, consultation_id=pk)
    if consultation is None:
        raise Http404("No consultation found")
    if consultation.setting_id not in actor.setting_ids_for(*policy.SCHOOL_STAFF):
        raise PermissionDenied("Only the consulted school or college answers a consultation")
    case = consultation.plan.request
    _record_viewed(request, case)
    form = (
        None
        if consultation.response
        else ConsultationResponseForm(
            _posted(request), grounds=selectors_lists.consultation_grounds(consultation)
        )
    )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("This consultation has already been answered")
        if form.is_valid():
            try:
                services.consultation_respond(
                    actor=request.user,
                    consultation=consultation,
                    response=form.cleaned_data["response"],
                    details=form.cleaned_data["details"],
                    decline_ground=form.cleaned_data.get("decline_ground") or "",
                )
            except AccessDenied as exc:
                raise PermissionDenied(str(exc)) from exc
            except ValidationError as exc:
                _add_service_errors(form, exc)
            else:
                messages.success(
                    request, f"Your answer about {consultation.plan.child.full_name} has been sent"
                )
                return redirect("school-home")
    return render(
        request,
        "ehcp/portal/consultation_respond.html",
        {
            "consultation": consultation,
            "child": consultation.plan.child,
            "shown": selectors_portal.plan_shown(
                user=request.user, plan=consultation.plan, codes=selectors_portal.CONSULTATION_SECTIONS
            ),
            "deadline": selectors_portal.consultation_deadline(consultation=consultation),
            "decline_ground": naming_rules.decline_grounds().get(consultation.decline_ground),
            "form": form,
        },
    )
