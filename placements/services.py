"""Writes for the settings register: the GIAS import (docs/adr/0013).

``settings_import`` checks the whole file before it writes anything. A fatal problem (the file cannot be
read, columns are missing, it is empty or too big, or no row is for one of the partnership's LAs) raises
ValidationError({"file": [...]}) and loads nothing. Otherwise every valid row is upserted by URN within
the partnership, each bad row is skipped and reported (row, URN, column, problem), and the import is
recorded with its report as a ``SettingImport``.

Closed establishments: a closed URN already on the register is kept and marked closed (``is_open=False``),
because children and plans may still point at it; a closed URN not on the register is skipped with a note.
"Proposed to open" rows are skipped with a note. Fields the LA maintains and GIAS does not carry (the need
types a setting serves, the trust name) are never overwritten.
"""

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from partnerships.models import LocalAuthority, Partnership, Setting, User
from partnerships.policy import AccessDenied
from partnerships.validators import normalise_postcode

from . import gias, policy
from .models import PostcodeLocation, SettingImport

# The fields an import writes; everything else on a Setting is the LA's own.
GIAS_FIELDS = (
    "name",
    "setting_type",
    "establishment_type",
    "phase",
    "statutory_low_age",
    "statutory_high_age",
    "capacity",
    "has_resourced_provision",
    "resourced_provision_capacity",
    "has_sen_unit",
    "sen_unit_capacity",
    "postcode",
    "is_open",
    "local_authority",
)


def _record_locations(locations: dict[str, tuple[int, int]], source: str = "gias") -> None:
    """Keep where each postcode is (for straight-line distances); an ONSPD location is not replaced by
    a GIAS one."""
    if not locations:
        return
    existing = {loc.postcode: loc for loc in PostcodeLocation.objects.filter(postcode__in=list(locations))}
    to_create, to_update = [], []
    for postcode, (easting, northing) in sorted(locations.items()):
        found = existing.get(postcode)
        if found is None:
            to_create.append(
                PostcodeLocation(postcode=postcode, easting=easting, northing=northing, source=source)
            )
        elif (found.easting, found.northing) != (easting, northing) and (
            source == PostcodeLocation.Source.ONSPD or found.source == source
        ):
            found.easting, found.northing, found.source = easting, northing, source
            found.updated_at = timezone.now()
            to_update.append(found)
    PostcodeLocation.objects.bulk_create(to_create)
    if to_update:
        PostcodeLocation.objects.bulk_update(to_update, ["easting", "northing", "source", "updated_at"])


def _local_authorities_by_code() -> dict[str, LocalAuthority]:
    """Every LA by its DfE code; a live authority wins over a terminated one with the same code."""
    found: dict[str, LocalAuthority] = {}
    for la in LocalAuthority.objects.exclude(dfe_code="").order_by("dfe_code", "-status"):
        current = found.get(la.dfe_code)
        if current is None or (current.status != LocalAuthority.Status.LIVE and la.status == la.Status.LIVE):
            found[la.dfe_code] = la
    return found


def _read(upload) -> tuple[str, bytes]:
    name = getattr(upload, "name", "") or "upload.csv"
    size = getattr(upload, "size", None)
    if size is not None and size > gias.MAX_BYTES:
        raise ValidationError(
            {"file": [f"The selected file must be smaller than {gias.MAX_BYTES // (1024 * 1024)}MB"]}
        )
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read()
    if isinstance(data, str):
        data = data.encode("utf-8")
    return name.rsplit("/", 1)[-1][:255], data


