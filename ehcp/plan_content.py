"""The content of an EHC plan as structured data: sections A to K (regulation 12(1)), validated.

A version's ``content`` is a JSON object keyed by section code (A, B, C, D, E, F, G, H1, H2, I, J, K).
Needs, outcomes, provision lines, views and advice are lists of items, each with a stable ``id`` so that
outcomes can name the needs they address, provision can name the outcomes it serves and progress can be
recorded against an outcome across versions. The schema is written as DRF serializers so that the
editor's forms, the API and the services give the same field errors (docs/adr/0012).

This module also renders a section as plain lines (for the readable difference between versions, the PDF
text and search) and computes that difference.
"""

from __future__ import annotations

import copy
import difflib
import uuid
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from rest_framework import serializers

from . import plan_sections

SCHEMA_VERSION = 1

# The codes a plan's content is kept under: A to K with H1 and H2 apart.
SECTION_CODES = tuple(s.code for s in plan_sections.written())
PROVISION_SECTIONS = ("F", "G", "H1", "H2")

AREAS_OF_NEED = {
    "cognition_learning": "Cognition and learning",
    "communication_interaction": "Communication and interaction",
    "semh": "Social, emotional and mental health",
    "sensory_physical": "Sensory and/or physical needs",
}
# School census type-of-need codes (statutory-rules.md §5.1), with their broad area of need.
NEED_CODES = {
    "SPLD": ("Specific learning difficulty", "cognition_learning"),
    "MLD": ("Moderate learning difficulty", "cognition_learning"),
    "SLD": ("Severe learning difficulty", "cognition_learning"),
    "PMLD": ("Profound and multiple learning difficulty", "cognition_learning"),
    "SLCN": ("Speech, language and communication needs", "communication_interaction"),
    "ASD": ("Autistic spectrum disorder", "communication_interaction"),
    "SEMH": ("Social, emotional and mental health", "semh"),
    "HI": ("Hearing impairment", "sensory_physical"),
    "VI": ("Visual impairment", "sensory_physical"),
    "MSI": ("Multi-sensory impairment", "sensory_physical"),
    "PD": ("Physical disability", "sensory_physical"),
    "OTH": ("Other difficulty or disability", ""),
}
NEED_RANKS = {"primary": "Primary need", "secondary": "Secondary need", "other": "Other need"}
VIEW_TOPICS = {
    "about_me": "About me",
    "what_matters": "What is important to me",
    "working": "What is working",
    "not_working": "What is not working",
    "interests": "My interests",
    "aspirations": "My hopes and aspirations",
    "how_to_help": "How best to support me",
}
VIEW_AUTHORS = {
    "child": "The child",
    "young_person": "The young person",
    "parent": "Parent or carer",
    "professional": "A professional, on their behalf",
}
SIGN_OFF_BY = {"child": "The child", "young_person": "The young person", "parent": "Parent or carer"}
PFA_AREAS = {
    "": "",
    "employment": "Employment",
    "independent_living": "Independent living",
    "community": "Friends, relationships and community",
    "health": "Good health",
}
FUNDING = {"education": "Education", "health": "Health", "social_care": "Social care"}
# Who commissions and pays, by default, for provision in each section.
DEFAULT_FUNDING = {"F": "education", "G": "health", "H1": "social_care", "H2": "social_care"}
BUDGET_ARRANGEMENTS = {
    "direct_payment": "Direct payment",
    "notional": "Notional budget (arrangements held by the local authority or setting)",
    "third_party": "Third-party arrangement",
}


def new_id() -> str:
    return uuid.uuid4().hex[:8]


# Schema ------------------------------------------------------------------------------------------------


class _Item(serializers.Serializer):
    id = serializers.CharField(max_length=40, required=False, allow_blank=True)

    def validate(self, attrs):
        attrs["id"] = attrs.get("id") or new_id()
        return attrs


class ViewEntry(_Item):
    topic = serializers.ChoiceField(choices=list(VIEW_TOPICS.items()))
    text = serializers.CharField(max_length=10000, error_messages={"blank": "Enter the views"})
    author = serializers.ChoiceField(choices=list(VIEW_AUTHORS.items()))
    author_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    own_words = serializers.BooleanField(default=False)
    attachment_ids = serializers.ListField(child=serializers.IntegerField(min_value=1), default=list)


class SignOff(serializers.Serializer):
    by = serializers.ChoiceField(choices=list(SIGN_OFF_BY.items()))
    name = serializers.CharField(max_length=150)
    on = serializers.DateField()


