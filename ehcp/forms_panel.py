"""Forms for the panel area: arranging a panel meeting, adding a case, recording a recommendation,
submitting advice and bringing a child to the LA's attention. Forms shape input; meaning (who may, what is
allowed at which stage) is checked by the services."""

import re
from datetime import datetime, time

from django import forms
from django.utils import timezone

from partnerships.models import Partnership
from partnerships.widgets import GovukDateField

from .models import AssessmentRequest, PanelCase, PanelMember
from .uploads import max_upload_bytes

Perspective = PanelMember.Perspective

# Rows of members on the form (it works without JavaScript, so the rows are there from the start), each
# suggesting the perspective the green paper wants on a multi-agency panel.
MEMBER_ROWS = 8
SUGGESTED_PERSPECTIVES = [
    Perspective.CHAIR,
    Perspective.EDUCATION,
    Perspective.HEALTH,
    Perspective.SOCIAL_CARE,
    Perspective.PARENT_REPRESENTATIVE,
]
TIME_PATTERN = re.compile(r"^(?P<hour>\d{1,2})[:.](?P<minute>\d{2})$")
TIME_HINT = "Use the 24-hour clock, for example 10:00 or 14:30"


def parse_time(text: str) -> time | None:
    """ "10:00", "9:30" or "14.30" as a time; None if it is not a real time on the 24-hour clock."""
    match = TIME_PATTERN.match(text.strip())
    if not match:
        return None
    hour, minute = int(match["hour"]), int(match["minute"])
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.full_name} ({obj.email})" if obj.full_name else obj.email


