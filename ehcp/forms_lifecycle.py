"""Forms for the end of a plan's life in one local authority: ceasing it and moving to another.

They shape input; ``ehcp.services_lifecycle`` decides what is allowed and its field errors come back on
these fields (same names)."""

from django import forms
from django.utils import timezone

from partnerships.models import Partnership
from partnerships.widgets import GovukDateField

from . import services_lifecycle as life
from .models import PlanCessation

DATE_HINT = "For example, 27 3 2026"


def _date(label: str, *, required: bool = True, hint: str = DATE_HINT) -> GovukDateField:
    """A GOV.UK date input; a required one starts at today."""
    initial = timezone.localdate if required else None
    required_message = f"Enter the {label[:1].lower()}{label[1:]}"
    return GovukDateField(
        label=label,
        required=required,
        help_text=hint,
        initial=initial,
        error_messages={"required": required_message},
    )


class LifeForm(forms.Form):
    def service_field(self, key: str) -> str | None:
        return key if key in self.fields else None


class CeaseProposeForm(LifeForm):
    ground = forms.ChoiceField(
        label="On which ground in law do you propose to cease the plan?",
        help_text="Section 45 of the Children and Families Act 2014 allows only these two.",
        choices=PlanCessation.Ground.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the ground for ceasing the plan",
            "invalid_choice": "Choose one of the two grounds in section 45",
        },
    )
    circumstance = forms.ChoiceField(
        label="Why is the local authority no longer responsible?",
        help_text="Only for 'no longer responsible'. Under 18, only a move out of England (regulation 29).",
        choices=[("", "Not applicable")] + [(code, label) for code, (label, _) in life.CIRCUMSTANCES.items()],
        required=False,
    )
    reasons = forms.CharField(
        label="Reasons",
        help_text="These are given to the family in the decision letter if you decide to cease the plan.",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        error_messages={"required": "Enter the reasons for proposing to cease the plan"},
    )
    proposed_on = _date("Date of the proposal")
    established_not_returning = forms.BooleanField(
        label="A review established that the young person does not wish to return to education or training, "
        "or that returning would not be appropriate (regulation 30)",
        required=False,
    )

    def __init__(self, *args, reviews=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["review"] = forms.ModelChoiceField(
            label="The review that established it",
            help_text="Only for a young person aged 18 or over who has left education or training.",
            queryset=reviews,
            required=False,
            empty_label="No review",
        )


class CeaseConsultForm(LifeForm):
    family_consulted_on = _date("Date the family was consulted")
    family_views = forms.CharField(
        label="Their views", widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=5000
    )
    setting_consulted_on = _date(
        "Date the head or principal of the named setting was consulted", required=False
    )
    setting_views = forms.CharField(
        label="The setting's views", widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=5000
    )

    def __init__(self, *args, young_person: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if young_person:
            field = self.fields["family_consulted_on"]
            field.label = "Date the young person was consulted"
            field.error_messages["required"] = "Enter the date the young person was consulted"


class CeaseDecideForm(LifeForm):
    decision_on = _date("Date of the decision")
    ceases_on = _date(
        "Date the plan ceases",
        required=False,
        hint="Leave empty for the day after the time to appeal ends. It cannot be earlier than that.",
    )


class CeaseAppealForm(LifeForm):
    lodged_on = _date("Date the appeal was lodged with the Tribunal")


class CeaseOutcomeForm(LifeForm):
    outcome = forms.ChoiceField(
        label="What did the Tribunal decide?",
        choices=list(life.APPEAL_OUTCOMES.items()),
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the Tribunal's decision",
            "invalid_choice": "Choose the Tribunal's decision",
        },
    )
    decided_on = _date("Date of the Tribunal's decision")


class TransferNotifyForm(LifeForm):
    learned_on = _date("Date the local authority learned of the move")
    moves_on = _date("Date of the move")
    new_address_postcode = forms.CharField(label="New postcode", required=False, max_length=10)

    def __init__(self, *args, partnerships=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_partnership"] = forms.ModelChoiceField(
            label="Which local authority area is the family moving to?",
            queryset=partnerships if partnerships is not None else Partnership.objects.none(),
            empty_label="Choose an area",
            error_messages={"required": "Choose the local authority the family is moving to"},
        )
        self.order_fields(["to_partnership", "moves_on", "learned_on", "new_address_postcode"])


class TransferCompleteForm(LifeForm):
    transferred_on = _date("Date of the transfer")


class FamilyToldForm(LifeForm):
    told_on = _date("Date the family was told")
