"""Reads of the national SEND standards catalogue: the current version, versions, what changed between
two versions, and what a citation (a standard's code, with the version cited) says now."""

from collections import OrderedDict
from dataclasses import dataclass, field

from django.utils import timezone

from .models import Standard, StandardsVersion
from .services_standards import STANDARD_FIELDS


def current_version(on=None) -> StandardsVersion | None:
    """The published version in effect on a day (today by default): the highest-numbered published version
    whose effective date has come; before any has, the first published one."""
    on = on or timezone.localdate()
    published = StandardsVersion.objects.filter(status=StandardsVersion.Status.PUBLISHED)
    return (
        published.filter(effective_from__lte=on).order_by("-number").first()
        or published.order_by("number").first()
    )


def published_versions():
    return StandardsVersion.objects.filter(status=StandardsVersion.Status.PUBLISHED).order_by("-number")


def all_versions():
    return StandardsVersion.objects.order_by("-number")


def draft_version() -> StandardsVersion | None:
    return StandardsVersion.objects.filter(status=StandardsVersion.Status.DRAFT).first()


def standards_of(version: StandardsVersion) -> list[Standard]:
    return list(version.standards.order_by("position", "code"))


@dataclass
class TierGroup:
    tier: str
    label: str
    standards: list[Standard] = field(default_factory=list)


@dataclass
class AreaGroup:
    area: str
    label: str
    tiers: list[TierGroup] = field(default_factory=list)


def grouped(standards: list[Standard]) -> list[AreaGroup]:
    """Standards grouped by area of need, then tier, in the catalogue's order of areas and tiers."""
    areas: list[AreaGroup] = []
    for area, area_label in Standard.AreaOfNeed.choices:
        tiers = []
        for tier, tier_label in Standard.Tier.choices:
            found = [s for s in standards if s.area_of_need == area and s.tier == tier]
            if found:
                tiers.append(TierGroup(tier=tier, label=tier_label, standards=found))
        if tiers:
            areas.append(AreaGroup(area=area, label=area_label, tiers=tiers))
    return areas


@dataclass
class Change:
    code: str
    kind: str  # added, removed, changed
    before: Standard | None
    after: Standard | None
    fields: list[str] = field(default_factory=list)  # labels of the fields that changed


def changed_fields(before: Standard, after: Standard) -> list[str]:
    return [
        str(Standard._meta.get_field(name).verbose_name).capitalize()
        for name in STANDARD_FIELDS
        if getattr(before, name) != getattr(after, name)
    ]


def changes_between(older: StandardsVersion | None, newer: StandardsVersion) -> list[Change]:
    """Standards added, removed and changed from ``older`` to ``newer`` (two queries)."""
    before = {s.code: s for s in (older.standards.all() if older else [])}
    after = {s.code: s for s in newer.standards.all()}
    found = []
    for code, standard in sorted(after.items(), key=lambda item: (item[1].position, item[0])):
        if code not in before:
            found.append(Change(code=code, kind="added", before=None, after=standard))
        else:
            fields = changed_fields(before[code], standard)
            if fields:
                found.append(
                    Change(code=code, kind="changed", before=before[code], after=standard, fields=fields)
                )
    for code, standard in sorted(before.items(), key=lambda item: (item[1].position, item[0])):
        if code not in after:
            found.append(Change(code=code, kind="removed", before=standard, after=None))
    return found


@dataclass(frozen=True)
class Citation:
    """What a cited standard says, and whether a newer published version changed it."""

    code: str
    cited_version: int | None
    title: str
    known: bool
    newer_version: int | None  # the current version's number when it changed the standard since
    removed: bool = False


def citations(cited: list[tuple[str, int | None]]) -> dict[tuple[str, int | None], Citation]:
    """Every (code, version cited) pair resolved in ONE query, whatever the number of citations.

    A citation without a version is read against the current version."""
    cited = [(code, number) for code, number in cited if code]
    current = current_version()
    if not cited or current is None:
        return {}
    codes = {code for code, _ in cited}
    numbers = {number for _, number in cited if number} | {current.number}
    rows = (
        Standard.objects.filter(
            code__in=codes,
            version__number__in=numbers,
            version__status=StandardsVersion.Status.PUBLISHED,
        )
        .select_related("version")
        .order_by()
    )
    by_key = {(s.code, s.version.number): s for s in rows}
    found = OrderedDict()
    for code, number in cited:
        now = by_key.get((code, current.number))
        then = by_key.get((code, number or current.number))
        newer = None
        removed = False
        if number and number < current.number and then is not None:
            if now is None:
                removed = True
                newer = current.number
            elif changed_fields(then, now):
                newer = current.number
        shown = then or now
        found[(code, number)] = Citation(
            code=code,
            cited_version=number,
            title=shown.title if shown else "",
            known=shown is not None,
            newer_version=newer,
            removed=removed,
        )
    return found


def published_codes(codes) -> dict[str, tuple[int, set[int]]]:
    """For each code in a published version: (the version to cite by default, every published version
    holding it). The default is the current version when it holds the code, else the latest that does.
    One query (and one for the current version)."""
    current = current_version()
    found: dict[str, set[int]] = {}
    for code, number in Standard.objects.filter(
        code__in=list(codes), version__status=StandardsVersion.Status.PUBLISHED
    ).values_list("code", "version__number"):
        found.setdefault(code, set()).add(number)
    return {
        code: (current.number if current and current.number in numbers else max(numbers), numbers)
        for code, numbers in found.items()
    }
