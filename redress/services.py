"""Writes in redress (docs/adr/0015). Each event stores its statutory deadlines (``ehcp.Deadline`` rows on
the dispute, from the rules data) in the same transaction, checks the access policy first, and leaves an
audit trail. Services are atomic, take keyword-only arguments and an explicit ``actor``.

Bad input is a ``ValidationError({field: [message]})`` raised before anything is written, so nothing
already saved is lost: an appeal without the certificate it needs, a certificate dated before the
decision, a hearing date in the past at registration, a date in the future.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ehcp import audit, clock
from ehcp import deadlines as stored
from ehcp.models import AssessmentRequest, Deadline, Plan
from partnerships.models import Child, User
from partnerships.roles import Role

from . import policy
from .models import (
    AgreementItem,
    Appeal,
    AppealableDecision,
    AppealIssue,
    Dispute,
    MediationSession,
    TribunalOrder,
)

Status = Deadline.Status


def _today() -> date:
    return timezone.localdate()


def _long(d: date) -> str:
    return clock.long_date(d, weekday=False)


def _in_rules(on: date, field: str) -> date:
    """A date a statutory clock can start from: the rules data and the bank holidays must cover it, or the
    clock cannot count (``clock.DateOutOfRange``), which is the person's input error, not a server error."""
    try:
        clock.ruleset_for(on)
        clock.is_bank_holiday(on)
    except clock.DateOutOfRange as exc:
        raise ValidationError({field: [str(exc)]}) from exc
    return on


def _past(on: date | None, field: str, *, not_before: date | None = None, why: str = "") -> date:
    """A date entered for something that has happened: today or before, not before ``not_before``, and one
    the statutory clocks can count from."""
    on = on or _today()
    if on > _today():
        raise ValidationError({field: ["The date must be today or in the past"]})
    if not_before is not None and on < not_before:
        raise ValidationError({field: [f"The date must be on or after {_long(not_before)}{why}"]})
    return _in_rules(on, field)


def _lock(dispute: Dispute) -> Dispute:
    return Dispute.objects.select_for_update().get(pk=dispute.pk)


def _require_open(dispute: Dispute) -> None:
    if dispute.status != Dispute.Status.OPEN:
        raise ValidationError({"__all__": ["This dispute is closed"]})


def _open(dispute: Dispute, *codes: str):
    return stored.open_for(dispute, *codes)


# Appealable decisions: recorded by the ehcp services that make them ------------------------------------


def record_appealable_decision(
    *,
    actor: User,
    child: Child,
    kind: str,
    decided_on: date,
    request: AssessmentRequest | None = None,
    plan: Plan | None = None,
    sections: str = "",
    summary: str = "",
) -> AppealableDecision:
    """Store a decision the family can appeal, with the dates from the rules data. Called inside the
    transaction of the service that made the decision (decide_whether_to_assess, decide_whether_to_issue,
    issuing a final plan, a review decision not to amend, ceasing), which has already checked that the
    actor may make it: this is its consequence, not a separate permission."""
    if kind not in AppealableDecision.Kind.values:
        raise ValidationError({"kind": ["Choose a kind of appealable decision"]})
    dates = {d.code: d for d in clock.deadlines_for("appealable_decision", decided_on)}
    with audit.context(actor, "appealable_decision"):
        return AppealableDecision.objects.create(
            partnership_id=child.partnership_id,
            child=child,
            request=request,
            plan=plan,
            kind=kind,
            decided_on=decided_on,
            sections=sections,
            summary=summary,
            mediation_contact_due=dates["mediation_contact_due"].due,
            appeal_due=dates["appeal_due"].due,
            rules_version=dates["appeal_due"].rules_version,
            recorded_by=actor,
        )


# Opening a dispute ------------------------------------------------------------------------------------