class PanelMeetingForm(forms.Form):
    # Member rows are optional as a whole (the legend says so), not field by field.
    mark_optional_fields = False

    partnership = forms.ModelChoiceField(
        queryset=Partnership.objects.none(),
        label="Partnership",
        empty_label=None,
        error_messages={
            "required": "Choose the partnership",
            "invalid_choice": "Choose one of your partnerships",
        },
    )
    meets_on = GovukDateField(
        label="Date of the meeting",
        help_text="For example, 16 3 2026",
        error_messages={"required": "Enter the date of the meeting"},
    )
    meets_time = forms.CharField(
        label="Time the meeting starts",
        help_text=TIME_HINT,
        max_length=5,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter the time the meeting starts",
            "max_length": f"Enter a real time. {TIME_HINT}",
        },
    )
    location = forms.CharField(
        label="Where the panel meets",
        help_text="A room and address, or how to join online",
        max_length=200,
        error_messages={
            "required": "Enter where the panel meets (or how to join online)",
            "max_length": "Where the panel meets must be 200 characters or fewer",
        },
    )
    agenda = forms.CharField(
        label="Agenda (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, partnerships=(), candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        partnership_list = list(partnerships)
        self.fields["partnership"].queryset = Partnership.objects.filter(
            pk__in=[p.pk for p in partnership_list]
        ).order_by("name")
        if len(partnership_list) == 1:
            self.fields["partnership"].initial = partnership_list[0].pk
            self.fields["partnership"].widget = forms.HiddenInput()
        perspective_choices = [("", "Choose a perspective"), *Perspective.choices]
        for number in range(1, MEMBER_ROWS + 1):
            self.fields[f"member_{number}_name"] = forms.CharField(
                label="Name",
                required=False,
                max_length=150,
                error_messages={"max_length": f"Member {number}'s name must be 150 characters or fewer"},
            )
            self.fields[f"member_{number}_perspective"] = forms.ChoiceField(
                label="Perspective they bring",
                required=False,
                choices=perspective_choices,
                initial=SUGGESTED_PERSPECTIVES[number - 1] if number <= len(SUGGESTED_PERSPECTIVES) else "",
                error_messages={"invalid_choice": f"Choose the perspective member {number} brings"},
            )
            user_field = StaffChoiceField(
                label="Their account on this service (optional)",
                required=False,
                queryset=candidates,
                empty_label="No account",
                error_messages={
                    "invalid_choice": f"Choose someone who works with this partnership for member {number}"
                },
            )
            self.fields[f"member_{number}_user"] = user_field

    def main_fields(self):
        return [self[name] for name in ("partnership", "meets_on", "meets_time", "location", "agenda")]

    def member_rows(self) -> list[dict]:
        return [
            {
                "number": number,
                "suggested": SUGGESTED_PERSPECTIVES[number - 1]
                if number <= len(SUGGESTED_PERSPECTIVES)
                else "",
                "fields": [self[f"member_{number}_{part}"] for part in ("name", "perspective", "user")],
            }
            for number in range(1, MEMBER_ROWS + 1)
        ]

    def clean_meets_time(self):
        value = self.cleaned_data["meets_time"]
        parsed = parse_time(value)
        if parsed is None:
            raise forms.ValidationError(f"Enter a real time. {TIME_HINT}")
        return parsed

    def clean(self):
        cleaned = super().clean()
        members = []
        for number in range(1, MEMBER_ROWS + 1):
            name = (cleaned.get(f"member_{number}_name") or "").strip()
            user = cleaned.get(f"member_{number}_user")
            perspective = cleaned.get(f"member_{number}_perspective") or ""
            if f"member_{number}_perspective" in self.errors or f"member_{number}_user" in self.errors:
                continue
            if not (name or user):
                continue  # an unused row (its suggested perspective alone does not add a member)
            if not perspective:
                self.add_error(
                    f"member_{number}_perspective", f"Choose the perspective member {number} brings"
                )
                continue
            members.append({"name": name, "perspective": perspective, "user": user})
        if not members and not any(name.startswith("member_") for name in self.errors):
            self.add_error("member_1_name", "Add the panel's members, starting with the chair")
        elif members and not any(m["perspective"] == Perspective.CHAIR for m in members):
            self.add_error(
                "member_1_perspective", "The panel needs a chair: choose Chair for one of the members"
            )
        cleaned["members"] = members
        on, at = cleaned.get("meets_on"), cleaned.get("meets_time")
        if on and at:
            cleaned["meets_at"] = timezone.make_aware(datetime.combine(on, at))
        return cleaned


class AddCaseForm(forms.Form):
    mark_optional_fields = False

    request = forms.ModelChoiceField(
        queryset=AssessmentRequest.objects.none(),
        label="Which case should the panel consider?",
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Choose a case to add to the meeting's list",
            "invalid_choice": "Choose a case from the list",
        },
    )

    def __init__(self, *args, cases=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["request"]
        field.queryset = cases
        field.label_from_instance = _case_label


def _case_label(request: AssessmentRequest) -> str:
    received = (
        f"{request.received_on.day} {request.received_on:%B %Y}" if request.received_on else "not known"
    )
    return f"{request.child_display_name} (case {request.pk}), request received {received}"


class RecommendationForm(forms.Form):
    mark_optional_fields = False

    recommendation = forms.ChoiceField(
        label="What does the panel recommend?",
        choices=PanelCase.Recommendation.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the panel's recommendation",
            "invalid_choice": "Choose the panel's recommendation",
        },
    )
    reasons = forms.CharField(
        label="The panel's reasons",
        help_text="The local authority's decision-maker will read these before deciding whether to assess.",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter the panel's reasons"},
    )


class AdviceSubmitForm(forms.Form):
    # Either is enough (the service asks for one or the other), so neither is marked optional.
    mark_optional_fields = False

    advice = forms.CharField(
        label="Your advice",
        required=False,
        help_text="Answer the questions you were asked. You can attach your advice as a document instead.",
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    document = forms.FileField(
        label="Attach your advice as a document",
        required=False,
        error_messages={
            "empty": "The selected file is empty",
            "invalid": "Choose a file to upload",
            "missing": "Choose a file to upload",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = max_upload_bytes() // (1024 * 1024)
        self.fields["document"].help_text = (
            "A PDF, Word document (.docx or .doc), OpenDocument text (.odt), JPEG or PNG image, "
            f"smaller than {limit}MB"
        )


class AttentionReferralForm(forms.Form):
    mark_optional_fields = False

    summary = forms.CharField(
        label="Why are you bringing this child to the local authority's attention?",
        help_text="Describe the child's needs as you see them, what support they have had, and why you think "
        "they may need an EHC needs assessment.",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": "Enter why you are bringing this child to the local authority's attention",
            "max_length": "Your summary must be 5,000 characters or fewer",
        },
    )
