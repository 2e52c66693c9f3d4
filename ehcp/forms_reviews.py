"""Forms for a plan's reviews. They shape input; ``services_reviews`` decides what is allowed and its
errors come back onto these fields (``service_field``)."""

import datetime
import re

from django import forms
from django.db.models import Q
from django.utils import timezone

from partnerships.models import Setting
from partnerships.widgets import GovukDateField
from placements import selectors_lists

from . import clock
from .models import Plan, PlanReview
from .selectors_reviews import DEFAULT_DAYS, QUEUE_FILTERS
from .services_reviews import INVITEE_ROLES

DATE_HINT = "For example, 27 3 2027"
TIME_PATTERN = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


class ReviewForm(forms.Form):
    """A form about one plan; service error keys map onto fields of the same name (``renames`` else)."""

    renames: dict[str, str] = {}

    def __init__(self, *args, plan: Plan, **kwargs):
        self.plan = plan
        super().__init__(*args, **kwargs)

    def service_field(self, key: str) -> str | None:
        key = self.renames.get(key, key)
        return key if key in self.fields else None


def _nameable(plan: Plan, also: int | None = None):
    """The partnership's settings, and one more when a naming decision chose a setting in another area."""
    condition = Q(partnership_id=plan.partnership_id)
    if also:
        condition |= Q(pk=also)
    return Setting.objects.filter(condition)


def _settings_choices(plan: Plan, empty: str, also: int | None = None) -> list[tuple[str, str]]:
    settings = _nameable(plan, also).order_by("name")
    return [("", empty)] + [(str(s.pk), s.name) for s in settings]


def _setting(plan: Plan, value: str, also: int | None = None) -> Setting | None:
    return _nameable(plan, also).filter(pk=value).first() if value else None


