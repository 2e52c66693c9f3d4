"""The settings register import pages and their API twin: who may use them (north/south personas), the GOV.UK
error summary for a broken file (nothing loaded), the report page, past imports, and the API's 201/400."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnerships.models import Setting
from placements.models import SettingImport

from .test_gias_import import SAMPLE, codes, run, sample  # noqa: F401 (codes is a fixture)

HOME = "/settings-register/imports/"
API = "/api/v1/settings/imports/"


def csv_file(data: bytes | None = None, name: str = "gias_northby.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, SAMPLE.read_bytes() if data is None else data, content_type="text/csv")


def test_the_urls():
    assert reverse("settings-imports") == HOME
    assert reverse("settings-import-detail", args=[3]) == f"{HOME}3/"
    assert reverse("api-setting-import", args=[3]) == f"{API}3/"


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("manager", 200),
        ("caseworker", 403),
        ("senco", 403),
        ("headteacher", 403),
        ("ap_provider", 403),
        ("parent", 403),
        ("young_person", 403),
        ("health", 403),
        ("social_care", 403),
        ("mediator", 403),
        ("support", 403),
        ("regional", 403),
        ("national", 403),
    ],
)
def test_access_matrix(codes, signed_in, persona, status):  # noqa: F811
    north, _ = codes
    record = run(north, sample())
    client = signed_in(north.people[persona])
    assert client.get(HOME).status_code == status
    assert client.get(f"{HOME}{record.pk}/").status_code == status
    assert client.get(f"{API}{record.pk}/").status_code == status
    assert client.post(API, {"file": csv_file()}).status_code == (201 if status == 200 else 403)


def test_another_partnerships_import_is_not_found(codes, signed_in):  # noqa: F811
    north, south = codes
    record = run(north, sample())
    client = signed_in(south.people["manager"])
    assert client.get(f"{HOME}{record.pk}/").status_code == 404
    assert client.get(f"{API}{record.pk}/").status_code == 404
    assert record.file_name not in client.get(HOME).content.decode()


def test_signed_out_people_are_sent_to_sign_in(db, client, settings):
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL))


def test_the_manager_sees_the_navigation_link(codes, signed_in):  # noqa: F811
    north, _ = codes
    assert (
        'href="/settings-register/imports/"' in signed_in(north.people["manager"]).get(HOME).content.decode()
    )
    caseworker_home = signed_in(north.people["caseworker"]).get(reverse("backoffice-home")).content.decode()
    assert "Settings register" not in caseworker_home


def test_upload_then_the_report_page(codes, signed_in):  # noqa: F811
    north, _ = codes
    client = signed_in(north.people["manager"])
    page = client.get(HOME).content.decode()
    assert "Import the settings register" in page and "No files have been imported yet." in page
    response = client.post(HOME, {"file": csv_file()})
    record = SettingImport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{HOME}{record.pk}/"
    report = client.get(response["Location"]).content.decode()
    assert "gias_northby.csv has been imported" in report
    assert "Rows with problems" in report
    assert "URN must be a whole number, not “abc”" in report
    assert "Westby (385) is not one of this partnership&#x27;s local authorities" in report
    assert "Skipped: the establishment is closed and is not on the register" in report
    history = client.get(HOME).content.decode()
    assert "gias_northby.csv" in history and "Manager North" in history


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"URN,EstablishmentName\r\n900001,Oak\r\n", "The selected file is missing these columns"),
        (b"\x00\x01\x02binary", "The selected file is not a CSV file"),
        (None, "Select a CSV file"),
    ],
)
def test_a_broken_file_shows_the_error_summary_and_loads_nothing(codes, signed_in, data, message):  # noqa: F811
    north, _ = codes
    client = signed_in(north.people["manager"])
    before = Setting.objects.count()
    response = client.post(HOME, {} if data is None else {"file": csv_file(data)})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and 'href="#id_file"' in page
    assert message in page
    assert Setting.objects.count() == before and not SettingImport.objects.exists()


def test_api_imports_and_returns_the_report(codes, signed_in):  # noqa: F811
    north, _ = codes
    client = signed_in(north.people["manager"])
    response = client.post(API, {"file": csv_file()})
    assert response.status_code == 201
    body = response.json()
    assert (body["partnership"], body["source"], body["created_count"], body["rejected_count"]) == (
        north.partnership.slug,
        "api",
        4,
        8,
    )
    assert {
        "row": 6,
        "urn": "abc",
        "field": "URN",
        "message": "URN must be a whole number, not “abc”",
    } in body["problems"]
    again = client.get(f"{API}{body['id']}/")
    assert again.status_code == 200 and again.json() == body


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"file": "not-a-file"}, "The submitted data was not a file"),
        ({}, "No file was submitted."),
        ({"file": b"URN\r\n1\r\n"}, "The selected file is missing these columns"),
        ({"file": b"\xff\xfe\x00\x00binary"}, "not a CSV file"),
    ],
)
def test_api_bad_input_is_a_400_and_loads_nothing(codes, signed_in, data, message):  # noqa: F811
    north, _ = codes
    client = signed_in(north.people["manager"])
    if isinstance(data.get("file"), bytes):
        data = {"file": csv_file(data["file"])}
    response = client.post(API, data)
    assert response.status_code == 400
    assert message in " ".join(response.json()["file"])
    assert not SettingImport.objects.exists() and not Setting.objects.filter(urn__gte=900000).exists()


def test_api_refuses_another_partnerships_register(codes, signed_in):  # noqa: F811
    north, south = codes
    client = signed_in(north.people["manager"])
    response = client.post(API, {"file": csv_file(), "partnership": south.partnership.slug})
    assert response.status_code == 404
    assert not SettingImport.objects.exists()
