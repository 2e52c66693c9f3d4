"""Forms for the redress pages. They shape input; ``redress.services`` decides what is allowed and its
field errors come back on these fields (same names)."""

from django import forms
from django.utils import timezone

from partnerships.widgets import GovukDateField

from .models import AgreementItem, AppealIssue, Dispute, MediationSession, TribunalOrder

DATE_HINT = "For example, 27 3 2026"
ITEM_ROWS = 3


def _date(label: str, *, required: bool = True, hint: str = DATE_HINT, today: bool = True) -> GovukDateField:
    return GovukDateField(
        label=label,
        required=required,
        help_text=hint,
        initial=timezone.localdate if (required and today) else None,
        error_messages={"required": f"Enter the {label[:1].lower()}{label[1:]}"},
    )


def _text(
    label: str, message: str, *, hint: str = "", rows: int = 4, required: bool = True
) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        required=required,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": message},
    )


class RedressForm(forms.Form):
    def service_field(self, key: str) -> str | None:
        return key if key in self.fields else None


class OpenFromDecisionForm(RedressForm):
    reason = forms.ChoiceField(
        label="What is the disagreement about?",
        choices=Dispute.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the disagreement is about"},
    )
    summary = _text("What does the family disagree with?", "Enter what the family disagrees with")
    section_i_only = forms.BooleanField(
        label="The appeal is only about the school or institution named in section I (or that none is named)",
        help_text="Then no mediation certificate is needed to appeal.",
        required=False,
    )
    opened_on = _date("Date the family told you")


class OpenForm(RedressForm):
    child = forms.CharField(
        label="Child or young person",
        widget=forms.Select,
        error_messages={"required": "Choose the child"},
    )
    route = forms.ChoiceField(
        label="What kind of disagreement is it?",
        choices=[c for c in Dispute.Route.choices if c[0] != Dispute.Route.APPEAL],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose disagreement resolution or a complaint"},
    )
    reason = forms.ChoiceField(
        label="What is it about?",
        choices=Dispute.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what it is about"},
    )
    summary = _text("Summary", "Enter what the disagreement or complaint is about")
    opened_on = _date("Date it was received")

    def __init__(self, *args, children=(), choosable=None, **kwargs):
        """``children`` are listed (a search's matches); any of ``choosable`` (the partnership's children,
        a queryset) may be chosen, so no child is out of reach because the list is short."""
        super().__init__(*args, **kwargs)
        self.choosable = choosable
        listed = list(children)
        chosen = self._chosen_child()
        if chosen is not None and chosen not in listed:
            listed.insert(0, chosen)
        self.fields["child"].widget.choices = [("", "Choose a child")] + [
            (str(c.pk), f"{c.full_name} (born {c.date_of_birth:%-d %B %Y})") for c in listed
        ]

    def _chosen_child(self):
        value = (self.data.get("child") or "").strip() if self.is_bound else ""
        if not value.isdigit() or self.choosable is None:
            return None
        return self.choosable.filter(pk=int(value)).first()

    def clean_child(self):
        child = self._chosen_child()
        if child is None:
            raise forms.ValidationError("Choose a child in your partnership")
        return child


