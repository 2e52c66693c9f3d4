"""Reads for redress: lists whose cost does not grow with the data, a dispute's record, and the family's
options and dates in plain English (docs/adr/0015)."""

from datetime import date

from django.db.models import Prefetch, Q
from django.utils import timezone

from ehcp import clock
from ehcp.models import Deadline

from . import policy
from .models import AgreementItem, Appeal, AppealableDecision, Dispute, MediationSession

LIST_LIMIT = 100


def disputes_for(user, *, status: str = Dispute.Status.OPEN):
    """The disputes this person may work on (LA: their partnership's; a mediator: those assigned to them)."""
    return (
        policy.disputes_visible_to(user)
        .filter(status=status)
        .select_related("child", "decision", "mediator")
        .order_by("next_due_on", "pk")[:LIST_LIMIT]
    )


def decisions_awaiting(user, *, today: date | None = None):
    """LA: recent appealable decisions with no dispute yet, while the family can still act on them."""
    today = today or timezone.localdate()
    la = policy.la_partnership_ids(user)
    if not la:
        return AppealableDecision.objects.none()
    return (
        AppealableDecision.objects.filter(partnership_id__in=la, disputes__isnull=True)
        .filter(Q(appeal_due__gte=today) | Q(mediation_contact_due__gte=today))
        .select_related("child")
        .order_by("appeal_due", "pk")[:LIST_LIMIT]
    )


CHILD_MATCHES = 50


def children_matching(children, query: str):
    """Children (of a queryset already limited to those the person may choose) whose name contains the
    search or whose UPN is it, by name; the first ``CHILD_MATCHES`` of the list when there is no search."""
    query = query.strip()
    if query:
        words = Q()
        for word in query.split():
            words &= (
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(preferred_name__icontains=word)
            )
        children = children.filter(words | Q(upn__iexact=query))
    return children.order_by("last_name", "first_name", "pk")[:CHILD_MATCHES]


def dispute_record(dispute: Dispute) -> dict:
    deadlines = list(dispute.deadlines.order_by("due_on", "pk"))
    sessions = list(
        MediationSession.objects.filter(dispute=dispute).prefetch_related(
            Prefetch("items", queryset=AgreementItem.objects.select_related("deadline"))
        )
    )
    appeal = Appeal.objects.filter(dispute=dispute).prefetch_related("issues", "orders").first()
    return {"deadlines": deadlines, "sessions": sessions, "appeal": appeal}


def open_deadlines(dispute: Dispute):
    return dispute.deadlines.filter(met_on__isnull=True).exclude(status=Deadline.Status.NOT_NEEDED)


def options_for(decision: AppealableDecision, dispute: Dispute | None = None) -> list[dict]:
    """What the family can do about a decision, and by when, in plain English."""
    contact = clock.long_date(decision.mediation_contact_due)
    certificate = dispute.certificate_on if dispute is not None else None
    computed = {
        d.code: d
        for d in clock.deadlines_for(
            "appealable_decision",
            decision.decided_on,
            {"certificate_date": certificate} if certificate else {},
        )
    }["appeal_due"]
    appeal = clock.long_date(computed.due)
    if certificate is None:
        basis = ", or within 1 month of the date on your mediation certificate if that is later."
    elif clock.add_months(certificate, 1) > clock.add_months(decision.decided_on, 2):
        basis = " (1 month from your mediation certificate)."
    else:
        basis = " (2 months from the decision)."
    moved = computed.moved_from is not None
    options = [
        {
            "title": "Talk to us",
            "text": "You can ask us to explain the decision, or tell us what you think we got wrong, at any time.",
        },
        {
            "title": "Contact the mediation adviser",
            "by": contact,
            "text": (
                f"If you may want to appeal, you must contact the mediation adviser by {contact}. You can then "
                "choose mediation, or say you do not want it: either way you get a certificate, which you need "
                "to appeal."
            ),
        },
        {
            "title": "Appeal to the SEND Tribunal",
            "by": appeal,
            "text": (
                f"The Tribunal must receive your appeal by {appeal}"
                + basis
                + (
                    f" The date has moved from {clock.long_date(computed.moved_from)} because the Tribunal "
                    "does not count 25 December to 1 January or August."
                    if moved
                    else ""
                )
            ),
        },
        {
            "title": "Disagreement resolution",
            "text": "A free, independent service can help settle a disagreement at any time. It does not change "
            "the dates above.",
        },
        {
            "title": "Make a complaint",
            "text": "If you are unhappy with how we dealt with your case, you can complain to us, then to the "
            "Local Government and Social Care Ombudsman.",
        },
    ]
    if decision.section_i_only_possible:
        options[1]["text"] += (
            " You do not need a certificate if your appeal is only about the school or college named in the "
            "plan, or that none is named."
        )
    return options


