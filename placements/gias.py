"""Reading a Get Information About Schools (GIAS) extract: the file, its columns and its rows.

This module only reads and checks. It never touches the database: ``services.settings_import`` looks up
local authorities and existing settings, and writes. Two kinds of problem come out of here:

- ``FatalFileError``: the file as a whole cannot be used (not a CSV, cannot be decoded, empty, too many
  rows, required columns missing). Nothing loads.
- row problems: one row cannot be used (``ParsedRow.problems``). The row is skipped and reported; the
  other rows still load.

Columns are accepted with GIAS's own headers (``URN``, ``TypeOfEstablishment (name)``, ``LA (code)`` …)
or the cleaned snake_case names in statutory-rules.md §5.4 (``urn``, ``type_of_establishment_name``,
``la_code`` …). The vocabularies for type of establishment, phase and status are data, below.
"""

import csv
import io
import re
from dataclasses import dataclass, field

from partnerships.models import Setting

MAX_ROWS = 5000  # one LA's extract is well under 1,000 rows; the national file (about 50,000) is refused
MAX_BYTES = 10 * 1024 * 1024
MAX_AGE = 25

# Our field → the headers that may carry it (GIAS's own, then the cleaned name from §5.4).
COLUMNS: dict[str, tuple[str, ...]] = {
    "urn": ("URN", "urn"),
    "name": ("EstablishmentName", "establishment_name"),
    "establishment_type": ("TypeOfEstablishment (name)", "type_of_establishment_name"),
    "phase": ("PhaseOfEducation (name)", "phase_of_education_name"),
    "la_code": ("LA (code)", "la_code"),
    "la_name": ("LA (name)", "la_name"),
    "statutory_low_age": ("StatutoryLowAge", "statutory_low_age"),
    "statutory_high_age": ("StatutoryHighAge", "statutory_high_age"),
    "capacity": ("SchoolCapacity", "school_capacity"),
    "resourced_provision_capacity": ("ResourcedProvisionCapacity", "resourced_provision_capacity"),
    "sen_unit_capacity": ("SenUnitCapacity", "sen_unit_capacity"),
    "status": ("EstablishmentStatus (name)", "establishment_status_name"),
    "postcode": ("Postcode", "postcode"),
    "ukprn": ("UKPRN", "ukprn"),
    # Optional: where the establishment is (British National Grid) and who is on roll.
    "easting": ("Easting", "easting"),
    "northing": ("Northing", "northing"),
    "pupils_on_roll": ("NumberOfPupils", "number_of_pupils"),
    "resourced_provision_on_roll": ("ResourcedProvisionOnRoll", "resourced_provision_on_roll"),
    "sen_unit_on_roll": ("SENUnitOnRoll", "sen_unit_on_roll", "SenUnitOnRoll"),
}
# Optional columns written only when the file has them (a file without them leaves the register's values).
OPTIONAL_WHEN_PRESENT = (
    "easting",
    "northing",
    "pupils_on_roll",
    "resourced_provision_on_roll",
    "sen_unit_on_roll",
)
# British National Grid limits, in metres.
MAX_EASTING = 700000
MAX_NORTHING = 1300000
REQUIRED = (
    "urn",
    "name",
    "establishment_type",
    "phase",
    "la_code",
    "statutory_low_age",
    "statutory_high_age",
)
# What a person calls each field in the report when the file has no column for it.
LABELS = {
    "urn": "URN",
    "name": "Establishment name",
    "establishment_type": "Type of establishment",
    "phase": "Phase of education",
    "la_code": "LA code",
    "la_name": "LA name",
    "statutory_low_age": "Statutory low age",
    "statutory_high_age": "Statutory high age",
    "capacity": "School capacity",
    "resourced_provision_capacity": "Resourced provision capacity",
    "sen_unit_capacity": "SEN unit capacity",
    "status": "Establishment status",
    "postcode": "Postcode",
    "ukprn": "UKPRN",
    "easting": "Easting",
    "northing": "Northing",
    "pupils_on_roll": "Number of pupils",
    "resourced_provision_on_roll": "Resourced provision on roll",
    "sen_unit_on_roll": "SEN unit on roll",
}

