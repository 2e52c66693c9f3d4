"""The caseworker back office and the case page. Views are thin: they read through the policy and the
selectors, write through the services, and turn policy refusals into 403 or 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from partnerships import policy as partnerships_policy
from partnerships import selectors as partnerships_selectors
from partnerships.decorators import role_required
from partnerships.forms import ChildSearchForm
from partnerships.policy import AccessDenied
from partnerships.roles import LA_ROLES
from placements import policy as placement_policy
from placements import selectors_lists

from . import letters, plan_content, policy, selectors, selectors_decisions, services
from . import selectors_backoffice as backoffice
from .forms_backoffice import (
    ChildFindForm,
    DocumentAddForm,
    QueueFilterForm,
    ReassignForm,
    RecordRequestForm,
    ReferralDecisionForm,
)
from .models import AssessmentRequest, AttentionReferral, Plan
from .views_common import access_case as _access_case
from .views_common import add_service_errors as _add_service_errors
from .views_common import file_download
from .views_common import log_case_read as _log_read

Stage = AssessmentRequest.Stage
PAGE_SIZE = 25
CHILD_RESULTS = 25
# What the stored letter (a self-contained document with its own inline styles) may load: nothing else.
LETTER_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


def _url(name: str, *args) -> str | None:
    """The address of a page, or None while the area that owns it has not built it yet."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _page_links(page) -> list:
    """GOV.UK pagination items: page numbers with an ellipsis (None) where pages are left out."""
    return [
        None if number == page.paginator.ELLIPSIS else number
        for number in page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    ]


# The work queue ------------------------------------------------------------------------------------------


def _render_queue(request, query: QueryDict, *, reassign_form: ReassignForm | None = None):
    user = request.user
    caseworkers = backoffice.caseworker_choices(user=user)
    settings = backoffice.setting_choices(user=user)
    filter_values = query.copy()
    filter_values.pop("page", None)
    filter_form = QueueFilterForm(filter_values or None, caseworkers=caseworkers, settings=settings)
    filter_form.is_valid()
    today = timezone.localdate()
    cases = selectors.work_queue(user=user, filters=filter_form.queue_filters(user=user), today=today)
    page = Paginator(cases, PAGE_SIZE).get_page(query.get("page"))
    if reassign_form is None:
        reassign_form = ReassignForm(caseworkers=caseworkers, initial={"filters": query.urlencode()})
    selected = (
        {int(v) for v in reassign_form.data.getlist("cases") if v.isdecimal()}
        if reassign_form.is_bound
        else set()
    )
    return render(
        request,
        "ehcp/backoffice/queue.html",
        {
            "filter_form": filter_form,
            "form": reassign_form,
            "query": query,
            "page": page,
            "page_links": _page_links(page),
            "rows": backoffice.queue_rows(list(page.object_list), today=today),
            "selected": selected,
            "today": today,
            "can_create_child": bool(backoffice.la_partnership_ids(user)),
        },
    )


@role_required(*LA_ROLES)
@require_safe
def work_queue(request):
    """Open cases, most urgent first, with filters; tick cases to reassign them."""
    return _render_queue(request, request.GET)


@role_required(*LA_ROLES)
@require_POST
def case_reassign(request):
    """Bulk reassignment from the queue. Errors are shown on the queue, with the same filters."""
    query = QueryDict(request.POST.get("filters", ""), mutable=False)
    form = ReassignForm(request.POST, caseworkers=backoffice.caseworker_choices(user=request.user))
    if form.is_valid():
        ids = form.cleaned_data["cases"]
        cases = list(policy.requests_visible_to(request.user).filter(pk__in=ids))
        if len(cases) != len(ids):
            raise Http404("No assessment request found")
        caseworker = form.chosen_caseworker
        try:
            count = services.assign_caseworker(actor=request.user, requests=cases, caseworker=caseworker)
        except AccessDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        except ValidationError as exc:
            _add_service_errors(form, exc)
        else:
            who = (caseworker.full_name or caseworker.email) if caseworker else "no one (unassigned)"
            noun = "case" if count == 1 else "cases"
            messages.success(request, f"{count} {noun} reassigned to {who}")
            target = reverse("backoffice-home")
            return redirect(f"{target}?{query.urlencode()}" if query else target)
    return _render_queue(request, query, reassign_form=form)


@role_required(*LA_ROLES)
@require_safe
def backoffice_children(request):
    """The children's records of the partnership (the caseload list), searchable."""
    form = ChildSearchForm(request.GET or None)
    search = form.cleaned_data["q"] if form.is_valid() else ""
    page = Paginator(partnerships_selectors.child_list(user=request.user, search=search), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "partnerships/backoffice_home.html",
        {
            "form": form,
            "search": search,
            "page": page,
            "can_create": partnerships_policy.creatable_partnerships(request.user).exists(),
        },
    )


