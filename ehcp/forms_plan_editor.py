"""The plan editor's section forms: sections A to K as GOV.UK fields that work without JavaScript.

A section's data (``ehcp.plan_content``) has a summary, lists of items (views, needs, outcomes with their
steps, provision lines, advice) and a few plain fields. The form is described here as data (``SPECS``) and
turned into three shapes:

- the *state*: what the person typed, item by item, with dates kept as the day, month and year boxes so that
  an impossible date is shown back exactly as typed (``state_from_data``, ``state_from_post``);
- the section's *data* for ``services_plans.section_save`` (``data_from_state``), with the editor's own
  problems (impossible dates, amounts that are not numbers) under the same keys as the service's
  (``"E.outcomes.0.target_date"``);
- the *fields* a template renders (``render``): every field with its name, id, label, value, options and
  error message.

HTML names follow the data's paths: ``summary``, ``outcomes-0-text``, ``outcomes-0-steps-1-by-day``; the
service's error key ``"E.outcomes.0.steps.1.by"`` belongs to the field whose id is ``outcomes-0-steps-1-by``.
Each list is shown with its items plus one blank item (the "add another" pattern without JavaScript); a blank
item that nobody typed in is left out when the form is read.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from . import plan_content as pc

DATE_PARTS = ("day", "month", "year")
DATE_HINT = "For example, 27 3 2027"


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: str = "text"  # text, textarea, select, radios, checkbox, checkboxes, date, hidden, number
    hint: str = ""
    # Fixed (value, label) pairs, or the name of a list the page supplies: "needs", "outcomes", "attachments".
    choices: tuple | str = ()
    width: str = ""
    counts: bool = True  # whether a value here means a blank item has been started
    default: str = ""
    rows: int = 3
    omit_blank: bool = False  # left out of the data when blank, so the schema's default applies

    @property
    def is_date(self) -> bool:
        return self.kind == "date"


@dataclass(frozen=True)
class ListSpec:
    key: str
    noun: str
    fields: tuple[Field, ...]
    children: tuple[ListSpec, ...] = ()
    label_prefix: str = ""  # "B" gives "B1", "B2"...; empty gives "Need 1"
    legend: str = ""


@dataclass(frozen=True)
class Group:
    """A nested object that is left out (null) when every box is blank: section A's sign-off."""

    key: str
    legend: str
    hint: str
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Spec:
    fields: tuple[Field, ...] = ()
    lists: tuple[ListSpec, ...] = ()
    groups: tuple[Group, ...] = ()
    uploads: bool = False


def _choices(mapping: dict, blank: str = "") -> tuple:
    pairs = tuple((k, v) for k, v in mapping.items() if k)
    return ((("", blank),) if blank else ()) + pairs


SUMMARY = Field(
    "summary",
    "Summary",
    "textarea",
    hint="An introduction to the section in plain words. The items below are what the plan sets out.",
    rows=4,
)

PROVISION = ListSpec(
    "provision",
    "provision",
    (
        Field("what", "What the provision is", "textarea", hint="Specific and detailed: what will be done."),
        Field(
            "delivered_by",
            "Delivered by",
            hint="Who will provide it, for example a speech and language therapist",
        ),
        Field("expertise", "Expertise or qualifications needed"),
        Field("frequency", "How often", width="govuk-input--width-20", hint="For example, weekly"),
        Field(
            "amount", "How much", width="govuk-input--width-20", hint="For example, 2 sessions of 45 minutes"
        ),
        Field("duration", "For how long", width="govuk-input--width-20", hint="For example, until July 2028"),
        Field("group_size", "Group size", width="govuk-input--width-10", hint="For example, 1:1 or up to 4"),
        Field("location", "Where it happens"),
        Field(
            "standard",
            "National standard",
            width="govuk-input--width-20",
            hint="If one applies: its code from the national SEND standards, for example ci-targeted-speech-language",
        ),
        Field("outcome_ids", "Outcomes it works towards", "checkboxes", choices="outcomes"),
        Field("need_ids", "Needs it meets", "checkboxes", choices="needs"),
        Field(
            "funding",
            "Paid for by",
            "select",
            choices=(("", "The usual funder for this section"), *_choices(pc.FUNDING)),
            counts=False,
            omit_blank=True,
        ),
    ),
    legend="Provision",
)

