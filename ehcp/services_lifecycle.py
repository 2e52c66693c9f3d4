"""The end of a plan's life in one local authority: ceasing to maintain it, and moving to another.

Ceasing (Children and Families Act 2014 s.45; SEND Regulations 2014 regs 29 to 31): only on one of the two
grounds in s.45(1); for a child or young person under 18 the "no longer responsible" ground only where the
authority has stopped being responsible for them (they moved out of England); for a young person of 18 or
over who has left education, only after a review established they do not wish to return (reg 30). The
family (the young person themself from 16) and the head of the named setting are consulted before the SEND
manager decides; the decision letter gives the family's rights. The plan stays in force until the appeal
period ends without an appeal, or an appeal is dismissed: a plan ceases only through ``_cease`` below.

Moving (reg 15): the old authority transfers the plan on the day of the move, or within 15 working days of
learning of it if that is later. Completing the transfer copies the child, the family's links, the plan and
every issued version into the new partnership, a write across tenants done in one narrow, audited block.
"""

from __future__ import annotations

import datetime
from datetime import date

import pghistory
from django.core.exceptions import PermissionDenied as AccessDenied
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from partnerships import rls
from partnerships.models import CaseParticipant, Child, ParentalResponsibility, Partnership
from partnerships.models.people import User
from redress import services as redress_services

from . import audit, clock, deadlines, letters, policy
from .models import Plan, PlanCessation, PlanReview, PlanTransfer, PlanVersion

Ground = PlanCessation.Ground
CStatus = PlanCessation.Status

S45 = "section 45 of the Children and Families Act 2014"

# Why the local authority is no longer responsible (s.45(1)(a)), with the youngest age each applies at.
# Reg 29: under 18, only a move out of England (a move within England is a transfer, reg 15).
CIRCUMSTANCES = {
    "moved_outside_england": ("Moved out of England, for example to Wales, Scotland or abroad", 0),
    "paid_employment": ("Took up paid employment (not an apprenticeship)", 18),
    "higher_education": ("Started higher education, for example a university degree", 18),
    "left_education": ("Left education or training and does not wish to return (regulation 30)", 18),
    "upper_age_limit": ("Reached the end of the academic year in which they turned 25", 24),
}
OPEN_CESSATION = (CStatus.CONSULTING, CStatus.DECIDED, CStatus.APPEALED)
YOUNG_PERSON_AGE = 16  # over compulsory school age: the young person is consulted and has the rights


_context = audit.context


def age_on(child: Child, on: date) -> int:
    return clock.age_on(child.date_of_birth, on)


def is_young_person(plan: Plan, on: date | None = None) -> bool:
    return age_on(plan.child, on or deadlines.today()) >= YOUNG_PERSON_AGE


def _past_date(errors: dict, field: str, on: date | None, *, not_before: date | None = None, why: str = ""):
    if on is None:
        return
    if on > deadlines.today():
        errors.setdefault(field, []).append("The date must be today or in the past")
    elif not_before is not None and on < not_before:
        errors.setdefault(field, []).append(
            f"The date must be on or after {letters.long_date(not_before)}{why}"
        )


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise AccessDenied(message)


def _lock_plan(plan: Plan) -> Plan:
    return Plan.objects.select_for_update().select_related("child").get(pk=plan.pk)


def _lock_cessation(cessation: PlanCessation) -> PlanCessation:
    return (
        PlanCessation.objects.select_for_update().select_related("plan", "plan__child").get(pk=cessation.pk)
    )


def open_cessation(plan: Plan) -> PlanCessation | None:
    return plan.cessations.filter(status__in=OPEN_CESSATION).order_by("-pk").first()


def open_transfer(plan: Plan) -> PlanTransfer | None:
    return plan.transfers_out.filter(status=PlanTransfer.Status.NOTIFIED).order_by("-pk").first()


# Ceasing ---------------------------------------------------------------------------------------------------


def _end_of_academic_year(on: date) -> date:
    return date(on.year if on.month < 9 else on.year + 1, 8, 31)


