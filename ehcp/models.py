"""The EHC needs assessment journey: from a request to a final plan, on a statutory clock.

Every row carries its partnership and sits behind PostgreSQL row-level security (migration 0002).
Rows that record what people did are audited by pghistory (before and after, with the acting user);
``Deadline`` and ``Reminder`` are derived state kept by the services and the nightly sweep, so they are
not audited row by row (docs/adr/0009).
"""

import uuid

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models

from partnerships.models import ICB, Child, Partnership, Setting
from partnerships.models.children import audit_trackers

USER = settings.AUTH_USER_MODEL


@pghistory.track(*audit_trackers())
class AssessmentRequest(models.Model):
    """A request for an EHC needs assessment, followed through to a final plan (or a decision not to)."""

    class Stage(models.TextChoices):
        DRAFT = "draft", "Not sent yet"
        RECEIVED = "received", "Request received"
        PANEL = "panel", "With the multi-agency panel"
        REFUSED = "refused", "Decided not to assess"
        ASSESSING = "assessing", "Assessment under way"
        NOT_ISSUING = "not_issuing", "Decided not to issue a plan"
        DRAFT_PLAN = "draft_plan", "Draft plan issued"
        FINAL = "final", "Final plan issued"
        WITHDRAWN = "withdrawn", "Withdrawn"

    OPEN_STAGES = (Stage.RECEIVED, Stage.PANEL, Stage.ASSESSING, Stage.DRAFT_PLAN)
    CLOSED_STAGES = (Stage.REFUSED, Stage.NOT_ISSUING, Stage.FINAL, Stage.WITHDRAWN)

    class Route(models.TextChoices):
        PORTAL = "portal", "Online, by the family"
        SCHOOL = "school", "Online, by the school or college"
        RECORDED = "recorded", "Recorded by the local authority (post, email or phone)"
        LA_INITIATED = "la_initiated", "Brought to the local authority's attention"

    class Requester(models.TextChoices):
        PARENT = "parent", "Parent or carer"
        YOUNG_PERSON = "young_person", "Young person"
        SCHOOL = "school", "School or college"
        LOCAL_AUTHORITY = "local_authority", "The local authority (child brought to its attention)"

    class AssessDecision(models.TextChoices):
        ASSESS = "assess", "Assess"
        NOT_ASSESS = "not_assess", "Do not assess"

    class IssueDecision(models.TextChoices):
        ISSUE = "issue", "Issue a plan"
        NOT_ISSUE = "not_issue", "Do not issue a plan"

    reference = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, null=True, blank=True, related_name="assessment_requests"
    )
    # A family may start a request for a child the LA does not know yet: these are used to create the
    # child's record when the request is sent.
    child_first_name = models.CharField(max_length=100, blank=True)
    child_last_name = models.CharField(max_length=100, blank=True)
    child_date_of_birth = models.DateField(null=True, blank=True)

    route = models.CharField(max_length=20, choices=Route.choices)
    requester = models.CharField(max_length=20, choices=Requester.choices)
    requester_name = models.CharField(max_length=150, blank=True)
    requested_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    recorded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    setting = models.ForeignKey(
        Setting, on_delete=models.SET_NULL, null=True, blank=True, related_name="assessment_requests"
    )

    reasons = models.TextField(blank=True)
    family_views = models.TextField(blank=True)
    support_so_far = models.TextField(blank=True)

    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.DRAFT)
    received_on = models.DateField(null=True, blank=True, help_text="The day the LA received the request")
    submitted_at = models.DateTimeField(null=True, blank=True)
    caseworker = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    next_due_on = models.DateField(
        null=True, blank=True, help_text="The earliest open statutory deadline (kept by the services)"
    )

    assess_decision = models.CharField(max_length=20, choices=AssessDecision.choices, blank=True)
    assess_decided_on = models.DateField(null=True, blank=True)
    assess_reasons = models.TextField(blank=True)
    assess_decided_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    issue_decision = models.CharField(max_length=20, choices=IssueDecision.choices, blank=True)
    issue_decided_on = models.DateField(null=True, blank=True)
    issue_reasons = models.TextField(blank=True)
    issue_decided_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    final_issued_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True)
    withdrawn_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["next_due_on", "pk"]
        indexes = [
            # The work queue: open cases of a partnership by urgency, read a page at a time.
            models.Index(
                fields=["partnership", "next_due_on", "id"],
                condition=models.Q(stage__in=["received", "panel", "assessing", "draft_plan"]),
                name="request_open_queue",
            ),
            models.Index(fields=["partnership", "stage", "next_due_on"]),
            models.Index(fields=["caseworker", "stage", "next_due_on"]),
            models.Index(fields=["setting", "stage"]),
            models.Index(fields=["child", "received_on"]),
            models.Index(fields=["requested_by", "stage"]),
        ]

    def __str__(self) -> str:
        return f"Assessment request {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.stage in self.OPEN_STAGES

    @property
    def child_display_name(self) -> str:
        if self.child_id:
            return self.child.full_name
        return f"{self.child_first_name} {self.child_last_name}".strip() or "Child not named yet"


