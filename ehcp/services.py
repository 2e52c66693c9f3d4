"""Writes on the assessment journey. Each event updates the case's statutory deadlines in the same
transaction, checks the access policy, and leaves an audit trail (pghistory, with the acting user).

Services are atomic and take keyword-only arguments. ``on`` is the date the event happened (today unless
a caseworker records an earlier one); it is validated (not in the future, not before the child's birth).
"""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from partnerships.models import CaseParticipant, Child, Partnership, Setting, User
from partnerships.policy import AccessDenied
from partnerships.roles import Role
from placements import naming_rules
from redress import services as redress_services

from . import audit, clock, letters, plan_sections, policy, selectors_panel
from . import deadlines as stored_deadlines
from .models import (
    AdviceRequest,
    AssessmentRequest,
    AttentionReferral,
    CaseDocument,
    CaseException,
    Deadline,
    DecisionLetter,
    PanelCase,
    PanelMeeting,
    PanelMember,
    Plan,
    PlanConsultation,
    PlanReview,
)
from .uploads import check_upload

Stage = AssessmentRequest.Stage
Status = Deadline.Status

# Deadline codes that the decision whether to assess and the case's end close.
CASE_CLOCK_CODES = ("decide_whether_to_assess", "notify_not_to_issue", "final_plan_due")
PLAN_SECTION_LETTERS = plan_sections.stored_codes()


_context = audit.context


def _check_event_date(
    on: date, *, field: str, child: Child | None = None, not_before: date | None = None
) -> None:
    if on > _today():
        raise ValidationError({field: ["The date must be today or in the past"]})
    if child is not None and on < child.date_of_birth:
        raise ValidationError({field: ["The date must be on or after the child's date of birth"]})
    if not_before is not None and on < not_before:
        raise ValidationError({field: [f"The date must be on or after {not_before:%-d %B %Y}"]})


# Deadlines ------------------------------------------------------------------------------------------


def _open_deadlines(request: AssessmentRequest, *codes: str):
    return stored_deadlines.open_for(request, *codes)


def _create_deadlines(
    request: AssessmentRequest,
    event: str,
    on: date,
    *,
    advice_request: AdviceRequest | None = None,
    consultation: PlanConsultation | None = None,
) -> list[Deadline]:
    return stored_deadlines.create(
        event, on, request=request, advice_request=advice_request, consultation=consultation
    )


_close = stored_deadlines.close
_not_needed = stored_deadlines.not_needed
_refresh_next_due = stored_deadlines.refresh_next_due
_today = stored_deadlines.today


def _rule(event: str, code: str, on: date) -> clock.Rule:
    return next(r for r in clock.ruleset_for(on).rules if r.event == event and r.code == code)


# Requests -------------------------------------------------------------------------------------------

REQUIRED_ANSWERS = {
    "reasons": "Enter why you think the child needs an EHC needs assessment",
}


@transaction.atomic
def request_start(
    *,
    actor: User,
    partnership: Partnership,
    child: Child | None = None,
    requester: str,
    child_first_name: str = "",
    child_last_name: str = "",
    child_date_of_birth: date | None = None,
) -> AssessmentRequest:
    """A family starts a request online. It is saved as a draft they can come back to."""
    if requester not in FAMILY_REQUESTERS:
        raise ValidationError(
            {"requester": ["Choose whether you are the parent or carer, or the young person"]}
        )
    if partnership.pk not in policy.actor_for(actor).partnership_ids_for(
        Role.PARENT_CARER, Role.YOUNG_PERSON
    ):
        raise AccessDenied("Only families in this partnership can request an assessment here")
    if (
        child is not None
        and not policy.children_visible_to(actor).filter(pk=child.pk, partnership_id=partnership.pk).exists()
    ):
        raise AccessDenied("You are not linked to this child")
    if child_date_of_birth is not None and child_date_of_birth > _today():
        raise ValidationError({"child_date_of_birth": ["The date of birth must be in the past"]})
    request = AssessmentRequest(
        partnership=partnership,
        child=child,
        route=AssessmentRequest.Route.PORTAL,
        requester=requester,
        requester_name=actor.get_full_name() or actor.email,
        requested_by=actor,
        child_first_name=child_first_name,
        child_last_name=child_last_name,
        child_date_of_birth=child_date_of_birth,
    )
    with _context(actor, "assessment_request_start"):
        request.save()
    return request


DRAFT_FIELDS = (
    "requester",
    "child",
    "child_first_name",
    "child_last_name",
    "child_date_of_birth",
    "reasons",
    "family_views",
    "support_so_far",
    "setting",
)
FAMILY_REQUESTERS = (AssessmentRequest.Requester.PARENT, AssessmentRequest.Requester.YOUNG_PERSON)


