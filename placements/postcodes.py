"""Loading postcode locations from an ONS Postcode Directory (ONSPD) CSV extract (``import_postcodes``).

Only three columns are read: ``pcds`` (the postcode, with its space), ``oseast1m`` and ``osnrth1m``
(British National Grid easting and northing in metres). Rows with a problem are reported row by row, as
the GIAS import does; the others are loaded in batches, so a whole national file fits in little memory.
A file without the three columns loads nothing.
"""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from partnerships.validators import POSTCODE, normalise_postcode

from .gias import MAX_EASTING, MAX_NORTHING
from .models import PostcodeLocation

COLUMNS = ("pcds", "oseast1m", "osnrth1m")
BATCH = 5000


@dataclass
class Report:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[tuple[int, str, str]] = field(default_factory=list)  # row, postcode, message


def _cell(line: list[str], positions: dict[str, int], name: str) -> str:
    index = positions[name]
    return line[index].strip() if index < len(line) else ""


def _coordinate(text: str, maximum: int) -> int | None:
    text = (text or "").strip()
    if not (text.isascii() and text.isdecimal()):
        return None
    number = int(text)
    return number if 0 < number <= maximum else None


def _flush(batch: dict[str, tuple[int, int]], report: Report) -> None:
    if not batch:
        return
    existing = {loc.postcode: loc for loc in PostcodeLocation.objects.filter(postcode__in=list(batch))}
    to_create, to_update = [], []
    for postcode, (easting, northing) in batch.items():
        found = existing.get(postcode)
        if found is None:
            to_create.append(
                PostcodeLocation(
                    postcode=postcode,
                    easting=easting,
                    northing=northing,
                    source=PostcodeLocation.Source.ONSPD,
                )
            )
        elif (found.easting, found.northing, found.source) != (
            easting,
            northing,
            PostcodeLocation.Source.ONSPD,
        ):
            found.easting, found.northing, found.source = easting, northing, PostcodeLocation.Source.ONSPD
            to_update.append(found)
        else:
            report.unchanged += 1
    PostcodeLocation.objects.bulk_create(to_create)
    PostcodeLocation.objects.bulk_update(to_update, ["easting", "northing", "source"])
    report.created += len(to_create)
    report.updated += len(to_update)
    batch.clear()


def import_locations(stream) -> Report:
    """Load an ONSPD extract from a binary stream. Raises ValidationError when the columns are missing."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace", newline="")
    reader = csv.reader(text)
    header = next(reader, None)
    if header is None:
        raise ValidationError({"file": ["The file is empty"]})
    positions = {name.strip().lower(): index for index, name in enumerate(header)}
    missing = [name for name in COLUMNS if name not in positions]
    if missing:
        raise ValidationError({"file": [f"The file has no {', '.join(missing)} column"]})
    report = Report()
    batch: dict[str, tuple[int, int]] = {}
    with transaction.atomic():
        for number, line in enumerate(reader, start=2):
            report.rows += 1

            raw = _cell(line, positions, "pcds")
            postcode = normalise_postcode(raw)
            if not POSTCODE.match(postcode):
                report.problems.append((number, raw, f"“{raw}” is not a postcode"))
                continue
            easting = _coordinate(_cell(line, positions, "oseast1m"), MAX_EASTING)
            northing = _coordinate(_cell(line, positions, "osnrth1m"), MAX_NORTHING)
            if easting is None or northing is None:
                report.problems.append((number, postcode, "No grid reference (easting and northing) for it"))
                continue
            batch[postcode] = (easting, northing)
            if len(batch) >= BATCH:
                _flush(batch, report)
        _flush(batch, report)
    return report
