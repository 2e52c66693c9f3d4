"""Forms for children's records. Validation of meaning (dates, identifiers) lives in the services;
forms only shape input."""

from django import forms
from django.utils import timezone

from .models import Child, LocalAuthority, Partnership, Setting, User
from .roles import STAFF_ROLES
from .services import CHILD_EDITABLE_FIELDS
from .widgets import GovukDateField, GovukDateInput


class ChildForm(forms.ModelForm):
    class Meta:
        model = Child
        fields = list(CHILD_EDITABLE_FIELDS)
        field_classes = {"date_of_birth": GovukDateField}
        widgets = {"date_of_birth": GovukDateInput(autocomplete_prefix="bday")}
        labels = {
            "first_name": "First name",
            "last_name": "Last name",
            "preferred_name": "Preferred name",
            "upn": "Unique pupil number",
            "nhs_number": "NHS number",
            "home_local_authority": "Home local authority",
            "current_setting": "Current school or setting",
        }
        help_texts = {
            "date_of_birth": "For example, 27 3 2015",
            "upn": "13 characters, starting with a letter. Ask the school if you do not know it.",
            "nhs_number": "10 digits, for example 943 476 5919",
        }

    def __init__(self, *args, partnership: Partnership | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        partnership = partnership or (self.instance.partnership if self.instance.pk else None)
        self.fields["home_local_authority"].queryset = LocalAuthority.objects.filter(
            status=LocalAuthority.Status.LIVE
        ).order_by("name")
        if partnership is not None:
            self.fields["current_setting"].queryset = Setting.objects.filter(
                partnership=partnership, is_open=True
            ).order_by("name")
            if not self.instance.pk:
                self.fields["home_local_authority"].initial = partnership.local_authorities.first()
        self.fields["current_setting"].empty_label = "No current setting"
        self.fields["home_local_authority"].empty_label = "Choose a local authority"
        self.fields["first_name"].error_messages["required"] = "Enter the child's first name"
        self.fields["last_name"].error_messages["required"] = "Enter the child's last name"
        self.fields["date_of_birth"].error_messages.update(
            required="Enter the child's date of birth",
            invalid="Date of birth must be a real date",
        )
        self.fields["home_local_authority"].error_messages["required"] = (
            "Choose the child's home local authority"
        )


class ChildCreateForm(ChildForm):
    partnership = forms.ModelChoiceField(
        queryset=Partnership.objects.none(),
        label="Partnership",
        empty_label=None,
        error_messages={
            "required": "Choose the partnership",
            "invalid_choice": "Choose one of your partnerships",
        },
    )

    class Meta(ChildForm.Meta):
        fields = ["partnership", *ChildForm.Meta.fields]

    def __init__(self, *args, partnerships=None, **kwargs):
        partnership_list = list(partnerships or [])
        super().__init__(
            *args, partnership=partnership_list[0] if len(partnership_list) == 1 else None, **kwargs
        )
        self.fields["partnership"].queryset = Partnership.objects.filter(
            pk__in=[p.pk for p in partnership_list]
        )
        if len(partnership_list) == 1:
            self.fields["partnership"].initial = partnership_list[0]
            self.fields["partnership"].widget = forms.HiddenInput()
        else:
            self.fields["current_setting"].queryset = Setting.objects.filter(
                partnership__in=partnership_list, is_open=True
            )


class ChildShareForm(forms.Form):
    email = forms.EmailField(
        label="Email address of the professional",
        help_text="They must already have an account with this service.",
        error_messages={
            "required": "Enter the professional's email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    expires_on = GovukDateField(
        label="Share until",
        help_text="Sharing ends at the start of this day. For example, 27 3 2027",
        error_messages={
            "required": "Enter the date sharing ends",
            "invalid": "The date sharing ends must be a real date",
        },
    )
    reason = forms.CharField(
        label="Why are you sharing this record?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=300,
        error_messages={"required": "Enter why you are sharing this record"},
    )

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        user = User.objects.filter(email=email, is_active=True).first()
        if user is None or not (user.memberships.filter(is_active=True, role__in=list(STAFF_ROLES)).exists()):
            raise forms.ValidationError("There is no professional with an account for this email address")
        self.professional = user
        return email

    def clean_expires_on(self):
        value = self.cleaned_data["expires_on"]
        if value <= timezone.localdate():
            raise forms.ValidationError("The date sharing ends must be in the future")
        return value


class ChildSearchForm(forms.Form):
    mark_optional_fields = False  # a search box is never "optional"

    q = forms.CharField(label="Search by name or unique pupil number", required=False, max_length=100)