SPECS: dict[str, Spec] = {
    "A": Spec(
        fields=(SUMMARY,),
        lists=(
            ListSpec(
                "entries",
                "view",
                (
                    Field("topic", "Topic", "select", choices=_choices(pc.VIEW_TOPICS, "Choose a topic")),
                    Field("text", "Views", "textarea", rows=5),
                    Field("author", "Written by", "select", choices=_choices(pc.VIEW_AUTHORS, "Choose who")),
                    Field("author_name", "Name of the person who wrote it", hint="Optional"),
                    Field("own_words", "These are the child's or young person's own words", "checkbox"),
                    Field(
                        "attachment_ids",
                        "Pictures, recordings or videos",
                        "checkboxes",
                        choices="attachments",
                    ),
                ),
                legend="Views",
            ),
        ),
        groups=(
            Group(
                "sign_off",
                "My views are captured",
                "The child, young person or parent confirms that this section says what they want it to say.",
                (
                    Field("by", "Confirmed by", "select", choices=_choices(pc.SIGN_OFF_BY, "Choose who")),
                    Field("name", "Their name"),
                    Field("on", "Date confirmed", "date", hint=DATE_HINT),
                ),
            ),
        ),
        uploads=True,
    ),
    "B": Spec(
        fields=(SUMMARY,),
        lists=(
            ListSpec(
                "needs",
                "need",
                (
                    Field(
                        "area", "Area of need", "select", choices=_choices(pc.AREAS_OF_NEED, "Choose an area")
                    ),
                    Field(
                        "code",
                        "Type of need (school census code)",
                        "select",
                        choices=(
                            ("", "Not recorded"),
                            *tuple((k, f"{v[0]} ({k})") for k, v in pc.NEED_CODES.items()),
                        ),
                    ),
                    Field(
                        "rank",
                        "Ranking",
                        "radios",
                        choices=_choices(pc.NEED_RANKS),
                        counts=False,
                        default="other",
                    ),
                    Field("description", "Description of the need", "textarea", rows=4),
                ),
                label_prefix="B",
                legend="Needs",
            ),
        ),
    ),
    "C": Spec(
        fields=(SUMMARY,),
        lists=(
            ListSpec(
                "needs",
                "health need",
                (
                    Field("description", "Description of the health need", "textarea", rows=4),
                    Field(
                        "no_provision_reason",
                        "Why no health provision in section G meets this need",
                        "textarea",
                        hint="Only if no provision in section G meets it",
                        rows=2,
                    ),
                ),
                label_prefix="C",
                legend="Health needs",
            ),
        ),
    ),
    "D": Spec(
        fields=(SUMMARY,),
        lists=(
            ListSpec(
                "needs",
                "social care need",
                (Field("description", "Description of the social care need", "textarea", rows=4),),
                label_prefix="D",
                legend="Social care needs",
            ),
        ),
    ),
    "E": Spec(
        fields=(SUMMARY,),
        lists=(
            ListSpec(
                "outcomes",
                "outcome",
                (
                    Field("text", "Outcome", "textarea", hint="What the child or young person will achieve."),
                    Field("measure", "How we will know", "textarea", rows=2),
                    Field("target_date", "Target date", "date", hint=DATE_HINT),
                    Field("need_ids", "Needs it addresses", "checkboxes", choices="needs"),
                    Field(
                        "pfa_area",
                        "Preparing for adulthood",
                        "select",
                        choices=(("", "Not a preparing for adulthood outcome"), *_choices(pc.PFA_AREAS)),
                    ),
                ),
                children=(
                    ListSpec(
                        "steps",
                        "step",
                        (
                            Field("text", "Step"),
                            Field("by", "Step to be reached by", "date", hint=DATE_HINT),
                        ),
                        legend="Steps towards the outcome",
                    ),
                ),
                label_prefix="E",
                legend="Outcomes",
            ),
        ),
    ),
    "F": Spec(fields=(SUMMARY,), lists=(replace(PROVISION, label_prefix="F."),)),
    "G": Spec(fields=(SUMMARY,), lists=(replace(PROVISION, label_prefix="G."),)),
    "H1": Spec(fields=(SUMMARY,), lists=(replace(PROVISION, label_prefix="H1."),)),
    "H2": Spec(fields=(SUMMARY,), lists=(replace(PROVISION, label_prefix="H2."),)),
    "I": Spec(
        fields=(
            Field("setting_type", "Type of school, college or other institution"),
            Field("setting_name", "Name of the school, college or other institution", hint="If one is named"),
            Field(
                "setting_urn", "Unique reference number (URN)", width="govuk-input--width-10", hint="Optional"
            ),
        )
    ),
    "J": Spec(
        fields=(
            Field("requested", "A personal budget was asked for", "checkbox"),
            Field(
                "amount",
                "Amount in pounds",
                "number",
                width="govuk-input--width-10",
                hint="For example, 1200.00",
            ),
            Field(
                "arrangements",
                "How the personal budget is arranged",
                "checkboxes",
                choices=_choices(pc.BUDGET_ARRANGEMENTS),
            ),
            Field("covers", "What the personal budget covers", "textarea"),
            Field("needs_and_outcomes", "The needs and outcomes met by direct payments", "textarea"),
        )
    ),
    "K": Spec(
        lists=(
            ListSpec(
                "items",
                "piece of advice",
                (
                    Field("title", "Title of the advice or information"),
                    Field("author", "From", hint="Who gave it"),
                    Field("dated", "Dated", "date", hint=DATE_HINT),
                    Field("document_id", "Document", "hidden", counts=False),
                ),
                label_prefix="K",
                legend="Advice and information",
            ),
        )
    ),
}

