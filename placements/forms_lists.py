"""Forms of the tailored list, preferences, requests outside the list, naming and capacity pages."""

from django import forms

from partnerships.models.tenancy import SENNeed

from . import categories, naming_rules

COUNT_ERRORS = {"invalid": "Enter a whole number, like 30", "min_value": "Enter 0 or more"}


def _count(label: str, help_text: str = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        required=False,
        min_value=0,
        max_value=100000,
        error_messages={**COUNT_ERRORS, "max_value": "Enter a number of 100,000 or fewer"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}),
    )


class CapacityForm(forms.Form):
    capacity = _count("Places in the setting", "The number of pupils or students the setting has room for.")
    pupils_on_roll = _count("Pupils or students on roll now")
    has_resourced_provision = forms.BooleanField(label="The setting has resourced provision", required=False)
    resourced_provision_capacity = _count("Resourced provision places")
    resourced_provision_on_roll = _count("Pupils in resourced provision now")
    has_sen_unit = forms.BooleanField(label="The setting has an SEN unit", required=False)
    sen_unit_capacity = _count("SEN unit places")
    sen_unit_on_roll = _count("Pupils in the SEN unit now")
    need_types_served = forms.MultipleChoiceField(
        label="Types of need the setting offers places for",
        help_text="Families see this on their tailored list. Select all that apply.",
        choices=SENNeed.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Choose types of need from the list"},
    )
    inclusion_offer = forms.CharField(
        label="Your inclusion offer",
        help_text="What the setting offers children with SEND, in words families understand.",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=10000,
    )
    capacity_notes = forms.CharField(
        label="Notes on places",
        help_text="Staffing, specialisms and any limits on places. The local authority reads this.",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=10000,
    )


def entry_label(entry) -> str:
    label = f"{entry.setting.name} ({categories.CATEGORIES.get(entry.category, entry.category)})"
    return label + (", full at the moment" if entry.is_full else "")


class PreferencesForm(forms.Form):
    reasons = forms.CharField(
        label="Why these settings?",
        help_text="For example, how close they are, friends or brothers and sisters there, or what they offer.",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=10000,
    )

    def __init__(self, *args, entries, current: dict[int, int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "No preference")] + [(str(e.pk), entry_label(e)) for e in entries if e.included]
        words = {1: "First", 2: "Second", 3: "Third", 4: "Fourth", 5: "Fifth"}
        fields = {}
        for rank in range(1, naming_rules.max_preferences() + 1):
            fields[f"rank_{rank}"] = forms.ChoiceField(
                label=f"{words.get(rank, str(rank))} preference",
                choices=choices,
                required=False,
                initial=str((current or {}).get(rank, "")),
                error_messages={"invalid_choice": "Choose a setting that is on the list"},
            )
        self.fields = {**fields, **self.fields}

    def entry_ids(self) -> list[int | None]:
        ranks = naming_rules.max_preferences()
        return [
            int(self.cleaned_data[f"rank_{r}"]) if self.cleaned_data.get(f"rank_{r}") else None
            for r in range(1, ranks + 1)
        ]


class PlacementRequestForm(forms.Form):
    setting = forms.ChoiceField(
        label="Choose the school or college",
        choices=(),
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Choose a school or college from the results"},
    )
    setting_name = forms.CharField(
        label="Or enter its name, if you could not find it",
        max_length=200,
        required=False,
    )
    setting_urn = forms.CharField(
        label="Its unique reference number (URN), if you know it",
        help_text="A 6-digit number, like 100000. You can find it on Get Information About Schools.",
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "numeric"}),
    )
    reasons = forms.CharField(
        label="Why do you want this school or college?",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
        error_messages={"required": "Say why you want this school or college"},
    )

    def __init__(self, *args, found=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["setting"].choices = [
            (str(s.pk), f"{s.name} (URN {s.urn or 'not known'}, {s.get_setting_type_display().lower()})")
            for s in found
        ]


class RequestAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label="Your answer",
        choices=[("agree", "Agree to consult this school or college"), ("refuse", "Refuse the request")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose your answer", "invalid_choice": "Choose your answer"},
    )
    ground = forms.ChoiceField(
        label="If you refuse, the legal ground",
        choices=(),
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Choose the legal ground for refusing"},
    )
    reasons = forms.CharField(
        label="Reasons, for the family",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
        error_messages={"required": "Give the reasons for your answer, for the family"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ground"].choices = [(g.code, g.label) for g in naming_rules.request_grounds().values()]


class NamingDecisionForm(forms.Form):
    named = forms.ChoiceField(
        label="Which setting will section I name?",
        choices=(),
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the setting to name",
            "invalid_choice": "Choose the setting to name",
        },
    )
    setting_type = forms.CharField(
        label="Type of school, college or other institution",
        help_text='For example "Mainstream primary school" or "Special school for autism".',
        max_length=200,
        error_messages={"required": "Enter the type of school, college or other institution for section I"},
    )
    reasons = forms.CharField(
        label="Reasons for the decision",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
        error_messages={"required": "Give the reasons for the decision"},
    )

    def __init__(self, *args, preferences, **kwargs):
        super().__init__(*args, **kwargs)
        self.preferences = preferences
        self.fields["named"].choices = [
            (str(p.pk), f"Preference {p.rank}: {p.setting.name}") for p in preferences
        ] + [("type", "No setting: the type of institution only")]
        for pref in preferences:
            grounds = naming_rules.grounds_for_category(pref.category)
            self.fields[f"ground_{pref.pk}"] = forms.ChoiceField(
                label=f"If {pref.setting.name} is not named, the legal ground",
                choices=[(g.code, g.label) for g in grounds.values()],
                widget=forms.RadioSelect,
                required=False,
                error_messages={"invalid_choice": "Choose the legal ground"},
            )
            self.fields[f"reasons_{pref.pk}"] = forms.CharField(
                label=f"Reasons for not naming {pref.setting.name}",
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
                max_length=10000,
            )

    def not_named(self) -> dict[int, dict]:
        return {
            p.pk: {
                "ground": self.cleaned_data.get(f"ground_{p.pk}") or "",
                "reasons": self.cleaned_data.get(f"reasons_{p.pk}") or "",
            }
            for p in self.preferences
        }

    def named_preference(self):
        value = self.cleaned_data.get("named")
        return next((p for p in self.preferences if str(p.pk) == value), None)