@transaction.atomic
def request_update_draft(*, actor: User, request: AssessmentRequest, **answers) -> AssessmentRequest:
    """Save any of a draft's answers (one question page at a time, or several from the API): all or none.

    ``child`` is a child linked to the person, or None for someone else named by ``child_first_name``,
    ``child_last_name`` and ``child_date_of_birth`` (their record is made when the request is sent).
    """
    if not policy.can_edit_draft(actor, request):
        raise AccessDenied("Only the person who started this request can change it before it is sent")
    errors: dict[str, list[str]] = {}
    for field in answers:
        if field not in DRAFT_FIELDS:
            errors[field] = ["This answer cannot be changed here"]
    if "requester" in answers and answers["requester"] not in FAMILY_REQUESTERS:
        errors["requester"] = ["Choose whether you are the parent or carer, or the young person"]
    if answers.get("child") is not None:
        child = answers["child"]
        linked = policy.children_visible_to(actor).filter(pk=child.pk, partnership_id=request.partnership_id)
        if not linked.exists():
            raise AccessDenied("You are not linked to this child")
        answers = {**answers, "child_first_name": "", "child_last_name": "", "child_date_of_birth": None}
    setting = answers.get("setting")
    if setting is not None and setting.partnership_id != request.partnership_id:
        errors["setting"] = ["Choose a school or college in this partnership"]
    born = answers.get("child_date_of_birth")
    if born is not None and born > _today():
        errors["child_date_of_birth"] = ["The date of birth must be in the past"]
    if errors:
        raise ValidationError(errors)
    for field, value in answers.items():
        setattr(request, field, value.strip() if isinstance(value, str) else value)
    with _context(actor, "assessment_request_update"):
        request.save()
    return request