@transaction.atomic
def settings_import(
    *,
    actor: User | None,
    partnership: Partnership,
    upload,
    source: str = SettingImport.Source.PAGE,
    system: bool = False,
) -> SettingImport:
    """Load a GIAS extract into the partnership's register. ``actor=None`` with ``system=True`` is the
    ``import_gias`` command (no person); anyone else must be the partnership's SEND manager."""
    if actor is None:
        if not system:
            raise AccessDenied("An import needs a person or the system")
    else:
        policy.require_importer(actor)
        if not policy.can_import(actor, partnership):
            raise AccessDenied("You can only import into your own partnership's register")
    started = timezone.now()
    file_name, data = _read(upload)
    try:
        parsed = gias.read(data)
    except gias.FatalFileError as exc:
        raise ValidationError({"file": [str(exc)]}) from exc

    own_las = {la.dfe_code: la for la in partnership.local_authorities.exclude(dfe_code="")}
    all_las = _local_authorities_by_code()
    codes = {row.la_code for row in parsed.rows if row.la_code}
    if not codes & set(own_las):
        names = ", ".join(sorted(f"{la.name} ({code})" for code, la in own_las.items())) or "none recorded"
        raise ValidationError(
            {
                "file": [
                    "No establishment in the selected file is in this partnership's local authorities "
                    f"({names}): check you downloaded the right local authority"
                ]
            }
        )

    urns = [row.urn for row in parsed.rows if row.urn]
    registered = {s.urn: s for s in Setting.objects.filter(urn__in=urns).select_related("partnership")}
    ukprns = [row.values["ukprn"] for row in parsed.rows if row.values.get("ukprn")]
    ukprn_owner = dict(Setting.objects.filter(ukprn__in=ukprns).values_list("ukprn", "urn"))

    seen_urns: dict[int, int] = {}
    seen_ukprns: dict[int, int] = {}
    problems: list[gias.Problem] = []
    notes: list[gias.Problem] = []
    to_create: list[Setting] = []
    locations: dict[str, tuple[int, int]] = {}
    to_update: list[Setting] = []
    unchanged = rejected = skipped = 0

    for row in parsed.rows:
        urn_label = parsed.label("urn")
        if row.urn and row.urn in seen_urns:
            row.problems.append(
                gias.Problem(
                    row.row, row.raw_urn, urn_label, f"URN {row.urn} is also on row {seen_urns[row.urn]}"
                )
            )
        elif row.urn:
            seen_urns[row.urn] = row.row
        if row.la_code and not row.problems_for(parsed.label("la_code")):
            if row.la_code not in all_las:
                row.problems.append(
                    gias.Problem(
                        row.row, row.raw_urn, parsed.label("la_code"), f"{row.la_code} is not a known LA code"
                    )
                )
            elif row.la_code not in own_las:
                row.problems.append(
                    gias.Problem(
                        row.row,
                        row.raw_urn,
                        parsed.label("la_code"),
                        f"{all_las[row.la_code].name} ({row.la_code}) is not one of this partnership's "
                        "local authorities",
                    )
                )
        existing = registered.get(row.urn) if row.urn else None
        if existing is not None and existing.partnership_id != partnership.pk:
            row.problems.append(
                gias.Problem(
                    row.row,
                    row.raw_urn,
                    urn_label,
                    f"URN {row.urn} is on another partnership's register ({existing.partnership.name}): "
                    "it has not been moved",
                )
            )
        ukprn = row.values.get("ukprn")
        if ukprn:
            owner_urn = ukprn_owner.get(ukprn)
            if ukprn in seen_ukprns:
                row.problems.append(
                    gias.Problem(
                        row.row,
                        row.raw_urn,
                        parsed.label("ukprn"),
                        f"UKPRN {ukprn} is also on row {seen_ukprns[ukprn]}",
                    )
                )
            elif owner_urn is not None and owner_urn != row.urn:
                row.problems.append(
                    gias.Problem(
                        row.row,
                        row.raw_urn,
                        parsed.label("ukprn"),
                        f"UKPRN {ukprn} already belongs to another setting on the register",
                    )
                )
            else:
                seen_ukprns[ukprn] = row.row
        if row.problems:
            problems.extend(row.problems)
            rejected += 1
            continue
        if existing is None and row.status != gias.OPEN:
            why = "closed" if row.status == gias.CLOSED else "not open yet"
            notes.append(
                gias.Problem(
                    row.row,
                    row.raw_urn,
                    parsed.label("status"),
                    f"Skipped: the establishment is {why} and is not on the register",
                )
            )
            skipped += 1
            continue
        values = {name: row.values[name] for name in GIAS_FIELDS if name != "local_authority"}
        values.update({name: row.values[name] for name in gias.OPTIONAL_WHEN_PRESENT if name in row.values})
        values["local_authority"] = own_las[row.la_code]
        if row.values.get("postcode") and row.values.get("easting") is not None:
            locations[normalise_postcode(row.values["postcode"])] = (
                row.values["easting"],
                row.values["northing"],
            )
        if existing is None:
            to_create.append(Setting(partnership=partnership, urn=row.urn, ukprn=ukprn, **values))
            continue
        if ukprn:
            values["ukprn"] = ukprn
        changed = False
        for name, value in values.items():
            current = existing.local_authority if name == "local_authority" else getattr(existing, name)
            if current != value:
                setattr(existing, name, value)
                changed = True
        if changed:
            to_update.append(existing)
        else:
            unchanged += 1

    context = {"user": actor.pk if actor else None, "action": "settings_import"}
    with pghistory.context(**context):
        Setting.objects.bulk_create(to_create)
        if to_update:
            optional = [name for name in gias.OPTIONAL_WHEN_PRESENT if name in parsed.headers]
            Setting.objects.bulk_update(to_update, [*GIAS_FIELDS, *optional, "ukprn"])
        _record_locations(locations)
        return SettingImport.objects.create(
            partnership=partnership,
            uploaded_by=actor,
            source=source,
            file_name=file_name,
            started_at=started,
            finished_at=timezone.now(),
            row_count=len(parsed.rows),
            created_count=len(to_create),
            updated_count=len(to_update),
            unchanged_count=unchanged,
            rejected_count=rejected,
            skipped_count=skipped,
            problems=[p.as_dict() for p in problems],
            notes=[n.as_dict() for n in notes],
        )
