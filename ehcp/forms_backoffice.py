"""Forms of the caseworker back office. They only shape input: what it means (dates, who may do what) is
checked by the services, whose errors the views put back on these forms."""

from django import forms

from partnerships.models import Setting, User
from partnerships.widgets import GovukDateField

from .models import AssessmentRequest
from .selectors import QueueFilters
from .uploads import ALLOWED_TYPES, max_upload_bytes

Stage = AssessmentRequest.Stage
Requester = AssessmentRequest.Requester

MINE = "mine"
UNASSIGNED = "unassigned"


class QueueFilterForm(forms.Form):
    """The work queue's filter panel (sent by GET, so a filtered queue has its own address)."""

    mark_optional_fields = False  # filters are never "optional"

    q = forms.CharField(label="Child's name or case number", required=False, max_length=100)
    stage = forms.ChoiceField(label="Stage", required=False)
    due_within = forms.IntegerField(
        label="Next deadline within",
        help_text="Number of days, for example 14",
        required=False,
        min_value=0,
        max_value=366,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "invalid": "Enter the number of days as a whole number, like 14",
            "min_value": "The number of days must be 0 or more",
            "max_value": "The number of days must be 366 or fewer",
        },
    )
    overdue = forms.BooleanField(label="Overdue only", required=False)
    caseworker = forms.ChoiceField(label="Caseworker", required=False)
    setting = forms.ChoiceField(label="School or setting", required=False)

    def __init__(self, *args, caseworkers: list[User], settings: list[Setting], **kwargs):
        # Its own ids, so they never clash with the reassignment form on the same page.
        kwargs.setdefault("auto_id", "filter_%s")
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [("", "Any stage")] + [
            (stage.value, stage.label) for stage in AssessmentRequest.OPEN_STAGES
        ]
        self.fields["caseworker"].choices = [
            ("", "Anyone"),
            (MINE, "Mine"),
            (UNASSIGNED, "Unassigned"),
            *((str(user.pk), user.full_name or user.email) for user in caseworkers),
        ]
        self.fields["setting"].choices = [("", "Any setting")] + [(str(s.pk), s.name) for s in settings]
        for name in ("stage", "caseworker", "setting"):
            self.fields[name].error_messages["invalid_choice"] = f"Choose a {self.fields[name].label.lower()}"

    def queue_filters(self, *, user: User) -> QueueFilters:
        """The filters that were given and valid (a wrong value is reported and left out)."""
        data = self.cleaned_data if self.is_bound else {}
        caseworker = data.get("caseworker") or ""
        return QueueFilters(
            stage=data.get("stage") or "",
            due_within_days=data.get("due_within"),
            overdue=bool(data.get("overdue")),
            caseworker_id=user.pk
            if caseworker == MINE
            else (int(caseworker) if caseworker.isdecimal() else None),
            unassigned=caseworker == UNASSIGNED,
            setting_id=int(data["setting"]) if (data.get("setting") or "").isdecimal() else None,
            search=(data.get("q") or "").strip(),
        )

    @property
    def is_filtered(self) -> bool:
        return self.is_bound and any(self.cleaned_data.get(name) for name in self.fields)


class CaseIdsField(forms.Field):
    """Case numbers ticked in the queue's table (the boxes are drawn by the table, not by the form)."""

    widget = forms.CheckboxSelectMultiple

    def to_python(self, value):
        values = [v for v in (value or []) if str(v).strip()]
        if not all(str(v).strip().isdecimal() for v in values):
            raise forms.ValidationError("Select cases from the list")
        return sorted({int(v) for v in values})


class ReassignForm(forms.Form):
    cases = CaseIdsField(label="Cases", error_messages={"required": "Select the cases you want to reassign"})
    caseworker = forms.ChoiceField(
        label="Reassign selected to",
        error_messages={
            "required": "Choose who to reassign the cases to",
            "invalid_choice": "Choose a caseworker who works for this partnership",
        },
    )
    filters = forms.CharField(required=False, widget=forms.HiddenInput, max_length=1000)

    def __init__(self, *args, caseworkers: list[User], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].choices = [
            ("", "Choose a caseworker"),
            (UNASSIGNED, "No one (unassigned)"),
            *((str(user.pk), user.full_name or user.email) for user in caseworkers),
        ]
        self.caseworkers = {str(user.pk): user for user in caseworkers}

    @property
    def chosen_caseworker(self) -> User | None:
        return self.caseworkers.get(self.cleaned_data["caseworker"])


class ChildFindForm(forms.Form):
    mark_optional_fields = False  # a search box is never "optional"

    q = forms.CharField(label="Search by name or unique pupil number", required=False, max_length=100)


class RecordRequestForm(forms.Form):
    requester = forms.ChoiceField(
        label="Who made the request?",
        widget=forms.RadioSelect,
        choices=[
            (Requester.PARENT.value, "A parent or carer"),
            (Requester.YOUNG_PERSON.value, "The young person"),
            (Requester.SCHOOL.value, "A school or college"),
        ],
        error_messages={
            "required": "Choose who made the request",
            "invalid_choice": "Choose who made the request",
        },
    )
    requester_name = forms.CharField(
        label="Name of the person who made the request",
        help_text="For a school or college, the name of the person who signed it and of the school",
        max_length=150,
        error_messages={"required": "Enter the name of the person who made the request"},
    )
    received_on = GovukDateField(
        label="Date the request was received",
        help_text="The day the local authority received it: the statutory clock starts then. "
        "For example, 5 1 2026",
        error_messages={"required": "Enter the date the request was received"},
    )
    reasons = forms.CharField(
        label="Reasons given for the request",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the reasons given for the request"},
    )
    family_views = forms.CharField(
        label="The family's views",
        help_text="What the child, their parents or the young person said they would like",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )


class DocumentAddForm(forms.Form):
    title = forms.CharField(
        label="Title",
        help_text="For example, Speech and language therapy report, March 2026",
        max_length=200,
        error_messages={"required": "Enter a title for the document"},
    )
    file = forms.FileField(
        label="Upload a file",
        error_messages={
            "required": "Select a file",
            "empty": "The selected file is empty",
            "invalid": "The selected file could not be read: try again",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = ", ".join(sorted(set(ALLOWED_TYPES.values())))
        self.fields[
            "file"
        ].help_text = f"{kinds}. The file must be smaller than {max_upload_bytes() // (1024 * 1024)}MB."


class ReferralDecisionForm(forms.Form):
    mark_optional_fields = False  # the reasons are needed for one answer; the hint says which

    consider = forms.ChoiceField(
        label="Will the local authority consider an EHC needs assessment?",
        widget=forms.RadioSelect,
        choices=[
            ("yes", "Yes: consider an assessment (the statutory clock starts today)"),
            ("no", "No: do not consider an assessment now"),
        ],
        error_messages={
            "required": "Choose whether the local authority will consider an EHC needs assessment"
        },
    )
    reasons = forms.CharField(
        label="Reasons",
        help_text="Needed if no assessment will be considered",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