class ArrangeForm(ReviewForm):
    kind = forms.ChoiceField(
        label="What kind of review is it?",
        choices=[
            (PlanReview.Kind.ANNUAL, PlanReview.Kind.ANNUAL.label),
            (PlanReview.Kind.EARLY, PlanReview.Kind.EARLY.label),
            (PlanReview.Kind.UNDER_FIVE, PlanReview.Kind.UNDER_FIVE.label),
        ],
        widget=forms.RadioSelect,
        initial=PlanReview.Kind.ANNUAL,
        error_messages={
            "required": "Choose the kind of review",
            "invalid_choice": "Choose the kind of review",
        },
    )
    host_setting = forms.ChoiceField(
        label="Who arranges the meeting?",
        help_text="The head teacher or principal arranges it when the local authority asks (regulation 20).",
        required=False,
    )
    meeting_date = GovukDateField(
        label="Date of the meeting",
        help_text=DATE_HINT,
        error_messages={"required": "Enter the date of the meeting"},
    )
    meeting_time = forms.CharField(
        label="Time of the meeting",
        help_text="For example, 10:30 or 14:00",
        max_length=5,
        error_messages={"required": "Enter the time of the meeting"},
    )
    place = forms.CharField(
        label="Where the meeting will be held",
        max_length=200,
        error_messages={"required": "Enter where the meeting will be held"},
    )
    invite = forms.MultipleChoiceField(
        label="Who is invited",
        help_text="Regulation 20(2) says who must be invited.",
        choices=list(INVITEE_ROLES.items()),
        widget=forms.CheckboxSelectMultiple,
        initial=list(INVITEE_ROLES),
        error_messages={"required": "Choose who is invited"},
    )
    others = forms.CharField(
        label="Anyone else invited",
        help_text="One person on each line, for example: Sam Green, speech and language therapist",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    renames = {"meeting_at": "meeting_date", "invitees": "invite"}

    def __init__(self, *args, review: PlanReview | None = None, **kwargs):
        self.review = review
        super().__init__(*args, **kwargs)
        self.fields["host_setting"].choices = _settings_choices(
            self.plan, "The local authority convenes the meeting (regulation 21)"
        )
        if review is not None:
            del self.fields["kind"]

    def clean_meeting_time(self):
        value = self.cleaned_data["meeting_time"]
        match = TIME_PATTERN.match(value)
        if not match or int(match[1]) > 23 or int(match[2]) > 59:
            raise forms.ValidationError("Enter the time of the meeting as hours and minutes, like 10:30")
        return datetime.time(int(match[1]), int(match[2]))

    def meeting_at(self) -> datetime.datetime:
        data = self.cleaned_data
        return timezone.make_aware(datetime.datetime.combine(data["meeting_date"], data["meeting_time"]))

    def host(self) -> Setting | None:
        return _setting(self.plan, self.cleaned_data.get("host_setting") or "")

    def invitees(self, defaults: list[dict]) -> list[dict]:
        chosen = set(self.cleaned_data["invite"])
        rows = [row for row in defaults if row["role"] in chosen]
        for line in self.cleaned_data.get("others", "").splitlines():
            if line.strip():
                name, _, organisation = line.partition(",")
                rows.append({"role": "other", "name": name.strip(), "organisation": organisation.strip()})
        return rows


class StepDateForm(ReviewForm):
    """One date: when the notice was sent, the advice circulated, the meeting held."""

    on = GovukDateField(label="Date", help_text=DATE_HINT)

    def __init__(self, *args, label: str, field: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = label
        self.fields["on"].error_messages["required"] = f"Enter the {label[:1].lower()}{label[1:]}"
        self.fields["on"].initial = timezone.localdate
        self.renames = {field: "on"}


YES_NO = [("yes", "Yes"), ("no", "No")]


class ReportForm(ReviewForm):
    sent_on = GovukDateField(
        label="Date the report was sent", help_text=DATE_HINT, error_messages={"required": "Enter the date"}
    )
    child_views = forms.CharField(
        label="The views, wishes and feelings of the child and family",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    progress_summary = forms.CharField(
        label="Progress towards the outcomes", widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    outcomes_still_appropriate = forms.ChoiceField(
        label="Are the outcomes still appropriate?", choices=YES_NO, widget=forms.RadioSelect, required=False
    )
    recommended_amendments = forms.CharField(
        label="Amendments recommended", widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    differences_of_view = forms.CharField(
        label="Differences of view", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    preparing_for_adulthood = forms.CharField(
        label="Preparing for adulthood",
        help_text="From Year 9: employment, independent living, friends and community, and good health.",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )

    def __init__(self, *args, review: PlanReview, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sent_on"].initial = timezone.localdate
        if review.report_sent_on:
            for name in self.fields:
                if name not in ("sent_on", "outcomes_still_appropriate"):
                    self.fields[name].initial = getattr(review, name)
            if review.outcomes_still_appropriate is not None:
                self.fields["outcomes_still_appropriate"].initial = (
                    "yes" if review.outcomes_still_appropriate else "no"
                )

    def outcomes(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("outcomes_still_appropriate") or "")


class DecideForm(ReviewForm):
    decision = forms.ChoiceField(
        label="What has the local authority decided?",
        choices=PlanReview.Decision.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether to keep, amend or cease the plan",
            "invalid_choice": "Choose whether to keep, amend or cease the plan",
        },
    )
    reasons = forms.CharField(
        label="Reasons for the decision",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the reasons for the decision"},
    )
    decided_on = GovukDateField(
        label="Date the decision was sent", help_text=DATE_HINT, error_messages={"required": "Enter the date"}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = timezone.localdate


class AmendedPlanForm(ReviewForm):
    issued_on = GovukDateField(
        label="Date the amended plan was issued",
        help_text=DATE_HINT,
        error_messages={"required": "Enter the date"},
    )
    named_setting = forms.ChoiceField(label="School or institution named in section I", required=False)
    setting_type = forms.CharField(
        label="Type of school or institution",
        help_text="Leave blank to keep section I as it is (a phase transfer must name the next setting).",
        max_length=200,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issued_on"].initial = timezone.localdate
        # A naming decision made since the plan in force was issued (placements, docs/adr/0016) fills in
        # section I, and may name a setting in another area.
        decision = selectors_lists.latest_decision(self.plan)
        current = self.plan.current_version
        self.decided_setting_id = None
        if decision is not None and (
            current is None or not current.issued_on or decision.decided_on >= current.issued_on
        ):
            self.decided_setting_id = decision.named_setting_id
            self.fields["named_setting"].initial = str(decision.named_setting_id or "")
            self.fields["setting_type"].initial = decision.setting_type
        self.fields["named_setting"].choices = _settings_choices(
            self.plan, "None: name the type only", also=self.decided_setting_id
        )

    def setting(self) -> Setting | None:
        return _setting(self.plan, self.cleaned_data.get("named_setting") or "", also=self.decided_setting_id)


class PhaseTransferForm(ReviewForm):
    transfer_kind = forms.ChoiceField(
        label="Which move is it?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the kind of move between phases of education",
            "invalid_choice": "Choose the kind of move between phases of education",
        },
    )
    transfer_on = GovukDateField(
        label="Date of the move",
        help_text="Usually the first day of the autumn term. For example, 1 9 2027",
        error_messages={"required": "Enter the date of the move"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["transfer_kind"].choices = [(k.code, k.label) for k in clock.phase_transfers().values()]


class QueueForm(forms.Form):
    """The reviews queue's filters (sent by GET)."""

    mark_optional_fields = False

    show = forms.ChoiceField(label="Show", choices=list(QUEUE_FILTERS.items()), required=False)
    days = forms.IntegerField(
        label="Review due within (days)",
        min_value=1,
        max_value=366,
        required=False,
        error_messages={
            "min_value": "Enter a number of days from 1 to 366",
            "max_value": "Enter a number of days from 1 to 366",
            "invalid": "Enter a number of days from 1 to 366",
        },
    )

    def which(self) -> str:
        return (self.cleaned_data.get("show") or "all") if self.is_valid() else "all"

    def day_count(self) -> int:
        return (self.cleaned_data.get("days") or DEFAULT_DAYS) if self.is_valid() else DEFAULT_DAYS
