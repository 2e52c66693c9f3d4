"""Quality checks on a plan's content, run on every save and shown as a checklist before issue.

The checks, their messages, their sources and the vague words are data (``rules/quality.toml``); this
module applies them to the structured content (ehcp/plan_content.py).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from . import plan_content

DATA = Path(__file__).resolve().parent / "rules" / "quality.toml"


@dataclass(frozen=True)
class Check:
    code: str
    section: str
    title: str
    message: str
    source: str


@cache
def _data() -> dict:
    return tomllib.loads(DATA.read_text(encoding="utf-8"))


@cache
def checks() -> tuple[Check, ...]:
    return tuple(Check(**entry) for entry in _data()["check"])


@cache
def _vague() -> re.Pattern:
    terms = sorted(_data()["vague_terms"], key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(t) for t in terms) + r")\b", re.IGNORECASE)


_NUMBER = re.compile(
    r"\d|\b(once|twice|daily|every|each|weekly|fortnightly|monthly|termly|hourly|one|two|three|four|five|"
    r"six|seven|eight|nine|ten|half|full[- ]time)\b",
    re.IGNORECASE,
)


def vague_terms(text: str) -> list[str]:
    """The vague words in ``text``, in the order they appear (lower case)."""
    return [m.group(1).lower() for m in _vague().finditer(text or "")]


def _quantified(value: str) -> bool:
    return bool(value.strip()) and bool(_NUMBER.search(value)) and not vague_terms(value)


def _unquantified_detail(line: dict) -> str | None:
    """Why a provision line is not quantified, or None when it is."""
    problems = []
    if not _quantified(line.get("frequency", "")):
        problems.append(
            "how often is missing"
            if not line.get("frequency", "").strip()
            else f'how often is not specific ("{line["frequency"]}")'
        )
    if not _quantified(line.get("amount", "")):
        problems.append(
            "how much is missing"
            if not line.get("amount", "").strip()
            else f'how much is not specific ("{line["amount"]}")'
        )
    words = vague_terms(line.get("what", ""))
    if words:
        problems.append("it uses vague words: " + ", ".join(f'"{w}"' for w in dict.fromkeys(words)))
    return "; ".join(problems) or None


@dataclass(frozen=True)
class Finding:
    code: str
    section: str
    item_id: str
    message: str

    def as_dict(self) -> dict:
        return {"code": self.code, "section": self.section, "item_id": self.item_id, "message": self.message}


def run(content: dict) -> list[Finding]:
    """Every finding on the plan's content, in section order; an empty list means every check passes."""
    by_code = {c.code: c for c in checks()}
    findings: list[Finding] = []

    def add(code: str, section: str, item_id: str, **values) -> None:
        findings.append(Finding(code, section, item_id, by_code[code].message.format(**values)))

    outcomes = content.get("E", {}).get("outcomes", [])
    provision_f = content.get("F", {}).get("provision", [])
    provision_g = content.get("G", {}).get("provision", [])

    entries = content.get("A", {}).get("entries", [])
    if not any(e.get("own_words") and e.get("author") in ("child", "young_person") for e in entries):
        add("views_not_own_words", "A", "")

    served_needs = {nid for line in provision_f for nid in line.get("need_ids", [])}
    served_needs |= {
        nid
        for o in outcomes
        if any(o["id"] in line.get("outcome_ids", []) for line in provision_f)
        for nid in o.get("need_ids", [])
    }
    for index, need in enumerate(content.get("B", {}).get("needs", []), start=1):
        if need["id"] not in served_needs:
            add("need_without_provision", "B", need["id"], label=f"B{index}")

    health_served = {nid for line in provision_g for nid in line.get("need_ids", [])}
    health_served |= {
        nid
        for o in outcomes
        if any(o["id"] in line.get("outcome_ids", []) for line in provision_g)
        for nid in o.get("need_ids", [])
    }
    for index, need in enumerate(content.get("C", {}).get("needs", []), start=1):
        if need["id"] not in health_served and not need.get("no_provision_reason", "").strip():
            add("health_need_without_provision", "C", need["id"], label=f"C{index}")

    for index, outcome in enumerate(outcomes, start=1):
        if not outcome.get("measure", "").strip():
            add("outcome_without_measure", "E", outcome["id"], label=f"E{index}")
        if not outcome.get("target_date"):
            add("outcome_without_date", "E", outcome["id"], label=f"E{index}")

    for index, line in enumerate(provision_f, start=1):
        detail = _unquantified_detail(line)
        if detail:
            add("provision_unquantified", "F", line["id"], label=f"F.{index}", detail=detail)
        if not line.get("outcome_ids"):
            add("provision_without_outcome", "F", line["id"], label=f"F.{index}")

    order = {code: i for i, code in enumerate(plan_content.SECTION_CODES)}
    return sorted(findings, key=lambda f: order.get(f.section, 99))


def checklist(content: dict) -> list[dict]:
    """Each check with whether it passes and its findings, for the page shown before issue."""
    findings = run(content)
    return [
        {
            "code": check.code,
            "title": check.title,
            "section": check.section,
            "source": check.source,
            "passed": not any(f.code == check.code for f in findings),
            "findings": [f.as_dict() for f in findings if f.code == check.code],
        }
        for check in checks()
    ]