class SectionA(serializers.Serializer):
    summary = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="")
    entries = ViewEntry(many=True, required=False, default=list)
    sign_off = SignOff(required=False, allow_null=True, default=None)


class Need(_Item):
    area = serializers.ChoiceField(choices=list(AREAS_OF_NEED.items()))
    code = serializers.ChoiceField(
        choices=[("", "")] + [(k, v[0]) for k, v in NEED_CODES.items()], required=False, default=""
    )
    rank = serializers.ChoiceField(choices=list(NEED_RANKS.items()), default="other")
    description = serializers.CharField(max_length=10000, error_messages={"blank": "Describe the need"})


class SectionB(serializers.Serializer):
    summary = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="")
    needs = Need(many=True, required=False, default=list)

    def validate_needs(self, needs):
        if sum(1 for n in needs if n["rank"] == "primary") > 1:
            raise serializers.ValidationError("Only one need can be the primary need")
        return needs


class HealthNeed(_Item):
    description = serializers.CharField(max_length=10000, error_messages={"blank": "Describe the need"})
    no_provision_reason = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        default="",
        help_text="Why no health provision in section G meets this need, if none does",
    )


class CareNeed(_Item):
    description = serializers.CharField(max_length=10000, error_messages={"blank": "Describe the need"})


class SectionC(serializers.Serializer):
    summary = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="")
    needs = HealthNeed(many=True, required=False, default=list)


class SectionD(serializers.Serializer):
    summary = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="")
    needs = CareNeed(many=True, required=False, default=list)


class Step(_Item):
    text = serializers.CharField(max_length=2000)
    by = serializers.DateField(required=False, allow_null=True, default=None)


class Outcome(_Item):
    text = serializers.CharField(max_length=5000, error_messages={"blank": "Enter the outcome"})
    measure = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    target_date = serializers.DateField(required=False, allow_null=True, default=None)
    need_ids = serializers.ListField(child=serializers.CharField(max_length=40), default=list)
    pfa_area = serializers.ChoiceField(choices=list(PFA_AREAS.items()), required=False, default="")
    steps = Step(many=True, required=False, default=list)


class SectionE(serializers.Serializer):
    summary = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="")
    outcomes = Outcome(many=True, required=False, default=list)


class ProvisionLine(_Item):
    what = serializers.CharField(max_length=5000, error_messages={"blank": "Enter what the provision is"})
    delivered_by = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    expertise = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    frequency = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    amount = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    duration = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    group_size = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    location = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    outcome_ids = serializers.ListField(child=serializers.CharField(max_length=40), default=list)
    need_ids = serializers.ListField(child=serializers.CharField(max_length=40), default=list)
    funding = serializers.ChoiceField(choices=list(FUNDING.items()), required=False, default="")
    # A national SEND standard cited by its code (placements/standards), and the version cited: filled
    # with the current published version holding the code when the line is saved (docs/adr/0014).
    standard = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    standard_version = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1)


class ProvisionSection(serializers.Serializer):
    summary = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="")
    provision = ProvisionLine(many=True, required=False, default=list)

    def validate_provision(self, lines):
        """A cited standard must be published; the version cited is filled in (one query for all lines)."""
        codes = {line.get("standard", "").strip() for line in lines} - {""}
        if not codes:
            for line in lines:
                line["standard"], line["standard_version"] = "", None
            return lines
        from placements.selectors_standards import published_codes

        known = published_codes(codes)
        errors, bad = [], False
        for line in lines:
            code = line.get("standard", "").strip()
            line["standard"] = code
            if not code:
                line["standard_version"] = None
                errors.append({})
            elif code not in known:
                errors.append({"standard": ["Enter the code of a published national SEND standard"]})
                bad = True
            else:
                default, numbers = known[code]
                if line.get("standard_version") not in numbers:
                    line["standard_version"] = default
                errors.append({})
        if bad:
            raise serializers.ValidationError(errors)
        return lines


class SectionI(serializers.Serializer):
    setting_type = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    setting_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    setting_urn = serializers.CharField(max_length=10, required=False, allow_blank=True, default="")


class SectionJ(serializers.Serializer):
    requested = serializers.BooleanField(default=False)
    amount = serializers.DecimalField(
        max_digits=9,
        decimal_places=2,
        min_value=0,
        required=False,
        allow_null=True,
        default=None,
        coerce_to_string=True,
    )
    arrangements = serializers.ListField(
        child=serializers.ChoiceField(choices=list(BUDGET_ARRANGEMENTS.items())), default=list
    )
    covers = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    needs_and_outcomes = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class AdviceItem(_Item):
    title = serializers.CharField(max_length=300, error_messages={"blank": "Enter the advice's title"})
    author = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    dated = serializers.DateField(required=False, allow_null=True, default=None)
    document_id = serializers.IntegerField(required=False, allow_null=True, default=None)