def _check_grounds(
    plan: Plan, *, ground: str, circumstance: str, on: date, review: PlanReview | None, not_returning: bool
) -> dict:
    errors: dict[str, list[str]] = {}
    if ground not in Ground.values:
        errors["ground"] = [
            f"A plan can be ceased only on one of the two grounds in {S45}: the local authority is no longer "
            "responsible for the child or young person, or special educational provision under a plan is "
            "no longer necessary"
        ]
        return errors
    age = age_on(plan.child, on)
    if ground == Ground.NO_LONGER_NECESSARY:
        if circumstance:
            errors["circumstance"] = ["Leave the circumstance empty: it is only for 'no longer responsible'"]
        return errors
    if circumstance not in CIRCUMSTANCES:
        errors["circumstance"] = [
            "Choose why the local authority is no longer responsible. A move to another local authority in "
            "England is a transfer of the plan (regulation 15), not a reason to cease it"
        ]
        return errors
    youngest = CIRCUMSTANCES[circumstance][1]
    if age < 18 and youngest >= 18:
        errors["circumstance"] = [
            f"The child or young person is {age}. Under 18, a plan can be ceased only if special educational "
            "provision under a plan is no longer necessary, or the local authority is no longer responsible "
            "because they moved out of England (regulation 29)"
        ]
    elif circumstance == "upper_age_limit":
        turns_25 = date(plan.child.date_of_birth.year + 25, plan.child.date_of_birth.month, 1)
        if turns_25 > _end_of_academic_year(on):
            errors["circumstance"] = [
                "A plan can continue until the end of the academic year in which the young person turns 25: "
                "that has not been reached"
            ]
    elif circumstance == "left_education":
        held = review is not None and review.plan_id == plan.pk and review.held_on is not None
        if not held or not not_returning:
            errors["review"] = [
                "For a young person aged 18 or over who has left education or training, the plan must first be "
                "reviewed, and the review must establish that they do not wish to return or that returning "
                "would not be appropriate (regulation 30)"
            ]
    return errors


@transaction.atomic
def cease_propose(
    *,
    actor: User,
    plan: Plan,
    ground: str,
    circumstance: str = "",
    reasons: str,
    proposed_on: date | None = None,
    review: PlanReview | None = None,
    established_not_returning: bool = False,
) -> PlanCessation:
    """Propose to cease maintaining the plan: the start of the consultation (reg 31)."""
    plan = _lock_plan(plan)
    _require(
        policy.can_run_plan_life(actor, plan),
        "Only the partnership's caseworkers and SEND managers can propose ceasing a plan in force",
    )
    proposed_on = proposed_on or deadlines.today()
    errors = {}
    if plan.status != Plan.Status.FINAL:
        errors["plan"] = ["Only a plan in force can be ceased"]
    elif open_cessation(plan) is not None:
        errors["plan"] = ["Ceasing this plan is already proposed"]
    elif open_transfer(plan) is not None:
        errors["plan"] = ["This plan is moving to another local authority: complete the transfer instead"]
    if not reasons.strip():
        errors["reasons"] = ["Enter the reasons for proposing to cease the plan"]
    _past_date(
        errors, "proposed_on", proposed_on, not_before=plan.final_issued_on, why=", when the plan was made"
    )
    if not errors:
        errors.update(
            _check_grounds(
                plan,
                ground=ground,
                circumstance=circumstance,
                on=proposed_on,
                review=review,
                not_returning=established_not_returning,
            )
        )
    if errors:
        raise ValidationError(errors)
    with _context(actor, "cease_propose"):
        return PlanCessation.objects.create(
            partnership_id=plan.partnership_id,
            plan=plan,
            ground=ground,
            circumstance=circumstance if ground == Ground.NO_LONGER_RESPONSIBLE else "",
            reasons=reasons.strip(),
            proposed_on=proposed_on,
            review=review,
            created_by=actor,
        )


