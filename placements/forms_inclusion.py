"""Forms for the local inclusion plan and national standards pages (the services check everything again)."""

from django import forms

from partnerships.models.tenancy import SENNeed
from partnerships.widgets import GovukDateField

from .categories import CATEGORY_CHOICES
from .models import InclusionPlanSignOff, Standard
from .services_inclusion import MAX_PLACES


class PlanCreateForm(forms.Form):
    title = forms.CharField(
        label="Title of the plan",
        max_length=200,
        initial="Local inclusion plan",
        error_messages={"required": "Enter the plan's title"},
    )
    period_start = GovukDateField(
        label="Day the plan starts",
        help_text="The plan covers this year and the next three. For example, 1 9 2026",
        error_messages={"required": "Enter the day the plan starts"},
    )


class PlanOverviewForm(forms.Form):
    title = forms.CharField(label="Title of the plan", max_length=200)
    summary = forms.CharField(
        label="Summary for families",
        help_text="The plan in brief, in plain English: families read it on the published page",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=20000,
    )
    coproduction = forms.CharField(
        label="How the plan was co-produced",
        help_text="Who took part (children, young people, families, the parent carer forum, partners) and how",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=20000,
    )
    period_start = GovukDateField(label="Day the plan starts")
    period_end = GovukDateField(label="Day the plan ends")


class SectionForm(forms.Form):
    how_met = forms.CharField(
        label="How the area meets this standard",
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        max_length=20000,
    )
    lead_partner = forms.ChoiceField(
        label="Lead partner",
        choices=[("", "Not decided yet"), *Standard.Partner.choices],
        required=False,
        widget=forms.RadioSelect,
    )


class SufficiencyLineForm(forms.Form):
    category = forms.ChoiceField(
        label="Kind of place", choices=CATEGORY_CHOICES, error_messages={"required": "Choose a kind of place"}
    )
    need_code = forms.ChoiceField(
        label="Type of need", choices=[("", "Any type of need"), *SENNeed.choices], required=False
    )
    places_year_0 = forms.IntegerField(
        label="Places in the plan's first year", min_value=0, max_value=MAX_PLACES
    )
    places_year_1 = forms.IntegerField(label="Places in year 2", min_value=0, max_value=MAX_PLACES)
    places_year_2 = forms.IntegerField(label="Places in year 3", min_value=0, max_value=MAX_PLACES)
    places_year_3 = forms.IntegerField(label="Places in year 4", min_value=0, max_value=MAX_PLACES)
    unit_cost = forms.DecimalField(
        label="Cost of a place a year in pounds (optional)",
        min_value=0,
        max_digits=10,
        decimal_places=2,
        required=False,
    )
    notes = forms.CharField(
        label="Notes (optional)", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def service_field(self, key: str):
        return {"places": "places_year_0"}.get(key, key if key in self.fields else None)


class SignOffForm(forms.Form):
    partner = forms.ChoiceField(
        label="Who is signing?",
        widget=forms.RadioSelect,
        choices=InclusionPlanSignOff.Partner.choices,
        error_messages={"required": "Choose who is signing"},
    )
    icb = forms.TypedChoiceField(label="Which ICB?", coerce=int, required=False, choices=[])
    signatory_name = forms.CharField(
        label="Representative's name (parent carer forum only)", max_length=150, required=False
    )
    signatory_role = forms.CharField(label="Their role", max_length=150, required=False)
    signed_on = GovukDateField(label="Day signed", required=False, help_text="Leave empty for today")
    comments = forms.CharField(
        label="Comments (optional)", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, partners, icbs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = partners
        self.fields["icb"].choices = [(icb.pk, icb.name) for icb in icbs]
        if len(icbs) <= 1:
            del self.fields["icb"]


class ReviewForm(forms.Form):
    DECISIONS = [
        ("comment", "Add a comment"),
        ("approve", "Approve the plan"),
        ("return", "Return the plan for changes"),
    ]
    decision = forms.ChoiceField(
        label="What do you want to do?",
        choices=DECISIONS,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to comment, approve or return the plan"},
    )
    section = forms.TypedChoiceField(label="Section (optional, comments only)", coerce=int, required=False)
    text = forms.CharField(
        label="Comment, or reasons",
        help_text="Reasons are required to return a plan",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )

    def __init__(self, *args, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", "The whole plan")] + [
            (s.section.pk, f"{s.standard.code}: {s.standard.title}") for s in sections
        ]

    def service_field(self, key: str):
        return {"reasons": "text"}.get(key, key if key in self.fields else None)


class RespondForm(forms.Form):
    text = forms.CharField(
        label="Your response to the region's comments",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter your response"},
    )


class VersionForm(forms.Form):
    title = forms.CharField(label="Title of the version", max_length=200)
    summary_of_changes = forms.CharField(
        label="What changed in this version",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )


class StandardForm(forms.Form):
    code = forms.SlugField(
        label="Code",
        max_length=40,
        help_text="Stable across versions, for example cl-targeted-literacy. Lower case letters, numbers, hyphens",
    )
    area_of_need = forms.ChoiceField(label="Area of need", choices=Standard.AreaOfNeed.choices)
    tier = forms.ChoiceField(label="Tier of support", choices=Standard.Tier.choices)
    title = forms.CharField(label="Title", max_length=200)
    expected_provision = forms.CharField(label="Provision expected", widget=forms.Textarea(attrs={"rows": 6}))
    responsible_partner = forms.ChoiceField(
        label="Responsible partner", choices=Standard.Partner.choices, widget=forms.RadioSelect
    )
    source = forms.CharField(label="Source", max_length=300, help_text="The document and paragraph")
    source_url = forms.URLField(
        label="Link to the source (optional)", max_length=400, required=False, assume_scheme="https"
    )


class PublishForm(forms.Form):
    effective_from = GovukDateField(
        label="Day the version applies from",
        error_messages={"required": "Enter the day the version applies from"},
    )