class SectionK(serializers.Serializer):
    items = AdviceItem(many=True, required=False, default=list)


SCHEMA: dict[str, type[serializers.Serializer]] = {
    "A": SectionA,
    "B": SectionB,
    "C": SectionC,
    "D": SectionD,
    "E": SectionE,
    "F": ProvisionSection,
    "G": ProvisionSection,
    "H1": ProvisionSection,
    "H2": ProvisionSection,
    "I": SectionI,
    "J": SectionJ,
    "K": SectionK,
}


def _plain(value):
    """Serializer output as plain JSON: dates as ISO strings, decimals as strings, OrderedDicts as dicts."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if value.__class__.__name__ == "Decimal":
        return str(value)
    return value


def _flatten(detail, prefix: str) -> dict[str, list[str]]:
    """DRF's nested errors as ``{"E.outcomes.0.text": ["Enter the outcome"]}``."""
    out: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            key = prefix if key == "non_field_errors" else f"{prefix}.{key}"
            out.update(_flatten(value, key))
    elif isinstance(detail, list) and detail and not isinstance(detail[0], str | serializers.ErrorDetail):
        for index, value in enumerate(detail):
            if value:
                out.update(_flatten(value, f"{prefix}.{index}"))
    else:
        out[prefix] = [str(m) for m in detail]
    return out


def clean_section(code: str, data: dict | None) -> dict:
    """Validate one section's data and return it normalised (ids given to new items).

    Raises ``ValidationError`` with field paths such as ``"E.outcomes.0.text"``.
    """
    if code not in SCHEMA:
        raise ValidationError({"section": [f"There is no section {code} in a plan"]})
    serializer = SCHEMA[code](data=data or {})
    if not serializer.is_valid():
        raise ValidationError(_flatten(serializer.errors, code))
    cleaned = _plain(serializer.validated_data)
    if code in PROVISION_SECTIONS:
        for line in cleaned["provision"]:
            line["funding"] = line["funding"] or DEFAULT_FUNDING[code]
    return cleaned


def empty_content() -> dict:
    return {code: clean_section(code, {}) for code in SECTION_CODES}


def clean_content(content: dict) -> dict:
    """Validate a whole plan's content (missing sections are empty); links must point at real items."""
    unknown = set(content) - set(SECTION_CODES)
    if unknown:
        raise ValidationError({"content": [f"Unknown plan sections: {', '.join(sorted(unknown))}"]})
    errors: dict[str, list[str]] = {}
    cleaned = {}
    for code in SECTION_CODES:
        try:
            cleaned[code] = clean_section(code, content.get(code))
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    errors = broken_links(cleaned)
    if errors:
        raise ValidationError(errors)
    return cleaned


def with_section(content: dict, code: str, section: dict) -> dict:
    """The content with one section replaced (validated), links checked across the whole plan."""
    updated = copy.deepcopy(content) if content else empty_content()
    for missing in SECTION_CODES:
        updated.setdefault(missing, clean_section(missing, {}))
    updated[code] = clean_section(code, section)
    errors = {k: v for k, v in broken_links(updated).items() if k.startswith(f"{code}.")}
    if errors:
        raise ValidationError(errors)
    return updated


def need_ids(content: dict) -> set[str]:
    return {n["id"] for code in ("B", "C", "D") for n in content.get(code, {}).get("needs", [])}


def outcome_ids(content: dict) -> set[str]:
    return {o["id"] for o in content.get("E", {}).get("outcomes", [])}


def broken_links(content: dict) -> dict[str, list[str]]:
    """Outcomes may name needs in B, C or D; provision may name outcomes in E and needs."""
    needs, outcomes = need_ids(content), outcome_ids(content)
    errors: dict[str, list[str]] = {}
    for index, outcome in enumerate(content.get("E", {}).get("outcomes", [])):
        if set(outcome["need_ids"]) - needs:
            errors[f"E.outcomes.{index}.need_ids"] = ["Choose needs that are in sections B, C or D"]
    for code in PROVISION_SECTIONS:
        for index, line in enumerate(content.get(code, {}).get("provision", [])):
            if set(line["outcome_ids"]) - outcomes:
                errors[f"{code}.provision.{index}.outcome_ids"] = ["Choose outcomes that are in section E"]
            if set(line["need_ids"]) - needs:
                errors[f"{code}.provision.{index}.need_ids"] = ["Choose needs that are in sections B, C or D"]
    return errors