@transaction.atomic
def cease_consultation_record(
    *,
    actor: User,
    cessation: PlanCessation,
    family_consulted_on: date | None,
    family_views: str = "",
    setting_consulted_on: date | None = None,
    setting_views: str = "",
) -> PlanCessation:
    """Record consulting the parent or young person, and the head or principal of the named setting."""
    cessation = _lock_cessation(cessation)
    plan = cessation.plan
    _require(
        policy.can_run_plan_life(actor, plan), "Only the partnership's caseworkers can record consultations"
    )
    errors: dict[str, list[str]] = {}
    if cessation.status != CStatus.CONSULTING:
        errors["cessation"] = ["The decision has been made: consultations can no longer be changed"]
    if family_consulted_on is None:
        who = "the young person was" if is_young_person(plan, cessation.proposed_on) else "the family was"
        errors["family_consulted_on"] = [f"Enter the date {who} consulted"]
    if setting_consulted_on is None and setting_views.strip():
        errors["setting_consulted_on"] = ["Enter the date the setting was consulted"]
    why = ", when ceasing was proposed"
    _past_date(errors, "family_consulted_on", family_consulted_on, not_before=cessation.proposed_on, why=why)
    _past_date(
        errors, "setting_consulted_on", setting_consulted_on, not_before=cessation.proposed_on, why=why
    )
    if errors:
        raise ValidationError(errors)
    cessation.family_consulted_on = family_consulted_on
    cessation.family_views = family_views.strip()
    cessation.setting_consulted_on = setting_consulted_on
    cessation.setting_views = setting_views.strip()
    with _context(actor, "cease_consultation_record"):
        cessation.save()
    return cessation


def earliest_ceases_on(decision_on: date) -> date:
    """The first day the plan may cease: after the last day to appeal against the decision, as the rules
    data gives it (moved out of Christmas and August, docs/adr/0015), so the letter's two dates agree."""
    appeal = {d.code: d.due for d in clock.deadlines_for("appealable_decision", decision_on)}["appeal_due"]
    return appeal + datetime.timedelta(days=1)


@transaction.atomic
def cease_decide(
    *, actor: User, cessation: PlanCessation, decision_on: date | None = None, ceases_on: date | None = None
) -> PlanCessation:
    """The SEND manager decides to cease the plan, after the consultations. The family gets the decision
    letter with their rights; the plan stays in force until ``ceases_on`` (the day after the appeal period,
    or later), and longer if they appeal."""
    cessation = _lock_cessation(cessation)
    plan = cessation.plan
    _require(
        policy.can_decide_plan(actor, plan),
        "Only the local authority's decision-maker (a SEND manager) can decide to cease a plan",
    )
    decision_on = decision_on or deadlines.today()
    errors: dict[str, list[str]] = {}
    if cessation.status != CStatus.CONSULTING or plan.status != Plan.Status.FINAL:
        raise ValidationError({"cessation": ["A decision on ceasing this plan has already been made"]})
    if cessation.family_consulted_on is None:
        who = "the young person" if is_young_person(plan, cessation.proposed_on) else "the parent"
        errors["family_consulted_on"] = [f"Consult {who} before deciding to cease the plan (regulation 31)"]
    if plan.named_setting_id and cessation.setting_consulted_on is None:
        errors["setting_consulted_on"] = [
            f"Consult the head or principal of {plan.named_setting.name} before deciding (regulation 31)"
        ]
    latest_consulted = max(
        [
            d
            for d in (cessation.family_consulted_on, cessation.setting_consulted_on, cessation.proposed_on)
            if d
        ]
    )
    _past_date(
        errors, "decision_on", decision_on, not_before=latest_consulted, why=", after the consultations"
    )
    earliest = earliest_ceases_on(decision_on)
    ceases_on = ceases_on or earliest
    if ceases_on < earliest:
        errors["ceases_on"] = [
            f"The plan must stay in force until the time to appeal has passed: choose "
            f"{letters.long_date(earliest)} or later"
        ]
    if errors:
        raise ValidationError(errors)
    cessation.status = CStatus.DECIDED
    cessation.decision_on = decision_on
    cessation.ceases_on = ceases_on
    cessation.decided_by = actor
    cessation.letter_html = letters.render_cease_letter_html(
        cessation=cessation, issued_on=decision_on, issued_by=actor
    )
    with _context(actor, "cease_decide"):
        cessation.save()
    # Ceasing can be appealed (CFA s.51(2)(f)): recorded for redress in this transaction (docs/adr/0015).
    redress_services.record_appealable_decision(
        actor=actor,
        child=plan.child,
        kind="cease",
        decided_on=decision_on,
        plan=plan,
        summary=cessation.reasons,
    )
    return cessation


