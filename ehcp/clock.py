"""The statutory clock: the time limits of the SEND system in England, read from data.

The rules live in ``ehcp/rules/england.toml`` with their legal source, in rule sets versioned by the date
they apply from (docs/adr/0008). This module loads them once and does the date arithmetic::

    >>> from datetime import date
    >>> [d.due for d in deadlines_for("request_received", date(2026, 1, 5))]
    [datetime.date(2026, 2, 16), datetime.date(2026, 4, 27), datetime.date(2026, 5, 25)]
    >>> decide = rule("decide_whether_to_assess", on=date(2026, 1, 5))
    >>> sentence(decide.title, due_date(decide, date(2026, 1, 5)), decide)
    'Decision on whether to assess due by Monday 16 February 2026 (6 weeks, regulation 5)'

A rule is identified by its event and code together: ``amended_plan_due`` follows both a review meeting
(12 weeks) and a notice of proposed amendments (8 weeks), so ``rule()`` takes ``event=`` for such a code.

Working days skip weekends and England and Wales bank holidays, from the data bundled with the pinned
``govuk-bank-holidays`` package (no network at run time). A date outside the years that data covers
raises ``DateOutOfRange`` rather than silently treating an unknown bank holiday as a working day.
"""

from __future__ import annotations

import calendar
import datetime
import functools
import tomllib
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from govuk_bank_holidays.bank_holidays import BankHolidays

RULES_FILE = Path(__file__).resolve().parent / "rules" / "england.toml"

UNITS = ("weeks", "days", "days_beginning_with", "months", "working_days", "fixed_date", "immediately")
# Units that can be counted back from the event (``before = true``): notice of a meeting, a move.
BACKWARD_UNITS = ("weeks", "days", "months")
WHO_ACTS = {
    "la": "The local authority",
    "adviser": "The person or service asked for advice",
    "family": "The parent or young person",
    "setting": "The school, college or other institution",
    "mediator": "The mediation adviser",
}
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NAMES = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


class UnknownEvent(ValueError):
    """An event code the rules do not know. The message names the valid events."""

    def __init__(self, event: str):
        self.event = event
        super().__init__(f"Unknown event {event!r}. Choose one of: {', '.join(EVENTS)}")