@transaction.atomic
def dispute_open_from_decision(
    *,
    actor: User,
    decision: AppealableDecision,
    reason: str,
    summary: str,
    section_i_only: bool = False,
    opened_on: date | None = None,
) -> Dispute:
    """The family disagrees with an appealable decision: the mediation contact and appeal deadlines are
    stored from the decision's date (no mediation contact needed for an appeal only about section I)."""
    policy.require(
        policy.can_manage(actor, decision.partnership_id), "Only the local authority opens disputes"
    )
    errors = {}
    if reason not in Dispute.Reason.values:
        errors["reason"] = ["Choose what the disagreement is about"]
    if not summary.strip():
        errors["summary"] = ["Enter what the family disagrees with"]
    if Dispute.objects.filter(decision=decision, status=Dispute.Status.OPEN).exists():
        errors["__all__"] = ["A dispute about this decision is already open"]
    if section_i_only and not decision.section_i_only_possible:
        errors["section_i_only"] = ["Only an appeal about the contents of a plan can be about section I only"]
    if errors:
        raise ValidationError(errors)
    opened_on = _past(
        opened_on, "opened_on", not_before=decision.decided_on, why=", the date of the decision"
    )
    with audit.context(actor, "dispute_open"):
        dispute = Dispute.objects.create(
            partnership_id=decision.partnership_id,
            child_id=decision.child_id,
            decision=decision,
            route=Dispute.Route.APPEAL,
            reason=reason,
            summary=summary.strip(),
            opened_on=opened_on,
            section_i_only=section_i_only,
            mediation=Dispute.Mediation.NOT_NEEDED if section_i_only else Dispute.Mediation.UNDECIDED,
            caseworker=actor,
            created_by=actor,
        )
        codes = ["appeal_due"] if section_i_only else None
        stored.create("appealable_decision", decision.decided_on, dispute=dispute, codes=codes)
        stored.refresh_next_due(dispute)
    return dispute


@transaction.atomic
def dispute_open(
    *, actor: User, child: Child, route: str, reason: str, summary: str, opened_on: date | None = None
) -> Dispute:
    """A disagreement referred to the disagreement resolution service (any SEN matter, CFA s.57), or a
    complaint, with its response deadline."""
    policy.require(policy.can_manage(actor, child.partnership_id), "Only the local authority opens disputes")
    events = {
        Dispute.Route.DISAGREEMENT: "disagreement_referred",
        Dispute.Route.COMPLAINT: "complaint_received",
    }
    errors = {}
    if route not in events:
        errors["route"] = ["Choose disagreement resolution or a complaint"]
    if reason not in Dispute.Reason.values:
        errors["reason"] = ["Choose what the disagreement is about"]
    if not summary.strip():
        errors["summary"] = ["Enter what the disagreement or complaint is about"]
    if errors:
        raise ValidationError(errors)
    opened_on = _past(opened_on, "opened_on")
    with audit.context(actor, "dispute_open"):
        dispute = Dispute.objects.create(
            partnership_id=child.partnership_id,
            child=child,
            route=route,
            reason=reason,
            summary=summary.strip(),
            opened_on=opened_on,
            caseworker=actor,
            created_by=actor,
        )
        stored.create(events[route], opened_on, dispute=dispute)
        stored.refresh_next_due(dispute)
    return dispute


# Mediation --------------------------------------------------------------------------------------------


@transaction.atomic
def mediation_choice(
    *,
    actor: User,
    dispute: Dispute,
    wants_mediation: bool,
    contacted_on: date,
    la_told_on: date | None = None,
) -> Dispute:
    """The family contacted the mediation adviser (reg 33) and said whether they want mediation: declined
    starts the 3 working days to the certificate (reg 34); wanted starts the 30 days to mediation, counted
    from the day the LA was told."""
    policy.require(policy.can_manage(actor, dispute), "Only the local authority records this")
    dispute = _lock(dispute)
    _require_open(dispute)
    if dispute.route != Dispute.Route.APPEAL or dispute.section_i_only:
        raise ValidationError({"wants_mediation": ["This dispute does not need the mediation adviser"]})
    if dispute.mediation not in (Dispute.Mediation.UNDECIDED, ""):
        raise ValidationError(
            {"wants_mediation": ["The family's choice about mediation is already recorded"]}
        )
    contacted_on = _past(
        contacted_on, "contacted_on", not_before=dispute.decision.decided_on, why=", the date of the decision"
    )
    if wants_mediation:
        if la_told_on is None:
            raise ValidationError({"la_told_on": ["Enter the date the local authority was told"]})
        la_told_on = _past(
            la_told_on, "la_told_on", not_before=contacted_on, why=", when the adviser was contacted"
        )
    with audit.context(actor, "mediation_choice"):
        stored.close(_open(dispute, "mediation_contact_due"), contacted_on)
        dispute.adviser_contacted_on = contacted_on
        if wants_mediation:
            dispute.mediation = Dispute.Mediation.WANTED
            dispute.la_told_on = la_told_on
            stored.create("mediation_requested", la_told_on, dispute=dispute)
        else:
            dispute.mediation = Dispute.Mediation.DECLINED
            stored.create("mediation_declined", contacted_on, dispute=dispute)
        dispute.save()
        stored.refresh_next_due(dispute)
    return dispute


