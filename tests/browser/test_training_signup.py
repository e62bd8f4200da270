"""A resident finds a training from the home page, signs up, confirms and cancels from the
e-mails, and the next person on the waiting list, who signed up the same way, gets the seat."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from signups.models import Registration
from tests.trainings.factories import SessionFactory


def path_in_mail(message, kind: str) -> str:
    return re.search(rf"https?://[^/\s]+(/signups/\S+/{kind}/)", message.body).group(1)


def last_mail_to(address: str):
    return next(m for m in reversed(mail.outbox) if m.to == [address])


def sign_up(page, axe_check, *, name: str, email: str, button: str) -> None:
    form = page.locator("#signup-title ~ form")
    form.get_by_label("Imię i nazwisko").fill(name)
    form.get_by_label("E-mail*", exact=True).fill(email)
    form.get_by_label("Organizacja", exact=True).fill("Stowarzyszenie Sąsiedzka Wilda")
    form.get_by_label("Potrzebuję dostępu bez schodów").check()
    axe_check(page)
    form.get_by_role("button", name=button).click()
    # Without consent nothing is kept, and what was typed stays in the form.
    expect(page.locator("#id_consent.is-invalid")).to_be_visible()
    expect(form.get_by_label("Imię i nazwisko")).to_have_value(name)
    assert not Registration.objects.filter(email=email).exists()
    axe_check(page)
    form.get_by_label(re.compile("Zgadzam się na przetwarzanie")).check()
    form.get_by_role("button", name=button).click()
    expect(page.locator(".alert-success")).to_contain_text(email)
    axe_check(page)


def open_link(page, axe_check, url: str, button: str, result: str) -> None:
    page.goto(url)
    axe_check(page)
    page.get_by_role("button", name=button).click()
    expect(page.locator("main")).to_contain_text(result)
    axe_check(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_resident_signs_up_confirms_and_cancels_and_the_waiting_list_moves_up(
    page, live_server, axe_check
):
    training = SessionFactory(
        training__title="Jak napisać wniosek o mikrogrant",
        training__capacity=1,
        training__latitude=None,
    ).training
    url = live_server.url

    # Anna finds the training on the home page and takes the only seat.
    page.goto(url + "/")
    axe_check(page)
    page.get_by_role("link", name=training.title).first.click()
    page.wait_for_url(f"**{training.get_absolute_url()}")
    expect(page.locator("#signup-title ~ p")).to_contain_text("Zostało 1 miejsce")
    sign_up(page, axe_check, name="Anna Nowak", email="anna@example.org", button="Zapisz się")
    anna = Registration.objects.get(email="anna@example.org")
    assert anna.status == "pending"
    assert anna.needs_step_free
    confirm_request = last_mail_to("anna@example.org")
    open_link(
        page,
        axe_check,
        url + path_in_mail(confirm_request, "confirm"),
        "Potwierdzam zapis",
        "Twój zapis jest potwierdzony",
    )
    anna.refresh_from_db()
    assert anna.status == "confirmed"
    seat_mail = last_mail_to("anna@example.org")
    assert seat_mail is not confirm_request

    # Piotr, in his own browser, finds it in the list of trainings: it is full.
    piotr_page = page.context.browser.new_context(locale="pl-PL").new_page()
    piotr_page.goto(url + "/trainings/")
    axe_check(piotr_page)
    card = piotr_page.locator("article", has_text=training.title)
    expect(card).to_contain_text("Brak miejsc: lista rezerwowa")
    card.get_by_role("link", name=training.title).click()
    sign_up(
        piotr_page,
        axe_check,
        name="Piotr Kowalski",
        email="piotr@example.org",
        button="Zapisz się na listę rezerwową",
    )
    open_link(
        piotr_page,
        axe_check,
        url + path_in_mail(last_mail_to("piotr@example.org"), "confirm"),
        "Potwierdzam zapis",
        "jesteś na liście rezerwowej",
    )
    piotr = Registration.objects.get(email="piotr@example.org")
    assert piotr.status == "waiting"

    # Anna cannot come: she cancels from her e-mail, and the seat goes to Piotr.
    open_link(
        page,
        axe_check,
        url + path_in_mail(seat_mail, "cancel"),
        "Anuluj mój zapis",
        "Twój zapis został anulowany.",
    )
    anna.refresh_from_db()
    piotr.refresh_from_db()
    assert anna.status == "cancelled"
    assert piotr.status == "confirmed"
    promoted = last_mail_to("piotr@example.org")
    assert "zwolniło się miejsce" in promoted.body
    assert path_in_mail(promoted, "cancel")

    # The training's page shows the seat taken again, by Piotr.
    piotr_page.goto(url + training.get_absolute_url())
    expect(piotr_page.locator("#signup-title ~ p")).to_contain_text("Wszystkie miejsca są zajęte")
    piotr_page.context.close()
