"""Redress: appealable decisions, mediation, Tribunal appeals and orders, disagreement resolution and
complaints, on statutory clocks (statutory-rules.md sections 3 and 7; docs/adr/0015).

Every row carries its partnership and sits behind PostgreSQL row-level security (migration 0001). Rows that
record what people did are audited by pghistory. The deadlines are ``ehcp.Deadline`` rows pointing at the
``Dispute`` (docs/adr/0009), so the nightly sweep marks and reminds them like any other.
"""

import pghistory
from django.conf import settings
from django.db import models

from ehcp.models import AssessmentRequest, Deadline, Plan
from partnerships.models import Child, Partnership
from partnerships.models.children import audit_trackers

USER = settings.AUTH_USER_MODEL


@pghistory.track(*audit_trackers())
class AppealableDecision(models.Model):
    """A decision the family can appeal to the SEND Tribunal (CFA s.51(2)), recorded with its date by the
    service that made it, in the same transaction, with the dates the family must act by."""

    class Kind(models.TextChoices):
        REFUSE_TO_ASSESS = "refuse_to_assess", "Refusal to carry out an EHC needs assessment"
        REFUSE_TO_ISSUE = "refuse_to_issue", "Refusal to issue an EHC plan"
        PLAN_CONTENTS = "plan_contents", "The contents of the EHC plan (sections B, F and I)"
        NO_SETTING_NAMED = "no_setting_named", "No school or other institution named in the EHC plan"
        REFUSE_TO_REASSESS = "refuse_to_reassess", "Refusal to carry out a re-assessment"
        REFUSE_TO_AMEND = "refuse_to_amend", "Refusal to amend the EHC plan after a review"
        CEASE = "cease", "Decision to cease to maintain the EHC plan"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="appealable_decisions")
    request = models.ForeignKey(
        AssessmentRequest, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    decided_on = models.DateField(help_text="The date of the written notice of the decision")
    sections = models.CharField(max_length=20, blank=True, help_text="Plan sections it covers, e.g. B,F,I")
    summary = models.TextField(blank=True)
    mediation_contact_due = models.DateField()
    appeal_due = models.DateField(help_text="Without a mediation certificate; a later certificate moves it")
    rules_version = models.CharField(max_length=40)
    recorded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-pk"]
        indexes = [
            models.Index(fields=["partnership", "decided_on"], name="redress_decision_tenant"),
            models.Index(fields=["child"], name="redress_decision_child"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.decided_on:%d %B %Y})"

    @property
    def section_i_only_possible(self) -> bool:
        """An appeal only about section I (or no institution named) needs no mediation certificate."""
        return self.kind in (self.Kind.PLAN_CONTENTS, self.Kind.NO_SETTING_NAMED)


@pghistory.track(*audit_trackers())
class Dispute(models.Model):
    """A family's disagreement followed to its end: an appealable decision taken through mediation to the
    Tribunal, a disagreement resolution referral (any SEN matter), or a complaint."""

    class Route(models.TextChoices):
        APPEAL = "appeal", "Mediation and appeal to the Tribunal"
        DISAGREEMENT = "disagreement", "Disagreement resolution"
        COMPLAINT = "complaint", "Complaint"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Reason(models.TextChoices):
        ASSESSMENT = "assessment", "Refusal to assess or to issue a plan"
        NEEDS = "needs", "Special educational needs described (section B)"
        PROVISION = "provision", "Special educational provision (section F)"
        PLACEMENT = "placement", "School or institution named (section I)"
        HEALTH_CARE = "health_care", "Health or social care"
        CEASING = "ceasing", "Ceasing the plan"
        DELAY = "delay", "Delay or missed deadlines"
        COMMUNICATION = "communication", "Communication or how the case was handled"
        OTHER = "other", "Something else"

    class Mediation(models.TextChoices):
        UNDECIDED = "", "Not yet known"
        WANTED = "wanted", "The family wants mediation"
        DECLINED = "declined", "The family does not want mediation"
        NOT_NEEDED = "not_needed", "Not needed: the appeal is only about section I"

    class Certificate(models.TextChoices):
        DECLINED = "declined", "Issued after the family declined mediation"
        AFTER_MEDIATION = "after_mediation", "Issued after mediation"
        NOT_ARRANGED = "not_arranged", "Issued because mediation could not be arranged in 30 days"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="disputes")
    decision = models.ForeignKey(
        AppealableDecision, on_delete=models.PROTECT, null=True, blank=True, related_name="disputes"
    )
    route = models.CharField(max_length=20, choices=Route.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    reason = models.CharField(max_length=20, choices=Reason.choices)
    summary = models.TextField()
    opened_on = models.DateField()
    resolved_on = models.DateField(null=True, blank=True)
    outcome = models.TextField(blank=True)
    caseworker = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # Mediation (appeal route).
    section_i_only = models.BooleanField(default=False)
    mediation = models.CharField(max_length=12, choices=Mediation.choices, blank=True, default="")
    adviser_contacted_on = models.DateField(null=True, blank=True)
    la_told_on = models.DateField(null=True, blank=True)
    mediator = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    certificate_on = models.DateField(null=True, blank=True)
    certificate_kind = models.CharField(max_length=20, choices=Certificate.choices, blank=True)
    # Complaints: a referral to the Local Government and Social Care Ombudsman.
    ombudsman_referred_on = models.DateField(null=True, blank=True)
    ombudsman_reference = models.CharField(max_length=40, blank=True)
    next_due_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["next_due_on", "pk"]
        indexes = [
            models.Index(fields=["partnership", "status", "next_due_on"], name="redress_dispute_queue"),
            models.Index(fields=["mediator", "status"], name="redress_dispute_mediator"),
            models.Index(fields=["child", "status"], name="redress_dispute_child"),
        ]

    def __str__(self) -> str:
        return f"{self.get_route_display()} {self.pk}"

    @property
    def certificate_needed(self) -> bool:
        return self.route == self.Route.APPEAL and not self.section_i_only


@pghistory.track(*audit_trackers())
class MediationSession(models.Model):
    """A mediation meeting: who attended, the issues, the outcome (regs 38 to 42)."""

    class Outcome(models.TextChoices):
        AGREED = "agreed", "Agreement on every issue"
        PARTLY = "partly", "Agreement on some issues"
        NOT_AGREED = "not_agreed", "No agreement"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField()
    la_decision_maker = models.CharField(
        max_length=200, help_text="The person at the meeting able to make decisions for the LA"
    )
    health_in_dispute = models.BooleanField(default=False)
    icb_attended = models.BooleanField(default=False)
    social_care_in_dispute = models.BooleanField(default=False)
    social_care_attended = models.BooleanField(default=False)
    other_attendees = models.TextField(blank=True)
    issues = models.TextField()
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    recorded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["held_on", "pk"]
        indexes = [models.Index(fields=["dispute"], name="redress_session_dispute")]

    def __str__(self) -> str:
        return f"Mediation on {self.held_on:%d %B %Y}"


@pghistory.track(*audit_trackers())
class AgreementItem(models.Model):
    """One thing agreed at mediation, with who does it and by when; its stored deadline is reminded."""

    class Owner(models.TextChoices):
        LA = "la", "The local authority"
        ICB = "icb", "The integrated care board"
        SOCIAL_CARE = "social_care", "Social care"
        FAMILY = "family", "The family"
        SETTING = "setting", "The school or college"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(MediationSession, on_delete=models.CASCADE, related_name="items")
    description = models.CharField(max_length=300)
    owner = models.CharField(max_length=12, choices=Owner.choices)
    within_appeal_right = models.BooleanField(
        default=False, help_text="A matter the family could have appealed (reg 44 limits), or not (2 weeks)"
    )
    due_on = models.DateField()
    deadline = models.OneToOneField(
        Deadline, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.description


@pghistory.track(*audit_trackers())
class Appeal(models.Model):
    """An appeal registered with the First-tier Tribunal (SEND)."""

    class Status(models.TextChoices):
        REGISTERED = "registered", "Registered"
        DECIDED = "decided", "Decided"
        CONCEDED = "conceded", "Conceded by the local authority"
        WITHDRAWN = "withdrawn", "Withdrawn"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    dispute = models.OneToOneField(Dispute, on_delete=models.CASCADE, related_name="appeal")
    registered_on = models.DateField()
    tribunal_reference = models.CharField(max_length=40)
    hearing_on = models.DateField(null=True, blank=True)
    extended = models.BooleanField(default=False, help_text="Includes health or social care recommendations")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.REGISTERED)
    decided_on = models.DateField(null=True, blank=True)
    registered_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Appeal {self.tribunal_reference}"


@pghistory.track(*audit_trackers())
class AppealIssue(models.Model):
    """One issue under appeal, with the Tribunal's outcome on it."""

    class Issue(models.TextChoices):
        REFUSAL = "refusal", "The refusal itself"
        SECTION_B = "section_b", "Special educational needs (section B)"
        SECTION_F = "section_f", "Special educational provision (section F)"
        SECTION_I = "section_i", "School or institution (section I)"
        CEASING = "ceasing", "Ceasing the plan"
        HEALTH = "health", "Health care (recommendation only)"
        SOCIAL_CARE = "social_care", "Social care (recommendation only)"

    class Outcome(models.TextChoices):
        PENDING = "pending", "Not yet decided"
        UPHELD = "upheld", "Found for the family"
        DISMISSED = "dismissed", "Dismissed"
        CONCEDED = "conceded", "Conceded by the local authority"
        WITHDRAWN = "withdrawn", "Withdrawn"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="issues")
    issue = models.CharField(max_length=20, choices=Issue.choices)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, default=Outcome.PENDING)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["appeal", "issue"], name="redress_issue_once")]

    def __str__(self) -> str:
        return self.get_issue_display()