def is_empty(content: dict, code: str) -> bool:
    """Whether a section says nothing yet (defaults only)."""
    return not section_lines(content, code)


# Rendering as lines ----------------------------------------------------------------------------------


def _date(value: str | None) -> str:
    if not value:
        return ""
    return f"{date.fromisoformat(value):%-d %B %Y}"


def _labels(content: dict) -> dict[str, str]:
    """Short labels for needs and outcomes, used where an item names another."""
    labels = {}
    for code in ("B", "C", "D"):
        for index, need in enumerate(content.get(code, {}).get("needs", []), start=1):
            labels[need["id"]] = f"{code}{index}"
    for index, outcome in enumerate(content.get("E", {}).get("outcomes", []), start=1):
        labels[outcome["id"]] = f"E{index}"
    return labels


def _field(label: str, value: str) -> str | None:
    return f"{label}: {value}" if value else None


def section_lines(content: dict, code: str) -> list[str]:
    """A section as readable lines, in a stable order; empty sections give no lines."""
    data = content.get(code) or {}
    labels = _labels(content)
    lines: list[str | None] = []

    def refs(ids: list[str]) -> str:
        return ", ".join(labels.get(i, "?") for i in ids)

    if data.get("summary"):
        lines.append(data["summary"])
    if code == "A":
        for entry in data.get("entries", []):
            who = VIEW_AUTHORS.get(entry["author"], entry["author"])
            if entry.get("author_name"):
                who = f"{who} ({entry['author_name']})"
            own = ", in their own words" if entry.get("own_words") else ""
            lines.append(
                f"{VIEW_TOPICS.get(entry['topic'], entry['topic'])}, written by {who}{own}: {entry['text']}"
            )
        if data.get("sign_off"):
            s = data["sign_off"]
            lines.append(
                f"Views confirmed by {SIGN_OFF_BY.get(s['by'], s['by']).lower()} {s['name']} on {_date(s['on'])}"
            )
    elif code in ("B", "C", "D"):
        for index, need in enumerate(data.get("needs", []), start=1):
            parts = [f"{code}{index}."]
            if code == "B":
                area = AREAS_OF_NEED.get(need["area"], need["area"])
                kind = NEED_CODES[need["code"]][0] if need.get("code") else ""
                parts.append(f"{NEED_RANKS[need['rank']]}, {area}{f' ({kind})' if kind else ''}:")
            parts.append(need["description"])
            if need.get("no_provision_reason"):
                parts.append(f"(No health provision: {need['no_provision_reason']})")
            lines.append(" ".join(parts))
    elif code == "E":
        for index, outcome in enumerate(data.get("outcomes", []), start=1):
            lines.append(f"E{index}. {outcome['text']}")
            lines.append(_field("  Measure", outcome.get("measure", "")))
            lines.append(_field("  By", _date(outcome.get("target_date"))))
            lines.append(_field("  Meets needs", refs(outcome.get("need_ids", []))))
            lines.append(_field("  Preparing for adulthood", PFA_AREAS.get(outcome.get("pfa_area", ""), "")))
            for step in outcome.get("steps", []):
                by = f" (by {_date(step['by'])})" if step.get("by") else ""
                lines.append(f"  Step: {step['text']}{by}")
    elif code in PROVISION_SECTIONS:
        for index, line in enumerate(data.get("provision", []), start=1):
            lines.append(f"{code}.{index} {line['what']}")
            for label, key in (
                ("Delivered by", "delivered_by"),
                ("Expertise", "expertise"),
                ("How often", "frequency"),
                ("How much", "amount"),
                ("For how long", "duration"),
                ("Group size", "group_size"),
                ("Where", "location"),
                ("National standard", "standard"),
            ):
                lines.append(_field(f"  {label}", line.get(key, "")))
            lines.append(_field("  Towards outcomes", refs(line.get("outcome_ids", []))))
            lines.append(_field("  Meets needs", refs(line.get("need_ids", []))))
            lines.append(_field("  Paid for by", FUNDING.get(line.get("funding", ""), "")))
    elif code == "I":
        lines.append(_field("Type", data.get("setting_type", "")))
        name = data.get("setting_name", "")
        if name and data.get("setting_urn"):
            name = f"{name} (URN {data['setting_urn']})"
        lines.append(_field("Name", name))
    elif code == "J":
        if data.get("requested"):
            lines.append("A personal budget was asked for")
        if data.get("amount"):
            lines.append(f"Amount: £{data['amount']}")
        if data.get("arrangements"):
            lines.append("How: " + "; ".join(BUDGET_ARRANGEMENTS[a] for a in data["arrangements"]))
        lines.append(_field("What it covers", data.get("covers", "")))
        lines.append(_field("Needs and outcomes met by direct payment", data.get("needs_and_outcomes", "")))
    elif code == "K":
        for index, item in enumerate(data.get("items", []), start=1):
            extra = ", ".join(x for x in (item.get("author", ""), _date(item.get("dated"))) if x)
            lines.append(f"K{index}. {item['title']}{f' ({extra})' if extra else ''}")
    return [line for line in lines if line]