def family_decisions(user):
    """A family's children's appealable decisions, newest first, each with its options and any dispute."""
    decisions = list(
        policy.decisions_visible_to(user)
        .select_related("child")
        .prefetch_related(Prefetch("disputes", queryset=Dispute.objects.order_by("pk")))
        .order_by("-decided_on", "-pk")[:LIST_LIMIT]
    )
    rows = []
    for decision in decisions:
        dispute = next(iter(decision.disputes.all()), None)
        rows.append({"decision": decision, "dispute": dispute, "options": options_for(decision, dispute)})
    return rows


def measures(*, partnership_ids: list[int], since: date, until: date) -> dict:
    """Counts for the dashboards (no names, no identifiers) over ``since`` to ``until``: the appeal rate
    (appeals registered as a share of appealable decisions), the mediation rate (mediations asked for as a
    share of appealable decisions), outcomes, the median days from opening to resolution, and reasons."""
    import statistics

    from django.db.models import Count

    from .models import AppealIssue

    decisions = AppealableDecision.objects.filter(
        partnership_id__in=partnership_ids, decided_on__gte=since, decided_on__lte=until
    ).count()
    disputes = Dispute.objects.filter(partnership_id__in=partnership_ids)
    opened = disputes.filter(opened_on__gte=since, opened_on__lte=until)
    appeals = Appeal.objects.filter(
        partnership_id__in=partnership_ids, registered_on__gte=since, registered_on__lte=until
    ).count()
    mediations = opened.filter(mediation=Dispute.Mediation.WANTED).count()
    resolved = list(
        disputes.filter(resolved_on__gte=since, resolved_on__lte=until).values_list(
            "opened_on", "resolved_on"
        )
    )
    outcomes = dict(
        AppealIssue.objects.filter(
            partnership_id__in=partnership_ids, appeal__decided_on__gte=since, appeal__decided_on__lte=until
        )
        .values("outcome")
        .annotate(n=Count("pk"))
        .values_list("outcome", "n")
    )
    reasons = dict(opened.values("reason").annotate(n=Count("pk")).values_list("reason", "n"))
    routes = dict(opened.values("route").annotate(n=Count("pk")).values_list("route", "n"))

    def rate(part: int) -> float | None:
        return round(part * 100 / decisions, 1) if decisions else None

    return {
        "appealable_decisions": decisions,
        "appeals": appeals,
        "appeal_rate": rate(appeals),
        "mediations": mediations,
        "mediation_rate": rate(mediations),
        "disagreements": routes.get(Dispute.Route.DISAGREEMENT, 0),
        "complaints": routes.get(Dispute.Route.COMPLAINT, 0),
        "ombudsman_referrals": disputes.filter(
            ombudsman_referred_on__gte=since, ombudsman_referred_on__lte=until
        ).count(),
        "outcomes": {
            code: int(outcomes.get(code, 0)) for code in AppealIssue.Outcome.values if code != "pending"
        },
        "resolved": len(resolved),
        "median_days_to_resolution": (
            statistics.median((end - start).days for start, end in resolved) if resolved else None
        ),
        "reasons": {code: int(reasons.get(code, 0)) for code in Dispute.Reason.values},
        "open_without_place": disputes.filter(status=Dispute.Status.OPEN, child__current_setting__isnull=True)
        .values("child_id")
        .distinct()
        .count(),
    }
