"""The easy-read "My plan": one page for the child, in plain words, from the plan's own content.

It takes the child's own words from section A, what they are working towards from section E, who helps
them and how often from section F, their school or college from section I, and when the plan is next
looked at. Nothing is made up: every line is the plan's, with a short heading written for a reading age of
about 8.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from . import clock
from .models import Plan, PlanVersion


@dataclass(frozen=True)
class Helper:
    what: str
    who: str
    how_often: str


@dataclass(frozen=True)
class MyPlan:
    first_name: str
    about_me: tuple[str, ...]
    goals: tuple[str, ...]
    helpers: tuple[Helper, ...]
    school: str
    review_on: date | None
    version_number: int
    issued_on: date | None

    @property
    def review_on_text(self) -> str:
        return clock.long_date(self.review_on, weekday=False) if self.review_on else ""


def _goal(text: str) -> str:
    """Outcomes are written "Will read at their reading age"; the child reads "I will read at my reading age"."""
    text = text.strip()
    if text[:5].lower() == "will ":
        goal = f"I will {text[5:]}"
        for theirs, mine in ((" they are ", " I am "), (" their ", " my "), (" them ", " me ")):
            goal = goal.replace(theirs, mine)
        return goal
    return text


def build(*, plan: Plan, version: PlanVersion) -> MyPlan:
    content = version.content or {}
    about = tuple(
        entry["text"].strip()
        for entry in content.get("A", {}).get("entries", [])
        if entry.get("own_words") and entry.get("text", "").strip()
    )
    goals = tuple(_goal(o["text"]) for o in content.get("E", {}).get("outcomes", []) if o.get("text"))
    helpers = tuple(
        Helper(
            what=line["what"],
            who=line.get("delivered_by", ""),
            how_often=" ".join(x for x in (line.get("frequency", ""), _amount(line.get("amount", ""))) if x),
        )
        for line in content.get("F", {}).get("provision", [])
    )
    section_i = content.get("I", {})
    school = section_i.get("setting_name") or section_i.get("setting_type") or ""
    if not school and plan.named_setting_id:
        school = plan.named_setting.name
    return MyPlan(
        first_name=plan.child.preferred_name or plan.child.first_name,
        about_me=about,
        goals=goals,
        helpers=helpers,
        school=school,
        review_on=plan.next_review_due_on,
        version_number=version.number,
        issued_on=version.issued_on,
    )


def _amount(amount: str) -> str:
    return f"({amount})" if amount else ""


def as_dict(my_plan: MyPlan) -> dict:
    return {
        "first_name": my_plan.first_name,
        "about_me": list(my_plan.about_me),
        "goals": list(my_plan.goals),
        "helpers": [{"what": h.what, "who": h.who, "how_often": h.how_often} for h in my_plan.helpers],
        "school": my_plan.school,
        "review_on": my_plan.review_on,
        "version_number": my_plan.version_number,
        "issued_on": my_plan.issued_on,
    }