# Differences between versions ----------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    kind: str  # "added", "removed" or "changed"
    before: str
    after: str


@dataclass(frozen=True)
class SectionDiff:
    code: str
    label: str
    changes: tuple[Change, ...]

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def diff(before: dict, after: dict) -> list[SectionDiff]:
    """Section by section, the lines added, removed and changed from ``before`` to ``after``."""
    result = []
    for section in plan_sections.written():
        old, new = section_lines(before, section.code), section_lines(after, section.code)
        changes: list[Change] = []
        matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            removed, added = old[i1:i2], new[j1:j2]
            paired = min(len(removed), len(added)) if tag == "replace" else 0
            for k in range(paired):
                changes.append(Change("changed", removed[k], added[k]))
            changes.extend(Change("removed", line, "") for line in removed[paired:])
            changes.extend(Change("added", "", line) for line in added[paired:])
        result.append(SectionDiff(section.code, section.label, tuple(changes)))
    return result


# Presenting for pages and the PDF -----------------------------------------------------------------


@dataclass(frozen=True)
class PresentedItem:
    label: str  # "B1", "E2", "F.3"
    heading: str
    rows: tuple[tuple[str, str], ...]  # (label, value) pairs with a value
    # Pictures, recordings and videos with section A's views: {"id", "title", "description", "content_type"}
    attachments: tuple[dict, ...] = ()
    # A provision line's national standard: {"code", "title", "version", "newer_version", "removed"}
    standard: dict | None = None


def cited_standards(content: dict) -> list[tuple[str, int | None]]:
    """Every (standard code, version cited) in the provision sections."""
    return [
        (line.get("standard", ""), line.get("standard_version"))
        for code in PROVISION_SECTIONS
        for line in content.get(code, {}).get("provision", [])
        if line.get("standard")
    ]


def _standards_for(content: dict) -> dict:
    """What each cited standard says and whether a newer version changed it: ONE query for the whole plan,
    and none when it cites no standard."""
    cited = cited_standards(content)
    if not cited:
        return {}
    from placements.selectors_standards import citations

    return citations(cited)


def standards_cited_in(content: dict, code: str) -> list[dict]:
    """The national standards one provision section cites, each once, with its title and any newer version
    (for the editor; one query, none when nothing is cited)."""
    section = {code: content.get(code, {})} if code in PROVISION_SECTIONS else {}
    found = _standards_for(section)
    seen, out = set(), []
    for line in section.get(code, {}).get("provision", []):
        key = (line.get("standard", ""), line.get("standard_version"))
        if key[0] and key not in seen:
            seen.add(key)
            out.append(_standard(line, found))
    return out


def _standard(line: dict, found: dict) -> dict | None:
    code = line.get("standard", "")
    if not code:
        return None
    citation = found.get((code, line.get("standard_version")))
    return {
        "code": code,
        "title": citation.title if citation else "",
        "version": line.get("standard_version"),
        "newer_version": citation.newer_version if citation else None,
        "removed": citation.removed if citation else False,
    }


@dataclass(frozen=True)
class PresentedSection:
    code: str
    label: str  # "Section F: special educational provision"
    title: str
    legal_basis: str
    appealable: bool
    summary: str
    items: tuple[PresentedItem, ...]
    lines: tuple[str, ...]  # for sections without items (I, J)

    @property
    def empty(self) -> bool:
        return not (self.summary or self.items or self.lines)


