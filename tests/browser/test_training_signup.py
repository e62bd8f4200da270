"""A resident finds a training from the home page, signs up, confirms and cancels from the
e-mails, and the next person on the waiting list gets the seat."""

import re

import pytest
from django.core import mail

from signups import services
from signups.models import Registration
from tests.trainings.factories import SessionFactory


def path_in_mail(message, kind: str) -> str:
    return re.search(rf"https?://[^/\s]+(/signups/\S+/{kind}/)", message.body).group(1)


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

    page.goto(live_server.url + "/")
    axe_check(page)
    page.get_by_role("link", name=training.title).first.click()
    page.wait_for_url(f"**{training.get_absolute_url()}")
    axe_check(page)

    page.locator("#id_full_name").fill("Anna Nowak")
    page.locator("#id_email").fill("anna@example.org")
    page.locator("#id_organisation").fill("Stowarzyszenie Sąsiedzka Wilda")
    page.locator("#id_needs_step_free").check()
    page.locator("#id_consent").check()
    page.locator("#signup-title ~ form button[type=submit]").click()
    page.wait_for_selector(".alert-success")
    axe_check(page)
    anna = Registration.objects.get(email="anna@example.org")
    assert anna.status == "pending"

    page.goto(live_server.url + path_in_mail(mail.outbox[-1], "confirm"))
    axe_check(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector(".alert-success")
    axe_check(page)
    anna.refresh_from_db()
    assert anna.status == "confirmed"
    seat_mail = mail.outbox[-1]
    assert seat_mail.to == ["anna@example.org"]

    # Someone else comes while the only seat is Anna's: the waiting list.
    piotr, _ = services.registration_create(
        signup_list=training.signup_list,
        data={"full_name": "Piotr Kowalski", "email": "piotr@example.org", "consent": True},
    )
    piotr = services.registration_confirm(registration=piotr)
    assert piotr.status == "waiting"

    page.goto(live_server.url + path_in_mail(seat_mail, "cancel"))
    axe_check(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector(".alert-success")
    axe_check(page)
    anna.refresh_from_db()
    piotr.refresh_from_db()
    assert anna.status == "cancelled"
    assert piotr.status == "confirmed"
    assert any(
        m.to == ["piotr@example.org"] and path_in_mail(m, "cancel") for m in mail.outbox[-2:]
    )