UPLOAD_FIELDS = ("upload_file", "upload_title", "upload_description")


# State ---------------------------------------------------------------------------------------------------


def _date_state(value) -> dict:
    if not value:
        return dict.fromkeys(DATE_PARTS, "")
    on = datetime.date.fromisoformat(str(value))
    return {"day": str(on.day), "month": str(on.month), "year": str(on.year)}


def _field_state(field: Field, value):
    if field.is_date:
        return _date_state(value)
    if field.kind == "checkbox":
        return bool(value)
    if field.kind == "checkboxes":
        return [str(v) for v in (value or [])]
    if value is None:
        return ""
    return str(value)


def _item_state(spec: ListSpec, item: dict) -> dict:
    state = {"id": item.get("id", "")}
    for field in spec.fields:
        state[field.key] = _field_state(field, item.get(field.key, field.default))
    for child in spec.children:
        state[child.key] = [_item_state(child, c) for c in item.get(child.key, [])]
    return state


def state_from_data(code: str, data: dict | None) -> dict:
    """A section's stored data as the form shows it."""
    spec = SPECS[code]
    data = data or {}
    state: dict = {}
    for field in spec.fields:
        state[field.key] = _field_state(field, data.get(field.key, field.default))
    for group in spec.groups:
        values = data.get(group.key) or {}
        state[group.key] = {f.key: _field_state(f, values.get(f.key)) for f in group.fields}
    for lst in spec.lists:
        state[lst.key] = [_item_state(lst, item) for item in data.get(lst.key, [])]
    return state


def _read_field(field: Field, post, name: str):
    if field.is_date:
        return {part: post.get(f"{name}-{part}", "").strip() for part in DATE_PARTS}
    if field.kind == "checkbox":
        return bool(post.get(name))
    if field.kind == "checkboxes":
        return [v for v in post.getlist(name) if v]
    return post.get(name, field.default if field.kind in ("radios", "select") else "")


def _has_input(field: Field, value) -> bool:
    if not field.counts:
        return False
    if field.is_date:
        return any(value.values())
    if isinstance(value, str):
        return bool(value.strip())
    return bool(value)


def _indexes(post, prefix: str) -> list[int]:
    """The item numbers present in the form under ``prefix`` ("outcomes" finds outcomes-0-..., outcomes-3-...)."""
    pattern = re.compile(rf"^{re.escape(prefix)}-(\d+)-")
    found = {int(m.group(1)) for key in post for m in [pattern.match(key)] if m}
    return sorted(found)


def _read_items(spec: ListSpec, post, prefix: str, removed: str) -> list[dict]:
    items = []
    for index in _indexes(post, prefix):
        name = f"{prefix}-{index}"
        if name == removed:
            continue
        item = {"id": post.get(f"{name}-id", "").strip(), "_name": name}
        started = bool(item["id"])
        for field in spec.fields:
            item[field.key] = _read_field(field, post, f"{name}-{field.key}")
            started = started or _has_input(field, item[field.key])
        for child in spec.children:
            item[child.key] = _read_items(child, post, f"{name}-{child.key}", removed)
            started = started or bool(item[child.key])
        if started:
            items.append(item)
    return items