T = Setting.Type
# GIAS "Type of establishment" values (statutory-rules.md §5.4) → the register's setting type. Anything
# else (overseas, Welsh, secure units, higher education, online providers …) is not held on the register.
ESTABLISHMENT_TYPES: dict[str, str] = {
    "community school": T.MAINSTREAM,
    "foundation school": T.MAINSTREAM,
    "voluntary aided school": T.MAINSTREAM,
    "voluntary controlled school": T.MAINSTREAM,
    "academy converter": T.MAINSTREAM,
    "academy sponsor led": T.MAINSTREAM,
    "free schools": T.MAINSTREAM,
    "studio schools": T.MAINSTREAM,
    "university technical college": T.MAINSTREAM,
    "city technology college": T.MAINSTREAM,
    "community special school": T.SPECIAL,
    "foundation special school": T.SPECIAL,
    "academy special converter": T.SPECIAL,
    "academy special sponsor led": T.SPECIAL,
    "free schools special": T.SPECIAL,
    "non-maintained special school": T.SPECIAL,
    "academy alternative provision converter": T.ALTERNATIVE_PROVISION,
    "academy alternative provision sponsor led": T.ALTERNATIVE_PROVISION,
    "academy ap converter": T.ALTERNATIVE_PROVISION,
    "academy ap sponsor led": T.ALTERNATIVE_PROVISION,
    "free schools alternative provision": T.ALTERNATIVE_PROVISION,
    "free schools ap": T.ALTERNATIVE_PROVISION,
    "pupil referral unit": T.ALTERNATIVE_PROVISION,
    "other independent school": T.INDEPENDENT,
    "other independent special school": T.INDEPENDENT_SPECIAL,
    "special post 16 institution": T.INDEPENDENT_SPECIAL,
    "free schools 16 to 19": T.FURTHER_EDUCATION,
    "academy 16-19 converter": T.FURTHER_EDUCATION,
    "academy 16-19 sponsor led": T.FURTHER_EDUCATION,
    "academy 16 to 19 converter": T.FURTHER_EDUCATION,
    "academy 16 to 19 sponsor led": T.FURTHER_EDUCATION,
    "further education": T.FURTHER_EDUCATION,
    "sixth form centres": T.FURTHER_EDUCATION,
    "la nursery school": T.EARLY_YEARS,
}

P = Setting.Phase
PHASES: dict[str, str] = {
    "nursery": P.NURSERY,
    "primary": P.PRIMARY,
    "middle deemed primary": P.MIDDLE_PRIMARY,
    "secondary": P.SECONDARY,
    "middle deemed secondary": P.MIDDLE_SECONDARY,
    "16 plus": P.POST_16,
    "all-through": P.ALL_THROUGH,
    "all through": P.ALL_THROUGH,
    "not applicable": P.NOT_APPLICABLE,
}

# Establishment status (§5.4). A blank status (a file without the column) counts as open.
OPEN, CLOSED, PROPOSED = "open", "closed", "proposed"
STATUSES: dict[str, str] = {
    "": OPEN,
    "open": OPEN,
    "open, but proposed to close": OPEN,
    "closed": CLOSED,
    "proposed to open": PROPOSED,
}


class FatalFileError(Exception):
    """The file as a whole cannot be used; nothing from it loads."""


@dataclass
class Problem:
    row: int
    urn: str
    field: str  # the column as the file names it (or its plain label)
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "urn": self.urn, "field": self.field, "message": self.message}


