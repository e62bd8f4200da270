"""A resident sees their sign-up on /account/, removes its data from the cancel page, and
then deletes the account; each page passes axe-core."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from signups.models import Registration
from tests.factories import PASSWORD, UserFactory
from tests.trainings.factories import RegistrationFactory, SessionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_resident_removes_a_sign_ups_data_and_deletes_the_account(page, live_server, axe_check):
    user = UserFactory(email="ola@example.org")
    first = SessionFactory(training__title="Organizowanie społeczności").training
    second = SessionFactory(training__title="Współpraca z miastem").training
    RegistrationFactory(signup_list=first.signup_list, email=user.email, full_name="Ola")
    RegistrationFactory(signup_list=second.signup_list, email=user.email, full_name="Ola")
    url = live_server.url
    page.goto(f"{url}/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/account/")
    axe_check(page)
    signups = page.locator("#signups-title ~ table")
    expect(signups).to_contain_text("Organizowanie społeczności")
    signups.get_by_role("link", name=re.compile("usuń moje dane.*Organizowanie")).click()
    axe_check(page)
    page.get_by_role("button", name="Anuluj i usuń moje dane").click()
    expect(page.locator(".alert-success")).to_contain_text("Twoje dane usunięte")
    axe_check(page)
    assert Registration.objects.filter(signup_list=first.signup_list).get().email == ""

    page.goto(f"{url}/account/")
    expect(page.locator("#signups-title ~ table")).not_to_contain_text("Organizowanie")
    page.get_by_role("link", name="Usuń moje konto").click()
    axe_check(page)
    page.get_by_label("Twoje hasło").fill("nie-to-haslo")
    page.get_by_label("Rozumiem").check()
    page.get_by_role("button", name="Usuń moje konto na zawsze").click()
    expect(page.locator("main")).to_contain_text("To nie jest Twoje hasło.")
    axe_check(page)
    page.get_by_label("Twoje hasło").fill(PASSWORD)
    page.get_by_label("Rozumiem").check()
    page.get_by_role("button", name="Usuń moje konto na zawsze").click()
    expect(page.locator(".alert-success")).to_contain_text("danymi 1 zapisu")
    axe_check(page)
    assert not get_user_model().objects.filter(email=user.email).exists()
    assert not Registration.objects.exclude(email="").exists()
