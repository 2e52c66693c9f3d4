"""The EHC needs assessment journey: from a request to a final plan, on a statutory clock.

Every row carries its partnership and sits behind PostgreSQL row-level security (migration 0002).
Rows that record what people did are audited by pghistory (before and after, with the acting user);
``Deadline`` and ``Reminder`` are derived state kept by the services and the nightly sweep, so they are
not audited row by row (docs/adr/0009).
"""

import uuid

import pghistory
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
    """The plan made at the end of an assessment: a draft with sections A to K, then the final plan.

    The standardised, versioned EHCP (issue 4) builds on this.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        FINAL = "final", "Final"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    request = models.OneToOneField(AssessmentRequest, on_delete=models.CASCADE, related_name="plan")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="plans")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    sections = models.JSONField(default=dict, help_text="Section letter to its text, A to K")
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
        Setting, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    final_issued_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["partnership", "status"]), models.Index(fields=["child"])]

    def __str__(self) -> str:
        return f"{self.get_status_display()} plan for request {self.request_id}"


@pghistory.track(*audit_trackers())
class PlanConsultation(models.Model):
    """Consulting a setting about being named in the plan (CFA s.39(2) and s.40(3))."""

    class Response(models.TextChoices):
        CAN_MEET = "can_meet", "We can meet the child's needs"
        CANNOT_MEET = "cannot_meet", "We cannot meet the child's needs"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="consultations")
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="plan_consultations")
    sent_on = models.DateField()
    sent_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    response = models.CharField(max_length=20, choices=Response.choices, blank=True)
    response_details = models.TextField(blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["sent_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "setting"], name="consult_setting_once")]
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

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    request = models.ForeignKey(AssessmentRequest, on_delete=models.CASCADE, related_name="deadlines")
    advice_request = models.ForeignKey(
        AdviceRequest, on_delete=models.CASCADE, null=True, blank=True, related_name="deadlines"
    )
    consultation = models.ForeignKey(
        PlanConsultation, on_delete=models.CASCADE, null=True, blank=True, related_name="deadlines"
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
