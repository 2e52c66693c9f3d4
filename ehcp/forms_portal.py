"""Forms of the family portal and the school screens. They shape input only: what an answer means (dates
of birth, missing answers, file types and sizes, who may do what) is checked by the services."""

from django import forms

from partnerships.models import Child, Partnership, Setting
from partnerships.widgets import GovukDateField, GovukDateInput
from placements import naming_rules

from .models import AssessmentRequest, PlanConsultation

REQUESTER_CHOICES = [
    (AssessmentRequest.Requester.PARENT.value, "I am the child's parent or carer"),
    (
        AssessmentRequest.Requester.YOUNG_PERSON.value,
        "I am the young person (aged 16 to 25), asking for myself",
    ),
]
REQUESTER_REQUIRED = "Choose whether you are the parent or carer, or the young person"
SOMEONE_ELSE = "someone_else"


class RequesterForm(forms.Form):
    """Who is making the request (the first question, asked on the start page and on the 'who' page)."""

    requester = forms.ChoiceField(
        label="Who is making the request?",
        choices=REQUESTER_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": REQUESTER_REQUIRED, "invalid_choice": REQUESTER_REQUIRED},
    )


class RequestStartForm(RequesterForm):
    partnership = forms.ModelChoiceField(
        queryset=Partnership.objects.none(),
        label="Which local authority are you asking?",
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Choose the local authority you are asking",
            "invalid_choice": "Choose the local authority you are asking",
        },
    )

    def __init__(self, *args, partnerships, **kwargs):
        super().__init__(*args, **kwargs)
        partnerships = list(partnerships)
        self.fields["partnership"].queryset = Partnership.objects.filter(pk__in=[p.pk for p in partnerships])
        self.only_partnership = partnerships[0] if len(partnerships) == 1 else None
        if self.only_partnership is not None:
            self.fields["partnership"].initial = self.only_partnership.pk
            self.fields["partnership"].widget = forms.HiddenInput()
            self.fields["partnership"].required = False

    def clean_partnership(self):
        return self.cleaned_data.get("partnership") or self.only_partnership


class ChildForm(forms.Form):
    """Who the request is for: one of the person's linked children, or someone else (named here)."""

    child = forms.ChoiceField(
        label="Who is the request for?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose who the request is for",
            "invalid_choice": "Choose who the request is for",
        },
    )
    child_first_name = forms.CharField(label="First name", max_length=100, required=False)
    child_last_name = forms.CharField(label="Last name", max_length=100, required=False)
    child_date_of_birth = GovukDateField(
        label="Date of birth",
        required=False,
        help_text="For example, 27 3 2015",
        widget=GovukDateInput(autocomplete_prefix="bday"),
        error_messages={"invalid": "Date of birth must be a real date"},
    )
    mark_optional_fields = False  # the name and date of birth are needed when "Someone else" is chosen

    def __init__(self, *args, children, **kwargs):
        super().__init__(*args, **kwargs)
        self.children = {str(c.pk): c for c in children}
        choices = [
            (pk, f"{c.full_name} (born {c.date_of_birth:%-d %B %Y})") for pk, c in self.children.items()
        ]
        self.fields["child"].choices = [*choices, (SOMEONE_ELSE, "Someone else")]
        if not self.children:
            # Nobody is linked yet: the question is just the child's name and date of birth.
            self.fields["child"].required = False
            self.fields["child"].widget = forms.HiddenInput()
            self.fields["child"].initial = SOMEONE_ELSE
        self.fields["child_first_name"].widget.attrs["autocomplete"] = "off"
        self.fields["child_last_name"].widget.attrs["autocomplete"] = "off"

    @property
    def has_linked_children(self) -> bool:
        return bool(self.children)

    def clean(self):
        data = super().clean()
        choice = data.get("child") or (SOMEONE_ELSE if not self.children else "")
        data["child"] = choice
        if choice != SOMEONE_ELSE:
            # A linked child was chosen: whatever was typed in the "someone else" boxes does not matter.
            for name in ("child_first_name", "child_last_name", "child_date_of_birth"):
                self._errors.pop(name, None)
        else:
            if not (data.get("child_first_name") or "").strip():
                self.add_error("child_first_name", "Enter the child's first name")
            if not (data.get("child_last_name") or "").strip():
                self.add_error("child_last_name", "Enter the child's last name")
            if data.get("child_date_of_birth") is None and "child_date_of_birth" not in self.errors:
                self.add_error("child_date_of_birth", "Enter the child's date of birth")
        return data

    @property
    def chosen_child(self) -> Child | None:
        return self.children.get(self.cleaned_data.get("child"))