def state_from_post(code: str, post, *, removed: str = "") -> dict:
    """What the person typed, without blank new items and without the item they asked to remove."""
    spec = SPECS[code]
    state: dict = {}
    for field in spec.fields:
        state[field.key] = _read_field(field, post, field.key)
    for group in spec.groups:
        state[group.key] = {f.key: _read_field(f, post, f"{group.key}-{f.key}") for f in group.fields}
    for lst in spec.lists:
        state[lst.key] = _read_items(lst, post, lst.key, removed)
    return state


# Data ----------------------------------------------------------------------------------------------------


def _date_value(parts: dict, label: str) -> tuple[str | None, str]:
    """An ISO date from the three boxes, or an error message naming what is wrong."""
    day, month, year = (parts.get(p, "").strip() for p in DATE_PARTS)
    if not (day or month or year):
        return None, ""
    missing = [p for p, v in zip(DATE_PARTS, (day, month, year), strict=True) if not v]
    if missing:
        return None, f"{label} must include a {' and '.join(missing)}"
    if not (day.isdecimal() and month.isdecimal() and year.isdecimal()):
        return None, f"{label} must be a real date"
    if len(year) != 4:
        return None, f"{label} year must include 4 numbers"
    try:
        return datetime.date(int(year), int(month), int(day)).isoformat(), ""
    except ValueError:
        return None, f"{label} must be a real date"


def _field_value(field: Field, value, path: str, errors: dict, item_label: str):
    if field.is_date:
        iso, problem = _date_value(value, field.label)
        if problem:
            errors[path] = [f"{item_label}{problem}"]
        return iso
    if field.kind == "number":
        text = value.strip().replace(",", "").lstrip("£")
        if not text:
            return None
        try:
            amount = Decimal(text)
        except InvalidOperation:
            errors[path] = [f"{item_label}{field.label} must be a number, like 1200.00"]
            return None
        return str(amount)
    if field.kind == "checkboxes" and field.choices == "attachments":
        return [int(v) for v in value if str(v).isdecimal()]
    if field.kind == "hidden":
        return int(value) if str(value).isdecimal() else None
    return value


def _item_data(spec: ListSpec, item: dict, path: str, errors: dict, label: str) -> dict:
    data = {"id": item.get("id", "")}
    for field in spec.fields:
        if field.omit_blank and not item.get(field.key):
            continue
        data[field.key] = _field_value(field, item.get(field.key), f"{path}.{field.key}", errors, label)
    for child in spec.children:
        data[child.key] = [
            _item_data(
                child, c, f"{path}.{child.key}.{i}", errors, f"{label}{child.noun.capitalize()} {i + 1}: "
            )
            for i, c in enumerate(item.get(child.key, []))
        ]
    return data


def item_label(spec: ListSpec, index: int) -> str:
    return f"{spec.label_prefix}{index + 1}" if spec.label_prefix else f"{spec.noun.capitalize()} {index + 1}"


def data_from_state(code: str, state: dict) -> tuple[dict, dict[str, list[str]]]:
    """The section's data for the service, and the editor's own problems under the service's keys."""
    spec = SPECS[code]
    errors: dict[str, list[str]] = {}
    data: dict = {}
    for field in spec.fields:
        data[field.key] = _field_value(field, state.get(field.key), f"{code}.{field.key}", errors, "")
    for group in spec.groups:
        values = state.get(group.key) or {}
        if not any(_has_input(f, values.get(f.key)) for f in group.fields):
            data[group.key] = None
            continue
        data[group.key] = {
            f.key: _field_value(f, values.get(f.key), f"{code}.{group.key}.{f.key}", errors, "")
            for f in group.fields
        }
    for lst in spec.lists:
        data[lst.key] = [
            _item_data(lst, item, f"{code}.{lst.key}.{i}", errors, f"{item_label(lst, i)}: ")
            for i, item in enumerate(state.get(lst.key, []))
        ]
    return data, errors