@transaction.atomic
def cease_withdraw(*, actor: User, cessation: PlanCessation) -> PlanCessation:
    """The local authority no longer proposes to cease the plan (after the consultations, or conceding)."""
    cessation = _lock_cessation(cessation)
    _require(
        policy.can_run_plan_life(actor, cessation.plan), "Only the partnership's caseworkers can do this"
    )
    if cessation.status not in OPEN_CESSATION:
        raise ValidationError({"cessation": ["Ceasing this plan is no longer proposed"]})
    cessation.status = CStatus.WITHDRAWN
    with _context(actor, "cease_withdraw"):
        cessation.save(update_fields=["status"])
    return cessation


@transaction.atomic
def cease_appeal_lodged(*, actor: User, cessation: PlanCessation, lodged_on: date) -> PlanCessation:
    """The family appealed to the Tribunal: the plan is kept in force while the appeal is pending."""
    cessation = _lock_cessation(cessation)
    _require(
        policy.can_run_plan_life(actor, cessation.plan),
        "Only the partnership's caseworkers can record an appeal on a plan in force",
    )
    errors: dict[str, list[str]] = {}
    if cessation.status != CStatus.DECIDED:
        errors["cessation"] = [
            "An appeal can be recorded only against a decision to cease that has been made"
        ]
    _past_date(
        errors, "lodged_on", lodged_on, not_before=cessation.decision_on, why=", the date of the decision"
    )
    if errors:
        raise ValidationError(errors)
    cessation.status = CStatus.APPEALED
    cessation.appeal_lodged_on = lodged_on
    with _context(actor, "cease_appeal_lodged"):
        cessation.save(update_fields=["status", "appeal_lodged_on"])
    return cessation


APPEAL_OUTCOMES = {
    "dismissed": "The appeal was dismissed: the plan ceases",
    "allowed": "The appeal was allowed, or the local authority conceded it: the plan continues",
}


@transaction.atomic
def cease_appeal_outcome(
    *, actor: User, cessation: PlanCessation, outcome: str, decided_on: date
) -> PlanCessation:
    """The Tribunal's decision: dismissed, the plan ceases at once (reg 44); allowed, the plan continues."""
    cessation = _lock_cessation(cessation)
    _require(
        policy.can_run_plan_life(actor, cessation.plan), "Only the partnership's caseworkers can do this"
    )
    errors: dict[str, list[str]] = {}
    if cessation.status != CStatus.APPEALED:
        errors["cessation"] = ["There is no appeal pending against ceasing this plan"]
    if outcome not in APPEAL_OUTCOMES:
        errors["outcome"] = ["Choose whether the appeal was dismissed or allowed"]
    _past_date(
        errors, "decided_on", decided_on, not_before=cessation.appeal_lodged_on, why=", when it was lodged"
    )
    if errors:
        raise ValidationError(errors)
    with _context(actor, f"cease_appeal_{outcome}"):
        if outcome == "dismissed":
            _cease(cessation, decided_on)
        else:
            cessation.status = CStatus.WITHDRAWN
            cessation.save(update_fields=["status"])
    return cessation