@dataclass
class ParsedRow:
    """One data row: ``row`` is its line in a spreadsheet (the header is row 1)."""

    row: int
    raw_urn: str
    values: dict = field(default_factory=dict)
    la_code: str = ""
    status: str = OPEN
    problems: list[Problem] = field(default_factory=list)

    @property
    def urn(self) -> int | None:
        return self.values.get("urn")

    def problems_for(self, column: str) -> list[Problem]:
        return [problem for problem in self.problems if problem.field == column]


@dataclass
class ParsedFile:
    headers: dict[str, str]  # our field → the header the file used
    rows: list[ParsedRow]

    def label(self, name: str) -> str:
        return self.headers.get(name, LABELS[name])


def _normalise(value: str) -> str:
    value = value.replace("\u2013", "-").replace("\u2014", "-").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", value).strip().lower()


def decode(data: bytes) -> str:
    """UTF-8 (with or without a byte order mark), else Windows-1252 (GIAS's own extracts)."""
    if not data.strip():
        raise FatalFileError("The selected file is empty")
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise FatalFileError(
            "The selected file is a spreadsheet workbook, not a CSV: save it as CSV and upload that"
        )
    if b"\x00" in data:
        raise FatalFileError("The selected file is not a CSV file: upload the CSV download from GIAS")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise FatalFileError(
            "The selected file could not be read: save it as CSV (UTF-8 or Windows) and upload it again"
        ) from exc


def _match_headers(header: list[str]) -> dict[str, int]:
    positions: dict[str, int] = {}
    lookup = {_normalise(h): i for i, h in reversed(list(enumerate(header)))}
    for name, aliases in COLUMNS.items():
        for alias in aliases:
            index = lookup.get(_normalise(alias))
            if index is not None:
                positions[name] = index
                break
    return positions


def read(data: bytes) -> ParsedFile:
    """Read and check a whole file. Raises FatalFileError; row problems are on each ParsedRow."""
    if len(data) > MAX_BYTES:
        raise FatalFileError(f"The selected file must be smaller than {MAX_BYTES // (1024 * 1024)}MB")
    text = decode(data)
    try:
        lines = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        raise FatalFileError(f"The selected file is not a valid CSV file ({exc})") from exc
    lines = [line for line in lines if any(cell.strip() for cell in line)]
    if not lines:
        raise FatalFileError("The selected file is empty")
    header = [cell.strip() for cell in lines[0]]
    positions = _match_headers(header)
    missing = [COLUMNS[name][0] for name in REQUIRED if name not in positions]
    if missing:
        raise FatalFileError(
            "The selected file is missing these columns: "
            + ", ".join(missing)
            + ". Use the CSV download from Get Information About Schools"
        )
    body = lines[1:]
    if not body:
        raise FatalFileError("The selected file has a header row but no establishments")
    if len(body) > MAX_ROWS:
        raise FatalFileError(
            f"The selected file has {len(body):,} establishments: the most one import takes is {MAX_ROWS:,}. "
            "Download your local authority's establishments only"
        )
    headers = {name: header[index] for name, index in positions.items()}
    parsed = ParsedFile(headers=headers, rows=[])
    for offset, line in enumerate(body):
        cells = {
            name: (line[index].strip() if index < len(line) else "") for name, index in positions.items()
        }
        parsed.rows.append(_row(parsed, offset + 2, cells))
    return parsed


def _int(
    row: ParsedRow, parsed: ParsedFile, name: str, text: str, *, required: bool, maximum: int | None = None
):
    label = parsed.label(name)
    if not text:
        if required:
            row.problems.append(Problem(row.row, row.raw_urn, label, f"Enter the {LABELS[name].lower()}"))
        return None
    cleaned = text.replace(",", "")
    if not re.fullmatch(r"-?\d+", cleaned):
        row.problems.append(
            Problem(row.row, row.raw_urn, label, f"{LABELS[name]} must be a whole number, not “{text}”")
        )
        return None
    number = int(cleaned)
    if number < 0:
        row.problems.append(Problem(row.row, row.raw_urn, label, f"{LABELS[name]} cannot be negative"))
        return None
    if maximum is not None and number > maximum:
        row.problems.append(
            Problem(row.row, row.raw_urn, label, f"{LABELS[name]} must be {maximum} or less, not {number}")
        )
        return None
    return number


