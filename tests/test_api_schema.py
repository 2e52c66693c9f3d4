"""The OpenAPI schema is valid, complete and served, and the docs page works."""

from django.core.management import call_command


def test_schema_is_valid_without_warnings(db, tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    text = (tmp_path / "schema.yml").read_text()
    for path in (
        "/api/v1/children/",
        "/api/v1/children/{child_id}/",
        "/api/v1/me/",
        "/api/v1/dashboards/national/",
    ):
        assert path in text


def test_schema_and_docs_are_served(north, signed_in):
    client = signed_in(north.people["caseworker"])
    assert client.get("/api/v1/schema/").status_code == 200
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    assert b"swagger" in docs.content.lower()


def test_token_authentication_reaches_the_api(north, client):
    """A token (issued on the account page after the second factor) works without a session."""
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=north.people["caseworker"])
    response = client.get("/api/v1/children/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    assert response.json()["count"] == 3


def test_staff_session_without_second_factor_is_refused_by_the_api(north, signed_in):
    client = signed_in(north.people["caseworker"], second_factor=False)
    assert client.get("/api/v1/children/").status_code == 403
    family = signed_in(north.people["parent"], second_factor=False)
    assert family.get("/api/v1/children/").status_code == 200
