"""Reads for the multi-agency panel, advisers' inboxes and children brought to the LA's attention.

Every read starts from a scoped policy queryset (``ehcp.policy``) or selector (``ehcp.selectors``), and each
list costs a fixed number of queries whatever the amount of data. Deadlines are written out in plain
English here, so the pages and the API say the same thing, for example
"Advice due by Monday 16 February 2026 (6 weeks, regulation 8)".
"""

from datetime import date, datetime, time

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from partnerships.models import Child, Membership, Partnership, User
from partnerships.policy import AccessDenied, actor_for
from partnerships.roles import LA_ROLES, SETTING_ROLES, Role

from . import clock, policy, selectors
from .models import (
    AdviceRequest,
    AssessmentRequest,
    AttentionReferral,
    CaseDocument,
    Deadline,
    PanelCase,
    PanelMeeting,
    PanelMember,
)

Stage = AssessmentRequest.Stage
Perspective = PanelMember.Perspective
DStatus = Deadline.Status

# Cases the panel considers: requests waiting for the decision whether to assess.
PANEL_STAGES = (Stage.RECEIVED, Stage.PANEL)
DECISION_CODE = "decide_whether_to_assess"
ADVICE_CODE = "advice_due"
# The order members are listed in, and the perspectives the green paper wants on every panel (ch. 2, 13).
PERSPECTIVE_ORDER = [
    Perspective.CHAIR,
    Perspective.EDUCATION,
    Perspective.HEALTH,
    Perspective.SOCIAL_CARE,
    Perspective.PARENT_REPRESENTATIVE,
    Perspective.OTHER,
]
MULTI_AGENCY_PERSPECTIVES = (
    Perspective.EDUCATION,
    Perspective.HEALTH,
    Perspective.SOCIAL_CARE,
    Perspective.PARENT_REPRESENTATIVE,
)
# Who may sit on a partnership's panel with an account: its own staff, staff of its settings, and the
# health officers of the ICBs that serve it. DfE roles and support administrators do not.
PANEL_PARTNERSHIP_ROLES = (*LA_ROLES, Role.SOCIAL_CARE_OFFICER, Role.MEDIATOR)


# Deadlines in plain English -------------------------------------------------------------------------


def deadline_duration(deadline: Deadline) -> str:
    """The time limit in words ("6 weeks"), from the rule the deadline was computed from."""
    try:
        return clock.rule(deadline.code, on=deadline.start_on, event=deadline.event).duration
    except (KeyError, clock.DateOutOfRange):
        return ""


def deadline_sentence(deadline: Deadline, *, title: str | None = None) -> str:
    """ "Advice due by Monday 16 February 2026 (6 weeks, regulation 8)"."""
    basis = ", ".join(part for part in (deadline_duration(deadline), deadline.plain_basis) if part)
    text = f"{title or deadline.title} due by {clock.long_date(deadline.due_on)}"
    return f"{text} ({basis})" if basis else text


def deadline_state(deadline: Deadline, *, today: date | None = None) -> dict:
    """The status tag of a deadline: its words, its GOV.UK tag colour, and whether it is overdue."""
    today = today or timezone.localdate()
    overdue = deadline.met_on is None and (
        deadline.status == DStatus.MISSED or (deadline.status == DStatus.PENDING and deadline.due_on < today)
    )
    if overdue:
        return {"text": "Overdue", "colour": "red", "overdue": True}
    colours = {
        DStatus.PENDING: "blue",
        DStatus.MET: "green",
        DStatus.MISSED: "red",
        DStatus.EXCEPTED: "yellow",
        DStatus.NOT_NEEDED: "grey",
    }
    return {"text": deadline.get_status_display(), "colour": colours[deadline.status], "overdue": False}


def _describe(deadline: Deadline | None, *, title: str | None = None, today: date) -> dict | None:
    if deadline is None:
        return None
    return {
        "deadline": deadline,
        "text": deadline_sentence(deadline, title=title),
        "state": deadline_state(deadline, today=today),
        "met_on": deadline.met_on,
        "exception": deadline.exception,
    }


# Panel meetings -------------------------------------------------------------------------------------


def time_text(moment: datetime) -> str:
    """GOV.UK style times, in local time: "10am", "2:30pm", "midday", "midnight"."""
    local = timezone.localtime(moment)
    if local.minute == 0 and local.hour in (0, 12):
        return "midnight" if local.hour == 0 else "midday"
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    return f"{hour}{suffix}" if local.minute == 0 else f"{hour}:{local.minute:02d}{suffix}"