def _row(parsed: ParsedFile, number: int, cells: dict[str, str]) -> ParsedRow:
    row = ParsedRow(row=number, raw_urn=cells.get("urn", ""))
    values = row.values

    def problem(name: str, message: str) -> None:
        row.problems.append(Problem(row.row, row.raw_urn, parsed.label(name), message))

    urn = _int(row, parsed, "urn", cells["urn"], required=True)
    if urn == 0:
        problem("urn", "URN must be a positive number")
        urn = None
    values["urn"] = urn
    name = cells["name"]
    if not name:
        problem("name", "Enter the establishment name")
    elif len(name) > 200:
        problem("name", "Establishment name must be 200 characters or fewer")
    values["name"] = name

    type_text = cells["establishment_type"]
    setting_type = ESTABLISHMENT_TYPES.get(_normalise(type_text))
    if not type_text:
        problem("establishment_type", "Enter the type of establishment")
    elif setting_type is None:
        problem("establishment_type", f"“{type_text}” is not a type of establishment the register holds")
    values["setting_type"] = setting_type
    values["establishment_type"] = type_text[:100]

    phase_text = cells["phase"]
    phase = PHASES.get(_normalise(phase_text))
    if not phase_text:
        problem("phase", "Enter the phase of education")
    elif phase is None:
        problem("phase", f"“{phase_text}” is not a GIAS phase of education")
    values["phase"] = phase

    row.la_code = cells["la_code"]
    if not row.la_code:
        problem("la_code", "Enter the 3-digit LA code")
    elif not re.fullmatch(r"\d{3}", row.la_code):
        problem("la_code", f"LA code must be 3 digits, not “{row.la_code}”")

    low = _int(row, parsed, "statutory_low_age", cells["statutory_low_age"], required=True, maximum=MAX_AGE)
    high = _int(
        row, parsed, "statutory_high_age", cells["statutory_high_age"], required=True, maximum=MAX_AGE
    )
    if low is not None and high is not None and low > high:
        problem(
            "statutory_high_age", f"Statutory high age ({high}) must not be lower than the low age ({low})"
        )
    values["statutory_low_age"] = low
    values["statutory_high_age"] = high

    for name in ("capacity", "resourced_provision_capacity", "sen_unit_capacity"):
        values[name] = _int(row, parsed, name, cells.get(name, ""), required=False)
    values["has_resourced_provision"] = bool(values["resourced_provision_capacity"])
    values["has_sen_unit"] = bool(values["sen_unit_capacity"])

    ukprn = _int(row, parsed, "ukprn", cells.get("ukprn", ""), required=False)
    values["ukprn"] = ukprn or None

    postcode = re.sub(r"\s+", " ", cells.get("postcode", "")).upper()
    if len(postcode) > 8:
        problem("postcode", f"“{postcode}” is not a postcode")
        postcode = ""
    values["postcode"] = postcode

    for name, maximum in (
        ("easting", MAX_EASTING),
        ("northing", MAX_NORTHING),
        ("pupils_on_roll", None),
        ("resourced_provision_on_roll", None),
        ("sen_unit_on_roll", None),
    ):
        if name in cells:
            values[name] = _int(row, parsed, name, cells[name], required=False, maximum=maximum)
    if bool(cells.get("easting")) != bool(cells.get("northing")):
        problem("northing", "Give both the easting and the northing, or neither")
        values.pop("easting", None)
        values.pop("northing", None)

    status_text = cells.get("status", "")
    status = STATUSES.get(_normalise(status_text))
    if status is None:
        problem("status", f"“{status_text}” is not a GIAS establishment status")
        status = OPEN
    row.status = status
    values["is_open"] = status == OPEN
    return row