class SettingForm(forms.Form):
    setting = forms.ModelChoiceField(
        queryset=Setting.objects.none(),
        label="Which school or college does the child or young person go to now?",
        required=False,
        empty_label="Not at a school or college",
        help_text="We will ask the school or college for information about the support they have given.",
        error_messages={"invalid_choice": "Choose a school or college from the list"},
    )

    def __init__(self, *args, settings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["setting"].queryset = settings


class ReasonsForm(forms.Form):
    reasons = forms.CharField(
        label="Why do you think an EHC needs assessment is needed?",
        help_text=(
            "Tell us about the child's or young person's needs, how they affect their learning or "
            "development, and what is not working now."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter why you think the child needs an EHC needs assessment"},
    )


class ViewsForm(forms.Form):
    family_views = forms.CharField(
        label="What are your views, and the child's or young person's views?",
        help_text="For example, what they enjoy, what they find hard, and what they would like to achieve.",
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
    )


class SupportForm(forms.Form):
    support_so_far = forms.CharField(
        label="What support has the child or young person had so far?",
        help_text="For example, SEN support at school, speech and language therapy, or help from a health visitor.",
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
    )


class EvidenceForm(forms.Form):
    mark_optional_fields = False  # the whole page is optional, and says so in its heading

    file = forms.FileField(
        label="Upload a file",
        required=False,
        help_text="A PDF, Word or OpenDocument text document, or a JPEG or PNG image.",
    )
    title = forms.CharField(
        label="What is this document?",
        required=False,
        max_length=200,
        help_text="For example, speech and language therapy report, March 2026.",
    )


class DraftPlanResponseForm(forms.Form):
    comments = forms.CharField(
        label="Your comments on the draft plan",
        help_text="Say which sections you disagree with, what is missing and what should change.",
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
    )
    preferred_setting = forms.ModelChoiceField(
        queryset=Setting.objects.none(),
        label="Which school or college would you like to be named in the plan?",
        required=False,
        empty_label="No preference",
        error_messages={"invalid_choice": "Choose a school or college from the list"},
    )
    preference_reasons = forms.CharField(
        label="Why would you like this school or college?",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    wants_meeting = forms.BooleanField(
        label="I would like a meeting with the local authority to discuss the draft plan",
        required=False,
    )

    def __init__(self, *args, settings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_setting"].queryset = settings


class PupilChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} (born {obj.date_of_birth:%-d %B %Y})"


class SchoolRequestForm(forms.Form):
    child = PupilChoiceField(
        queryset=Child.objects.none(),
        label="Which pupil is the request for?",
        empty_label="Choose a pupil",
        error_messages={"required": "Choose the pupil", "invalid_choice": "Choose a pupil at your school"},
    )
    reasons = forms.CharField(
        label="Why does the school think the pupil needs an EHC needs assessment?",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter why the school thinks the pupil needs an EHC needs assessment"},
    )
    support_so_far = forms.CharField(
        label="What support has the school given so far?",
        help_text="The SEN support over time: the plan, do, review cycles, and outside advice you have acted on.",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter the support the school has given so far (SEN support)"},
    )
    family_views = forms.CharField(
        label="What are the views of the pupil and their family?",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )

    def __init__(self, *args, children, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = children


class ConsultationResponseForm(forms.Form):
    response = forms.ChoiceField(
        label="Can your school or college meet the child's needs?",
        choices=[
            (PlanConsultation.Response.CAN_MEET.value, "Yes, we can meet the child's needs"),
            (PlanConsultation.Response.CANNOT_MEET.value, "No, we cannot meet the child's needs"),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether you can meet the child's needs",
            "invalid_choice": "Choose whether you can meet the child's needs",
        },
    )
    decline_ground = forms.ChoiceField(
        label="If you cannot meet the child's needs, on which legal ground?",
        help_text="The local authority decides, and must name the school the family asks for unless one of "
        "these applies. The family sees your answer.",
        choices=(),
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Choose the legal ground for saying you cannot meet the needs"},
    )
    details = forms.CharField(
        label="Your reasons",
        help_text=(
            "If you cannot meet the child's needs, say why: for example, that the school is unsuitable "
            "for the child's age, ability, aptitude or special educational needs."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter the reasons for your answer"},
    )

    def __init__(self, *args, grounds=None, **kwargs):
        super().__init__(*args, **kwargs)
        grounds = naming_rules.decline_grounds() if grounds is None else grounds
        self.fields["decline_ground"].choices = [(ground.code, ground.label) for ground in grounds.values()]