class MediationChoiceForm(RedressForm):
    wants_mediation = forms.TypedChoiceField(
        label="Does the family want mediation?",
        choices=[("yes", "Yes, they want mediation"), ("no", "No, they do not want mediation")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the family wants mediation"},
    )
    contacted_on = _date("Date they contacted the mediation adviser")
    la_told_on = _date(
        "Date the local authority was told they want mediation",
        required=False,
        hint="Only if they want mediation: the 30 days start on this day. " + DATE_HINT,
    )


class MediatorForm(RedressForm):
    mediator = forms.ChoiceField(label="Mediator", error_messages={"required": "Choose a mediator"})

    def __init__(self, *args, mediators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mediator"].choices = [("", "Choose a mediator")] + [
            (str(m.pk), m.full_name or m.email) for m in mediators
        ]


class SessionForm(RedressForm):
    held_on = _date("Date of the mediation")
    la_decision_maker = forms.CharField(
        label="Who attended able to make decisions for the local authority?",
        help_text="Name and job title. Someone able to make decisions for the local authority must attend.",
        max_length=200,
        required=False,
    )
    health_in_dispute = forms.BooleanField(label="Health care is in dispute", required=False)
    icb_attended = forms.BooleanField(label="The integrated care board attended", required=False)
    social_care_in_dispute = forms.BooleanField(label="Social care is in dispute", required=False)
    social_care_attended = forms.BooleanField(label="Social care attended", required=False)
    other_attendees = _text("Who else attended?", "", required=False, rows=2)
    issues = _text("Issues discussed", "Enter the issues discussed")
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=MediationSession.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome of the mediation"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, ITEM_ROWS + 1):
            self.fields[f"item_{n}_description"] = forms.CharField(
                label=f"Agreement item {n} (optional)", max_length=300, required=False
            )
            self.fields[f"item_{n}_owner"] = forms.ChoiceField(
                label=f"Who acts on item {n}",
                choices=[("", "Choose who acts"), *list(AgreementItem.Owner.choices)],
                required=False,
            )
            self.fields[f"item_{n}_within_appeal_right"] = forms.BooleanField(
                label=f"Item {n} is a matter the family could appeal",
                help_text="Then enter its due date by the Tribunal order time limits; otherwise it is due in 2 weeks.",
                required=False,
            )
            self.fields[f"item_{n}_due_on"] = _date(f"Item {n} due date", required=False)

    def items(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {
                "description": data.get(f"item_{n}_description", ""),
                "owner": data.get(f"item_{n}_owner", ""),
                "within_appeal_right": data.get(f"item_{n}_within_appeal_right", False),
                "due_on": data.get(f"item_{n}_due_on"),
            }
            for n in range(1, ITEM_ROWS + 1)
        ]


class NotArrangedForm(RedressForm):
    told_on = _date("Date the local authority told the mediation adviser")


class CertificateForm(RedressForm):
    issued_on = _date("Date on the mediation certificate")


class AppealForm(RedressForm):
    tribunal_reference = forms.CharField(
        label="Tribunal reference",
        max_length=40,
        error_messages={"required": "Enter the Tribunal's reference"},
    )
    registered_on = _date("Date the Tribunal registered the appeal")
    issues = forms.MultipleChoiceField(
        label="What is under appeal?",
        choices=AppealIssue.Issue.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one issue under appeal"},
    )
    hearing_on = _date("Hearing date (optional)", required=False)
    extended = forms.BooleanField(
        label="An extended appeal: the family also asks for health or social care recommendations",
        required=False,
    )


class HearingForm(RedressForm):
    hearing_on = _date("Hearing date", today=False)


class OutcomeForm(RedressForm):
    decided_on = _date("Date of the Tribunal's decision")

    def __init__(self, *args, issues=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [c for c in AppealIssue.Outcome.choices if c[0] != AppealIssue.Outcome.PENDING]
        for issue in issues:
            self.fields[f"issue_{issue.pk}"] = forms.ChoiceField(
                label=issue.get_issue_display(),
                choices=choices,
                widget=forms.RadioSelect,
                error_messages={"required": f"Choose the outcome for {issue.get_issue_display().lower()}"},
            )

    def outcomes(self) -> dict[int, str]:
        return {
            int(name.removeprefix("issue_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("issue_")
        }


class OrderForm(RedressForm):
    kind = forms.ChoiceField(
        label="What did the Tribunal order?",
        choices=TribunalOrder.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the Tribunal ordered"},
    )
    made_on = _date("Date of the order")
    details = _text("Details (optional)", "", required=False, rows=3)


class DoneForm(RedressForm):
    done_on = _date("Date it was done")


class OmbudsmanForm(RedressForm):
    referred_on = _date("Date of the referral to the Ombudsman")
    reference = forms.CharField(label="Ombudsman reference (optional)", max_length=40, required=False)


class CloseForm(RedressForm):
    outcome = _text("How was it resolved?", "Enter how it was resolved")
    withdrawn = forms.BooleanField(label="The family withdrew", required=False)
    closed_on = _date("Date it ended")
