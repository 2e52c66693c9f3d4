"""The GIAS settings register import (issue 5): valid rows load and malformed rows are reported row by row in
the same file; a broken file loads nothing; re-importing updates without duplicating; a URN on another
partnership's register is never moved; the management command runs the same service."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from partnerships.models import Setting
from partnerships.policy import AccessDenied
from placements import gias, services
from placements.models import SettingImport
from tests import factories

SAMPLE = Path(__file__).parent / "data" / "gias_northby.csv"
HEADER = (
    "URN,EstablishmentName,TypeOfEstablishment (name),PhaseOfEducation (name),LA (code),"
    "StatutoryLowAge,StatutoryHighAge,SchoolCapacity,ResourcedProvisionCapacity,SenUnitCapacity,"
    "EstablishmentStatus (name),Postcode"
)


@pytest.fixture
def codes(north, south):
    """Known DfE codes: Northby 383, Southby 384, and Westby 385 in no test partnership."""
    for area, code in ((north, "383"), (south, "384")):
        area.partnership.local_authorities.update(dfe_code=code)
    factories.LocalAuthorityFactory(name="Westby", dfe_code="385")
    return north, south


def upload(text: str | bytes, name: str = "gias.csv") -> SimpleUploadedFile:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return SimpleUploadedFile(name, data, content_type="text/csv")


def sample() -> SimpleUploadedFile:
    return upload(SAMPLE.read_bytes(), "gias_northby.csv")


def run(area, file, *, actor=None):
    return services.settings_import(
        actor=actor or area.people["manager"], partnership=area.partnership, upload=file
    )


def problems_by_row(record) -> dict[int, list[tuple[str, str]]]:
    found: dict[int, list[tuple[str, str]]] = {}
    for problem in record.problems:
        found.setdefault(problem["row"], []).append((problem["field"], problem["message"]))
    return found


def test_valid_rows_load_and_bad_rows_are_reported_row_by_row(codes):
    north, _ = codes
    before = Setting.objects.count()
    record = run(north, sample())

    assert (record.row_count, record.created_count, record.rejected_count, record.skipped_count) == (
        13,
        4,
        8,
        1,
    )
    assert Setting.objects.count() == before + 4
    oak = Setting.objects.get(urn=900001)
    assert (oak.partnership, oak.local_authority.dfe_code) == (north.partnership, "383")
    assert (oak.setting_type, oak.phase, oak.capacity, oak.ukprn) == ("mainstream", "primary", 420, 10000001)
    special = Setting.objects.get(urn=900002)
    assert special.name == "St Mary’s Special School"  # read as Windows-1252
    assert (special.setting_type, special.phase) == ("special", "not_applicable")
    beech = Setting.objects.get(urn=900003)
    assert beech.is_open and beech.has_resourced_provision and beech.has_sen_unit
    assert (beech.resourced_provision_capacity, beech.sen_unit_capacity) == (20, 12)
    assert Setting.objects.get(urn=900004).setting_type == "alternative_provision"

    rows = problems_by_row(record)
    assert sorted(rows) == [6, 7, 8, 9, 10, 11, 12, 14]
    assert rows[6] == [("URN", "URN must be a whole number, not “abc”")]
    assert rows[7] == [("StatutoryHighAge", "Statutory high age (4) must not be lower than the low age (11)")]
    assert rows[8] == [("LA (code)", "999 is not a known LA code")]
    assert rows[9] == [("LA (code)", "Westby (385) is not one of this partnership's local authorities")]
    assert rows[10] == [
        (
            "TypeOfEstablishment (name)",
            "“Welsh establishment” is not a type of establishment the register holds",
        )
    ]
    assert rows[11] == [("SchoolCapacity", "School capacity cannot be negative")]
    assert rows[12] == [("URN", "URN 900001 is also on row 2")]
    assert rows[14] == [("PhaseOfEducation (name)", "“Upper” is not a GIAS phase of education")]
    assert {p["urn"] for p in record.problems if p["row"] == 6} == {"abc"}
    assert record.notes == [
        {
            "row": 13,
            "urn": "900012",
            "field": "EstablishmentStatus (name)",
            "message": "Skipped: the establishment is closed and is not on the register",
        }
    ]
    for urn in (900006, 900007, 900008, 900009, 900010, 900012, 900013):
        assert not Setting.objects.filter(urn=urn).exists()
    assert (record.uploaded_by, record.source, record.file_name) == (
        north.people["manager"],
        "page",
        "gias_northby.csv",
    )


def test_snake_case_headers_and_utf8_with_bom_are_accepted(codes):
    north, _ = codes
    text = (
        "urn,establishment_name,type_of_establishment_name,phase_of_education_name,la_code,"
        "statutory_low_age,statutory_high_age,school_capacity\r\n"
        "910001,Rowan Nursery School,LA nursery school,Nursery,383,2,5,60\r\n"
        "910002,Willow College,Further education,16 plus,383,16,25,\r\n"
        "910003,Yew Independent School,Other independent special school,All-through,383,5,19,80\r\n"
    )
    record = run(north, upload("\ufeff" + text))
    assert (record.created_count, record.rejected_count) == (3, 0)
    types = dict(Setting.objects.filter(urn__gte=910001).values_list("urn", "setting_type"))
    assert types == {910001: "early_years", 910002: "further_education", 910003: "independent_special"}
    assert Setting.objects.get(urn=910002).capacity is None


BROKEN = [
    pytest.param(b"", "The selected file is empty", id="empty"),
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is not a CSV file", id="binary"),
    pytest.param(b"PK\x03\x04\x14\x00\x06\x00", "spreadsheet workbook, not a CSV", id="xlsx"),
    pytest.param(
        HEADER.encode() + b"\r\n900001,Caf\x81 School,Community school,Primary,383,4,11,,,,Open,\r\n",
        "could not be read",
        id="undecodable",
    ),
    pytest.param(
        b"URN,EstablishmentName,LA (code)\r\n900001,Oak,383\r\n",
        "missing these columns: TypeOfEstablishment (name), PhaseOfEducation (name), StatutoryLowAge, "
        "StatutoryHighAge",
        id="missing-columns",
    ),
    pytest.param(HEADER.encode() + b"\r\n", "a header row but no establishments", id="header-only"),
    pytest.param(
        HEADER.encode() + b'\r\n"900001,Oak Primary School\r\n',
        "not a valid CSV file",
        id="unterminated-quote",
    ),
    pytest.param(
        HEADER.encode()
        + b"\r\n900001,Oak Primary School,Community school,Primary,384,4,11,,,,Open,\r\n"
        + b"900002,Ash Primary School,Community school,Primary,385,4,11,,,,Open,\r\n",
        "No establishment in the selected file is in this partnership's local authorities (Northby (383))",
        id="another-la",
    ),
]


@pytest.mark.parametrize(("data", "message"), BROKEN)
def test_a_broken_file_loads_nothing(codes, data, message):
    north, _ = codes
    settings_before, imports_before = Setting.objects.count(), SettingImport.objects.count()
    with pytest.raises(ValidationError) as raised:
        run(north, upload(data))
    assert message in " ".join(raised.value.message_dict["file"])
    assert (Setting.objects.count(), SettingImport.objects.count()) == (settings_before, imports_before)


def test_too_many_rows_loads_nothing(codes, monkeypatch):
    north, _ = codes
    monkeypatch.setattr(gias, "MAX_ROWS", 2)
    body = "".join(
        f"{900000 + n},School {n},Community school,Primary,383,4,11,,,,Open,\r\n" for n in range(3)
    )
    with pytest.raises(ValidationError, match="the most one import takes is 2"):
        run(north, upload(HEADER + "\r\n" + body))
    assert not Setting.objects.filter(urn__gte=900000).exists()


def test_reimport_updates_without_duplicating_and_keeps_the_las_own_fields(codes):
    north, _ = codes
    existing = factories.SettingFactory(
        partnership=north.partnership,
        urn=900001,
        name="Oak Primary (old name)",
        need_types_served=["ASD", "SEMH"],
        trust_name="Oak Trust",
        capacity=300,
    )
    first = run(north, sample())
    assert (first.created_count, first.updated_count) == (3, 1)
    existing.refresh_from_db()
    assert (existing.name, existing.capacity) == ("Oak Primary School", 420)
    assert (existing.need_types_served, existing.trust_name) == (["ASD", "SEMH"], "Oak Trust")
    count = Setting.objects.count()

    second = run(north, sample())
    assert (second.created_count, second.updated_count, second.unchanged_count) == (0, 0, 4)
    assert Setting.objects.count() == count
    assert SettingImport.objects.filter(partnership=north.partnership).count() == 2


def test_a_closed_establishment_on_the_register_is_marked_closed(codes):
    north, _ = codes
    gorse = factories.SettingFactory(partnership=north.partnership, urn=900012, name="Gorse Infant School")
    record = run(north, sample())
    gorse.refresh_from_db()
    assert gorse.is_open is False
    assert record.notes == [] and record.skipped_count == 0
    assert record.updated_count == 1


def test_a_urn_on_another_partnerships_register_is_rejected_and_never_moved(codes):
    north, south = codes
    theirs = factories.SettingFactory(partnership=south.partnership, urn=900002, name="South's own")
    record = run(north, sample())
    theirs.refresh_from_db()
    assert (theirs.partnership, theirs.name) == (south.partnership, "South's own")
    assert problems_by_row(record)[3] == [
        (
            "URN",
            "URN 900002 is on another partnership's register (Southby SEND Partnership): it has not been moved",
        )
    ]
    assert record.created_count == 3


def test_a_ukprn_held_by_another_setting_is_a_row_problem(codes):
    north, south = codes
    factories.SettingFactory(partnership=south.partnership, urn=800001, ukprn=10000001)
    record = run(north, sample())
    assert problems_by_row(record)[2] == [
        ("UKPRN", "UKPRN 10000001 already belongs to another setting on the register")
    ]
    assert not Setting.objects.filter(urn=900001).exists()


@pytest.mark.parametrize(
    ("persona", "area_name"),
    [
        ("caseworker", "north"),
        ("senco", "north"),
        ("parent", "north"),
        ("health", "north"),
        ("support", "north"),
        ("regional", "north"),
        ("national", "north"),
        ("manager", "south"),
    ],
)
def test_only_the_partnerships_send_manager_may_import(codes, persona, area_name):
    north, south = codes
    actor = (north if area_name == "north" else south).people[persona]
    with pytest.raises(AccessDenied):
        run(north, sample(), actor=actor)
    assert not Setting.objects.filter(urn__gte=900000).exists()


def test_a_system_import_needs_the_system_flag(codes):
    north, _ = codes
    with pytest.raises(AccessDenied):
        services.settings_import(actor=None, partnership=north.partnership, upload=sample())


def test_the_management_command_imports_as_the_system(codes, capsys):
    north, _ = codes
    call_command("import_gias", str(SAMPLE), "--partnership", north.partnership.slug)
    out = capsys.readouterr().out
    assert "4 added" in out and "8 rows with problems" in out
    assert "Row 6 (URN abc) URN: URN must be a whole number" in out
    record = SettingImport.objects.get()
    assert (record.uploaded_by, record.source) == (None, "command")


def test_the_management_command_refuses_a_broken_file(codes, tmp_path):
    north, _ = codes
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"URN,EstablishmentName\r\n1,Oak\r\n")
    with pytest.raises(
        CommandError, match="Nothing was imported: The selected file is missing these columns"
    ):
        call_command("import_gias", str(broken), "--partnership", north.partnership.slug)
    with pytest.raises(CommandError, match="No partnership has the slug"):
        call_command("import_gias", str(SAMPLE), "--partnership", "nowhere")
    assert not SettingImport.objects.exists()


# Where each establishment is and who is on roll (tailored lists, docs/adr/0016) ------------------------------


def test_optional_location_and_roll_columns_are_read_and_locations_recorded(codes):
    from placements.models import PostcodeLocation

    north, _ = codes
    text = (
        HEADER + ",Easting,Northing,NumberOfPupils,ResourcedProvisionOnRoll,SENUnitOnRoll\r\n"
        "920001,Ash Primary,Community school,Primary,383,4,11,420,12,,Open,LS1 1AB,430100,433200,398,11,\r\n"
        "920002,Beech Primary,Community school,Primary,383,4,11,210,,,Open,LS2 2CD,999999999,433200,,,\r\n"
        "920003,Cedar Primary,Community school,Primary,383,4,11,210,,,Open,LS3 3EF,430100,,200,,\r\n"
    )
    record = run(north, upload(text))
    assert (record.created_count, record.rejected_count) == (1, 2)
    ash = Setting.objects.get(urn=920001)
    assert (ash.easting, ash.northing, ash.pupils_on_roll, ash.resourced_provision_on_roll) == (
        430100,
        433200,
        398,
        11,
    )
    assert ash.sen_unit_on_roll is None
    location = PostcodeLocation.objects.get(postcode="LS1 1AB")
    assert (location.easting, location.northing, location.source) == (430100, 433200, "gias")
    problems = problems_by_row(record)
    assert problems[3] == [("Easting", "Easting must be 700000 or less, not 999999999")]
    assert problems[4] == [("Northing", "Give both the easting and the northing, or neither")]


def test_a_file_without_the_optional_columns_keeps_the_registers_counts(codes):
    north, _ = codes
    run(
        north,
        upload(HEADER + "\r\n920001,Ash Primary,Community school,Primary,383,4,11,420,,,Open,LS1 1AB\r\n"),
    )
    Setting.objects.filter(urn=920001).update(pupils_on_roll=300, easting=430000, northing=433000)
    run(
        north,
        upload(HEADER + "\r\n920001,Ash Primary,Community school,Primary,383,4,11,430,,,Open,LS1 1AB\r\n"),
    )
    ash = Setting.objects.get(urn=920001)
    assert (ash.capacity, ash.pupils_on_roll, ash.easting) == (430, 300, 430000)


def test_the_postcode_directory_command_loads_locations_and_reports_bad_rows(db, tmp_path, capsys):
    from placements.models import PostcodeLocation

    path = tmp_path / "onspd.csv"
    path.write_text(
        "pcd,pcds,dointr,oseast1m,osnrth1m\n"
        "LS1 1AB,LS1 1AB,198001,430000,433000\n"
        "XX,NOT A CODE,198001,1,1\n"
        "LS9 9ZZ,LS9 9ZZ,198001,,\n"
        "ls2 2cd,ls2 2cd,198001,430500,433900\n",
        encoding="utf-8",
    )
    call_command("import_postcodes", str(path))
    out = capsys.readouterr().out
    assert "Read 4 rows: 2 added, 0 updated, 0 unchanged, 2 rows with problems." in out
    assert "Row 3 (NOT A CODE): “NOT A CODE” is not a postcode" in out
    assert "Row 4 (LS9 9ZZ): No grid reference (easting and northing) for it" in out
    assert PostcodeLocation.objects.get(postcode="LS2 2CD").source == "onspd"
    broken = tmp_path / "broken.csv"
    broken.write_text("postcode,x\nLS1 1AB,1\n", encoding="utf-8")
    with pytest.raises(CommandError, match="no pcds, oseast1m, osnrth1m column"):
        call_command("import_postcodes", str(broken))