def mediators_for(partnership_id: int):
    """The active mediators of a partnership, each once (a person may hold more than one membership)."""
    return (
        User.objects.filter(
            memberships__role=Role.MEDIATOR,
            memberships__partnership_id=partnership_id,
            memberships__is_active=True,
        )
        .distinct()
        .order_by("full_name", "email")
    )


@transaction.atomic
def mediator_assign(*, actor: User, dispute: Dispute, mediator: User) -> Dispute:
    policy.require(policy.can_manage(actor, dispute), "Only the local authority assigns a mediator")
    dispute = _lock(dispute)
    _require_open(dispute)
    if not mediators_for(dispute.partnership_id).filter(pk=mediator.pk).exists():
        raise ValidationError({"mediator": ["Choose a mediator working with this partnership"]})
    with audit.context(actor, "mediator_assign"):
        dispute.mediator = mediator
        dispute.save(update_fields=["mediator", "updated_at"])
    return dispute


@transaction.atomic
def mediation_not_arranged(*, actor: User, dispute: Dispute, told_on: date) -> Dispute:
    """The LA cannot arrange mediation within 30 days: the adviser issues a certificate in 3 working days."""
    policy.require(policy.can_manage(actor, dispute), "Only the local authority records this")
    dispute = _lock(dispute)
    _require_open(dispute)
    if dispute.mediation != Dispute.Mediation.WANTED:
        raise ValidationError({"told_on": ["The family has not asked for mediation"]})
    if dispute.certificate_on:
        raise ValidationError({"told_on": ["A mediation certificate has already been issued"]})
    if dispute.sessions.exists():
        raise ValidationError({"told_on": ["A mediation meeting has already been held"]})
    if dispute.deadlines.filter(event="mediation_not_arranged").exists():
        raise ValidationError({"told_on": ["It is already recorded that mediation could not be arranged"]})
    told_on = _past(told_on, "told_on", not_before=dispute.la_told_on)
    with audit.context(actor, "mediation_not_arranged"):
        stored.not_needed(_open(dispute, "mediation_held_by"))
        stored.create("mediation_not_arranged", told_on, dispute=dispute)
        stored.refresh_next_due(dispute)
    return dispute


