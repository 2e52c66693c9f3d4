"""The tailored list and naming rules (placements/rules/naming.toml), read once: distance limit, phases by
age, the legal grounds for not naming an institution and the types a family may ask for."""

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

RULES_PATH = Path(__file__).parent / "rules" / "naming.toml"


@dataclass(frozen=True)
class Ground:
    code: str
    title: str
    legal_source: str
    source_url: str
    mainstream: bool
    requests_only: bool

    @property
    def label(self) -> str:
        return f"{self.title} ({self.legal_source})"


@dataclass(frozen=True)
class Phase:
    code: str
    label: str
    from_age: int
    to_age: int


@cache
def _raw() -> dict:
    with RULES_PATH.open("rb") as handle:
        return tomllib.load(handle)


def max_distance_m(partnership_slug: str = "") -> int:
    raw = _raw()
    km = (
        raw.get("partnership", {})
        .get(partnership_slug, {})
        .get("max_distance_km", raw["list"]["max_distance_km"])
    )
    return int(km * 1000)


def max_preferences() -> int:
    return int(_raw()["list"]["max_preferences"])


def plan_gated_categories() -> tuple[str, ...]:
    return tuple(_raw()["list"]["plan_gated_categories"])


def school_year_starts() -> tuple[int, int]:
    month, day = _raw()["list"]["school_year_starts"].split("-")
    return int(month), int(day)


def phases() -> tuple[Phase, ...]:
    return tuple(Phase(**item) for item in _raw()["phase"])


def phase_for_age(age: int | None) -> Phase | None:
    if age is None:
        return None
    return next((p for p in phases() if p.from_age <= age <= p.to_age), None)


def grounds() -> dict[str, Ground]:
    return {
        item["code"]: Ground(
            code=item["code"],
            title=item["title"],
            legal_source=item["legal_source"],
            source_url=item.get("source_url", ""),
            mainstream=bool(item.get("mainstream", False)),
            requests_only=bool(item.get("requests_only", False)),
        )
        for item in _raw()["ground"]
    }


def decline_grounds() -> dict[str, Ground]:
    """The grounds a setting or the LA gives for not naming a preference (s.39(4))."""
    return {code: g for code, g in grounds().items() if not g.requests_only}


def request_grounds() -> dict[str, Ground]:
    """The grounds for refusing a request outside the list: s.39(4), or not a type the family can ask for."""
    return grounds()


def grounds_for_category(category: str) -> dict[str, Ground]:
    """For a mainstream place (s.33) only incompatibility with the efficient education of others counts."""
    found = decline_grounds()
    if category == "mainstream":
        return {code: g for code, g in found.items() if g.mainstream}
    return found


def requestable_setting_types() -> tuple[str, ...]:
    return tuple(_raw()["requestable"]["setting_types"])


def requestable_described() -> str:
    return _raw()["requestable"]["types_described"]


def requestable_source() -> str:
    return _raw()["requestable"]["legal_source"]