def _cease(cessation: PlanCessation, on: date) -> None:
    """The one place a plan ceases: its open deadlines are no longer needed."""
    plan = Plan.objects.select_for_update().get(pk=cessation.plan_id)
    cessation.status = CStatus.CEASED
    cessation.ceases_on = on
    cessation.save(update_fields=["status", "ceases_on"])
    plan.status = Plan.Status.CEASED
    plan.ceased_on = on
    plan.next_review_due_on = None
    plan.save(update_fields=["status", "ceased_on", "next_review_due_on", "updated_at"])
    deadlines.not_needed(plan.deadlines.all())
    deadlines.refresh_next_due(plan)


@transaction.atomic
def cessations_take_effect(*, on: date | None = None) -> list[int]:
    """System sweep (daily): plans whose cease date has come with no appeal lodged cease. Returns their ids.

    Runs for every partnership (the scheduler has no tenant), so it lifts the fence for this one update.
    """
    on = on or deadlines.today()
    ceased = []
    with rls.system_scope(), pghistory.context(action="cessations_take_effect"):
        due = PlanCessation.objects.select_for_update().filter(
            status=CStatus.DECIDED, ceases_on__lte=on, appeal_lodged_on__isnull=True
        )
        for cessation in due:
            _cease(cessation, cessation.ceases_on)
            ceased.append(cessation.plan_id)
    return ceased


# Moving to another local authority ---------------------------------------------------------------------


def transfer_due(*, learned_on: date, moves_on: date) -> date:
    """Reg 15(2): on the day of the move, or within 15 working days of learning of it if that is later.

    15 working days from learning (weekends and bank holidays skipped) comes from the rules data; the later
    of that and the move is the date the plan must be transferred by.
    """
    computed = {d.code: d.due for d in clock.deadlines_for("transfer_notified", learned_on)}
    return max(moves_on, computed["transfer_plan_due"])


def transferred_review_due(plan: Plan, transferred_on: date) -> date:
    """Reg 15(5): the later of 12 months from the plan being made or last reviewed and 3 months from the
    transfer (the 3 months is the rule ``plan_transferred``/``annual_review_due``)."""
    three_months = {d.code: d.due for d in clock.deadlines_for("plan_transferred", transferred_on)}
    made_or_reviewed = plan.last_reviewed_on or plan.final_issued_on or transferred_on
    return max(clock.add_months(made_or_reviewed, 12), three_months["annual_review_due"])


@transaction.atomic
def transfer_notify(
    *,
    actor: User,
    plan: Plan,
    to_partnership: Partnership,
    moves_on: date,
    learned_on: date | None = None,
    new_address_postcode: str = "",
) -> PlanTransfer:
    """The old local authority learned the family is moving to another local authority's area."""
    plan = _lock_plan(plan)
    _require(
        policy.can_run_plan_life(actor, plan),
        "Only the partnership's caseworkers and SEND managers can record a move for a plan in force",
    )
    learned_on = learned_on or deadlines.today()
    errors: dict[str, list[str]] = {}
    if plan.status != Plan.Status.FINAL:
        errors["plan"] = ["Only a plan in force can be transferred"]
    elif open_transfer(plan) is not None:
        errors["plan"] = ["A move is already recorded for this plan"]
    elif open_cessation(plan) is not None:
        errors["plan"] = ["Ceasing this plan is proposed: withdraw that first"]
    if to_partnership is None:
        errors["to_partnership"] = ["Choose the local authority the family is moving to"]
    elif to_partnership.pk == plan.partnership_id:
        errors["to_partnership"] = [
            "Choose a different local authority: a move within the area is not a transfer"
        ]
    _past_date(errors, "learned_on", learned_on)
    if moves_on is None:
        errors["moves_on"] = ["Enter the date of the move"]
    elif moves_on < learned_on - datetime.timedelta(days=366):
        errors["moves_on"] = ["The date of the move must be within a year before learning of it"]
    if errors:
        raise ValidationError(errors)
    due = transfer_due(learned_on=learned_on, moves_on=moves_on)
    with _context(actor, "transfer_notify", to_partnership=to_partnership.pk):
        transfer = PlanTransfer.objects.create(
            partnership_id=plan.partnership_id,
            to_partnership=to_partnership,
            plan=plan,
            learned_on=learned_on,
            moves_on=moves_on,
            transfer_due_on=due,
            new_address_postcode=new_address_postcode.strip().upper()[:10],
            created_by=actor,
        )
        deadlines.create(
            "transfer_notified",
            learned_on,
            plan=plan,
            codes=["transfer_plan_due"],
            due_overrides={"transfer_plan_due": due},
        )
        deadlines.refresh_next_due(plan)
    return transfer


