"""Pages of tailored lists (docs/adr/0016): the LA's list, requests, consultations and naming decision;
the family's list and preferences; the setting's register entry and consultation inbox. Thin: the policy
decides access, services do the work, selectors read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ehcp import selectors as ehcp_selectors
from ehcp.views_common import add_service_errors
from partnerships import services as partnership_services
from partnerships.models import Setting
from partnerships.policy import AccessDenied

from . import categories, lists, naming_rules, policy, selectors_lists, services_lists
from .forms_lists import (
    CapacityForm,
    NamingDecisionForm,
    PlacementRequestForm,
    PreferencesForm,
    RequestAnswerForm,
)
from .models import PlacementRequest


def _plan(request, pk: int, *, require):
    plan = policy.open_plan(request.user, pk)
    require(request.user, plan)
    partnership_services.child_record_viewed(
        actor=request.user, child=plan.child, channel="page", path=request.path
    )
    return plan


def _posted(request):
    return request.POST if request.method == "POST" else None


def _entry_rows(tailored):
    """Entries with their group and category in words."""
    rows = []
    for entry in tailored.ordered_entries if tailored else []:
        entry.group_label = lists.GROUP_LABELS.get(entry.group, "")
        entry.category_label = categories.CATEGORIES.get(entry.category, "Not named from a list")
        entry.distance_km = lists.km(entry.distance_m) if entry.distance_m is not None else ""
        rows.append(entry)
    return rows


def _list_context(plan) -> dict:
    tailored = selectors_lists.current_list(plan)
    entries = _entry_rows(tailored)
    return {
        "plan": plan,
        "child": plan.child,
        "stage": selectors_lists.list_stage(plan),
        "tailored": tailored,
        "included": [e for e in entries if e.included],
        "excluded": [e for e in entries if not e.included],
        "preferences": selectors_lists.preferences(plan),
        "requests": selectors_lists.placement_requests(plan),
        "consultations": selectors_lists.consultation_rows(plan),
        "decision": selectors_lists.latest_decision(plan),
        "grounds": naming_rules.grounds(),
    }


# The local authority ------------------------------------------------------------------------------------


@login_required
@require_safe
def la_list(request, pk: int):
    plan = _plan(request, pk, require=policy.require_list_manager)
    context = _list_context(plan)
    context["earlier"] = selectors_lists.earlier_lists(plan)[:10]
    context["case_url"] = reverse("case-detail", args=[plan.request_id]) if plan.request_id else ""
    context["show_cost"] = policy.can_see_cost(request.user, plan)
    tailored = context["tailored"]
    context["need_words"] = lists.need_words(tailored.criteria.get("need_codes", [])) if tailored else ""
    return render(request, "placements/lists/la_list.html", context)


@login_required
@require_POST
def la_generate(request, pk: int):
    plan = _plan(request, pk, require=policy.require_list_manager)
    try:
        services_lists.list_generate(actor=request.user, plan=plan)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"A tailored list for {plan.child.full_name} has been generated")
    return redirect("placement-la-list", pk=plan.pk)


@login_required
@require_POST
def la_consult(request, pk: int):
    plan = _plan(request, pk, require=policy.require_list_manager)
    try:
        sent = services_lists.consult_preferences(actor=request.user, plan=plan)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        names = ", ".join(c.setting.name for c in sent)
        messages.success(request, f"Consultations sent to {names}. Each should answer within 15 days.")
    return redirect("placement-la-list", pk=plan.pk)


@login_required
@require_http_methods(["GET", "POST"])
def la_request_answer(request, pk: int):
    policy.refuse_aggregate(request.user)
    found = PlacementRequest.objects.select_related("plan", "setting").filter(pk=pk).first()
    if found is None:
        raise Http404("No request found")
    plan = _plan(request, found.plan_id, require=policy.require_list_manager)
    form = RequestAnswerForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services_lists.placement_request_answer(
                actor=request.user,
                placement_request=found,
                agree=form.cleaned_data["answer"] == "agree",
                ground=form.cleaned_data.get("ground") or "",
                reasons=form.cleaned_data["reasons"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc, renames={"agree": "answer"})
        else:
            messages.success(request, f"Your answer about {found.setting_name} has been recorded")
            return redirect("placement-la-list", pk=plan.pk)
    return render(
        request,
        "placements/lists/request_answer.html",
        {"plan": plan, "child": plan.child, "placement_request": found, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def la_decision(request, pk: int):
    plan = _plan(request, pk, require=policy.require_list_manager)
    prefs = selectors_lists.preferences(plan)
    form = NamingDecisionForm(_posted(request), preferences=prefs)
    if request.method == "POST" and form.is_valid():
        pref = form.named_preference()
        try:
            decision = services_lists.naming_decide(
                actor=request.user,
                plan=plan,
                named_setting=pref.setting if pref else None,
                category=pref.category if pref else "",
                setting_type=form.cleaned_data["setting_type"],
                reasons=form.cleaned_data["reasons"],
                not_named=form.not_named(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            text = "The naming decision has been recorded"
            if decision.capacity_note:
                text += f". {decision.capacity_note}"
            messages.success(request, text)
            return redirect("placement-la-list", pk=plan.pk)
    context = _list_context(plan)
    context.update(
        form=form,
        unanswered=sum(1 for row in context["consultations"] if not row["response"]),
        final_url=reverse("case-final-plan", args=[plan.request_id]) if plan.request_id else "",
    )
    return render(request, "placements/lists/decision.html", context)


# The family ----------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def family_list(request, pk: int):
    plan = _plan(request, pk, require=policy.require_family)
    context = _list_context(plan)
    current = {p.rank: None for p in context["preferences"]}
    by_setting = {e.setting_id: e.pk for e in context["included"]}
    for pref in context["preferences"]:
        if pref.from_request_id is None:
            current[pref.rank] = by_setting.get(pref.setting_id)
    form = None
    if context["tailored"] is not None and context["stage"] is not None:
        form = PreferencesForm(
            _posted(request), entries=context["included"], current={k: v for k, v in current.items() if v}
        )
        if request.method == "POST" and form.is_valid():
            try:
                services_lists.preferences_set(
                    actor=request.user,
                    plan=plan,
                    entry_ids=form.entry_ids(),
                    reasons=form.cleaned_data["reasons"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Your preferences have been sent to the local authority")
                return redirect("placement-family-list", pk=plan.pk)
    elif request.method == "POST":
        raise PermissionDenied("There is no list to choose from yet")
    context["form"] = form
    context["max_preferences"] = naming_rules.max_preferences()
    return render(request, "placements/lists/family_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def family_request(request, pk: int):
    plan = _plan(request, pk, require=policy.require_family)
    term = (request.GET.get("q") or "").strip()[:100]
    found = selectors_lists.search_register(term) if term else []
    if request.method == "POST":
        chosen_id = request.POST.get("setting") or ""
        found = (
            list(Setting.objects.filter(pk=int(chosen_id), is_open=True))
            if chosen_id.isascii() and chosen_id.isdecimal()
            else []
        )
    form = PlacementRequestForm(_posted(request), found=found)
    if request.method == "POST" and form.is_valid():
        chosen = found[0] if form.cleaned_data.get("setting") and found else None
        try:
            services_lists.placement_request_make(
                actor=request.user,
                plan=plan,
                setting=chosen,
                setting_name=form.cleaned_data["setting_name"],
                setting_urn=form.cleaned_data["setting_urn"],
                reasons=form.cleaned_data["reasons"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Your request has been sent to the local authority, who must answer it")
            return redirect("placement-family-list", pk=plan.pk)
    return render(
        request,
        "placements/lists/family_request.html",
        {
            "plan": plan,
            "child": plan.child,
            "form": form,
            "term": term,
            "found": found,
            "searched": bool(term),
            "requestable": naming_rules.requestable_described(),
        },
    )


# The setting ---------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def capacity(request, setting_id: int):
    setting = policy.access_capacity_setting(request.user, setting_id)
    initial = {name: getattr(setting, name) for name in services_lists.CAPACITY_FIELDS}
    form = CapacityForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services_lists.capacity_update(actor=request.user, setting=setting, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{setting.name}'s register entry has been updated")
            return redirect("setting-capacity", setting_id=setting.pk)
    return render(
        request,
        "placements/lists/capacity.html",
        {"setting": setting, "form": form, "history": selectors_lists.capacity_history(setting)},
    )


@login_required
@require_safe
def consultation_inbox(request):
    """Every consultation addressed to the person's setting, waiting or answered."""
    from ehcp import policy as ehcp_policy

    actor = ehcp_policy.actor_for(request.user)
    if actor.is_aggregate_only:
        raise AccessDenied("DfE regional and national users see aggregates only")
    if not actor.setting_ids_for(*ehcp_policy.SCHOOL_STAFF):
        raise AccessDenied("Consultations go to schools and colleges")
    consultations = list(ehcp_selectors.consultations_for_setting(user=request.user, include_done=True))
    grounds = naming_rules.grounds()
    for consultation in consultations:
        consultation.due = next(
            (d for d in consultation.timeline if d.code == "consultation_response_due"), None
        )
        consultation.ground = grounds.get(consultation.decline_ground)
    return render(request, "placements/lists/inbox.html", {"consultations": consultations})