@pghistory.track(*audit_trackers())
class AttentionReferral(models.Model):
    """A professional without the right to request (s.36(1)) brings a child to the LA's attention."""

    class Outcome(models.TextChoices):
        OPEN = "open", "Waiting for the local authority"
        CONSIDERING = "considering", "The LA is considering an assessment"
        NO_ACTION = "no_action", "No assessment considered"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="attention_referrals")
    referred_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    referrer_role = models.CharField(max_length=100)
    summary = models.TextField()
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.OPEN)
    outcome_reasons = models.TextField(blank=True)
    outcome_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    outcome_at = models.DateTimeField(null=True, blank=True)
    resulting_request = models.ForeignKey(
        AssessmentRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["partnership", "outcome"])]

    def __str__(self) -> str:
        return f"{self.child_id} brought to attention by {self.referrer_role}"


def evidence_path(instance: "CaseDocument", filename: str) -> str:
    return f"cases/{instance.partnership_id}/{uuid.uuid4().hex}"


@pghistory.track(*audit_trackers())
class CaseDocument(models.Model):
    """A document on a case: evidence from the family or school, advice, panel papers, letters."""

    class Kind(models.TextChoices):
        EVIDENCE = "evidence", "Evidence"
        ADVICE = "advice", "Advice"
        PANEL_PAPERS = "panel_papers", "Panel papers"
        EXCEPTION_EVIDENCE = "exception_evidence", "Evidence for an exception"
        OTHER = "other", "Other"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    request = models.ForeignKey(AssessmentRequest, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.EVIDENCE)
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=evidence_path, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100, help_text="Sniffed from the content, not the name")
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        indexes = [models.Index(fields=["request", "kind"])]

    def __str__(self) -> str:
        return self.title