class BadInput(ValueError):
    """An optional date given with an event that the rules cannot use (unknown, or before the event)."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(message)


class DateOutOfRange(ValueError):
    """A date the clock cannot answer for: before any rule set applied, or in a year whose bank holidays
    the bundled data does not yet list."""


@dataclass(frozen=True)
class Rule:
    code: str
    event: str
    amount: int
    unit: str
    title: str
    legal_basis: str
    plain_basis: str
    source_url: str
    who_acts: str
    exception_grounds: tuple[str, ...]
    guidance_only: bool
    # Counted back from the event (the day of a meeting or a move) rather than forward from it.
    before: bool = False
    # ``fixed_date``: a day of the calendar year of the event (``year_offset`` -1: the year before).
    month: int | None = None
    day: int | None = None
    year_offset: int = 0
    # Counted from the due date of another rule of the same event rather than from the event itself.
    from_code: str = ""
    # Where guidance gives a range (every 3 to 6 months), ``amount`` is the partnership's choice in it.
    min_amount: int | None = None
    max_amount: int | None = None
    # "The later of" two starts: the same event's date plus ``amount``, or an optional date given with the
    # event (``later_of_input``, for example a mediation certificate) plus ``later_of_amount`` units.
    later_of_input: str = ""
    later_of_amount: int = 0
    later_of_unit: str = ""
    # A named date adjustment from the data (``[[adjustment]]``), applied to the due date last.
    adjustment: str = ""
    # Why the rule's number or basis is not yet confirmed against the primary text (shown, never hidden).
    unverified: str = ""

    @property
    def duration(self) -> str:
        """The time limit in words: "6 weeks", "15 days", "12 months", "2 weeks before", "15 February"."""
        if self.unit == "immediately":
            return "immediately"
        if self.later_of_input:
            later = duration_text(self.later_of_amount, self.later_of_unit)
            return f"{duration_text(self.amount, self.unit)}, or {later} from the {_words(self.later_of_input)} if later"
        if self.unit == "fixed_date":
            text = f"{self.day} {_MONTH_NAMES[self.month]}"
            return f"{text} of the year before" if self.year_offset == -1 else text
        text = duration_text(self.amount, self.unit)
        return f"{text} before" if self.before else text


def _words(code: str) -> str:
    return code.replace("_", " ")


@dataclass(frozen=True)
class Window:
    """A stretch of the calendar year (it may run over the new year): 25 December to 1 January."""

    from_month: int
    from_day: int
    to_month: int
    to_day: int

    def holds(self, d: date) -> bool:
        key, start, end = (d.month, d.day), (self.from_month, self.from_day), (self.to_month, self.to_day)
        if start <= end:
            return start <= key <= end
        return key >= start or key <= end  # runs over the new year

    def end_after(self, d: date) -> date:
        """The last day of this window holding ``d``."""
        year = (
            d.year + 1
            if (self.from_month, self.from_day) > (self.to_month, self.to_day)
            and ((d.month, d.day) >= (self.from_month, self.from_day))
            else d.year
        )
        return date(year, self.to_month, self.to_day)


@dataclass(frozen=True)
class Adjustment:
    """A rule for moving a due date that falls in a window to the first working day after the window."""

    code: str
    description: str
    legal_basis: str
    source_url: str
    windows: tuple[Window, ...]
    unverified: str = ""

    def apply(self, due: date) -> date:
        for window in self.windows:
            if window.holds(due):
                return add_working_days(window.end_after(due), 1)
        return due


@dataclass(frozen=True)
class EventInput:
    """An optional date given with an event (a mediation certificate's date with an appealable decision)."""

    code: str
    label: str
    hint: str
    not_before_event: bool = True


@dataclass(frozen=True)
class RuleSet:
    version: str
    applies_from: date
    applies_to: date | None
    rules: tuple[Rule, ...]
    grounds: dict[str, str]
    title: str = ""
    source: str = ""
    source_url: str = ""

    def applies_on(self, on: date) -> bool:
        return self.applies_from <= on and (self.applies_to is None or on <= self.applies_to)


@dataclass(frozen=True)
class ComputedDeadline:
    code: str
    due: date
    description: str
    legal_basis: str
    rule: Rule
    rules_version: str
    start: date
    # The date before a named adjustment moved it (a Tribunal deadline out of August), else None.
    moved_from: date | None = None


# --- Loading the data ------------------------------------------------------------------------------------


@functools.cache
def _data() -> tuple[dict[str, str], dict[str, str], tuple[RuleSet, ...]]:
    """(events, event hints, rule sets), read from the TOML file once and checked for consistency."""
    raw = _raw()
    events = {item["code"]: item["description"] for item in raw.get("event", [])}
    hints = {item["code"]: item.get("hint", "") for item in raw.get("event", [])}
    rulesets: dict[str, RuleSet] = {}
    for entry in raw.get("ruleset", []):
        ruleset = _ruleset(entry, rulesets, events, raw)
        if ruleset.version in rulesets:
            raise ValueError(f"{RULES_FILE.name}: rule set {ruleset.version} is defined twice")
        rulesets[ruleset.version] = ruleset
    if not rulesets:
        raise ValueError(f"{RULES_FILE.name} defines no rule sets")
    ordered = tuple(sorted(rulesets.values(), key=lambda r: r.applies_from))
    return events, hints, ordered


def _raw() -> dict[str, Any]:
    with RULES_FILE.open("rb") as handle:
        return tomllib.load(handle)


def adjustments() -> dict[str, Adjustment]:
    """The named date adjustments (``[[adjustment]]``), by code."""
    return _extras()[0]


def event_inputs(event: str) -> tuple[EventInput, ...]:
    """The optional dates an event takes (``[[event.input]]``)."""
    return _extras()[1].get(event, ())


@functools.cache
def _extras() -> tuple[dict[str, Adjustment], dict[str, tuple[EventInput, ...]]]:
    raw = _raw()
    found = {}
    for item in raw.get("adjustment", []):
        windows = []
        for w in item.get("window", []):
            try:
                date(2024, w["from_month"], w["from_day"])
                date(2024, w["to_month"], w["to_day"])
            except (KeyError, TypeError, ValueError):
                raise ValueError(
                    f"{RULES_FILE.name}: adjustment {item['code']}: a window needs real days"
                ) from None
            windows.append(Window(w["from_month"], w["from_day"], w["to_month"], w["to_day"]))
        found[item["code"]] = Adjustment(
            code=item["code"],
            description=item["description"],
            legal_basis=item["legal_basis"],
            source_url=item.get("source_url", ""),
            windows=tuple(windows),
            unverified=item.get("unverified", ""),
        )
    inputs = {
        item["code"]: tuple(
            EventInput(
                code=i["code"],
                label=i["label"],
                hint=i.get("hint", ""),
                not_before_event=bool(i.get("not_before_event", True)),
            )
            for i in item.get("input", [])
        )
        for item in raw.get("event", [])
        if item.get("input")
    }
    return found, inputs


def _ruleset(
    entry: dict[str, Any], known: dict[str, RuleSet], events: dict[str, str], raw: dict[str, Any]
) -> RuleSet:
    version = entry["version"]
    where = f"{RULES_FILE.name}, rule set {version}"
    base = None
    if "based_on" in entry:
        base = known.get(entry["based_on"])
        if base is None:
            raise ValueError(f"{where}: based on {entry['based_on']!r}, which is not defined before it")
    grounds = dict(base.grounds) if base else {}
    grounds.update({g["code"]: g["description"] for g in entry.get("ground", [])})
    rules: dict[tuple[str, str], Rule] = {(r.event, r.code): r for r in base.rules} if base else {}
    for item in entry.get("rule", []):
        new = Rule(
            code=item["code"],
            event=item["event"],
            amount=int(item.get("amount", 0)),
            unit=item["unit"],
            title=item["title"],
            legal_basis=item["legal_basis"],
            plain_basis=item["plain_basis"],
            source_url=item["source_url"],
            who_acts=item["who_acts"],
            exception_grounds=tuple(item.get("exception_grounds", ())),
            guidance_only=bool(item.get("guidance_only", False)),
            before=bool(item.get("before", False)),
            month=item.get("month"),
            day=item.get("day"),
            year_offset=int(item.get("year_offset", 0)),
            from_code=item.get("from_code", ""),
            min_amount=item.get("min_amount"),
            max_amount=item.get("max_amount"),
            later_of_input=item.get("later_of_input", ""),
            later_of_amount=int(item.get("later_of_amount", 0)),
            later_of_unit=item.get("later_of_unit", ""),
            adjustment=item.get("adjustment", ""),
            unverified=item.get("unverified", ""),
        )
        if (new.event, new.code) in rules and not base:
            raise ValueError(f"{where}: rule {new.event}/{new.code} is defined twice")
        rules[(new.event, new.code)] = new
    for change in entry.get("amend", []):
        key = (change["event"], change["code"])
        if key not in rules:
            raise ValueError(f"{where}: amends {key[0]}/{key[1]}, which it does not have")
        old = rules[key]
        added = tuple(g for g in change.get("add_exception_grounds", ()) if g not in old.exception_grounds)
        rules[key] = replace(old, exception_grounds=old.exception_grounds + added)
    for rule_ in rules.values():
        label = f"{where}: rule {rule_.event}/{rule_.code}"
        if rule_.event not in events:
            raise ValueError(f"{label}: unknown event {rule_.event!r}")
        if rule_.unit not in UNITS:
            raise ValueError(f"{label}: unit {rule_.unit!r} is not one of {', '.join(UNITS)}")
        if rule_.who_acts not in WHO_ACTS:
            raise ValueError(f"{label}: who_acts {rule_.who_acts!r} is not one of {', '.join(WHO_ACTS)}")
        _check_shape(rule_, label, rules)
        _check_extras(rule_, label, raw)
        missing = [g for g in rule_.exception_grounds if g not in grounds]
        if missing:
            raise ValueError(f"{label}: unknown exception grounds {missing}")
    applies_to = entry.get("applies_to")
    if applies_to is not None and applies_to < entry["applies_from"]:
        raise ValueError(f"{where}: applies_to is before applies_from")
    return RuleSet(
        version=version,
        applies_from=entry["applies_from"],
        applies_to=applies_to,
        rules=tuple(rules.values()),
        grounds=grounds,  # shared by every caller: read it, never change it (exception_grounds() copies)
        title=entry.get("title", ""),
        source=entry.get("source", ""),
        source_url=entry.get("source_url", ""),
    )


def _check_extras(rule_: Rule, label: str, raw: dict[str, Any]) -> None:
    """A named adjustment exists; a "later of" rule names an input its event takes, in a forward unit."""
    if rule_.adjustment and rule_.adjustment not in {a["code"] for a in raw.get("adjustment", [])}:
        raise ValueError(f"{label}: unknown adjustment {rule_.adjustment!r}")
    if rule_.later_of_input:
        inputs = {
            i["code"] for e in raw.get("event", []) if e["code"] == rule_.event for i in e.get("input", [])
        }
        if rule_.later_of_input not in inputs:
            raise ValueError(f"{label}: the event does not take the input {rule_.later_of_input!r}")
        if (
            rule_.later_of_unit not in ("weeks", "days", "months", "working_days")
            or rule_.later_of_amount < 1
        ):
            raise ValueError(f"{label}: the later start needs a positive amount and a forward unit")


def _check_shape(rule_: Rule, label: str, rules: dict[tuple[str, str], Rule]) -> None:
    """The counting fields fit together: a fixed date names a real day, a rule counted back uses a unit
    that can be, a rule counted from another names one of the same event, a chosen amount is in range."""
    if rule_.unit == "fixed_date":
        try:
            date(2024, rule_.month or 0, rule_.day or 0)  # a leap year: 29 February is a real day
        except (TypeError, ValueError):
            raise ValueError(f"{label}: a fixed date needs a real month and day") from None
        if rule_.year_offset not in (0, -1):
            raise ValueError(f"{label}: year_offset must be 0 or -1")
        return
    if rule_.unit == "immediately":
        return
    if rule_.amount < 1:
        raise ValueError(f"{label}: amount must be at least 1")
    if rule_.before and rule_.unit not in BACKWARD_UNITS:
        raise ValueError(f"{label}: only {', '.join(BACKWARD_UNITS)} can be counted back")
    if rule_.from_code and (rule_.event, rule_.from_code) not in rules:
        raise ValueError(f"{label}: counted from {rule_.from_code!r}, which the event {rule_.event} lacks")
    low, high = rule_.min_amount, rule_.max_amount
    if (low is not None and rule_.amount < low) or (high is not None and rule_.amount > high):
        raise ValueError(f"{label}: amount {rule_.amount} is outside the range {low} to {high}")


EVENTS: dict[str, str] = dict(_data()[0])
EVENT_HINTS: dict[str, str] = dict(_data()[1])


@dataclass(frozen=True)
class PhaseTransfer:
    code: str
    label: str
    event: str


@functools.cache
def phase_transfers() -> dict[str, PhaseTransfer]:
    """The transfers between phases of education (reg 2(1)), each with the event whose rules date it."""
    with RULES_FILE.open("rb") as handle:
        raw = tomllib.load(handle)
    kinds = {}
    for item in raw.get("phase_transfer", []):
        if item["event"] not in EVENTS:
            raise ValueError(
                f"{RULES_FILE.name}: phase transfer {item['code']}: unknown event {item['event']!r}"
            )
        kinds[item["code"]] = PhaseTransfer(code=item["code"], label=item["label"], event=item["event"])
    return kinds


def rulesets() -> tuple[RuleSet, ...]:
    """Every rule set, oldest first."""
    return _data()[2]


# --- Choosing rules ----------------------------------------------------------------------------------------


def ruleset_for(on: date) -> RuleSet:
    """The rule set in force on that date: of those whose range holds it, the one that began latest
    (so a temporary amendment wins over the rule set it amends, for as long as it lasts)."""
    in_force = [r for r in rulesets() if r.applies_on(on)]
    if not in_force:
        first = rulesets()[0].applies_from
        raise DateOutOfRange(f"No statutory rules are recorded before {long_date(first, weekday=False)}")
    return max(in_force, key=lambda r: r.applies_from)


def rule(code: str, *, on: date, event: str | None = None) -> Rule:
    """The rule with this code in force on that date. KeyError if there is none.

    A code that follows more than one event (``amended_plan_due``) needs ``event=``; without it that is a
    KeyError naming the events, rather than a guess at which time limit was meant.
    """
    matches = [r for r in ruleset_for(on).rules if r.code == code and (event is None or r.event == event)]
    if not matches:
        raise KeyError(code if event is None else f"{code} (after {event})")
    if len(matches) > 1:
        events = ", ".join(r.event for r in matches)
        raise KeyError(f"{code} follows more than one event ({events}): pass event=")
    return matches[0]


def exception_grounds(*, on: date) -> dict[str, str]:
    """Exception grounds (code: description) in force on that date."""
    return dict(ruleset_for(on).grounds)


def deadlines_for(
    event: str, on: date, inputs: dict[str, date | None] | None = None
) -> list[ComputedDeadline]:
    """The deadlines that an event on that date starts, under the rule set in force on that date.

    ``inputs`` holds the optional dates the event takes (``event_inputs``), such as a mediation
    certificate's date; a rule "the later of" uses it when given. ``BadInput`` if one is before the event.
    """
    if event not in EVENTS:
        raise UnknownEvent(event)
    inputs = {k: v for k, v in (inputs or {}).items() if v is not None}
    known = {i.code: i for i in event_inputs(event)}
    for code, value in inputs.items():
        if code not in known:
            raise BadInput(code, f"The event {event} does not take a {_words(code)}")
        if known[code].not_before_event and value < on:
            raise BadInput(code, f"The {known[code].label.lower()} cannot be before the date of the event")
    ruleset = ruleset_for(on)
    deadlines = []
    of_event = {r.code: r for r in ruleset.rules if r.event == event}
    for rule_ in ruleset.rules:
        if rule_.event != event:
            continue
        start = due_date(of_event[rule_.from_code], on) if rule_.from_code else on
        unmoved = due_date(rule_, start, inputs, adjust=False)
        due = due_date(rule_, start, inputs)
        description = sentence(rule_.title, due, rule_)
        if due != unmoved:
            description += f": moved from {long_date(unmoved)}. {adjustments()[rule_.adjustment].description}"
        deadlines.append(
            ComputedDeadline(
                code=rule_.code,
                due=due,
                description=description,
                legal_basis=rule_.legal_basis,
                rule=rule_,
                rules_version=ruleset.version,
                start=on,
                moved_from=unmoved if due != unmoved else None,
            )
        )
    return deadlines


# --- Date arithmetic ---------------------------------------------------------------------------------------


def due_date(rule: Rule, start: date, inputs: dict[str, date] | None = None, *, adjust: bool = True) -> date:
    """The last day allowed by the rule, counted from ``start`` (back from it for a rule ``before``),
    or from the later start it names in ``inputs``, then moved by its named adjustment."""
    due = _counted(rule.amount, rule.unit, start, before=rule.before, rule=rule)
    later_start = (inputs or {}).get(rule.later_of_input) if rule.later_of_input else None
    if later_start is not None:
        due = max(due, _counted(rule.later_of_amount, rule.later_of_unit, later_start))
    if rule.adjustment and adjust:
        due = adjustments()[rule.adjustment].apply(due)
    return due


def _counted(amount: int, unit: str, start: date, *, before: bool = False, rule: Rule | None = None) -> date:
    if unit == "immediately":
        return start
    if unit == "fixed_date":
        return date(start.year + rule.year_offset, rule.month, rule.day)
    if before:
        if unit == "weeks":
            return start - datetime.timedelta(weeks=amount)
        if unit == "days":
            return start - datetime.timedelta(days=amount)
        return add_months(start, -amount)
    if unit == "weeks":
        return start + datetime.timedelta(weeks=amount)
    if unit == "days":
        return start + datetime.timedelta(days=amount)
    if unit == "days_beginning_with":
        return start + datetime.timedelta(days=amount - 1)
    if unit == "months":
        return add_months(start, amount)
    if unit == "working_days":
        return add_working_days(start, amount)
    raise ValueError(f"Unknown unit {unit!r}")


def add_months(start: date, months: int) -> date:
    """Calendar months later; a day the month lacks becomes its last day (31 January + 1 = 28/29 February)."""
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


@functools.cache
def _bank_holidays() -> tuple[frozenset[date], int, int]:
    """England and Wales bank holidays from the package's bundled data, and the first and last years it
    covers. ``use_cached_holidays=True`` never touches the network."""
    holidays = BankHolidays(use_cached_holidays=True).get_holidays(division=BankHolidays.ENGLAND_AND_WALES)
    dates = frozenset(h["date"] for h in holidays)
    return dates, min(dates).year, max(dates).year


def bank_holiday_years() -> tuple[int, int]:
    """The first and last years whose England and Wales bank holidays the bundled data lists."""
    _, first, last = _bank_holidays()
    return first, last


def is_bank_holiday(d: date) -> bool:
    dates, first, last = _bank_holidays()
    if not first <= d.year <= last:
        raise DateOutOfRange(
            f"Bank holidays are known only for {first} to {last}, so working days cannot be counted in {d.year}"
        )
    return d in dates


def is_working_day(d: date) -> bool:
    """Monday to Friday and not an England and Wales bank holiday."""
    return d.weekday() < 5 and not is_bank_holiday(d)


def add_working_days(start: date, n: int) -> date:
    """The nth working day after ``start`` (``start`` itself never counts; 0 gives ``start``)."""
    if n < 0:
        raise ValueError("n must not be negative")
    day = start
    counted = 0
    while counted < n:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def school_year(date_of_birth: date, on: date) -> int:
    """The English national curriculum year of a child on a day: 0 is Reception, 9 is Year 9, -1 the year
    before Reception. Children start Reception in the September after they turn 4, so the year is the
    child's age on the 31 August that began the school year, less 4."""
    starts = on.year if on.month >= 9 else on.year - 1
    age = starts - date_of_birth.year - ((date_of_birth.month, date_of_birth.day) > (8, 31))
    return age - 4


def age_on(date_of_birth: date, on: date) -> int:
    return on.year - date_of_birth.year - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))