def _rows(*pairs: tuple[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple((k, v) for k, v in pairs if v)


def attachment_ids(content: dict) -> list[int]:
    """The files section A's views refer to."""
    return sorted({i for e in content.get("A", {}).get("entries", []) for i in e.get("attachment_ids", [])})


def present(content: dict, *, attachments: dict[int, dict] | None = None) -> list[PresentedSection]:
    """Every section A to K (H1 and H2 apart) ready for a template: items with labelled rows.

    ``attachments`` maps the ids of files named in section A to their title, description and type."""
    attachments = attachments or {}
    labels = _labels(content)
    standards = _standards_for(content)

    def refs(ids: list[str]) -> str:
        return ", ".join(labels.get(i, "?") for i in ids)

    sections = []
    for section in plan_sections.written():
        code = section.code
        data = content.get(code) or {}
        items: list[PresentedItem] = []
        lines: tuple[str, ...] = ()
        if code == "A":
            for entry in data.get("entries", []):
                who = VIEW_AUTHORS.get(entry["author"], entry["author"])
                if entry.get("author_name"):
                    who = f"{who} ({entry['author_name']})"
                items.append(
                    PresentedItem(
                        "",
                        VIEW_TOPICS.get(entry["topic"], entry["topic"]),
                        _rows(
                            ("In their words" if entry.get("own_words") else "Views", entry["text"]),
                            ("Written by", who),
                        ),
                        tuple(attachments[i] for i in entry.get("attachment_ids", []) if i in attachments),
                    )
                )
            if data.get("sign_off"):
                s = data["sign_off"]
                lines = (
                    f"My views are captured: confirmed by {SIGN_OFF_BY.get(s['by'], s['by']).lower()} "
                    f"{s['name']} on {_date(s['on'])}",
                )
        elif code in ("B", "C", "D"):
            for index, need in enumerate(data.get("needs", []), start=1):
                rows = [("Need", need["description"])]
                if code == "B":
                    rows.insert(0, ("Area of need", AREAS_OF_NEED.get(need["area"], need["area"])))
                    if need.get("code"):
                        rows.insert(1, ("Type of need", f"{NEED_CODES[need['code']][0]} ({need['code']})"))
                    rows.insert(0, ("Ranking", NEED_RANKS[need["rank"]]))
                if need.get("no_provision_reason"):
                    rows.append(("Why there is no health provision", need["no_provision_reason"]))
                items.append(PresentedItem(f"{code}{index}", "", _rows(*rows)))
        elif code == "E":
            for index, outcome in enumerate(data.get("outcomes", []), start=1):
                steps = "; ".join(
                    step["text"] + (f" (by {_date(step['by'])})" if step.get("by") else "")
                    for step in outcome.get("steps", [])
                )
                items.append(
                    PresentedItem(
                        f"E{index}",
                        outcome["text"],
                        _rows(
                            ("How we will know", outcome.get("measure", "")),
                            ("By", _date(outcome.get("target_date"))),
                            ("Meets needs", refs(outcome.get("need_ids", []))),
                            ("Preparing for adulthood", PFA_AREAS.get(outcome.get("pfa_area", ""), "")),
                            ("Steps", steps),
                        ),
                    )
                )
        elif code in PROVISION_SECTIONS:
            for index, line in enumerate(data.get("provision", []), start=1):
                items.append(
                    PresentedItem(
                        f"{code}.{index}",
                        line["what"],
                        _rows(
                            ("Delivered by", line.get("delivered_by", "")),
                            ("Expertise", line.get("expertise", "")),
                            ("How often", line.get("frequency", "")),
                            ("How much", line.get("amount", "")),
                            ("For how long", line.get("duration", "")),
                            ("Group size", line.get("group_size", "")),
                            ("Where", line.get("location", "")),
                            ("Towards outcomes", refs(line.get("outcome_ids", []))),
                            ("Meets needs", refs(line.get("need_ids", []))),
                            ("Paid for by", FUNDING.get(line.get("funding", ""), "")),
                        ),
                        standard=_standard(line, standards),
                    )
                )
        elif code == "K":
            for index, item in enumerate(data.get("items", []), start=1):
                items.append(
                    PresentedItem(
                        f"K{index}",
                        item["title"],
                        _rows(("From", item.get("author", "")), ("Dated", _date(item.get("dated")))),
                    )
                )
        else:  # I and J
            lines = tuple(line for line in section_lines(content, code) if line != data.get("summary"))
        sections.append(
            PresentedSection(
                code=code,
                label=section.label,
                title=section.title,
                legal_basis=section.legal_basis,
                appealable=section.appealable,
                summary=data.get("summary", ""),
                items=tuple(items),
                lines=lines,
            )
        )
    return sections
