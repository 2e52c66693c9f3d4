"""Redress pages (docs/adr/0015). Thin: the policy decides access, the services do the work, their field
errors come back on the forms (GOV.UK error summary) and nothing typed is lost."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from ehcp.views_common import add_service_errors
from partnerships import services as partnership_services
from partnerships.policy import children_visible_to

from . import escalation, forms, policy, selectors, services
from .models import Appeal, Dispute


def _page(view):
    """Signed in; a refusal by the access policy (partnerships.policy.AccessDenied) is a 403 by itself."""
    return login_required(view)


def _dispute(request, pk: int) -> Dispute:
    dispute = policy.access_dispute(request.user, pk)
    partnership_services.child_record_viewed(
        actor=request.user, child=dispute.child, channel="page", path=request.path
    )
    return dispute


@_page
@require_safe
def home(request):
    policy.require_list_access(request.user)
    return render(
        request,
        "redress/home.html",
        {
            "disputes": selectors.disputes_for(request.user),
            "decisions": selectors.decisions_awaiting(request.user),
            "is_la": bool(policy.la_partnership_ids(request.user)),
        },
    )


@_page
@require_safe
def detail(request, pk: int):
    dispute = _dispute(request, pk)
    manage = policy.can_manage(request.user, dispute)
    return render(
        request,
        "redress/detail.html",
        {
            "dispute": dispute,
            **selectors.dispute_record(dispute),
            "manage": manage,
            "mediate": policy.can_mediate(request.user, dispute),
            "options": selectors.options_for(dispute.decision, dispute) if dispute.decision_id else [],
        },
    )


def _action(
    request,
    *,
    title,
    form,
    run,
    done,
    back,
    caption="",
    intro="",
    button="Save",
    template="redress/action.html",
    extra=None,
):
    """Run a form through a service: on success redirect with a message; on a service error, show it."""
    if request.method == "POST" and form.is_valid():
        try:
            result = run(form)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect(back if isinstance(back, str) else back(result))
    return render(
        request,
        template,
        {
            **(extra or {}),
            "title": title,
            "form": form,
            "back": back if isinstance(back, str) else "",
            "caption": caption,
            "intro": intro,
            "button": button,
        },
    )


def _data(request):
    return request.POST if request.method == "POST" else None


@_page
@require_http_methods(["GET", "POST"])
def open_from_decision(request, decision_pk: int):
    decision = policy.access_decision(request.user, decision_pk)
    policy.require(policy.can_manage(request.user, decision.partnership_id), "Only the local authority")
    form = forms.OpenFromDecisionForm(_data(request))
    return _action(
        request,
        title="Record that the family disagrees",
        caption=f"{decision.child.full_name}: {decision.get_kind_display()}",
        intro=f"Decision of {decision.decided_on:%-d %B %Y}.",
        form=form,
        run=lambda f: services.dispute_open_from_decision(
            actor=request.user, decision=decision, **f.cleaned_data
        ),
        done="The dispute has been opened and its deadlines stored",
        back=lambda dispute: f"/redress/{dispute.pk}/",
    )


@_page
@require_http_methods(["GET", "POST"])
def open_other(request):
    policy.require_list_access(request.user)
    la = policy.la_partnership_ids(request.user)
    policy.require(bool(la), "Only the local authority")
    choosable = children_visible_to(request.user).filter(partnership_id__in=la)
    query = (request.GET.get("q") or "").strip()[:100]
    matches = list(selectors.children_matching(choosable, query))
    form = forms.OpenForm(_data(request), children=matches, choosable=choosable)

    def run(f):
        data = dict(f.cleaned_data)
        return services.dispute_open(actor=request.user, child=data.pop("child"), **data)

    return _action(
        request,
        title="Record a disagreement or complaint",
        form=form,
        run=run,
        done="Recorded, with its response deadline",
        back=lambda dispute: f"/redress/{dispute.pk}/",
        template="redress/open.html",
        extra={"query": query, "matches": len(matches), "limit": selectors.CHILD_MATCHES},
    )


def _step(
    view_name,
    *,
    title,
    form_class,
    service,
    done,
    allowed=policy.can_manage,
    form_kwargs=None,
    button="Save",
    extra=None,
):
    @_page
    @require_http_methods(["GET", "POST"])
    def view(request, pk: int):
        dispute = _dispute(request, pk)
        policy.require(allowed(request.user, dispute), "You cannot do this on this dispute")
        kwargs = form_kwargs(dispute) if form_kwargs else {}
        form = form_class(_data(request), **kwargs)
        return _action(
            request,
            title=title,
            caption=f"{dispute.child.full_name}: {dispute.get_route_display()}",
            form=form,
            run=lambda f: service(request.user, dispute, f),
            done=done,
            back=f"/redress/{dispute.pk}/",
            button=button,
        )

    view.__name__ = view_name
    return view


mediation_choice = _step(
    "mediation_choice",
    title="Record the family's choice about mediation",
    form_class=forms.MediationChoiceForm,
    service=lambda actor, d, f: services.mediation_choice(actor=actor, dispute=d, **f.cleaned_data),
    done="The family's choice is recorded",
)
mediator = _step(
    "mediator",
    title="Assign a mediator",
    form_class=forms.MediatorForm,
    form_kwargs=lambda d: {"mediators": list(services.mediators_for(d.partnership_id))},
    service=lambda actor, d, f: services.mediator_assign(
        actor=actor,
        dispute=d,
        mediator=services.mediators_for(d.partnership_id).get(pk=f.cleaned_data["mediator"]),
    ),
    done="The mediator is assigned",
)


def _session(actor, dispute, form):
    data = {k: v for k, v in form.cleaned_data.items() if not k.startswith("item_")}
    return services.mediation_session_record(actor=actor, dispute=dispute, items=form.items(), **data)


session = _step(
    "session",
    title="Record the mediation meeting",
    form_class=forms.SessionForm,
    service=_session,
    allowed=policy.can_mediate,
    done="The mediation is recorded; the certificate is due within 3 working days",
)
not_arranged = _step(
    "not_arranged",
    title="Mediation cannot be arranged within 30 days",
    form_class=forms.NotArrangedForm,
    service=lambda actor, d, f: services.mediation_not_arranged(actor=actor, dispute=d, **f.cleaned_data),
    done="Recorded: the mediation adviser must issue a certificate within 3 working days",
)
hearing = _step(
    "hearing",
    title="Record the hearing date",
    form_class=forms.HearingForm,
    service=lambda actor, d, f: services.appeal_hearing_set(
        actor=actor, appeal=_appeal_of(d), **f.cleaned_data
    ),
    done="The hearing date is recorded",
)
certificate = _step(
    "certificate",
    title="Record the mediation certificate",
    form_class=forms.CertificateForm,
    service=lambda actor, d, f: services.certificate_issue(actor=actor, dispute=d, **f.cleaned_data),
    allowed=policy.can_mediate,
    done="The certificate is recorded and the appeal deadline updated",
)


def _appeal(actor, dispute, form):
    data = {k: v for k, v in form.cleaned_data.items() if k != "certificate"}
    return services.appeal_register(actor=actor, dispute=dispute, **data)


appeal = _step(
    "appeal",
    title="Register the appeal",
    form_class=forms.AppealForm,
    service=_appeal,
    done="The appeal is registered",
)


def _appeal_of(dispute) -> Appeal:
    found = Appeal.objects.filter(dispute=dispute).first()
    if found is None:
        raise Http404("No appeal registered")
    return found


outcome = _step(
    "outcome",
    title="Record the Tribunal's decision",
    form_class=forms.OutcomeForm,
    form_kwargs=lambda d: {"issues": list(_appeal_of(d).issues.all())},
    service=lambda actor, d, f: services.appeal_decide(
        actor=actor, appeal=_appeal_of(d), decided_on=f.cleaned_data["decided_on"], outcomes=f.outcomes()
    ),
    done="The Tribunal's decision is recorded",
)
order = _step(
    "order",
    title="Record a Tribunal order",
    form_class=forms.OrderForm,
    service=lambda actor, d, f: services.order_record(actor=actor, appeal=_appeal_of(d), **f.cleaned_data),
    done="The order is recorded and its time limits stored",
)
ombudsman = _step(
    "ombudsman",
    title="Record a referral to the Local Government and Social Care Ombudsman",
    form_class=forms.OmbudsmanForm,
    service=lambda actor, d, f: services.ombudsman_referral(actor=actor, dispute=d, **f.cleaned_data),
    done="The referral is recorded",
)
close = _step(
    "close",
    title="Close the dispute",
    form_class=forms.CloseForm,
    service=lambda actor, d, f: services.dispute_close(actor=actor, dispute=d, **f.cleaned_data),
    done="The dispute is closed",
    button="Close the dispute",
)


@_page
@require_http_methods(["GET", "POST"])
def deadline_done(request, pk: int, deadline_pk: int):
    dispute = _dispute(request, pk)
    policy.require(policy.can_manage(request.user, dispute), "Only the local authority")
    deadline = dispute.deadlines.filter(pk=deadline_pk).first()
    if deadline is None:
        raise Http404("No such deadline on this dispute")
    form = forms.DoneForm(_data(request))
    return _action(
        request,
        title=f"Record that this was done: {deadline.title}",
        caption=f"{dispute.child.full_name}: due by {deadline.due_on:%-d %B %Y}",
        form=form,
        run=lambda f: services.deadline_done(
            actor=request.user, dispute=dispute, deadline=deadline, **f.cleaned_data
        ),
        done="Recorded",
        back=f"/redress/{dispute.pk}/",
    )


@_page
@require_safe
def family_options(request):
    """The family's page: each appealable decision about their children, their options and the dates."""
    if not policy.is_family(request.user):
        raise PermissionDenied("This page is for parents, carers and young people")
    rows = selectors.family_decisions(request.user)
    for child in {row["decision"].child for row in rows}:
        partnership_services.child_record_viewed(
            actor=request.user, child=child, channel="page", path=request.path
        )
    return render(request, "redress/family_options.html", {"rows": rows})


@_page
@require_safe
def no_place(request):
    """LA: children with an open dispute and no education place, escalated daily until resolved."""
    policy.require_list_access(request.user)
    la = policy.la_partnership_ids(request.user)
    policy.require(bool(la), "Only the local authority")
    return render(request, "redress/no_place.html", {"rows": escalation.flagged_for(la)})