def new_item_ids(code: str, state: dict, saved: dict) -> dict[str, str]:
    """The ids the service gave to items the form showed without one, by the hidden input's name.

    Blank items are left out when the form is read, so the saved items line up with the posted ones only
    through the names they were read from, which ``state_from_post`` keeps in each item's ``_name``.
    """
    ids: dict[str, str] = {}

    def walk(spec: ListSpec, items: list[dict], saved_items: list[dict]) -> None:
        for item, saved_item in zip(items, saved_items, strict=False):
            if item.get("_name") and not item.get("id"):
                ids[f"{item['_name']}-id"] = saved_item.get("id", "")
            for child in spec.children:
                walk(child, item.get(child.key, []), saved_item.get(child.key, []))

    for lst in SPECS[code].lists:
        walk(lst, state.get(lst.key, []), saved.get(lst.key, []))
    return ids


# Errors --------------------------------------------------------------------------------------------------

_GENERIC = {
    "This field is required.": "Enter {what}",
    "This field may not be blank.": "Enter {what}",
    "This field may not be null.": "Enter {what}",
    "A valid number is required.": "{What} must be a number",
}


def _field_for(code: str, key: str) -> Field | None:
    """The spec of the field a service error key names ("E.outcomes.0.steps.1.by" is the step's date)."""
    parts = key.split(".")[1:]
    spec = SPECS.get(code)
    if spec is None or not parts:
        return None
    fields = {f.key: f for f in spec.fields}
    lists = {lst.key: lst for lst in spec.lists}
    groups = {g.key: g for g in spec.groups}
    head = parts[0]
    if head in fields and len(parts) == 1:
        return fields[head]
    if head in groups and len(parts) == 2:
        return {f.key: f for f in groups[head].fields}.get(parts[1])
    lst = lists.get(head)
    rest = parts[1:]
    while lst is not None and len(rest) >= 2 and rest[0].isdecimal():
        name = rest[1]
        by_key = {f.key: f for f in lst.fields}
        if len(rest) == 2 and name in by_key:
            return by_key[name]
        lst = {c.key: c for c in lst.children}.get(name)
        rest = rest[2:]
    return None


def friendly(code: str, key: str, message: str) -> str:
    """A GOV.UK style message for a schema error: "Enter the views" rather than "This field is required."."""
    field = _field_for(code, key)
    if field is None:
        return message
    what = field.label[:1].lower() + field.label[1:]
    if message in _GENERIC:
        if field.kind in ("select", "radios") and "Enter" in _GENERIC[message]:
            return f"Choose {what}"
        return _GENERIC[message].format(what=what, What=field.label)
    if message.endswith("is not a valid choice."):
        return f"Choose {what}"
    match = re.match(r"Ensure this field has no more than (\d+) characters\.", message)
    if match:
        return f"{field.label} must be {match.group(1)} characters or fewer"
    if message.startswith("Ensure"):
        return f"{field.label}: {message}"
    return message


def _prefix_for(code: str, key: str) -> str:
    """ "Outcome E2: " for a key inside the second outcome, so the error summary says which item."""
    parts = key.split(".")[1:]
    spec = SPECS.get(code)
    if spec is None or len(parts) < 3 or not parts[1].isdecimal():
        return ""
    lst = {lst.key: lst for lst in spec.lists}.get(parts[0])
    if lst is None:
        return ""
    label = item_label(lst, int(parts[1]))
    if len(parts) >= 5 and parts[3].isdecimal():
        child = {c.key: c for c in lst.children}.get(parts[2])
        if child is not None:
            label += f", {child.noun} {int(parts[3]) + 1}"
    return f"{label}: "


def error_messages(code: str, errors: dict[str, list[str]]) -> dict[str, list[str]]:
    """The service's (or the schema's) errors with readable messages, each naming its item."""
    out: dict[str, list[str]] = {}
    for key, messages in errors.items():
        prefix = _prefix_for(code, key)
        out[key] = [
            m if m.startswith(prefix) and prefix else f"{prefix}{friendly(code, key, m)}" for m in messages
        ]
    return out


def anchor(code: str, key: str) -> str:
    """The id of the element a service error key belongs to (the error summary links there)."""
    parts = key.split(".")
    if parts[0] != code or len(parts) == 1:
        first = SPECS[code].fields[0] if SPECS.get(code) and SPECS[code].fields else None
        return first.key if first else "section-form"
    target = "-".join(parts[1:])
    field = _field_for(code, key)
    if field is not None and field.is_date:
        return f"{target}-day"
    return target


# Rendering -----------------------------------------------------------------------------------------------


def _options(field: Field, choices: dict[str, list[tuple[str, str]]]) -> list[tuple[str, str]]:
    if isinstance(field.choices, str):
        return list(choices.get(field.choices, []))
    return list(field.choices)


