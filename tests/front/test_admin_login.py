import pytest
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from tests.factories import PASSWORD, OfficialFactory

pytestmark = pytest.mark.django_db


def test_the_admin_sign_in_asks_for_the_e_mail_address(client):
    page = client.get("/admin/login/").content.decode()
    assert '<label for="id_username" class="required">E-mail:</label>' in page
    assert 'type="email" name="username"' in page
    assert "Nazwa użytkownika" not in page


def test_an_official_signs_in_to_the_admin_with_the_e_mail_address(client):
    official = OfficialFactory(email="urzedniczka@example.org", username="urz-1")
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": official.email, "password": PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_a_wrong_password_is_refused_naming_the_e_mail_address(client):
    OfficialFactory(email="urzedniczka@example.org")
    response = client.post(
        "/admin/login/", {"username": "urzedniczka@example.org", "password": "wrong"}
    )
    page = response.content.decode()
    assert "Wprowadź poprawne dane w polach „adres e-mail” i „hasło”" in page
    assert "nazwa użytkownika" not in page.lower()


@pytest.mark.parametrize(
    "path", ["/", "/centres/", "/accounts/login/", "/admin/login/", "/no-such-page/"]
)
def test_every_page_has_the_portal_s_own_favicon(client, path):
    page = client.get(path).content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page


def test_the_server_error_page_has_the_favicon_too():
    assert 'rel="icon" href="/static/favicon.svg"' in render_to_string("500.html")


def test_the_favicon_is_served_from_the_portal(client):
    assert finders.find("favicon.svg")
