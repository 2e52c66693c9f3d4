"""GOV.UK widgets for Django forms.

``GovukDateInput`` renders the GOV.UK date input (separate day, month and year boxes in a fieldset).
Use it for any date a person types, either with ``GovukDateField`` (which gives GOV.UK error messages
such as "Date of birth must include a month") or as the widget of an ordinary ``DateField``::

    class ChildForm(forms.ModelForm):
        class Meta:
            model = Child
            fields = ["first_name", "date_of_birth"]
            field_classes = {"date_of_birth": GovukDateField}

    # or, keeping Django's DateField and its messages:
    widgets = {"date_of_birth": GovukDateInput()}

The first box (day) carries the field's own id (``id_<name>``), so the error summary's link to
``#id_<name>`` lands on it; the other boxes are ``id_<name>_month`` and ``id_<name>_year``.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError

DATE_PARTS = ("day", "month", "year")


class DateParts(str):
    """What a person typed into a GOV.UK date input.

    As a string it reads ``YYYY-MM-DD`` (as typed, so ``2015-3-4``), which Django's ``DateField`` parses
    with the ``%Y-%m-%d`` input format. ``GovukDateField`` reads the parts to say exactly what is wrong.
    """

    day: str
    month: str
    year: str

    def __new__(cls, day: str, month: str, year: str):
        text = super().__new__(cls, f"{year}-{month}-{day}")
        text.day, text.month, text.year = day, month, year
        return text

    @property
    def missing(self) -> list[str]:
        return [part for part in DATE_PARTS if not getattr(self, part)]


class GovukDateInput(forms.MultiWidget):
    """Three text boxes (day, month, year) in the GOV.UK date input pattern."""

    template_name = "django/forms/widgets/govuk_date_input.html"
    use_fieldset = True

    def __init__(self, attrs=None, *, autocomplete_prefix: str = ""):
        # ``autocomplete_prefix="bday"`` gives the boxes bday-day, bday-month, bday-year (a date of birth).
        self.autocomplete_prefix = autocomplete_prefix
        widgets = {part: forms.TextInput() for part in DATE_PARTS}
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, DateParts):
            return [value.day, value.month, value.year]
        if isinstance(value, str) and value:
            try:
                value = datetime.date.fromisoformat(value)
            except ValueError:
                return [None, None, None]
        if isinstance(value, datetime.date):
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        field_id = context["widget"]["attrs"].get("id")
        has_error = context["widget"]["attrs"].get("aria-invalid") == "true"
        for part, subwidget in zip(DATE_PARTS, context["widget"]["subwidgets"], strict=True):
            sub_attrs = subwidget["attrs"]
            if field_id:
                sub_attrs["id"] = field_id if part == "day" else f"{field_id}_{part}"
            width = "govuk-input--width-4" if part == "year" else "govuk-input--width-2"
            classes = ["govuk-input", "govuk-date-input__input", width]
            if has_error:
                classes.append("govuk-input--error")
            sub_attrs["class"] = " ".join(classes)
            sub_attrs["inputmode"] = "numeric"
            sub_attrs.pop("aria-describedby", None)
            if self.autocomplete_prefix:
                sub_attrs["autocomplete"] = f"{self.autocomplete_prefix}-{part}"
            subwidget["part"] = part
            subwidget["label"] = part.title()
        return context

    def value_from_datadict(self, data, files, name):
        day, month, year = ((data.get(f"{name}_{part}") or "").strip() for part in DATE_PARTS)
        if not (day or month or year):
            return None
        return DateParts(day, month, year)

    def value_omitted_from_data(self, data, files, name):
        return all(f"{name}_{part}" not in data for part in DATE_PARTS)

    def id_for_label(self, id_):
        return id_


class GovukDateField(forms.DateField):
    """A date typed into a GOV.UK date input, with the Design System's error messages."""

    widget = GovukDateInput

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        if "required" not in kwargs.get("error_messages", {}):
            self.error_messages["required"] = f"Enter {self._label()[:1].lower()}{self._label()[1:]}"

    def _label(self) -> str:
        return str(self.label or "Date")

    def to_python(self, value):
        if isinstance(value, DateParts):
            return self._parse_parts(value)
        return super().to_python(value)

    def _parse_parts(self, parts: DateParts) -> datetime.date:
        label = self._label()
        missing = parts.missing
        if missing:
            if len(missing) == 1:
                message = f"{label} must include a {missing[0]}"
            else:
                message = f"{label} must include a {' and a '.join(missing)}"
            raise ValidationError(message, code="incomplete")
        if not (parts.day.isdecimal() and parts.month.isdecimal() and parts.year.isdecimal()):
            raise ValidationError(f"{label} must be a real date", code="invalid")
        if len(parts.year) != 4:
            raise ValidationError("Year must include 4 numbers", code="invalid_year")
        try:
            return datetime.date(int(parts.year), int(parts.month), int(parts.day))
        except ValueError:
            raise ValidationError(f"{label} must be a real date", code="invalid") from None