@transaction.atomic
def document_add(
    *,
    actor: User,
    request: AssessmentRequest,
    upload: UploadedFile,
    title: str = "",
    kind: str = CaseDocument.Kind.EVIDENCE,
    field: str = "file",
) -> CaseDocument:
    """Attach a document to a case. The type is sniffed from the content; nothing else is lost on error."""
    may_add = policy.can_edit_draft(actor, request) or (
        request.stage != Stage.DRAFT
        and (
            policy.can_manage(actor, request)
            or policy.requests_visible_to(actor).filter(pk=request.pk).exists()
        )
    )
    if not may_add:
        raise AccessDenied("You cannot add documents to this case")
    content_type = check_upload(upload, field=field)
    document = CaseDocument(
        partnership_id=request.partnership_id,
        request=request,
        kind=kind,
        title=(title or upload.name or "Document")[:200],
        original_name=(upload.name or "document")[:255],
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    document.file.save(upload.name or "document", upload, save=False)
    with _context(actor, "document_add"):
        document.save()
    return document


def _missing_answers(request: AssessmentRequest) -> dict[str, list[str]]:
    errors = {
        field: [message] for field, message in REQUIRED_ANSWERS.items() if not getattr(request, field).strip()
    }
    if request.child_id is None:
        if not request.child_first_name.strip():
            errors["child_first_name"] = ["Enter the child's first name"]
        if not request.child_last_name.strip():
            errors["child_last_name"] = ["Enter the child's last name"]
        if request.child_date_of_birth is None:
            errors["child_date_of_birth"] = ["Enter the child's date of birth"]
    return errors


def _start_clock(request: AssessmentRequest, received_on: date) -> None:
    request.received_on = received_on
    request.stage = Stage.RECEIVED
    _create_deadlines(request, "request_received", received_on)


def _child_for_new_request(actor: User, request: AssessmentRequest) -> Child:
    """Create the child's record from a family's request, and link the family to it."""
    child = Child(
        partnership_id=request.partnership_id,
        first_name=request.child_first_name.strip(),
        last_name=request.child_last_name.strip(),
        date_of_birth=request.child_date_of_birth,
        home_local_authority=request.partnership.local_authorities.order_by("name").first(),
        current_setting=request.setting,
    )
    child.full_clean(exclude=["partnership", "home_local_authority"])
    child.save()
    role = (
        CaseParticipant.Role.YOUNG_PERSON
        if request.requester == AssessmentRequest.Requester.YOUNG_PERSON
        else CaseParticipant.Role.PARENT_CARER
    )
    CaseParticipant.objects.create(
        partnership_id=request.partnership_id, child=child, user=actor, role=role, granted_by=actor
    )
    return child


@transaction.atomic
def request_submit(*, actor: User, request: AssessmentRequest) -> AssessmentRequest:
    """The family sends the request: the LA receives it today and the statutory clock starts."""
    if not policy.can_edit_draft(actor, request):
        raise AccessDenied("Only the person who started this request can send it")
    errors = _missing_answers(request)
    if errors:
        raise ValidationError(errors)
    with _context(actor, "assessment_request_submit"):
        if request.child_id is None:
            request.child = _child_for_new_request(actor, request)
        request.submitted_at = timezone.now()
        _start_clock(request, _today())
        request.save()
        _refresh_next_due(request)
    return request


@transaction.atomic
def request_record(
    *,
    actor: User,
    child: Child,
    requester: str,
    requester_name: str,
    received_on: date,
    reasons: str,
    family_views: str = "",
    setting: Setting | None = None,
) -> AssessmentRequest:
    """A caseworker records a request that came by post, email or phone, from the day it was received."""
    if not policy.is_la_staff(actor, child.partnership_id):
        raise AccessDenied("Only the partnership's caseworkers can record a request")
    if requester not in (
        AssessmentRequest.Requester.PARENT,
        AssessmentRequest.Requester.YOUNG_PERSON,
        AssessmentRequest.Requester.SCHOOL,
    ):
        raise ValidationError(
            {
                "requester": [
                    "Choose who made the request: a parent or carer, the young person, or a school or college"
                ]
            }
        )
    _check_event_date(received_on, field="received_on", child=child)
    errors = {}
    if not reasons.strip():
        errors["reasons"] = ["Enter the reasons given for the request"]
    if not requester_name.strip():
        errors["requester_name"] = ["Enter the name of the person who made the request"]
    if errors:
        raise ValidationError(errors)
    request = AssessmentRequest(
        partnership_id=child.partnership_id,
        child=child,
        route=AssessmentRequest.Route.RECORDED,
        requester=requester,
        requester_name=requester_name.strip(),
        recorded_by=actor,
        caseworker=actor if policy.actor_for(actor).has_role(Role.LA_CASEWORKER) else None,
        setting=setting or child.current_setting,
        reasons=reasons,
        family_views=family_views,
        submitted_at=timezone.now(),
    )
    with _context(actor, "assessment_request_record"):
        request.save()
        _start_clock(request, received_on)
        request.save()
        _refresh_next_due(request)
    return request


@transaction.atomic
def request_from_school(
    *, actor: User, child: Child, reasons: str, support_so_far: str, family_views: str = ""
) -> AssessmentRequest:
    """A SENCO or headteacher requests an assessment for a pupil, on behalf of the school (s.36(1))."""
    if not policy.can_request_for_setting(actor, child):
        raise AccessDenied("You can request an assessment only for pupils at your school or college")
    errors = {}
    if not reasons.strip():
        errors["reasons"] = ["Enter why the school thinks the pupil needs an EHC needs assessment"]
    if not support_so_far.strip():
        errors["support_so_far"] = ["Enter the support the school has given so far (SEN support)"]
    if errors:
        raise ValidationError(errors)
    request = AssessmentRequest(
        partnership_id=child.partnership_id,
        child=child,
        route=AssessmentRequest.Route.SCHOOL,
        requester=AssessmentRequest.Requester.SCHOOL,
        requester_name=child.current_setting.name,
        requested_by=actor,
        setting=child.current_setting,
        reasons=reasons,
        support_so_far=support_so_far,
        family_views=family_views,
        submitted_at=timezone.now(),
    )
    with _context(actor, "assessment_request_school"):
        request.save()
        _start_clock(request, _today())
        request.save()
        _refresh_next_due(request)
    return request


@transaction.atomic
def bring_to_attention(*, actor: User, child: Child, summary: str) -> AttentionReferral:
    """A professional without the right to request brings a child to the LA's attention (s.24, CoP 9.9)."""
    if not policy.can_bring_to_attention(actor, child):
        raise AccessDenied("You cannot bring this child to the local authority's attention")
    if not summary.strip():
        raise ValidationError(
            {"summary": ["Enter why you are bringing this child to the local authority's attention"]}
        )
    roles = sorted(policy.actor_for(actor).roles)
    referral = AttentionReferral(
        partnership_id=child.partnership_id,
        child=child,
        referred_by=actor,
        referrer_role=", ".join(Role(r).label for r in roles) or "Professional",
        summary=summary,
    )
    with _context(actor, "attention_referral"):
        referral.save()
    return referral


@transaction.atomic
def attention_referral_decide(
    *, actor: User, referral: AttentionReferral, consider: bool, reasons: str = ""
) -> AssessmentRequest | None:
    """The LA decides whether to consider an assessment; if so, the clock starts today."""
    if not policy.is_la_staff(actor, referral.partnership_id):
        raise AccessDenied("Only the partnership's caseworkers can act on a referral")
    if referral.outcome != AttentionReferral.Outcome.OPEN:
        raise ValidationError({"consider": ["This referral has already been decided"]})
    if not consider and not reasons.strip():
        raise ValidationError({"reasons": ["Enter why no assessment will be considered"]})
    request = None
    with _context(actor, "attention_referral_decide"):
        if consider:
            request = AssessmentRequest(
                partnership_id=referral.partnership_id,
                child=referral.child,
                route=AssessmentRequest.Route.LA_INITIATED,
                requester=AssessmentRequest.Requester.LOCAL_AUTHORITY,
                requester_name=f"Brought to attention by {referral.referrer_role}",
                recorded_by=actor,
                caseworker=actor if policy.actor_for(actor).has_role(Role.LA_CASEWORKER) else None,
                setting=referral.child.current_setting,
                reasons=referral.summary,
                submitted_at=timezone.now(),
            )
            request.save()
            _start_clock(request, _today())
            request.save()
            _refresh_next_due(request)
        referral.outcome = (
            AttentionReferral.Outcome.CONSIDERING if consider else AttentionReferral.Outcome.NO_ACTION
        )
        referral.outcome_reasons = reasons
        referral.outcome_by = actor
        referral.outcome_at = timezone.now()
        referral.resulting_request = request
        referral.save()
    return request


@transaction.atomic
def assign_caseworker(*, actor: User, requests: Iterable[AssessmentRequest], caseworker: User | None) -> int:
    """Bulk reassignment from the work queue. The new caseworker must work for the same partnership."""
    requests = list(requests)
    for request in requests:
        if not policy.can_manage(actor, request):
            raise AccessDenied("You can reassign only your partnership's cases")
        if caseworker is not None and not policy.is_la_staff(caseworker, request.partnership_id):
            raise ValidationError({"caseworker": ["Choose a caseworker who works for this partnership"]})
    with _context(actor, "assign_caseworker"):
        for request in requests:
            request.caseworker = caseworker
            request.save(update_fields=["caseworker", "updated_at"])
    return len(requests)


@transaction.atomic
def request_withdraw(*, actor: User, request: AssessmentRequest, reason: str) -> AssessmentRequest:
    """The family withdraws (or the LA records a withdrawal). Open deadlines are no longer needed."""
    if not policy.can_withdraw(actor, request):
        raise AccessDenied("You cannot withdraw this request")
    if request.stage in AssessmentRequest.CLOSED_STAGES:
        raise ValidationError({"reason": ["This request has already finished"]})
    if not reason.strip():
        raise ValidationError({"reason": ["Enter why the request is being withdrawn"]})
    with _context(actor, "assessment_request_withdraw"):
        _not_needed(request.deadlines.all())
        request.stage = Stage.WITHDRAWN
        request.closed_on = _today()
        request.withdrawn_reason = reason.strip()
        request.withdrawn_by = actor
        request.save()
        _refresh_next_due(request)
    return request


# Panel ----------------------------------------------------------------------------------------------


PANEL_MEMBER_FIELDS = {"name", "perspective", "user"}


def _panel_member_errors(*, partnership: Partnership, members: list[dict]) -> list[str]:
    """What is wrong with a meeting's members: each needs a name and a perspective, one must chair, and
    a member with an account must work with the partnership. A panel without education, health, social
    care or a parent representative is allowed (the meeting page warns): an LA may have to meet without."""
    errors: list[str] = []
    if not members:
        errors.append("Add the panel's members, with a chair")
    candidates = None
    for number, member in enumerate(members, start=1):
        unknown = set(member) - PANEL_MEMBER_FIELDS
        if unknown:
            errors.append(f"Member {number}: unknown details {', '.join(sorted(unknown))}")
        if not (member.get("name") or "").strip():
            errors.append(f"Member {number}: enter their name")
        if member.get("perspective") not in PanelMember.Perspective.values:
            errors.append(f"Member {number}: choose the perspective they bring")
        user = member.get("user")
        if user is not None:
            if candidates is None:
                candidates = set(
                    selectors_panel.panel_member_candidates(partnership_ids=[partnership.pk]).values_list(
                        "pk", flat=True
                    )
                )
            if not isinstance(user, User) or user.pk not in candidates:
                errors.append(f"Member {number}: choose someone who works with this partnership")
    if members and not any(m.get("perspective") == PanelMember.Perspective.CHAIR for m in members):
        errors.append("The panel needs a chair: choose Chair for one of the members")
    return errors


@transaction.atomic
def panel_meeting_create(
    *,
    actor: User,
    partnership: Partnership,
    meets_at,
    location: str,
    agenda: str = "",
    members: Iterable[dict] = (),
) -> PanelMeeting:
    """Arrange a multi-agency panel meeting with its members (education, health, social care, parents).
    A member with an account and no name given takes the account's name."""
    if not policy.is_la_staff(actor, partnership.pk):
        raise AccessDenied("Only the partnership's caseworkers can arrange panel meetings")
    members = [
        {**member, "name": (member.get("name") or "").strip() or _display_name(member.get("user"))}
        for member in members
    ]
    errors: dict[str, list[str]] = {}
    member_errors = _panel_member_errors(partnership=partnership, members=members)
    if member_errors:
        errors["members"] = member_errors
    if not location.strip():
        errors["location"] = ["Enter where the panel meets (or how to join online)"]
    if errors:
        raise ValidationError(errors)
    meeting = PanelMeeting(
        partnership=partnership, meets_at=meets_at, location=location.strip(), agenda=agenda, created_by=actor
    )
    with _context(actor, "panel_meeting_create"):
        meeting.save()
        PanelMember.objects.bulk_create(
            PanelMember(partnership=partnership, meeting=meeting, **member) for member in members
        )
    return meeting


def _display_name(user) -> str:
    return (user.get_full_name() or user.email) if isinstance(user, User) else ""


@transaction.atomic
def panel_add_case(*, actor: User, meeting: PanelMeeting, request: AssessmentRequest) -> PanelCase:
    if not policy.can_run_panel(actor, meeting) or request.partnership_id != meeting.partnership_id:
        raise AccessDenied("You can add only your partnership's cases to its panel")
    if request.stage not in (Stage.RECEIVED, Stage.PANEL):
        raise ValidationError({"request": ["This case is not waiting for a decision on whether to assess"]})
    if meeting.cases.filter(request=request).exists():
        raise ValidationError({"request": ["This case is already on the meeting's list"]})
    with _context(actor, "panel_add_case"):
        panel_case = PanelCase.objects.create(
            partnership_id=meeting.partnership_id,
            meeting=meeting,
            request=request,
            position=meeting.cases.count() + 1,
        )
        if request.stage == Stage.RECEIVED:
            request.stage = Stage.PANEL
            request.save(update_fields=["stage", "updated_at"])
    return panel_case


@transaction.atomic
def panel_record_recommendation(
    *, actor: User, panel_case: PanelCase, recommendation: str, reasons: str
) -> PanelCase:
    if not policy.can_run_panel(actor, panel_case.meeting):
        raise AccessDenied("Only the partnership's caseworkers record the panel's recommendations")
    errors = {}
    if recommendation not in PanelCase.Recommendation.values:
        errors["recommendation"] = ["Choose the panel's recommendation"]
    if not reasons.strip():
        errors["reasons"] = ["Enter the panel's reasons"]
    if errors:
        raise ValidationError(errors)
    panel_case.recommendation = recommendation
    panel_case.reasons = reasons
    panel_case.recorded_by = actor
    panel_case.recorded_at = timezone.now()
    with _context(actor, "panel_recommendation"):
        panel_case.save()
    return panel_case


# Decisions ------------------------------------------------------------------------------------------


def _letter(actor: User, request: AssessmentRequest, kind: str, reasons: str, on: date) -> DecisionLetter:
    html = letters.render_decision_letter_html(
        request=request, kind=kind, reasons=reasons, issued_on=on, issued_by=actor
    )
    return DecisionLetter.objects.create(
        partnership_id=request.partnership_id,
        request=request,
        kind=kind,
        issued_on=on,
        reasons=reasons,
        html=html,
        issued_by=actor,
    )


def _appealable(actor: User, request: AssessmentRequest, kind: str, on: date, reasons: str) -> None:
    """Record the appealable decision for redress, in this transaction (docs/adr/0015)."""
    if request.child_id:
        redress_services.record_appealable_decision(
            actor=actor, child=request.child, kind=kind, decided_on=on, request=request, summary=reasons
        )


@transaction.atomic
def decide_whether_to_assess(
    *, actor: User, request: AssessmentRequest, decision: str, reasons: str, decided_on: date | None = None
) -> AssessmentRequest:
    """The LA decision-maker decides (reg 5). A refusal produces a decision letter with the family's rights."""
    if not policy.can_decide(actor, request):
        raise AccessDenied("Only the local authority's decision-maker can decide whether to assess")
    decided_on = decided_on or _today()
    errors = {}
    if request.stage not in (Stage.RECEIVED, Stage.PANEL):
        errors["decision"] = ["A decision on whether to assess has already been made"]
    elif decision not in AssessmentRequest.AssessDecision.values:
        errors["decision"] = ["Choose whether to carry out an EHC needs assessment"]
    if not reasons.strip():
        errors["reasons"] = ["Enter the reasons for the decision"]
    if errors:
        raise ValidationError(errors)
    _check_event_date(decided_on, field="decided_on", not_before=request.received_on)
    with _context(actor, "decide_whether_to_assess"):
        _close(_open_deadlines(request, "decide_whether_to_assess"), decided_on)
        request.assess_decision = decision
        request.assess_decided_on = decided_on
        request.assess_reasons = reasons
        request.assess_decided_by = actor
        if decision == AssessmentRequest.AssessDecision.NOT_ASSESS:
            _not_needed(request.deadlines.filter(code__in=["notify_not_to_issue", "final_plan_due"]))
            request.stage = Stage.REFUSED
            request.closed_on = decided_on
            request.save()
            _letter(actor, request, DecisionLetter.Kind.REFUSE_TO_ASSESS, reasons, decided_on)
            _appealable(actor, request, "refuse_to_assess", decided_on, reasons)
        else:
            request.stage = Stage.ASSESSING
            request.save()
        _refresh_next_due(request)
    return request


@transaction.atomic
def advice_request_create(
    *,
    actor: User,
    request: AssessmentRequest,
    advice_type: str,
    requested_on: date | None = None,
    setting: Setting | None = None,
    icb=None,
    adviser: User | None = None,
    adviser_name: str = "",
    questions: str = "",
) -> AdviceRequest:
    """Ask for advice (reg 6). The adviser has 6 weeks from receiving the request (reg 8)."""
    if not policy.can_manage(actor, request):
        raise AccessDenied("Only the partnership's caseworkers can ask for advice")
    requested_on = requested_on or _today()
    errors = {}
    if request.stage != Stage.ASSESSING:
        errors["advice_type"] = ["Advice can be asked for only while the assessment is under way"]
    elif advice_type not in AdviceRequest.AdviceType.values:
        errors["advice_type"] = ["Choose the kind of advice"]
    elif (
        not (setting or icb or adviser or adviser_name.strip())
        and advice_type != AdviceRequest.AdviceType.SOCIAL_CARE
    ):
        # Social care advice goes to the partnership's social care team unless a person is named.
        errors["adviser"] = ["Choose who is to give the advice"]
    if errors:
        raise ValidationError(errors)
    _check_event_date(requested_on, field="requested_on", not_before=request.assess_decided_on)
    advice = AdviceRequest(
        partnership_id=request.partnership_id,
        request=request,
        advice_type=advice_type,
        setting=setting,
        icb=icb,
        adviser=adviser,
        adviser_name=adviser_name or (adviser.get_full_name() if adviser else ""),
        questions=questions,
        requested_on=requested_on,
        requested_by=actor,
    )
    with _context(actor, "advice_request_create"):
        advice.save()
        _create_deadlines(request, "advice_requested", requested_on, advice_request=advice)
        _refresh_next_due(request)
    return advice


@transaction.atomic
def advice_submit(
    *, actor: User, advice: AdviceRequest, text: str, upload: UploadedFile | None = None
) -> AdviceRequest:
    """The adviser submits their advice in their inbox; the 6-week deadline is met (or met late)."""
    if not policy.can_submit_advice(actor, advice):
        raise AccessDenied("You cannot submit this advice")
    if not text.strip() and upload is None:
        raise ValidationError({"advice": ["Enter your advice or attach it as a document"]})
    with _context(actor, "advice_submit"):
        if upload is not None:
            advice.document = document_add_for_adviser(actor=actor, advice=advice, upload=upload)
        today = _today()
        advice.advice = text
        advice.status = AdviceRequest.Status.SUBMITTED
        advice.submitted_at = timezone.now()
        advice.submitted_by = actor
        advice.save()
        _close(advice.deadlines.filter(met_on__isnull=True), today)
        _refresh_next_due(advice.request)
    return advice


def document_add_for_adviser(*, actor: User, advice: AdviceRequest, upload: UploadedFile) -> CaseDocument:
    content_type = check_upload(upload, field="document")
    document = CaseDocument(
        partnership_id=advice.partnership_id,
        request=advice.request,
        kind=CaseDocument.Kind.ADVICE,
        title=f"{advice.get_advice_type_display()}"[:200],
        original_name=(upload.name or "advice")[:255],
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    document.file.save(upload.name or "advice", upload, save=False)
    document.save()
    return document


@transaction.atomic
def decide_whether_to_issue(
    *, actor: User, request: AssessmentRequest, decision: str, reasons: str, decided_on: date | None = None
) -> AssessmentRequest:
    """After the assessment: not issuing must be notified within 16 weeks (reg 10), with a letter."""
    if not policy.can_decide(actor, request):
        raise AccessDenied("Only the local authority's decision-maker can decide whether to issue a plan")
    decided_on = decided_on or _today()
    errors = {}
    if request.stage != Stage.ASSESSING or request.issue_decision:
        errors["decision"] = ["A decision on whether to issue a plan cannot be made at this stage"]
    elif decision not in AssessmentRequest.IssueDecision.values:
        errors["decision"] = ["Choose whether to issue an EHC plan"]
    if not reasons.strip():
        errors["reasons"] = ["Enter the reasons for the decision"]
    if errors:
        raise ValidationError(errors)
    _check_event_date(decided_on, field="decided_on", not_before=request.assess_decided_on)
    with _context(actor, "decide_whether_to_issue"):
        request.issue_decision = decision
        request.issue_decided_on = decided_on
        request.issue_reasons = reasons
        request.issue_decided_by = actor
        if decision == AssessmentRequest.IssueDecision.NOT_ISSUE:
            _close(_open_deadlines(request, "notify_not_to_issue"), decided_on)
            _not_needed(request.deadlines.filter(code="final_plan_due"))
            request.stage = Stage.NOT_ISSUING
            request.closed_on = decided_on
            request.save()
            _letter(actor, request, DecisionLetter.Kind.NOT_TO_ISSUE, reasons, decided_on)
            _appealable(actor, request, "refuse_to_issue", decided_on, reasons)
        else:
            _not_needed(request.deadlines.filter(code="notify_not_to_issue"))
            request.save()
        _refresh_next_due(request)
    return request


@transaction.atomic
def draft_plan_respond(
    *,
    actor: User,
    plan: Plan,
    comments: str,
    preferred_setting: Setting | None = None,
    preference_reasons: str = "",
    wants_meeting: bool = False,
) -> Plan:
    """The family comments on the draft and may name the setting they would like (CFA s.38)."""
    if not policy.can_comment_on_draft(actor, plan):
        raise AccessDenied("Only the family can comment on the draft plan")
    if not comments.strip() and preferred_setting is None:
        raise ValidationError({"comments": ["Enter your comments on the draft plan, or choose a setting"]})
    if preferred_setting is not None and not preference_reasons.strip():
        raise ValidationError({"preference_reasons": ["Enter why you would like this setting"]})
    plan.family_comments = comments
    plan.preferred_setting = preferred_setting
    plan.preference_reasons = preference_reasons
    plan.wants_meeting = wants_meeting
    plan.family_commented_at = timezone.now()
    plan.family_commented_by = actor
    with _context(actor, "draft_plan_respond"):
        plan.save()
        _close(_open_deadlines(plan.request, "comments_due"), _today())
        _refresh_next_due(plan.request)
    return plan


@transaction.atomic
def consultation_send(
    *,
    actor: User,
    plan: Plan,
    setting: Setting,
    sent_on: date | None = None,
    review: PlanReview | None = None,
) -> PlanConsultation:
    """Consult a setting about being named (CFA s.39(2), s.40(3)); it should answer in 15 days.

    While the plan is a draft the consultation belongs to the assessment (its deadline is on the case); at a
    review that may change section I it belongs to that review (its deadline is on the plan)."""
    if not policy.is_la_staff(actor, plan.partnership_id):
        raise AccessDenied("Only the partnership's caseworkers can consult settings")
    sent_on = sent_on or _today()
    if review is None and plan.status != Plan.Status.DRAFT:
        raise ValidationError(
            {"setting": ["Settings are consulted while the plan is a draft, or at a review of the plan"]}
        )
    if review is not None and (
        review.plan_id != plan.pk
        or plan.status != Plan.Status.FINAL
        or review.status in (PlanReview.Status.DECIDED, PlanReview.Status.CANCELLED)
    ):
        raise ValidationError({"setting": ["Settings are consulted at a review that is still open"]})
    if plan.consultations.filter(setting=setting, review=review).exists():
        raise ValidationError({"setting": ["This setting has already been consulted"]})
    not_before = plan.draft_issued_on if review is None else None
    _check_event_date(sent_on, field="sent_on", not_before=not_before)
    consultation = PlanConsultation(
        partnership_id=plan.partnership_id,
        plan=plan,
        review=review,
        setting=setting,
        sent_on=sent_on,
        sent_by=actor,
    )
    owner = plan.request if review is None else plan
    with _context(actor, "consultation_send"):
        consultation.save()
        if review is None:
            _create_deadlines(plan.request, "consultation_sent", sent_on, consultation=consultation)
        else:
            stored_deadlines.create(
                "consultation_sent", sent_on, plan=plan, review=review, consultation=consultation
            )
        _refresh_next_due(owner)
    return consultation


@transaction.atomic
def consultation_respond(
    *, actor: User, consultation: PlanConsultation, response: str, details: str, decline_ground: str = ""
) -> PlanConsultation:
    """The consulted setting accepts or declines; a decline gives its legal ground (CFA s.39(4), or for a
    mainstream place s.33(1)(b): placements/rules/naming.toml) and reasons. The family sees the answer."""
    if not policy.can_respond_to_consultation(actor, consultation):
        raise AccessDenied("Only the consulted setting can answer")
    errors = {}
    if response not in PlanConsultation.Response.values:
        errors["response"] = ["Choose whether you can meet the child's needs"]
    if not details.strip():
        errors["details"] = ["Enter the reasons for your answer"]
    if response == PlanConsultation.Response.CANNOT_MEET:
        from placements import selectors_lists  # placements reads ehcp's models: imported when used

        allowed = selectors_lists.consultation_grounds(consultation)
        if decline_ground in naming_rules.decline_grounds() and decline_ground not in allowed:
            errors["decline_ground"] = [
                "For a mainstream place, the only ground is that the child's attendance would be "
                "incompatible with the efficient education of others (section 33)"
            ]
        elif decline_ground not in allowed:
            errors["decline_ground"] = ["Choose the legal ground for saying you cannot meet the needs"]
    else:
        decline_ground = ""
    if errors:
        raise ValidationError(errors)
    consultation.response = response
    consultation.response_details = details
    consultation.decline_ground = decline_ground
    consultation.responded_at = timezone.now()
    consultation.responded_by = actor
    with _context(actor, "consultation_respond"):
        consultation.save()
        _close(consultation.deadlines.filter(met_on__isnull=True), _today())
        plan = consultation.plan
        _refresh_next_due(plan if consultation.review_id else plan.request)
    return consultation


# Exceptions -----------------------------------------------------------------------------------------


@transaction.atomic
def exception_record(
    *,
    actor: User,
    request: AssessmentRequest,
    ground: str,
    starts_on: date,
    ends_on: date | None,
    details: str,
    deadlines: Iterable[Deadline],
    evidence: UploadedFile | None = None,
) -> CaseException:
    """Record an exception to a time limit with evidence; the affected deadlines are marked excepted."""
    if not policy.can_decide(actor, request):
        raise AccessDenied("Only the local authority's decision-maker can record an exception")
    grounds = clock.exception_grounds(on=request.received_on or _today())
    deadlines = list(deadlines)
    errors: dict[str, list[str]] = {}
    if ground not in grounds:
        errors["ground"] = ["Choose the reason the time limit cannot be met"]
    if not details.strip():
        errors["details"] = ["Enter what happened and why it made the time limit impractical"]
    if ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = ["The end date must be on or after the start date"]
    if not deadlines:
        errors["deadlines"] = ["Choose the time limits this exception affects"]
    for deadline in deadlines:
        rule = _rule(deadline.event, deadline.code, deadline.start_on)
        if deadline.request_id != request.pk:
            errors["deadlines"] = ["Choose time limits on this case"]
        elif ground in grounds and ground not in rule.exception_grounds:
            errors.setdefault("deadlines", []).append(
                f"{deadline.title}: this exception does not apply to it ({deadline.legal_basis})"
            )
        elif deadline.met_on is not None and deadline.status == Status.MET:
            errors.setdefault("deadlines", []).append(f"{deadline.title}: this time limit was met")
    if errors:
        raise ValidationError(errors)
    _check_event_date(starts_on, field="starts_on", not_before=request.received_on)
    with _context(actor, "exception_record"):
        document = None
        if evidence is not None:
            document = document_add(
                actor=actor,
                request=request,
                upload=evidence,
                title="Evidence for an exception",
                kind=CaseDocument.Kind.EXCEPTION_EVIDENCE,
                field="evidence",
            )
        exception = CaseException.objects.create(
            partnership_id=request.partnership_id,
            request=request,
            ground=ground,
            ground_description=grounds[ground],
            starts_on=starts_on,
            ends_on=ends_on,
            details=details,
            evidence=document,
            decided_by=actor,
        )
        Deadline.objects.filter(pk__in=[d.pk for d in deadlines]).update(
            status=Status.EXCEPTED, exception=exception, updated_at=timezone.now()
        )
    return exception


def unmet_case_deadlines(request: AssessmentRequest):
    """Deadlines an exception could apply to: those not yet met."""
    return request.deadlines.filter(Q(met_on__isnull=True) | Q(status=Status.MISSED)).exclude(
        status__in=[Status.NOT_NEEDED, Status.EXCEPTED]
    )
