"""Template helpers for GOV.UK markup: form fields, the error summary and plain-English durations.

Used by ``templates/django/forms/field.html`` (how every ``{{ form }}`` and ``{{ field.as_field_group }}``
renders) and ``templates/includes/error_summary.html``. Pages rarely need them directly.
"""

import datetime

from django import forms, template
from django.forms.boundfield import BoundField

from partnerships.widgets import GovukDateInput

register = template.Library()

# Classes for each kind of control, and the extra class when the field has an error.
CONTROL_CLASSES = {
    "input": ("govuk-input", "govuk-input--error"),
    "password": (
        "govuk-input govuk-password-input__input govuk-js-password-input-input",
        "govuk-input--error",
    ),
    "textarea": ("govuk-textarea", "govuk-textarea--error"),
    "select": ("govuk-select", "govuk-select--error"),
    "file": ("govuk-file-upload", "govuk-file-upload--error"),
    "checkbox": ("govuk-checkboxes__input", ""),
}

# Sensible widths for short inputs, unless the form sets its own govuk-input--width-* class.
DEFAULT_WIDTHS = {
    forms.NumberInput: "govuk-input--width-10",
    forms.DateInput: "govuk-input--width-10",
    forms.TimeInput: "govuk-input--width-5",
}


@register.filter
def govuk_kind(field: BoundField) -> str:
    """Which GOV.UK component renders this field: input, password, textarea, select, radios,
    checkboxes, checkbox, date, file, fieldset (other multi-part widgets) or hidden."""
    widget = field.field.widget
    if widget.is_hidden:
        return "hidden"
    if isinstance(widget, GovukDateInput):
        return "date"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.PasswordInput):
        return "password"
    if isinstance(widget, forms.FileInput):
        return "file"
    if isinstance(widget, forms.MultiWidget) or getattr(widget, "use_fieldset", False):
        return "fieldset"
    return "input"


@register.filter
def govuk_widget(field: BoundField):
    """Render the field's control with GOV.UK classes (and the error class when it has errors)."""
    kind = govuk_kind(field)
    widget = field.field.widget
    attrs = {}
    if kind in CONTROL_CLASSES:
        base, error = CONTROL_CLASSES[kind]
        classes = [base]
        own = widget.attrs.get("class", "")
        if own:
            classes.append(own)
        if kind == "input" and "govuk-input--width" not in own:
            for widget_class, width in DEFAULT_WIDTHS.items():
                if isinstance(widget, widget_class):
                    classes.append(width)
                    break
        if field.errors and error:
            classes.append(error)
        attrs["class"] = " ".join(classes)
    if kind == "password":
        attrs.setdefault("spellcheck", "false")
        attrs.setdefault("autocapitalize", "none")
        if "autocomplete" not in widget.attrs:
            attrs["autocomplete"] = "current-password"
    if isinstance(widget, forms.EmailInput):
        attrs.setdefault("spellcheck", "false")
        if "autocomplete" not in widget.attrs:
            attrs["autocomplete"] = "email"
    return field.as_widget(attrs=attrs)


@register.filter
def govuk_choices(field: BoundField) -> list[dict]:
    """The options of a radios or checkboxes field, each with the id GOV.UK gives it.

    The first option carries the field's own id (``id_<name>``) so the error summary can link to it;
    the rest are ``id_<name>-2``, ``id_<name>-3`` and so on, as the GOV.UK components number them.
    """
    base_id = field.auto_id
    options = []
    for index, subwidget in enumerate(field.subwidgets, start=1):
        data = subwidget.data
        value = data.get("value")
        option_id = (base_id if index == 1 else f"{base_id}-{index}") if base_id else ""
        options.append(
            {
                "id": option_id,
                "name": data["name"],
                "value": "" if value is None else str(value),
                "label": data["label"],
                "checked": bool(data.get("selected")),
                "disabled": bool(data["attrs"].get("disabled")),
            }
        )
    return options


@register.filter
def is_optional(field: BoundField) -> bool:
    """Whether to add "(optional)" to the label: not required, not a single yes-or-no checkbox, and not
    on a form that says its fields are never marked (a search box, say: ``mark_optional_fields = False``)."""
    if not getattr(field.form, "mark_optional_fields", True):
        return False
    return not field.field.required and govuk_kind(field) != "checkbox"


@register.filter
def error_summary_items(form) -> list[dict]:
    """Every error on a form, in page order, each with the ``#id`` its summary link points to.

    Errors not tied to one field (and errors on hidden fields) link to the first visible field.
    """
    if form is None or not getattr(form, "errors", None):
        return []
    visible = form.visible_fields()
    first_id = visible[0].auto_id if visible and visible[0].auto_id else ""
    items = [{"href": f"#{first_id}", "text": message} for message in form.non_field_errors()]
    for hidden in form.hidden_fields():
        items.extend({"href": f"#{first_id}", "text": message} for message in hidden.errors)
    for field in visible:
        target = f"#{field.auto_id}" if field.auto_id else f"#{first_id}"
        items.extend({"href": target, "text": message} for message in field.errors)
    return items


@register.filter
def has_errors(form) -> bool:
    return bool(form is not None and getattr(form, "errors", None))


@register.filter
def minutes_text(value) -> str:
    """A duration (timedelta or seconds) in plain English, for example "30 minutes" or "1 hour"."""
    if value in (None, ""):
        return ""
    seconds = value.total_seconds() if isinstance(value, datetime.timedelta) else float(value)
    minutes = round(seconds / 60)
    if minutes >= 1440 and minutes % 1440 == 0:
        days = minutes // 1440
        return "1 day" if days == 1 else f"{days} days"
    if minutes >= 60 and minutes % 60 == 0:
        hours = minutes // 60
        return "1 hour" if hours == 1 else f"{hours} hours"
    if minutes < 1:
        whole = round(seconds)
        return "1 second" if whole == 1 else f"{whole} seconds"
    return "1 minute" if minutes == 1 else f"{minutes} minutes"