@transaction.atomic
def mediation_session_record(
    *,
    actor: User,
    dispute: Dispute,
    held_on: date,
    la_decision_maker: str,
    issues: str,
    outcome: str,
    health_in_dispute: bool = False,
    icb_attended: bool = False,
    social_care_in_dispute: bool = False,
    social_care_attended: bool = False,
    other_attendees: str = "",
    items: list[dict] | None = None,
) -> MediationSession:
    """The mediation meeting (regs 37 to 42): someone able to make decisions for the LA must attend, and
    the ICB or social care when their parts are in dispute. Each agreement item has an owner and a due
    date: 2 weeks for matters outside the appeal right (reg 42(3)); the reg 44 limits, entered, for
    appealable matters. A certificate is then due within 3 working days."""
    policy.require(policy.can_mediate(actor, dispute), "Only the assigned mediator or the local authority")
    dispute = _lock(dispute)
    _require_open(dispute)
    errors: dict[str, list[str]] = {}
    if dispute.mediation != Dispute.Mediation.WANTED:
        errors["held_on"] = ["The family has not asked for mediation"]
    elif dispute.certificate_on:
        errors["held_on"] = ["A mediation certificate has already been issued: mediation has ended"]
    if not la_decision_maker.strip():
        errors["la_decision_maker"] = [
            "Enter who attended able to make decisions for the local authority: someone must (reg 38)"
        ]
    if health_in_dispute and not icb_attended:
        errors["icb_attended"] = ["Health care is in dispute, so the integrated care board must attend"]
    if social_care_in_dispute and not social_care_attended:
        errors["social_care_attended"] = ["Social care is in dispute, so social care must attend"]
    if not issues.strip():
        errors["issues"] = ["Enter the issues discussed"]
    if outcome not in MediationSession.Outcome.values:
        errors["outcome"] = ["Choose the outcome of the mediation"]
    # Rows are numbered as entered, before the blank ones are left out, so an error names the right row.
    numbered = [
        (number, item)
        for number, item in enumerate(items or [], start=1)
        if (item.get("description") or "").strip()
    ]
    for number, item in numbered:
        if item.get("owner") not in AgreementItem.Owner.values:
            errors[f"item_{number}_owner"] = [f"Choose who acts on agreement item {number}"]
        if item.get("within_appeal_right") and not item.get("due_on"):
            errors[f"item_{number}_due_on"] = [
                f"Enter the date agreement item {number} is due by (the Tribunal order time limits apply)"
            ]
    if errors:
        raise ValidationError(errors)
    held_on = _past(held_on, "held_on", not_before=dispute.la_told_on, why=", when the LA was told")
    for number, item in numbered:
        if item.get("due_on") and item["due_on"] < held_on:
            raise ValidationError(
                {f"item_{number}_due_on": ["The due date must be on or after the mediation"]}
            )
    with audit.context(actor, "mediation_session"):
        session = MediationSession.objects.create(
            partnership_id=dispute.partnership_id,
            dispute=dispute,
            held_on=held_on,
            la_decision_maker=la_decision_maker.strip(),
            health_in_dispute=health_in_dispute,
            icb_attended=icb_attended,
            social_care_in_dispute=social_care_in_dispute,
            social_care_attended=social_care_attended,
            other_attendees=other_attendees.strip(),
            issues=issues.strip(),
            outcome=outcome,
            recorded_by=actor,
        )
        stored.close(_open(dispute, "mediation_held_by"), held_on)
        stored.create("mediation_held", held_on, dispute=dispute)
        for _number, item in numbered:
            description = item["description"].strip()[:300]
            if item.get("within_appeal_right"):
                (deadline,) = stored.create(
                    "mediation_agreement_made",
                    held_on,
                    dispute=dispute,
                    due_overrides={"agreement_action_due": item["due_on"]},
                    title_suffix=f": {description}",
                )
                deadline.legal_basis = "regulation 42(2) and the regulation 44 time limits"
                deadline.save(update_fields=["legal_basis"])
            else:
                (deadline,) = stored.create(
                    "mediation_agreement_made", held_on, dispute=dispute, title_suffix=f": {description}"
                )
            AgreementItem.objects.create(
                partnership_id=dispute.partnership_id,
                session=session,
                description=description,
                owner=item["owner"],
                within_appeal_right=bool(item.get("within_appeal_right")),
                due_on=deadline.due_on,
                deadline=deadline,
            )
        stored.refresh_next_due(dispute)
    return session


@transaction.atomic
def certificate_issue(*, actor: User, dispute: Dispute, issued_on: date) -> Dispute:
    """The mediation adviser issues the certificate: the appeal deadline becomes the later of 2 months
    from the decision and 1 month from the certificate (moved out of Christmas and August)."""
    policy.require(policy.can_mediate(actor, dispute), "Only the assigned mediator or the local authority")
    dispute = _lock(dispute)
    _require_open(dispute)
    if not dispute.certificate_needed:
        raise ValidationError({"issued_on": ["This dispute does not need a mediation certificate"]})
    if dispute.certificate_on:
        raise ValidationError({"issued_on": ["A certificate has already been issued"]})
    if dispute.mediation == Dispute.Mediation.UNDECIDED:
        raise ValidationError({"issued_on": ["Record first whether the family wants mediation"]})
    issued_on = _past(
        issued_on, "issued_on", not_before=dispute.decision.decided_on, why=", the date of the decision"
    )
    if dispute.mediation == Dispute.Mediation.DECLINED:
        kind = Dispute.Certificate.DECLINED
    elif dispute.sessions.exists():
        kind = Dispute.Certificate.AFTER_MEDIATION
    else:
        kind = Dispute.Certificate.NOT_ARRANGED
    with audit.context(actor, "certificate_issue"):
        stored.close(_open(dispute, "certificate_due"), issued_on)
        stored.not_needed(_open(dispute, "mediation_held_by"))
        dispute.certificate_on = issued_on
        dispute.certificate_kind = kind
        dispute.save()
        new_due = {
            d.code: d.due
            for d in clock.deadlines_for(
                "appealable_decision", dispute.decision.decided_on, {"certificate_date": issued_on}
            )
        }["appeal_due"]
        # The family's dates (portal and API) show the decision's appeal date: the certificate moves it.
        AppealableDecision.objects.filter(pk=dispute.decision_id).update(appeal_due=new_due)
        for deadline in _open(dispute, "appeal_due"):
            deadline.due_on = new_due
            deadline.status = Status.MISSED if new_due < _today() else Status.PENDING
            deadline.save(update_fields=["due_on", "status", "updated_at"])
        stored.refresh_next_due(dispute)
    return dispute