def when_text(moment: datetime) -> str:
    """ "Monday 16 February 2026 at 10am"."""
    return f"{clock.long_date(timezone.localtime(moment).date())} at {time_text(moment)}"


def _start_of_today() -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate(), time.min))


def meetings_for(*, user: User) -> QuerySet[PanelMeeting]:
    """Meetings of the person's partnerships (LA staff), or those they sit on, with their counts."""
    return (
        policy.meetings_visible_to(user)
        .select_related("partnership")
        .annotate(
            case_count=Count("cases", distinct=True),
            recommendation_count=Count("cases", filter=~Q(cases__recommendation=""), distinct=True),
        )
    )


def meetings_upcoming(*, user: User) -> QuerySet[PanelMeeting]:
    return meetings_for(user=user).filter(meets_at__gte=_start_of_today()).order_by("meets_at", "pk")


def meetings_past(*, user: User) -> QuerySet[PanelMeeting]:
    return meetings_for(user=user).filter(meets_at__lt=_start_of_today()).order_by("-meets_at", "-pk")


def meeting_get(*, user: User, meeting_id: int) -> PanelMeeting:
    """One meeting the person may see, or 404; DfE users get 403 (they never see cases)."""
    if actor_for(user).is_aggregate_only:
        raise AccessDenied("DfE regional and national users see aggregates, not cases")
    found = (
        policy.meetings_visible_to(user)
        .select_related("partnership", "created_by")
        .filter(pk=meeting_id)
        .first()
    )
    if found is None:
        raise Http404("No panel meeting found")
    return found


def meeting_members(*, meeting: PanelMeeting) -> list[PanelMember]:
    """The members, chair first, then education, health, social care, parent representative, other."""
    members = list(meeting.members.select_related("user"))
    return sorted(members, key=lambda m: (PERSPECTIVE_ORDER.index(m.perspective), m.name.lower(), m.pk))


def missing_perspectives(perspectives) -> list[str]:
    """The multi-agency perspectives no member brings, in words ("Health", "Parent representative")."""
    present = set(perspectives)
    return [Perspective(p).label for p in MULTI_AGENCY_PERSPECTIVES if p not in present]


def meeting_cases(*, meeting: PanelMeeting, today: date | None = None) -> list[PanelCase]:
    """The cases on the meeting's list in order, each with its papers and its decision deadline
    (``panel_case.decision``: the deadline in words and its status). A fixed number of queries."""
    today = today or timezone.localdate()
    cases = list(
        PanelCase.objects.filter(meeting=meeting)
        .select_related("request", "request__child", "request__setting", "recorded_by")
        .prefetch_related(
            Prefetch(
                "request__documents",
                queryset=CaseDocument.objects.order_by("uploaded_at", "pk"),
                to_attr="papers",
            ),
            Prefetch(
                "request__deadlines",
                queryset=Deadline.objects.filter(code=DECISION_CODE)
                .select_related("exception")
                .order_by("due_on", "pk"),
                to_attr="decision_deadlines",
            ),
        )
        .order_by("position", "pk")
    )
    for panel_case in cases:
        deadlines = panel_case.request.decision_deadlines
        panel_case.decision = _describe(deadlines[0] if deadlines else None, today=today)
    return cases


def panel_case_get(*, meeting: PanelMeeting, case_id: int) -> PanelCase:
    """The case (assessment request ``case_id``) on this meeting's list, or 404."""
    found = (
        meeting.cases.select_related("request", "request__child", "request__setting", "meeting")
        .filter(request_id=case_id)
        .first()
    )
    if found is None:
        raise Http404("This case is not on the meeting's list")
    return found


def addable_cases(*, user: User, meeting: PanelMeeting) -> QuerySet[AssessmentRequest]:
    """Open cases of the meeting's partnership waiting for a panel, not already on its list."""
    return (
        policy.requests_visible_to(user)
        .filter(partnership_id=meeting.partnership_id, stage__in=PANEL_STAGES)
        .exclude(pk__in=PanelCase.objects.filter(meeting=meeting).values("request_id"))
        .select_related("child")
        .order_by("next_due_on", "pk")
    )