def _render_field(field: Field, name: str, value, errors: dict, key: str, choices: dict) -> dict:
    selected = value if isinstance(value, list) else [value]
    options = [
        {
            "value": v,
            "label": label,
            "id": name if i == 0 else f"{name}-{i + 1}",
            "checked": str(v) in [str(s) for s in selected] and v != "",
        }
        for i, (v, label) in enumerate(_options(field, choices))
    ]
    if field.kind == "select":
        for option in options:
            option["checked"] = str(option["value"]) == str(value)
    return {
        "kind": field.kind,
        "key": field.key,
        "name": name,
        "id": name,
        "label": field.label,
        "hint": field.hint,
        "value": value,
        "options": options,
        "width": field.width,
        "rows": field.rows,
        "error": " ".join(errors.get(key, [])),
    }


def _render_items(spec: ListSpec, items: list[dict], prefix: str, path: str, errors: dict, choices: dict):
    rendered = []
    for index, item in enumerate([*items, None]):
        blank = item is None
        item = item or _item_state(spec, {})
        name = f"{prefix}-{index}"
        key = f"{path}.{index}"
        rendered.append(
            {
                "name": name,
                "label": item_label(spec, index),
                "heading": (
                    f"{spec.noun.capitalize()} {item_label(spec, index)}"
                    if spec.label_prefix
                    else item_label(spec, index)
                ),
                "noun": spec.noun,
                "blank": blank,
                "id_value": item.get("id", ""),
                "fields": [
                    _render_field(f, f"{name}-{f.key}", item.get(f.key), errors, f"{key}.{f.key}", choices)
                    for f in spec.fields
                ],
                "lists": [
                    _render_list(c, item.get(c.key, []), f"{name}-{c.key}", f"{key}.{c.key}", errors, choices)
                    for c in spec.children
                ],
            }
        )
    return rendered


def _render_list(spec: ListSpec, items, prefix: str, path: str, errors: dict, choices: dict) -> dict:
    return {
        "key": spec.key,
        "name": prefix,
        "legend": spec.legend or spec.noun.capitalize(),
        "noun": spec.noun,
        "error": " ".join(errors.get(path, [])),
        "items": _render_items(spec, items, prefix, path, errors, choices),
        "nested": "-" in prefix,
    }


def render(code: str, state: dict, errors: dict[str, list[str]], choices: dict) -> dict:
    """Everything the section template needs to draw the form."""
    spec = SPECS[code]
    return {
        "fields": [
            _render_field(f, f.key, state.get(f.key), errors, f"{code}.{f.key}", choices) for f in spec.fields
        ],
        "groups": [
            {
                "key": g.key,
                "legend": g.legend,
                "hint": g.hint,
                "fields": [
                    _render_field(
                        f,
                        f"{g.key}-{f.key}",
                        (state.get(g.key) or {}).get(f.key),
                        errors,
                        f"{code}.{g.key}.{f.key}",
                        choices,
                    )
                    for f in g.fields
                ],
            }
            for g in spec.groups
        ],
        "lists": [
            _render_list(lst, state.get(lst.key, []), lst.key, f"{code}.{lst.key}", errors, choices)
            for lst in spec.lists
        ],
        "uploads": spec.uploads,
    }


def summary_items(code: str, errors: dict[str, list[str]]) -> list[dict]:
    """The GOV.UK error summary's links, in the order the errors were given."""
    return [
        {"href": f"#{anchor(code, key)}", "text": m} for key, messages in errors.items() for m in messages
    ]


def link_choices(content: dict, attachments=()) -> dict[str, list[tuple[str, str]]]:
    """The needs (B1, C1...), outcomes (E1...) and files that items can name, from the working content."""

    def short(text: str) -> str:
        text = " ".join(str(text).split())
        return text if len(text) <= 90 else text[:87] + "..."

    needs = []
    for code in ("B", "C", "D"):
        for index, need in enumerate(content.get(code, {}).get("needs", []), start=1):
            needs.append((need["id"], f"{code}{index}: {short(need['description'])}"))
    outcomes = [
        (o["id"], f"E{index}: {short(o['text'])}")
        for index, o in enumerate(content.get("E", {}).get("outcomes", []), start=1)
    ]
    files = [(str(a.pk), f"{a.title} ({a.content_type})") for a in attachments]
    return {"needs": needs, "outcomes": outcomes, "attachments": files}