# The Tribunal -----------------------------------------------------------------------------------------


@transaction.atomic
def appeal_register(
    *,
    actor: User,
    dispute: Dispute,
    registered_on: date,
    tribunal_reference: str,
    issues: list[str],
    hearing_on: date | None = None,
    extended: bool = False,
) -> Appeal:
    """Register the family's appeal. A certificate is needed unless the appeal is only about section I;
    the registration date cannot be before the decision or the certificate; a hearing date must not be in
    the past."""
    policy.require(policy.can_manage(actor, dispute), "Only the local authority registers an appeal")
    dispute = _lock(dispute)
    _require_open(dispute)
    errors: dict[str, list[str]] = {}
    if dispute.route != Dispute.Route.APPEAL:
        errors["__all__"] = ["Only a dispute about an appealable decision can go to the Tribunal"]
    elif Appeal.objects.filter(dispute=dispute).exists():
        errors["__all__"] = ["An appeal is already registered for this dispute"]
    elif dispute.certificate_needed and not dispute.certificate_on:
        errors["certificate"] = [
            "A mediation certificate is needed before this appeal: record it first (only an appeal about "
            "section I alone needs none)"
        ]
    if not tribunal_reference.strip():
        errors["tribunal_reference"] = ["Enter the Tribunal's reference"]
    issues = list(dict.fromkeys(issues))
    if not issues:
        errors["issues"] = ["Choose at least one issue under appeal"]
    elif any(i not in AppealIssue.Issue.values for i in issues):
        errors["issues"] = ["Choose the issues from the list"]
    if hearing_on is not None and hearing_on < _today():
        errors["hearing_on"] = ["The hearing date must be today or in the future"]
    if errors:
        raise ValidationError(errors)
    earliest = dispute.certificate_on or dispute.decision.decided_on
    registered_on = _past(registered_on, "registered_on", not_before=earliest)
    with audit.context(actor, "appeal_register"):
        appeal = Appeal.objects.create(
            partnership_id=dispute.partnership_id,
            dispute=dispute,
            registered_on=registered_on,
            tribunal_reference=tribunal_reference.strip(),
            hearing_on=hearing_on,
            extended=extended or any(i in ("health", "social_care") for i in issues),
            registered_by=actor,
        )
        AppealIssue.objects.bulk_create(
            AppealIssue(partnership_id=dispute.partnership_id, appeal=appeal, issue=issue) for issue in issues
        )
        stored.close(_open(dispute, "appeal_due"), registered_on)
        stored.not_needed(_open(dispute, "mediation_contact_due"))
        stored.refresh_next_due(dispute)
    return appeal


@transaction.atomic
def appeal_hearing_set(*, actor: User, appeal: Appeal, hearing_on: date) -> Appeal:
    policy.require(policy.can_manage(actor, appeal.dispute), "Only the local authority records hearings")
    if hearing_on < _today():
        raise ValidationError({"hearing_on": ["The hearing date must be today or in the future"]})
    with audit.context(actor, "appeal_hearing"):
        appeal.hearing_on = hearing_on
        appeal.save(update_fields=["hearing_on"])
    return appeal


@transaction.atomic
def appeal_decide(*, actor: User, appeal: Appeal, decided_on: date, outcomes: dict[int, str]) -> Appeal:
    """The Tribunal's decision: the outcome of each issue."""
    policy.require(policy.can_manage(actor, appeal.dispute), "Only the local authority records the outcome")
    issues = {issue.pk: issue for issue in appeal.issues.all()}
    errors = {}
    for pk, issue in issues.items():
        outcome = outcomes.get(pk, "")
        if outcome not in AppealIssue.Outcome.values or outcome == AppealIssue.Outcome.PENDING:
            errors[f"issue_{pk}"] = [f"Choose the outcome for {issue.get_issue_display().lower()}"]
    if errors:
        raise ValidationError(errors)
    decided_on = _past(decided_on, "decided_on", not_before=appeal.registered_on)
    with audit.context(actor, "appeal_decide"):
        for pk, issue in issues.items():
            issue.outcome = outcomes[pk]
            issue.save(update_fields=["outcome"])
        values = {outcomes[pk] for pk in issues}  # only this appeal's issues: other keys are ignored
        appeal.status = (
            Appeal.Status.CONCEDED
            if values == {AppealIssue.Outcome.CONCEDED}
            else Appeal.Status.WITHDRAWN
            if values == {AppealIssue.Outcome.WITHDRAWN}
            else Appeal.Status.DECIDED
        )
        appeal.decided_on = decided_on
        appeal.save(update_fields=["status", "decided_on"])
    return appeal