@pghistory.track(*audit_trackers())
class TribunalOrder(models.Model):
    """An order of the Tribunal; its reg 44 time limits become stored deadlines (the event is the kind)."""

    class Kind(models.TextChoices):
        ASSESS = "tribunal_order_assess", "Carry out an EHC needs assessment or re-assessment"
        MAKE_PLAN = "tribunal_order_make_plan", "Make and maintain an EHC plan"
        AMEND = "tribunal_order_amend", "Amend sections B or F of the plan"
        NAME_SETTING = "tribunal_order_name_setting", "Name a different school or institution"
        CEASE_DISMISSED = "tribunal_cease_appeal_dismissed", "Appeal against ceasing dismissed"
        RECOMMENDATION = "tribunal_recommendation_made", "Health or social care recommendation"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="orders")
    kind = models.CharField(max_length=40, choices=Kind.choices)
    made_on = models.DateField()
    details = models.TextField(blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["made_on", "pk"]

    def __str__(self) -> str:
        return self.get_kind_display()


class NoPlaceAlert(models.Model):
    """A child with an open dispute and no education place, escalated to the SEND managers once a day.

    Derived state kept by the daily task (like reminders): the unique key makes each day's alert once."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="+")
    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="no_place_alerts")
    on = models.DateField()
    sent_at = models.DateTimeField(null=True, blank=True)
    recipients = models.PositiveSmallIntegerField(default=0)
    sent_to = models.JSONField(
        default=list,
        blank=True,
        help_text="The ids of the managers already sent this alert (a retry skips them)",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "pk"]
        constraints = [models.UniqueConstraint(fields=["child", "on"], name="redress_no_place_once_a_day")]

    def __str__(self) -> str:
        return f"No place for child {self.child_id} on {self.on}"
