import pytest
from django.contrib.sites.models import Site
from django.core import mail
from django.core.management import call_command

from front.site import site_sync
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_the_site_is_the_programme_at_site_url(settings):
    site = Site.objects.get_current()
    assert site.name == "Centrum Inicjatyw Lokalnych"
    settings.SITE_URL = "https://cil.poznan.pl"
    site_sync()
    site = Site.objects.get_current()
    assert (site.domain, site.name) == ("cil.poznan.pl", "Centrum Inicjatyw Lokalnych")


def test_the_address_confirmation_is_in_polish_and_names_the_programme(client):
    client.post(
        "/accounts/signup/",
        {"email": "nowa@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    message = mail.outbox[-1]
    assert message.subject == "[CIL] Potwierdź adres e-mail"
    assert "Centrum Inicjatyw Lokalnych" in message.body
    assert "example.com" not in message.body
    assert message.body.startswith("Witamy z Centrum Inicjatyw Lokalnych!")


def test_the_password_reset_is_in_polish_and_names_the_programme(client):
    UserFactory(email="anna@example.org")
    client.post("/accounts/password/reset/", {"email": "anna@example.org"})
    message = mail.outbox[-1]
    assert message.subject == "[CIL] E-mail z resetowaniem hasła"
    assert "Centrum Inicjatyw Lokalnych" in message.body
    assert "/accounts/password/reset/key/" in message.body


def test_the_header_names_the_person_by_name_not_address(client):
    user = UserFactory(email="anna@example.org", first_name="Anna", last_name="Nowak")
    client.force_login(user)
    page = client.get("/").content.decode()
    assert "Zalogowano: <strong>Anna Nowak</strong>" in page
    assert "anna@example.org" not in page


def test_the_header_falls_back_to_the_address_without_a_name(client):
    user = UserFactory(email="anna@example.org", first_name="", last_name="")
    client.force_login(user)
    assert "Zalogowano: <strong>anna@example.org</strong>" in client.get("/").content.decode()


def test_allauth_greets_the_person_by_name_on_sign_in(client):
    UserFactory(email="anna@example.org", first_name="Anna", last_name="Nowak")
    response = client.post(
        "/accounts/login/", {"login": "anna@example.org", "password": PASSWORD}, follow=True
    )
    assert "Anna Nowak" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_site_stays_the_programme_after_a_flush():
    # flush (as transactional tests do) lets django.contrib.sites recreate example.com.
    call_command("flush", interactive=False, verbosity=0)
    assert Site.objects.get_current().name == "Centrum Inicjatyw Lokalnych"
