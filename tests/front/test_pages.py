import pytest

from tests.utils import run_portal


@pytest.mark.parametrize(
    "path", ["/", "/accessibility/", "/privacy/", "/accounts/login/", "/accounts/signup/"]
)
def test_it_serves_public_pages_in_polish(client, db, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Language"] == "pl"
    assert b'<html lang="pl">' in response.content
    assert b'href="#main"' in response.content


def test_it_serves_english_when_chosen(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/accessibility/")
    assert b"Accessibility statement" in response.content
    assert b'<html lang="en">' in response.content


def test_healthz_answers_200_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"OK\n"


def test_healthz_answers_503_when_the_database_does_not(tmp_path):
    # A real portal process whose database cannot be opened (a file in a missing folder).
    code = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(r.status_code)"
    )
    result = run_portal(
        code,
        DATABASE_URL=f"sqlite:///{tmp_path}/missing/db.sqlite3",
        DEBUG="true",
        ALLOWED_HOSTS="testserver",
    )
    assert result.stdout.strip().splitlines()[-1] == "503", result.stderr


def test_dashboard_requires_sign_in(client, db):
    response = client.get("/account/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_browser_set_to_english_still_gets_polish_until_the_visitor_chooses(client, db):
    response = client.get("/accessibility/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert b"Deklaracja dost" in response.content
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/accessibility/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert b"Accessibility statement" in response.content
