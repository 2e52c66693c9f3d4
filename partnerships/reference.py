"""Loading the reference geography shipped in ``reference_data/``: DfE regions, local authorities and NHS ICBs.

Every loader is idempotent (an upsert on the published code) and atomic, so running it again after a
new file is dropped in updates names and statuses without creating duplicates. Rows are never deleted:
terminated local authorities stay, so history that names them still joins.
"""

import csv
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from django.conf import settings
from django.db import transaction

from .models import ICB, LocalAuthority, Region, SubICBLocation

REGIONS_FILE = "regions.csv"
LOCAL_AUTHORITIES_FILE = "local_authorities.csv"
ICB_FILE = "sub_icb_to_icb_2022.csv"

# The 9 English regions have ONS codes E12000001–E12000009. The file also carries the E13 Inner and
# Outer London statistical areas, which are not regions and are skipped.
REGION_CODE_PREFIX = "E12"

# Successors of terminated local authorities (ONS code → ONS code), where one can be named honestly:
# - mergers into one new authority (Bournemouth and Poole → BCP; Dorset county → Dorset),
# - the same area recoded (Buckinghamshire, North Yorkshire, Somerset, Barnsley, Sheffield,
#   Northumberland and Gateshead in 2013; the 2009 county councils that became one unitary
#   authority with the same boundary: Durham, Northumberland, Shropshire, Wiltshire),
# - splits, where the successor named is one of two: Northamptonshire (928) → North Northamptonshire
#   (940), and Cumbria (909) → Cumberland (942). The other half (West Northamptonshire 941,
#   Westmorland and Furness 943) also took over part of the area; the relation records the first.
# Bedfordshire, Cheshire and Cornwall and Isles of Scilly were split in 2009 into authorities of
# different sizes with no single successor, so theirs stays empty.
SUCCESSORS: dict[str, str] = {
    "E06000028": "E06000058",  # Bournemouth (837) → Bournemouth, Christchurch and Poole (839)
    "E06000029": "E06000058",  # Poole (836) → Bournemouth, Christchurch and Poole (839)
    "E10000009": "E06000059",  # Dorset county (835) → Dorset (838)
    "E10000002": "E06000060",  # Buckinghamshire county (825) → Buckinghamshire (825)
    "E10000021": "E06000061",  # Northamptonshire (928) → North Northamptonshire (940), see above
    "E10000006": "E06000063",  # Cumbria (909) → Cumberland (942), see above
    "E10000023": "E06000065",  # North Yorkshire county (815) → North Yorkshire (815)
    "E10000027": "E06000066",  # Somerset county (933) → Somerset (933)
    "E08000016": "E08000038",  # Barnsley (370), recoded 2025
    "E08000019": "E08000039",  # Sheffield (373), recoded 2025
    "E06000048": "E06000057",  # Northumberland (929), recoded 2013
    "E08000020": "E08000037",  # Gateshead (390), recoded 2013
    "E10000010": "E06000047",  # Durham county → County Durham (840), 2009
    "E10000022": "E06000048",  # Northumberland county → Northumberland unitary, 2009
    "E10000026": "E06000051",  # Shropshire county → Shropshire (893), 2009
    "E10000033": "E06000054",  # Wiltshire county → Wiltshire (865), 2009
}


@dataclass(frozen=True)
class ReferenceLoadResult:
    """How many rows of each kind the reference tables hold after a load."""

    regions: int
    local_authorities: int
    live_local_authorities: int
    icbs: int
    sub_icb_locations: int


def reference_path(filename: str, directory: Path | None = None) -> Path:
    """The path of a reference file, in ``directory`` or ``settings.REFERENCE_DATA_DIR``."""
    return Path(directory or settings.REFERENCE_DATA_DIR) / filename