def _home_authority(partnership: Partnership, child: Child):
    authorities = list(partnership.local_authorities.order_by("name"))
    return authorities[0] if authorities else child.home_local_authority


def _family_of(child: Child) -> tuple[list[ParentalResponsibility], list[CaseParticipant]]:
    """The people with parental responsibility and the family's live links to the child (not the old
    area's professionals: the new local authority involves its own)."""
    responsibilities = list(ParentalResponsibility.objects.filter(child=child))
    now = timezone.now()
    family = list(
        CaseParticipant.objects.filter(
            child=child, role__in=[CaseParticipant.Role.PARENT_CARER, CaseParticipant.Role.YOUNG_PERSON]
        ).filter(Q(revoked_at__isnull=True), Q(expires_at__isnull=True) | Q(expires_at__gt=now))
    )
    return responsibilities, family


def _versions_to_copy(plan: Plan) -> list[PlanVersion]:
    return list(plan.versions.filter(status=PlanVersion.Status.ISSUED).order_by("number"))


@transaction.atomic
def transfer_complete(*, actor: User, transfer: PlanTransfer, on: date | None = None) -> Plan:
    """Transfer the plan (reg 15): the new partnership gets the child's record with the family's links, the
    plan, and every issued version as issued. The old plan is kept, read-only, with its transfer record.

    The person completing the transfer works for the old local authority, whose fence does not let it write
    rows of another partnership. The copy is written inside ``rls.tenant_scope([new partnership])``: the
    narrowest fence that allows it (only the new partnership's rows, for this block only), after everything
    to copy has been read, and audited with the old and new partnership in the pghistory context.
    """
    transfer = PlanTransfer.objects.select_for_update().get(pk=transfer.pk)
    plan = _lock_plan(transfer.plan)
    _require(
        policy.is_la_staff(actor, plan.partnership_id) and transfer.partnership_id == plan.partnership_id,
        "Only the caseworkers and SEND managers of the local authority the family is leaving can transfer the plan",
    )
    on = on or deadlines.today()
    errors: dict[str, list[str]] = {}
    if transfer.status != PlanTransfer.Status.NOTIFIED or plan.status != Plan.Status.FINAL:
        errors["transfer"] = ["This plan has already been transferred"]
    _past_date(
        errors, "transferred_on", on, not_before=transfer.learned_on, why=", when the move was learned of"
    )
    if errors:
        raise ValidationError(errors)

    # Everything to copy is read under the old partnership's own fence.
    to = transfer.to_partnership
    from_name = Partnership.objects.get(pk=plan.partnership_id).name
    child = plan.child
    responsibilities, family = _family_of(child)
    versions = _versions_to_copy(plan)
    review_due = transferred_review_due(plan, on)
    audit = {"from_partnership": plan.partnership_id, "to_partnership": to.pk, "transfer": transfer.pk}

    with _context(actor, "transfer_complete", **audit):
        # The one write across tenants: only the new partnership's rows, only in this block.
        with rls.tenant_scope([to.pk]):
            new_child = Child.objects.create(
                partnership=to,
                first_name=child.first_name,
                last_name=child.last_name,
                preferred_name=child.preferred_name,
                date_of_birth=child.date_of_birth,
                upn=child.upn,
                nhs_number=child.nhs_number,
                home_local_authority=_home_authority(to, child),
                current_setting=child.current_setting,
            )
            ParentalResponsibility.objects.bulk_create(
                ParentalResponsibility(
                    partnership=to,
                    child=new_child,
                    full_name=r.full_name,
                    relationship=r.relationship,
                    email=r.email,
                    phone=r.phone,
                    address=r.address,
                    user_id=r.user_id,
                )
                for r in responsibilities
            )
            for link in family:
                CaseParticipant.objects.create(
                    partnership=to,
                    child=new_child,
                    user_id=link.user_id,
                    role=link.role,
                    reason=f"Linked when the plan moved from {from_name}",
                    granted_by=actor,
                )
            new_plan = Plan.objects.create(
                partnership=to,
                request=None,
                child=new_child,
                status=Plan.Status.FINAL,
                draft_issued_on=plan.draft_issued_on,
                family_comments=plan.family_comments,
                family_commented_at=plan.family_commented_at,
                family_commented_by_id=plan.family_commented_by_id,
                preferred_setting_id=plan.preferred_setting_id,
                preference_reasons=plan.preference_reasons,
                named_setting_id=plan.named_setting_id,
                final_issued_on=plan.final_issued_on,  # treated as made on its original date (15(3))
                last_reviewed_on=plan.last_reviewed_on,
                transferred_from=plan,
                created_by=actor,
            )
            copies: dict[int, PlanVersion] = {}
            for version in versions:
                copies[version.pk] = PlanVersion.objects.create(
                    partnership=to,
                    plan=new_plan,
                    number=version.number,
                    kind=version.kind,
                    status=PlanVersion.Status.ISSUED,
                    content=version.content,
                    schema_version=version.schema_version,
                    revision=version.revision,
                    section_revisions=version.section_revisions,
                    quality_issues=version.quality_issues,
                    based_on=copies.get(version.based_on_id),
                    issued_on=version.issued_on,
                    issued_by_id=version.issued_by_id,
                    created_by_id=version.created_by_id,
                    updated_by_id=version.updated_by_id,
                )
            new_plan.current_version = copies.get(plan.current_version_id)
            new_plan.save(update_fields=["current_version", "updated_at"])
            deadlines.create(
                "plan_transferred", on, plan=new_plan, due_overrides={"annual_review_due": review_due}
            )
            new_plan.next_review_due_on = review_due
            new_plan.save(update_fields=["next_review_due_on", "updated_at"])
            deadlines.refresh_next_due(new_plan)

        # Back under the old partnership's fence: its plan is kept, read-only, with the transfer record.
        deadlines.close(deadlines.open_for(plan, "transfer_plan_due"), on)
        deadlines.not_needed(plan.deadlines.all())
        plan.status = Plan.Status.TRANSFERRED
        plan.next_review_due_on = None
        plan.save(update_fields=["status", "next_review_due_on", "updated_at"])
        deadlines.refresh_next_due(plan)
        transfer.status = PlanTransfer.Status.TRANSFERRED
        transfer.transferred_on = on
        transfer.new_plan_id = new_plan.pk
        transfer.save(update_fields=["status", "transferred_on", "new_plan"])
    return new_plan


@transaction.atomic
def transfer_family_told(*, actor: User, plan: Plan, told_on: date) -> Plan:
    """The new local authority told the family about the transfer, any assessment and the review (15(4))."""
    plan = _lock_plan(plan)
    _require(
        policy.can_run_plan_life(actor, plan) and plan.transferred_from_id is not None,
        "Only the caseworkers of the local authority the plan moved to can record this",
    )
    errors: dict[str, list[str]] = {}
    open_deadlines = deadlines.open_for(plan, "transfer_family_told_due")
    if not open_deadlines.exists():
        errors["plan"] = ["The family has already been told about the transfer"]
    first = plan.deadlines.filter(code="transfer_family_told_due").order_by("start_on").first()
    _past_date(errors, "told_on", told_on, not_before=first.start_on if first else None, why=", the transfer")
    if errors:
        raise ValidationError(errors)
    with _context(actor, "transfer_family_told"):
        deadlines.close(open_deadlines, told_on)
        deadlines.refresh_next_due(plan)
    return plan
