"""The public deadline calculator's form: what happened (radios) and when (a GOV.UK date input).

Submitted by GET, so a page of results has a web address that can be shared. When it is valid the form
holds the rule set in force on the date and the deadlines the event starts (``ehcp.clock``).
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError

from partnerships.templatetags.govuk_extras import govuk_choices
from partnerships.widgets import GovukDateField

from . import clock

# A bound on the year keeps the arithmetic (and the answer) meaningful; the statutory rules begin in 2014.
LATEST_YEAR = 2099


class CalculatorDateField(GovukDateField):
    """The GOV.UK date input, saying "Enter a real date" for a date that does not exist (31 2 2026)."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as error:
            if getattr(error, "code", None) == "invalid":
                raise ValidationError("Enter a real date", code="invalid") from None
            raise


class DeadlineCalculatorForm(forms.Form):
    mark_optional_fields = False

    event = forms.ChoiceField(
        label="What happened?",
        choices=list(clock.EVENTS.items()),
        widget=forms.RadioSelect,
        help_text="Choose the step that starts the clock.",
        error_messages={
            "required": "Choose what happened",
            "invalid_choice": "Choose what happened from the list",
        },
    )
    date = CalculatorDateField(
        label="Date it happened",
        help_text="For example, 5 1 2026",
        error_messages={"required": "Enter the date it happened"},
    )

    certificate_date = CalculatorDateField(
        label="Date of the mediation certificate (optional)",
        required=False,
        help_text=(
            "Only for a decision that can be appealed, and only if the family has a mediation certificate. "
            "For example, 5 3 2026"
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.ruleset: clock.RuleSet | None = None
        self.deadlines: list[clock.ComputedDeadline] = []

    def event_options(self) -> list[dict]:
        """The radios, each with the GOV.UK id the error summary links to, and its own hint."""
        options = govuk_choices(self["event"])
        for option in options:
            option["hint"] = clock.EVENT_HINTS.get(option["value"], "")
        return options

    def clean_date(self):
        value = self.cleaned_data["date"]
        first = clock.rulesets()[0].applies_from
        if value < first:
            raise ValidationError(
                f"Date it happened must be on or after {clock.long_date(first, weekday=False)}, "
                "when the current rules began"
            )
        if value.year > LATEST_YEAR:
            raise ValidationError(f"Date it happened must be in {LATEST_YEAR} or earlier")
        return value

    def clean(self):
        cleaned = super().clean()
        event, on = cleaned.get("event"), cleaned.get("date")
        if event and isinstance(on, datetime.date):
            inputs = {}
            certificate = cleaned.get("certificate_date")
            if certificate and any(i.code == "certificate_date" for i in clock.event_inputs(event)):
                inputs["certificate_date"] = certificate
            try:
                self.ruleset = clock.ruleset_for(on)
                self.deadlines = clock.deadlines_for(event, on, inputs)
            except clock.BadInput as exc:
                self.add_error(exc.field, str(exc))
            except clock.DateOutOfRange:
                _, last = clock.bank_holiday_years()
                self.add_error(
                    "date",
                    f"Enter an earlier date: working days can only be counted to 31 December {last}, "
                    "because later bank holidays are not published yet",
                )
        return cleaned