# The case page ------------------------------------------------------------------------------------------


def _actions(user, case: AssessmentRequest, plan: Plan | None) -> list[dict]:
    """The next steps this person may take on the case, as links to the pages that do them."""
    pk = case.pk
    manage = policy.can_manage(user, case)
    decide = policy.can_decide(user, case)
    stage = case.stage
    wanted = []
    if decide and stage in (Stage.RECEIVED, Stage.PANEL):
        wanted.append(("case-decide-assess", "Decide whether to assess"))
    if manage and stage == Stage.ASSESSING:
        wanted.append(("case-advice-new", "Ask for advice"))
    if decide and stage == Stage.ASSESSING and not case.issue_decision:
        wanted.append(("case-decide-issue", "Decide whether to issue a plan"))
    if manage and stage == Stage.ASSESSING and case.issue_decision == AssessmentRequest.IssueDecision.ISSUE:
        wanted.append(("case-draft-plan", "Write and issue the draft plan"))
    if manage and stage == Stage.DRAFT_PLAN and plan is not None and plan.status == Plan.Status.DRAFT:
        wanted.append(("case-consult", "Consult a school or college"))
    if (
        (manage or decide)
        and stage == Stage.DRAFT_PLAN
        and plan is not None
        and plan.status == Plan.Status.DRAFT
    ):
        wanted.append(("case-final-plan", "Issue the final plan"))
    if decide and case.is_open:
        wanted.append(("case-exception", "Record an exception to a time limit"))
    if manage and case.is_open:
        wanted.append(("case-withdraw", "Record that the request is withdrawn"))
    if plan is not None and policy.can_comment_on_draft(user, plan):
        wanted.append(("draft-plan-respond", "Comment on the draft plan"))
    actions = []
    for name, text in wanted:
        url = _url(name, pk)
        if url:
            actions.append({"url": url, "text": text, "name": name})
    return actions


@login_required
@require_safe
def case_detail(request, pk: int):
    case = _access_case(request, pk)
    _log_read(request, case)
    user = request.user
    case_file = backoffice.case_file(request=case)
    manage = policy.can_manage(user, case)
    plan = case_file.plan
    version = selectors_decisions.version_shown(user=user, plan=plan)
    return render(
        request,
        "ehcp/backoffice/case_detail.html",
        {
            "case": case,
            "file": case_file,
            "deadlines": case_file.timeline,
            "documents": case_file.documents,
            "plan_version": version,
            "plan_content": plan_content.present(version.content) if version is not None else [],
            "plan_edit_url": _plan_edit_url(user, plan, version),
            "actions": _actions(user, case, case_file.plan),
            "can_manage": manage,
            "can_add_document": backoffice.can_add_document(user, case),
            "back_url": reverse("backoffice-home") if manage else None,
            "placement_events": selectors_lists.case_events(plan, user),
            **_placement_link(user, plan),
        },
    )


def _placement_link(user, plan: Plan | None) -> dict:
    """The tailored list and placement page for the LA; the family's list and preferences page."""
    if plan is None:
        return {}
    if placement_policy.can_manage_lists(user, plan):
        return {
            "placement_url": reverse("placement-la-list", args=[plan.pk]),
            "placement_link_text": "Tailored list, preferences, consultations and naming decision",
            "placement_pending": selectors_lists.pending_requests_for_plan(plan),
        }
    if placement_policy.is_family(user, plan):
        return {
            "placement_url": reverse("placement-family-list", args=[plan.pk]),
            "placement_link_text": "Schools and colleges: the list and your preferences",
        }
    return {}


def _plan_edit_url(user, plan: Plan | None, version) -> str:
    """The plan editor, for the LA staff who may change the version being written."""
    if plan is None or version is None or version.status != version.Status.WORKING:
        return ""
    if not policy.can_edit_plan(user, plan):
        return ""
    return reverse("plan-edit", kwargs={"plan_id": plan.pk})


# Documents and letters ----------------------------------------------------------------------------------


