"""The sections of an EHC plan, as data with their legal basis (ehcp/rules/plan_sections.toml)."""

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "rules" / "plan_sections.toml"


@dataclass(frozen=True)
class Section:
    code: str
    heading: str
    title: str
    hint: str
    legal_basis: str
    appealable: bool
    required_in_draft: bool = False
    in_draft: bool = True
    part_of: str = ""
    combines: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """ "Section A: views, interests and aspirations"; "Sections H1 and H2: social care provision"."""
        if self.combines:
            return f"Sections {' and '.join(self.combines)}: {self.heading}"
        return f"Section {self.code}: {self.heading}"


@cache
def _all() -> tuple[Section, ...]:
    data = tomllib.loads(DATA.read_text(encoding="utf-8"))
    return tuple(
        Section(**{**entry, "combines": tuple(entry.get("combines", ()))}) for entry in data["section"]
    )


def stored() -> tuple[Section, ...]:
    """The sections as a plan's text keeps them: A to K, with H1 and H2 together as H."""
    return tuple(s for s in _all() if not s.part_of)


def written() -> tuple[Section, ...]:
    """The sections as they are written on a form: A to K with H1 and H2 apart."""
    return tuple(s for s in _all() if not s.combines)


def stored_codes() -> tuple[str, ...]:
    return tuple(s.code for s in stored())


def required_in_draft() -> tuple[str, ...]:
    return tuple(s.code for s in stored() if s.required_in_draft)
