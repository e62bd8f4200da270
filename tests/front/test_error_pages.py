"""A visitor who meets an error gets the portal's page, in Polish, with a way back."""

import pytest
from django.test import Client

from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def _in_portal_frame(html: str) -> None:
    assert '<html lang="pl">' in html
    assert 'href="#main"' in html  # the skip link of the portal's frame
    assert "Deklaracja dostępności" in html  # its footer
    assert 'href="/"' in html


def test_an_unknown_address_gets_the_portals_404_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Nie znaleziono strony</h1>" in html
    _in_portal_frame(html)


def test_a_forbidden_page_gets_the_portals_403_page(client):
    member = MembershipFactory(role="member")
    client.force_login(member.user)
    response = client.get(f"/organisations/{member.organisation.pk}/edit/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>Brak dostępu</h1>" in html
    _in_portal_frame(html)


def test_a_form_sent_without_its_csrf_token_gets_a_polish_explanation(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"login": "a@example.org", "password": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Nie udało się wysłać formularza" in html
    assert "odśwież stronę" in html
    _in_portal_frame(html)


@pytest.mark.urls("tests.front.error_urls")
def test_a_server_error_gets_the_portals_500_page_in_both_languages():
    client = Client(raise_request_exception=False)
    response = client.get("/fail/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Przepraszamy, wystąpił błąd serwera" in html
    assert "Sorry, a server error occurred" in html
    assert "/static/css/portal.css" in html
    assert 'href="/"' in html