def letter_pdf_response(letter) -> HttpResponse:
    response = HttpResponse(letters.decision_letter_pdf(letter), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="decision-letter-{letter.pk}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_safe
def case_document(request, pk: int, doc_id: int):
    case = _access_case(request, pk)
    document = backoffice.case_document(request=case, document_id=doc_id)
    _log_read(request, case)
    return file_download(document)


@login_required
@require_http_methods(["GET", "POST"])
def case_document_add(request, pk: int):
    case = _access_case(request, pk)
    if not backoffice.can_add_document(request.user, case):
        raise PermissionDenied("You cannot add documents to this case")
    form = DocumentAddForm(request.POST, request.FILES) if request.method == "POST" else DocumentAddForm()
    if request.method == "POST" and form.is_valid():
        try:
            document = services.document_add(
                actor=request.user,
                request=case,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )
        except AccessDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        except ValidationError as exc:
            _add_service_errors(form, exc)
        else:
            messages.success(request, f"{document.title} has been added to the case")
            return redirect(reverse("case-detail", args=[case.pk]) + "#documents")
    return render(request, "ehcp/backoffice/document_add.html", {"form": form, "case": case})


@login_required
@require_safe
def case_letter(request, pk: int, letter_id: int):
    """The letter exactly as it was sent: its own self-contained document (docs/adr/0010)."""
    case = _access_case(request, pk)
    letter = backoffice.case_letter(request=case, letter_id=letter_id)
    _log_read(request, case)
    response = HttpResponse(letter.html, content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = LETTER_CSP
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_safe
def case_letter_pdf(request, pk: int, letter_id: int):
    case = _access_case(request, pk)
    letter = backoffice.case_letter(request=case, letter_id=letter_id)
    _log_read(request, case)
    return letter_pdf_response(letter)


# Recording a request that came by post or email ---------------------------------------------------------


@role_required(*LA_ROLES)
@require_http_methods(["GET", "POST"])
def request_record(request):
    """First find the child (or add their record), then record the request from the day it was received."""
    children = backoffice.recordable_children(user=request.user)
    child_id = request.GET.get("child", "")
    if not child_id:
        if request.method != "GET":
            raise Http404("Choose the child first")
        find_form = ChildFindForm(request.GET or None)
        search = find_form.cleaned_data["q"].strip() if find_form.is_valid() else ""
        results = (
            list(backoffice.find_children(user=request.user, search=search)[: CHILD_RESULTS + 1])
            if search
            else []
        )
        return render(
            request,
            "ehcp/backoffice/record_find_child.html",
            {
                "form": find_form,
                "search": search,
                "results": results[:CHILD_RESULTS],
                "more": len(results) > CHILD_RESULTS,
                "can_create_child": partnerships_policy.creatable_partnerships(request.user).exists(),
            },
        )
    child = children.filter(pk=child_id).first() if child_id.isdecimal() else None
    if child is None:
        raise Http404("No child found")
    form = RecordRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.request_record(
                actor=request.user,
                child=child,
                requester=data["requester"],
                requester_name=data["requester_name"],
                received_on=data["received_on"],
                reasons=data["reasons"],
                family_views=data["family_views"],
            )
        except AccessDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        except ValidationError as exc:
            _add_service_errors(form, exc)
        else:
            messages.success(request, f"Request recorded: case number {case.pk}")
            return redirect("case-detail", pk=case.pk)
    return render(request, "ehcp/backoffice/record_form.html", {"form": form, "child": child})


# Referrals ----------------------------------------------------------------------------------------------


@role_required(*LA_ROLES)
@require_safe
def referrals(request):
    """Children brought to the local authority's attention, waiting for its decision."""
    page = Paginator(backoffice.open_referrals(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "ehcp/backoffice/referrals.html",
        {"page": page, "page_links": _page_links(page), "query": request.GET},
    )


@role_required(*LA_ROLES)
@require_http_methods(["GET", "POST"])
def referral_decide(request, pk: int):
    referral = backoffice.access_referral(user=request.user, referral_id=pk)
    decided = referral.outcome != AttentionReferral.Outcome.OPEN
    form = ReferralDecisionForm(request.POST if request.method == "POST" and not decided else None)
    if request.method == "POST" and not decided and form.is_valid():
        consider = form.cleaned_data["consider"] == "yes"
        try:
            case = services.attention_referral_decide(
                actor=request.user, referral=referral, consider=consider, reasons=form.cleaned_data["reasons"]
            )
        except AccessDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        except ValidationError as exc:
            _add_service_errors(form, exc)
        else:
            if case is not None:
                messages.success(request, f"The statutory clock has started: case number {case.pk}")
                return redirect("case-detail", pk=case.pk)
            messages.success(request, f"No assessment will be considered for {referral.child.full_name}")
            return redirect("referrals")
    return render(
        request,
        "ehcp/backoffice/referral_decide.html",
        {"form": form, "referral": referral, "decided": decided},
    )