def read_csv(path: Path) -> list[dict[str, str]]:
    """Rows of a CSV file as dicts, tolerating a UTF-8 byte order mark and stray spaces in headers."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [
            {(key or "").strip(): (value or "").strip() for key, value in row.items()}
            for row in csv.DictReader(handle)
        ]


def _parse_date(value: str) -> date | None:
    return datetime.strptime(value, "%d/%m/%Y").date() if value else None


@transaction.atomic
def regions_load(*, directory: Path | None = None) -> int:
    """Upsert the 9 English regions from ``regions.csv``; returns how many were in the file."""
    rows = [
        r
        for r in read_csv(reference_path(REGIONS_FILE, directory))
        if r["region_code"].startswith(REGION_CODE_PREFIX)
    ]
    Region.objects.bulk_create(
        [Region(code=r["region_code"], name=r["region_name"]) for r in rows],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name"],
    )
    return len(rows)


def _is_single_authority(row: dict[str, str]) -> bool:
    """Combined rows (``A / B``, used for shared statistics) and the BFPO row (``z``) are not authorities."""
    code = row["new_la_code"]
    return " / " not in code and code.startswith("E")


@transaction.atomic
def local_authorities_load(*, directory: Path | None = None) -> int:
    """Upsert every upper-tier local authority, live and terminated, then link successors.

    Needs the regions loaded first. Returns how many authorities were in the file.
    """
    rows = [r for r in read_csv(reference_path(LOCAL_AUTHORITIES_FILE, directory)) if _is_single_authority(r)]
    regions = dict(Region.objects.values_list("code", "pk"))
    authorities = []
    for row in rows:
        dfe_code = row["old_la_code"]
        authorities.append(
            LocalAuthority(
                ons_code=row["new_la_code"],
                dfe_code=dfe_code if dfe_code.isdigit() else "",
                name=row["la_name"],
                region_id=regions.get(row["parent_geography_code"]),
                entity_type=row["entity_description"],
                status=LocalAuthority.Status.LIVE
                if row["status"] == "live"
                else LocalAuthority.Status.TERMINATED,
                date_of_operation=_parse_date(row["date_of_operation"]),
                date_of_termination=_parse_date(row["date_of_termination"]),
            )
        )
    LocalAuthority.objects.bulk_create(
        authorities,
        update_conflicts=True,
        unique_fields=["ons_code"],
        update_fields=[
            "dfe_code",
            "name",
            "region",
            "entity_type",
            "status",
            "date_of_operation",
            "date_of_termination",
        ],
    )
    ids = dict(LocalAuthority.objects.values_list("ons_code", "pk"))
    for old_code, new_code in SUCCESSORS.items():
        if old_code in ids and new_code in ids:
            LocalAuthority.objects.filter(pk=ids[old_code]).exclude(superseded_by_id=ids[new_code]).update(
                superseded_by_id=ids[new_code]
            )
    return len(authorities)


@transaction.atomic
def icbs_load(*, directory: Path | None = None) -> tuple[int, int]:
    """Upsert the 42 ICBs and their sub-ICB locations from the ONS 2022 lookup; returns both counts."""
    rows = read_csv(reference_path(ICB_FILE, directory))
    icbs: dict[str, ICB] = {}
    for row in rows:
        icbs[row["ICB22CD"]] = ICB(
            ons_code=row["ICB22CD"],
            ods_code=row["ICB22CDH"],
            name=row["ICB22NM"],
            nhs_region_code=row["NHSER22CD"],
            nhs_region_name=row["NHSER22NM"],
        )
    ICB.objects.bulk_create(
        list(icbs.values()),
        update_conflicts=True,
        unique_fields=["ons_code"],
        update_fields=["ods_code", "name", "nhs_region_code", "nhs_region_name"],
    )
    icb_ids = dict(ICB.objects.values_list("ons_code", "pk"))
    locations = [
        SubICBLocation(
            ons_code=row["SICBL22CD"],
            ods_code=row["SICBL22CDH"],
            name=row["SICBL22NM"],
            icb_id=icb_ids[row["ICB22CD"]],
        )
        for row in rows
    ]
    SubICBLocation.objects.bulk_create(
        locations,
        update_conflicts=True,
        unique_fields=["ons_code"],
        update_fields=["ods_code", "name", "icb"],
    )
    return len(icbs), len(locations)


@transaction.atomic
def reference_data_load(*, directory: Path | None = None) -> ReferenceLoadResult:
    """Load regions, local authorities and ICBs, in that order, and count what the tables hold."""
    regions_load(directory=directory)
    local_authorities_load(directory=directory)
    icbs_load(directory=directory)
    return ReferenceLoadResult(
        regions=Region.objects.filter(code__startswith=REGION_CODE_PREFIX).count(),
        local_authorities=LocalAuthority.objects.count(),
        live_local_authorities=LocalAuthority.objects.filter(status=LocalAuthority.Status.LIVE).count(),
        icbs=ICB.objects.count(),
        sub_icb_locations=SubICBLocation.objects.count(),
    )