@transaction.atomic
def order_record(
    *, actor: User, appeal: Appeal, kind: str, made_on: date, details: str = ""
) -> TribunalOrder:
    """A Tribunal order: its regulation 44 time limits become the LA's stored deadlines."""
    policy.require(policy.can_manage(actor, appeal.dispute), "Only the local authority records orders")
    if kind not in TribunalOrder.Kind.values:
        raise ValidationError({"kind": ["Choose what the Tribunal ordered"]})
    made_on = _past(
        made_on, "made_on", not_before=appeal.registered_on, why=", when the appeal was registered"
    )
    dispute = _lock(appeal.dispute)
    with audit.context(actor, "tribunal_order"):
        order = TribunalOrder.objects.create(
            partnership_id=appeal.partnership_id,
            appeal=appeal,
            kind=kind,
            made_on=made_on,
            details=details.strip(),
            recorded_by=actor,
        )
        stored.create(kind, made_on, dispute=dispute)
        stored.refresh_next_due(dispute)
    return order


@transaction.atomic
def deadline_done(*, actor: User, dispute: Dispute, deadline: Deadline, done_on: date) -> Deadline:
    """The LA (or body) did what a deadline asked: met if on time, missed if late (docs/adr/0009)."""
    policy.require(policy.can_manage(actor, dispute), "Only the local authority records this")
    if deadline.dispute_id != dispute.pk:
        raise ValidationError({"deadline": ["That deadline is not on this dispute"]})
    if deadline.met_on is not None or deadline.status == Status.NOT_NEEDED:
        raise ValidationError({"done_on": ["This has already been recorded"]})
    done_on = _past(done_on, "done_on", not_before=deadline.start_on, why=", when the clock started")
    with audit.context(actor, "redress_deadline_done"):
        stored.close([deadline], done_on)
        stored.refresh_next_due(dispute)
    return deadline


@transaction.atomic
def ombudsman_referral(*, actor: User, dispute: Dispute, referred_on: date, reference: str = "") -> Dispute:
    """A referral to the Local Government and Social Care Ombudsman, recorded on the dispute."""
    policy.require(policy.can_manage(actor, dispute), "Only the local authority records this")
    dispute = _lock(dispute)
    referred_on = _past(referred_on, "referred_on", not_before=dispute.opened_on, why=", when it was opened")
    with audit.context(actor, "ombudsman_referral"):
        dispute.ombudsman_referred_on = referred_on
        dispute.ombudsman_reference = reference.strip()[:40]
        dispute.save(update_fields=["ombudsman_referred_on", "ombudsman_reference", "updated_at"])
    return dispute


@transaction.atomic
def dispute_close(
    *, actor: User, dispute: Dispute, closed_on: date, outcome: str, withdrawn: bool = False
) -> Dispute:
    """Resolved (or withdrawn): open deadlines are no longer needed, except the LA's duties still running
    under a Tribunal order or a mediation agreement, which stay until done."""
    policy.require(policy.can_manage(actor, dispute), "Only the local authority closes a dispute")
    dispute = _lock(dispute)
    _require_open(dispute)
    if not outcome.strip():
        raise ValidationError({"outcome": ["Enter how it was resolved"]})
    closed_on = _past(closed_on, "closed_on", not_before=dispute.opened_on, why=", when it was opened")
    with audit.context(actor, "dispute_close"):
        stored.not_needed(
            dispute.deadlines.filter(who_acts__in=[Deadline.WhoActs.FAMILY, Deadline.WhoActs.MEDIATOR])
        )
        stored.not_needed(
            dispute.deadlines.filter(
                code__in=["complaint_response_due", "disagreement_response_due", "mediation_held_by"]
            )
        )
        dispute.status = Dispute.Status.WITHDRAWN if withdrawn else Dispute.Status.RESOLVED
        dispute.resolved_on = closed_on
        dispute.outcome = outcome.strip()
        dispute.save()
        stored.refresh_next_due(dispute)
    return dispute