def panel_partnerships(*, user: User) -> QuerySet[Partnership]:
    """The partnerships whose panel meetings this person may arrange (LA caseworkers, SEND managers)."""
    return Partnership.objects.filter(pk__in=actor_for(user).partnership_ids_for(*LA_ROLES)).order_by("name")


def panel_member_candidates(*, partnership_ids) -> QuerySet[User]:
    """People with an account who may sit on these partnerships' panels: their LA, social care and
    mediation staff, staff of their settings, and health officers of the ICBs that serve them."""
    partnership_ids = list(partnership_ids)
    memberships = Membership.objects.filter(is_active=True).filter(
        Q(partnership_id__in=partnership_ids, role__in=PANEL_PARTNERSHIP_ROLES)
        | Q(setting__partnership_id__in=partnership_ids, role__in=SETTING_ROLES)
        | Q(icb__partnerships__in=partnership_ids, role=Role.HEALTH_OFFICER)
    )
    return User.objects.filter(is_active=True, pk__in=memberships.values("user_id")).order_by(
        "full_name", "pk"
    )


# Advice ---------------------------------------------------------------------------------------------


def _with_due(advice: AdviceRequest, today: date) -> AdviceRequest:
    timeline = getattr(advice, "timeline", None)
    if timeline is None:
        timeline = list(advice.deadlines.select_related("exception").order_by("due_on", "pk"))
    due = next((d for d in timeline if d.code == ADVICE_CODE), None)
    advice.due = _describe(due, title="Advice", today=today)
    return advice


def advice_inbox(*, user: User, include_done: bool = True, today: date | None = None) -> list[AdviceRequest]:
    """The advice requests in this person's inbox (``selectors.advice_inbox``), each with ``.due``: the
    6-week deadline in words and its status. Waiting ones first, most urgent first."""
    today = today or timezone.localdate()
    rows = [
        _with_due(advice, today)
        for advice in selectors.advice_inbox(user=user, include_done=include_done).select_related(
            "requested_by", "submitted_by", "request__partnership"
        )
    ]
    waiting = AdviceRequest.Status.REQUESTED

    def urgency(advice: AdviceRequest):
        due_on = advice.due["deadline"].due_on if advice.due else date.max
        return (advice.status != waiting, due_on, advice.pk)

    return sorted(rows, key=urgency)


def advice_get(*, user: User, advice_id: int, today: date | None = None) -> AdviceRequest:
    """One advice request in this person's inbox, or 404; DfE users get 403 (they never see cases)."""
    if actor_for(user).is_aggregate_only:
        raise AccessDenied("DfE regional and national users see aggregates, not cases")
    found = (
        selectors.advice_inbox(user=user, include_done=True)
        .select_related("requested_by", "submitted_by", "document", "request__partnership")
        .filter(pk=advice_id)
        .first()
    )
    if found is None:
        raise Http404("No advice request found in your inbox")
    return _with_due(found, today or timezone.localdate())


# Documents an adviser is sent with the request: the case's evidence and panel papers (not other advisers'
# advice, nor evidence for exceptions to time limits).
ADVISER_DOCUMENT_KINDS = (CaseDocument.Kind.EVIDENCE, CaseDocument.Kind.PANEL_PAPERS, CaseDocument.Kind.OTHER)


def advice_documents(*, advice: AdviceRequest) -> list[CaseDocument]:
    return list(
        CaseDocument.objects.filter(request_id=advice.request_id, kind__in=ADVISER_DOCUMENT_KINDS).order_by(
            "uploaded_at", "pk"
        )
    )


def advice_document_get(*, advice: AdviceRequest, document_id: int) -> CaseDocument:
    """A document of the advice's case the adviser may open (or their own submitted advice), or 404."""
    condition = Q(kind__in=ADVISER_DOCUMENT_KINDS)
    if advice.document_id:
        condition |= Q(pk=advice.document_id)
    found = CaseDocument.objects.filter(condition, request_id=advice.request_id, pk=document_id).first()
    if found is None:
        raise Http404("No document found")
    return found


# Bringing a child to the LA's attention -------------------------------------------------------------


def latest_referral(*, user: User, child: Child) -> AttentionReferral | None:
    """The last time this person brought this child to the LA's attention."""
    return (
        AttentionReferral.objects.filter(child=child, referred_by=user).order_by("-created_at", "-pk").first()
    )