# --- Words -------------------------------------------------------------------------------------------------


def duration_text(amount: int, unit: str) -> str:
    """ "6 weeks", "1 week", "15 days", "12 months", "15 working days"."""
    nouns = {
        "weeks": ("week", "weeks"),
        "days": ("day", "days"),
        "days_beginning_with": ("day", "days"),
        "months": ("month", "months"),
        "working_days": ("working day", "working days"),
        "fixed_date": ("day", "days"),
    }
    singular, plural = nouns[unit]
    return f"{amount} {singular if amount == 1 else plural}"


def long_date(d: date, *, weekday: bool = True) -> str:
    """GOV.UK style: "Monday 16 February 2026" (or "16 February 2026"), whatever the server's locale."""
    text = f"{d.day} {_MONTH_NAMES[d.month]} {d.year}"
    return f"{_DAY_NAMES[d.weekday()]} {text}" if weekday else text


def sentence(title: str, due: date, rule: Rule) -> str:
    """ "Decision on whether to assess due by Monday 16 February 2026 (6 weeks, regulation 5)"."""
    if rule.unit == "immediately":
        return f"{title} due {rule.duration}, on {long_date(due)} ({rule.plain_basis})"
    return f"{title} due by {long_date(due)} ({rule.duration}, {rule.plain_basis})"