@pghistory.track(*audit_trackers())
class PanelMeeting(models.Model):
    """A meeting of the multi-agency panel that recommends whether to assess."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    meets_at = models.DateTimeField()
    location = models.CharField(max_length=200)
    agenda = models.TextField(blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meets_at"]
        indexes = [models.Index(fields=["partnership", "meets_at"])]

    def __str__(self) -> str:
        return f"Panel on {self.meets_at:%d %B %Y}"


class PanelMember(models.Model):
    """Someone sitting on a panel meeting, with the perspective they bring."""

    class Perspective(models.TextChoices):
        CHAIR = "chair", "Chair (local authority)"
        EDUCATION = "education", "Education"
        HEALTH = "health", "Health"
        SOCIAL_CARE = "social_care", "Social care"
        PARENT_REPRESENTATIVE = "parent_representative", "Parent representative"
        OTHER = "other", "Other"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey(PanelMeeting, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    name = models.CharField(max_length=150)
    perspective = models.CharField(max_length=30, choices=Perspective.choices)

    class Meta:
        ordering = ["perspective", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_perspective_display()})"


@pghistory.track(*audit_trackers())
class PanelCase(models.Model):
    """A case on a panel meeting's list, and the panel's recommendation with reasons."""

    class Recommendation(models.TextChoices):
        ASSESS = "assess", "Assess"
        NOT_ASSESS = "not_assess", "Do not assess"
        MORE_INFORMATION = "more_information", "Ask for more information"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey(PanelMeeting, on_delete=models.CASCADE, related_name="cases")
    request = models.ForeignKey(AssessmentRequest, on_delete=models.CASCADE, related_name="panel_cases")
    position = models.PositiveSmallIntegerField(default=0)
    recommendation = models.CharField(max_length=20, choices=Recommendation.choices, blank=True)
    reasons = models.TextField(blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["meeting", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "request"], name="panel_case_once")]
        indexes = [models.Index(fields=["request"])]

    def __str__(self) -> str:
        return f"Case {self.request_id} at {self.meeting}"


@pghistory.track(*audit_trackers())
class AdviceRequest(models.Model):
    """A request for advice during the assessment (reg 6), answered in the adviser's own inbox."""

    class AdviceType(models.TextChoices):
        EDUCATIONAL = "educational", "Educational advice (the setting)"
        PSYCHOLOGICAL = "psychological", "Psychological advice (educational psychologist)"
        HEALTH = "health", "Health advice (the ICB's designated officer)"
        SOCIAL_CARE = "social_care", "Social care advice"
        PREPARING_FOR_ADULTHOOD = "preparing_for_adulthood", "Preparing for adulthood (Year 9 onwards)"
        FAMILY_REQUESTED = "family_requested", "Advice the family asked for"
        OTHER = "other", "Other advice"

    class Status(models.TextChoices):
        REQUESTED = "requested", "Waiting for advice"
        SUBMITTED = "submitted", "Advice submitted"
        WITHDRAWN = "withdrawn", "Withdrawn"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    request = models.ForeignKey(AssessmentRequest, on_delete=models.CASCADE, related_name="advice_requests")
    advice_type = models.CharField(max_length=30, choices=AdviceType.choices)
    # Who answers: a setting (its SENCO and headteacher), an ICB (its health officers), the partnership's
    # social care officers, or one named person.
    setting = models.ForeignKey(Setting, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    icb = models.ForeignKey(ICB, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    adviser = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    adviser_name = models.CharField(max_length=150, blank=True)
    questions = models.TextField(blank=True)
    requested_on = models.DateField(help_text="The day the adviser received the request")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REQUESTED)
    advice = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    document = models.ForeignKey(
        CaseDocument, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["requested_on", "pk"]
        indexes = [
            models.Index(fields=["setting", "status"]),
            models.Index(fields=["icb", "status"]),
            models.Index(fields=["adviser", "status"]),
            models.Index(fields=["partnership", "advice_type", "status"]),
            models.Index(fields=["request"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_advice_type_display()} for request {self.request_id}"


@pghistory.track(*audit_trackers())
class Plan(models.Model):
    """A child's EHC plan for its whole life: drafted, issued, reviewed, amended, ceased or transferred.

    Its content lives in ``PlanVersion`` rows: one working version at most (the one being edited) and
    the versions issued, which never change (docs/adr/0012).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        FINAL = "final", "Maintained"
        CEASED = "ceased", "Ceased"
        TRANSFERRED = "transferred", "Transferred to another local authority"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    # The assessment that made the plan; empty for a plan transferred in from another local authority.
    request = models.OneToOneField(
        AssessmentRequest, on_delete=models.CASCADE, null=True, blank=True, related_name="plan"
    )
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="plans")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    caseworker = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    current_version = models.ForeignKey(
        "PlanVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The plan in force: the last final or amended version issued",
    )
    draft_issued_on = models.DateField(null=True, blank=True, help_text="The day the draft was served")
    family_comments = models.TextField(blank=True)
    family_commented_at = models.DateTimeField(null=True, blank=True)
    family_commented_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    preferred_setting = models.ForeignKey(
        Setting, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    preference_reasons = models.TextField(blank=True)
    wants_meeting = models.BooleanField(default=False)
    named_setting = models.ForeignKey(
        Setting, on_delete=models.SET_NULL, null=True, blank=True, related_name="plans_named"
    )
    final_issued_on = models.DateField(null=True, blank=True, help_text="The day the plan was first made")
    last_reviewed_on = models.DateField(
        null=True, blank=True, help_text="The day the last review was completed (its decision notified)"
    )
    next_review_due_on = models.DateField(null=True, blank=True)
    next_due_on = models.DateField(
        null=True, blank=True, help_text="The earliest open deadline on the plan (kept by the services)"
    )
    ceased_on = models.DateField(null=True, blank=True)
    transferred_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The plan this one continues, kept by the local authority the child moved from",
    )
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["partnership", "status", "next_due_on"]),
            models.Index(fields=["partnership", "next_review_due_on"]),
            models.Index(fields=["child"]),
            models.Index(fields=["named_setting", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} plan {self.pk}"


@pghistory.track(*audit_trackers())
class PlanVersion(models.Model):
    """One version of a plan's content, sections A to K as structured data (ehcp/plan_content.py).

    A working version is edited (optimistic locking per section); an issued version never changes:
    a database trigger refuses any update or delete of it, whatever the route (service, API, admin).
    """

    class Kind(models.TextChoices):
        DRAFT = "draft", "Draft plan"
        FINAL = "final", "Final plan"
        PROPOSED = "proposed", "Proposed amendments"
        AMENDED = "amended", "Amended plan"
        TRANSFERRED = "transferred", "Plan as transferred from another local authority"

    class Status(models.TextChoices):
        WORKING = "working", "Being written"
        ISSUED = "issued", "Issued"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.DRAFT)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.WORKING)
    content = models.JSONField(default=dict)
    schema_version = models.PositiveSmallIntegerField(default=1)
    revision = models.PositiveIntegerField(default=0, help_text="Goes up by one on every save")
    section_revisions = models.JSONField(
        default=dict, help_text="Section code to the revision that last changed it"
    )
    quality_issues = models.JSONField(default=list, help_text="The quality checks' findings at the last save")
    based_on = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    issued_on = models.DateField(null=True, blank=True)
    issued_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number"),
            models.UniqueConstraint(
                fields=["plan"], condition=models.Q(status="working"), name="plan_one_working_version"
            ),
        ]
        indexes = [models.Index(fields=["partnership", "kind", "issued_on"])]
        triggers = [
            pgtrigger.Protect(
                name="issued_version_is_immutable",
                operation=pgtrigger.Update | pgtrigger.Delete,
                condition=pgtrigger.Q(old__status="issued"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} (version {self.number})"


def attachment_path(instance: "PlanAttachment", filename: str) -> str:
    return f"plans/{instance.partnership_id}/{uuid.uuid4().hex}"


@pghistory.track(*audit_trackers())
class PlanAttachment(models.Model):
    """A picture, recording, video or document attached to a plan (section A) or a progress update."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(max_length=200)
    description = models.TextField(
        blank=True, help_text="A text alternative: what the picture or recording shows"
    )
    file = models.FileField(upload_to=attachment_path, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100, help_text="Sniffed from the content, not the name")
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        indexes = [models.Index(fields=["plan"])]

    def __str__(self) -> str:
        return self.title


@pghistory.track(*audit_trackers())
class PlanReview(models.Model):
    """A review of the plan (CFA s.44; regs 18 to 22): annual, phase transfer, early or after a move."""

    class Kind(models.TextChoices):
        ANNUAL = "annual", "Annual review"
        PHASE_TRANSFER = "phase_transfer", "Phase transfer review"
        UNDER_FIVE = "under_five", "Interim review (under 5)"
        EARLY = "early", "Early review"
        AFTER_TRANSFER = "after_transfer", "Review after moving local authority"

    class Decision(models.TextChoices):
        MAINTAIN = "maintain", "Keep the plan as it is"
        AMEND = "amend", "Amend the plan"
        CEASE = "cease", "Stop maintaining the plan"

    class Status(models.TextChoices):
        PLANNED = "planned", "Meeting to arrange"
        ARRANGED = "arranged", "Meeting arranged"
        HELD = "held", "Meeting held"
        REPORTED = "reported", "Report sent"
        DECIDED = "decided", "Decision notified"
        CANCELLED = "cancelled", "Cancelled"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ANNUAL)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    due_by = models.DateField(help_text="The review must be completed by this day")
    host_setting = models.ForeignKey(
        Setting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviews_hosted",
        help_text="The setting whose head arranges the meeting (reg 20); empty when the LA convenes it (reg 21)",
    )
    meeting_at = models.DateTimeField(null=True, blank=True)
    meeting_place = models.CharField(max_length=200, blank=True)
    invitees = models.JSONField(default=list, help_text="Who was invited: name, role and organisation")
    notice_sent_on = models.DateField(null=True, blank=True)
    advice_circulated_on = models.DateField(null=True, blank=True)
    held_on = models.DateField(null=True, blank=True)
    # Phase transfer (reg 18): the setting to be named after the move and by when.
    transfer_phase = models.CharField(max_length=40, blank=True)
    transfer_on = models.DateField(null=True, blank=True, help_text="The day the child moves setting")
    transfer_plan_due = models.DateField(null=True, blank=True)
    # The report (reg 20(7)/21(7)): views, progress, recommended amendments and differences of view.
    child_views = models.TextField(blank=True)
    progress_summary = models.TextField(blank=True)
    outcomes_still_appropriate = models.BooleanField(null=True)
    recommended_amendments = models.TextField(blank=True)
    differences_of_view = models.TextField(blank=True)
    preparing_for_adulthood = models.TextField(blank=True)
    report_sent_on = models.DateField(null=True, blank=True)
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    decision_on = models.DateField(null=True, blank=True)
    decision_reasons = models.TextField(blank=True)
    decided_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    proposed_version = models.ForeignKey(
        PlanVersion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The proposed amendments sent with the decision (reg 22)",
    )
    amendment_notice_on = models.DateField(null=True, blank=True)
    amended_version = models.ForeignKey(
        PlanVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_by", "pk"]
        indexes = [
            models.Index(fields=["plan", "due_by"]),
            models.Index(fields=["host_setting", "status", "meeting_at"]),
            models.Index(fields=["partnership", "status", "due_by"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} due by {self.due_by:%d %B %Y}"


@pghistory.track(*audit_trackers())
class PlanCessation(models.Model):
    """Ceasing to maintain a plan (CFA s.45; regs 29 to 31), on one of the two legal grounds only."""

    class Ground(models.TextChoices):
        NO_LONGER_RESPONSIBLE = (
            "no_longer_responsible",
            "The local authority is no longer responsible (s.45(1)(a))",
        )
        NO_LONGER_NECESSARY = (
            "no_longer_necessary",
            (
                "It is no longer necessary for special educational provision to be made under a plan (s.45(1)(b))"
            ),
        )

    class Status(models.TextChoices):
        CONSULTING = "consulting", "Consulting"
        DECIDED = "decided", "Decision notified"
        APPEALED = "appealed", "Appeal pending: the plan stays in force"
        CEASED = "ceased", "Ceased"
        WITHDRAWN = "withdrawn", "No longer proposed"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="cessations")
    ground = models.CharField(max_length=30, choices=Ground.choices)
    circumstance = models.CharField(max_length=60, blank=True, help_text="For no longer responsible: why")
    reasons = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CONSULTING)
    proposed_on = models.DateField()
    family_consulted_on = models.DateField(null=True, blank=True)
    family_views = models.TextField(blank=True)
    setting_consulted_on = models.DateField(null=True, blank=True)
    setting_views = models.TextField(blank=True)
    review = models.ForeignKey(PlanReview, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    decision_on = models.DateField(null=True, blank=True)
    letter_html = models.TextField(blank=True, help_text="The decision letter as sent")
    appeal_lodged_on = models.DateField(null=True, blank=True)
    ceases_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["proposed_on", "pk"]
        indexes = [models.Index(fields=["plan", "status"])]

    def __str__(self) -> str:
        return f"Ceasing plan {self.plan_id} ({self.get_status_display()})"


@pghistory.track(*audit_trackers())
class PlanTransfer(models.Model):
    """A move to another local authority (reg 15): the plan and its history go to the new partnership.

    One row per move, in the old partnership; the new partnership's plan points back with
    ``Plan.transferred_from``. Each side sees the rows it is responsible for (rls.py admits the new one).
    """

    class Status(models.TextChoices):
        NOTIFIED = "notified", "Move known: plan to transfer"
        TRANSFERRED = "transferred", "Transferred"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    to_partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="transfers_out")
    new_plan = models.ForeignKey(Plan, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOTIFIED)
    learned_on = models.DateField(help_text="The day the old local authority learned of the move")
    moves_on = models.DateField(help_text="The day the family moves")
    transfer_due_on = models.DateField()
    transferred_on = models.DateField(null=True, blank=True)
    new_address_postcode = models.CharField(max_length=10, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["moves_on", "pk"]
        indexes = [models.Index(fields=["to_partnership", "status"]), models.Index(fields=["plan"])]

    def __str__(self) -> str:
        return f"Transfer of plan {self.plan_id} on {self.moves_on:%d %B %Y}"


@pghistory.track(*audit_trackers())
class ProgressUpdate(models.Model):
    """Progress towards an outcome between reviews, from the family, the child or the setting."""

    class Author(models.TextChoices):
        CHILD = "child", "The child or young person"
        FAMILY = "family", "Parent or carer"
        SETTING = "setting", "School or college"
        LA = "la", "Local authority"

    class Rating(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        SOME_PROGRESS = "some_progress", "Some progress"
        GOOD_PROGRESS = "good_progress", "Good progress"
        ACHIEVED = "achieved", "Achieved"
        CONCERN = "concern", "A concern"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="progress_updates")
    outcome_id = models.CharField(max_length=40, help_text="The outcome's id in section E")
    outcome_text = models.TextField(help_text="The outcome as worded when the update was posted")
    author_kind = models.CharField(max_length=10, choices=Author.choices)
    rating = models.CharField(max_length=15, choices=Rating.choices, blank=True)
    text = models.TextField()
    attachment = models.ForeignKey(
        PlanAttachment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    posted_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    posted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-posted_at", "-pk"]
        indexes = [models.Index(fields=["plan", "outcome_id", "posted_at"])]

    def __str__(self) -> str:
        return f"Progress on {self.outcome_id} ({self.get_author_kind_display()})"


@pghistory.track(*audit_trackers())
class PlanConsultation(models.Model):
    """Consulting a setting about being named in the plan (CFA s.39(2) and s.40(3))."""

    class Response(models.TextChoices):
        CAN_MEET = "can_meet", "We can meet the child's needs"
        CANNOT_MEET = "cannot_meet", "We cannot meet the child's needs"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="consultations")
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="plan_consultations")
    # A plan's settings are consulted once when it is first made (no review), and again at a review that
    # may change the setting named in section I (one round of consultations per review).
    review = models.ForeignKey(
        PlanReview, on_delete=models.CASCADE, null=True, blank=True, related_name="consultations"
    )
    sent_on = models.DateField()
    sent_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    response = models.CharField(max_length=20, choices=Response.choices, blank=True)
    response_details = models.TextField(blank=True)
    # A setting that cannot meet the needs says which s.39(4) ground (placements/rules/naming.toml).
    decline_ground = models.CharField(max_length=40, blank=True, default="", db_default="")
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["sent_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "setting", "review"], name="consult_setting_once", nulls_distinct=False
            )
        ]
        indexes = [models.Index(fields=["setting", "response"])]

    def __str__(self) -> str:
        return f"Consultation with {self.setting_id} on plan {self.plan_id}"


@pghistory.track(*audit_trackers())
class DecisionLetter(models.Model):
    """A decision letter to the family, with their rights, kept exactly as it was sent."""

    class Kind(models.TextChoices):
        REFUSE_TO_ASSESS = "refuse_to_assess", "Decision not to carry out an EHC needs assessment"
        NOT_TO_ISSUE = "not_to_issue", "Decision not to issue an EHC plan"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    request = models.ForeignKey(AssessmentRequest, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    issued_on = models.DateField()
    reasons = models.TextField()
    html = models.TextField(help_text="The letter as sent (the PDF is rendered from this)")
    issued_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["issued_on", "pk"]
        indexes = [models.Index(fields=["request"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.issued_on:%d %B %Y})"


@pghistory.track(*audit_trackers())
class CaseException(models.Model):
    """An exception to a time limit (regs 5(4), 8(2), 10(4), 13(3)), with evidence and who decided."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    request = models.ForeignKey(AssessmentRequest, on_delete=models.CASCADE, related_name="exceptions")
    ground = models.CharField(max_length=40, help_text="An exception ground code from the rules data")
    ground_description = models.CharField(max_length=300)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    details = models.TextField()
    evidence = models.ForeignKey(
        CaseDocument, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_on", "pk"]
        indexes = [models.Index(fields=["request"])]

    def __str__(self) -> str:
        return self.ground_description


class Deadline(models.Model):
    """One statutory obligation on a case: what, by when, on what legal basis, who acts, and how it ended."""

    class Status(models.TextChoices):
        PENDING = "pending", "Due"
        MET = "met", "Met"
        MISSED = "missed", "Missed"
        EXCEPTED = "excepted", "Exception applies"
        NOT_NEEDED = "not_needed", "No longer needed"

    OPEN_STATUSES = (Status.PENDING,)

    class WhoActs(models.TextChoices):
        LA = "la", "The local authority"
        ADVISER = "adviser", "The adviser"
        FAMILY = "family", "The family"
        SETTING = "setting", "The school or college"
        MEDIATOR = "mediator", "The mediation adviser"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    # An assessment's deadlines hang on its request; a plan's (reviews, amendments, transfers) on the plan.
    request = models.ForeignKey(
        AssessmentRequest, on_delete=models.CASCADE, null=True, blank=True, related_name="deadlines"
    )
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, null=True, blank=True, related_name="deadlines")
    review = models.ForeignKey(
        PlanReview, on_delete=models.CASCADE, null=True, blank=True, related_name="deadlines"
    )
    advice_request = models.ForeignKey(
        AdviceRequest, on_delete=models.CASCADE, null=True, blank=True, related_name="deadlines"
    )
    consultation = models.ForeignKey(
        PlanConsultation, on_delete=models.CASCADE, null=True, blank=True, related_name="deadlines"
    )
    # Redress (docs/adr/0015): mediation, certificates, the appeal, Tribunal orders, complaints.
    dispute = models.ForeignKey(
        "redress.Dispute", on_delete=models.CASCADE, null=True, blank=True, related_name="deadlines"
    )
    code = models.CharField(max_length=50)
    event = models.CharField(max_length=50)
    rules_version = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    legal_basis = models.CharField(max_length=200)
    plain_basis = models.CharField(max_length=200)
    source_url = models.URLField(max_length=300, blank=True)
    guidance_only = models.BooleanField(default=False)
    who_acts = models.CharField(max_length=10, choices=WhoActs.choices)
    start_on = models.DateField()
    due_on = models.DateField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    met_on = models.DateField(null=True, blank=True)
    exception = models.ForeignKey(
        CaseException, on_delete=models.SET_NULL, null=True, blank=True, related_name="deadlines"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["status", "due_on"], name="deadline_open_due"),
            models.Index(fields=["partnership", "status", "due_on"], name="deadline_tenant_due"),
            models.Index(fields=["request", "due_on"], name="deadline_case"),
            models.Index(fields=["code", "status"], name="deadline_code_status"),
            models.Index(fields=["plan", "due_on"], name="deadline_plan"),
            models.Index(fields=["dispute", "due_on"], name="deadline_dispute"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(request__isnull=False)
                | models.Q(plan__isnull=False)
                | models.Q(dispute__isnull=False),
                name="deadline_on_a_case_plan_or_dispute",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} due {self.due_on:%d %B %Y}"


class Reminder(models.Model):
    """One reminder about a deadline to one person. The unique key makes each one happen once."""

    class Kind(models.TextChoices):
        UPCOMING = "upcoming", "Due in 7 days"
        DUE_TODAY = "due_today", "Due today"
        OVERDUE = "overdue", "Overdue"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Could not be sent"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    recipient = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    reference = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["deadline", "kind", "recipient"], name="reminder_once"),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="reminder_pending")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} reminder for deadline {self.deadline_id}"
