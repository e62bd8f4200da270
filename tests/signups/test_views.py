import re
from datetime import timedelta

import time_machine
from django.core import mail

from signups.models import Registration

FORM = {
    "full_name": "Anna Nowak",
    "email": "anna@example.org",
    "organisation": "Stowarzyszenie Sąsiedzka Wilda",
    "needs_step_free": "on",
    "consent": "on",
}


def link_in_last_mail(kind: str) -> str:
    return re.search(rf"https?://\S+/signups/\S+/{kind}/", mail.outbox[-1].body).group(0)


def path_of(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def test_signing_up_on_the_page_sends_the_link_and_confirming_gives_a_seat(
    client, training, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(training.get_absolute_url(), FORM)
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.status == "pending"
    assert registration.needs_step_free
    confirm = path_of(link_in_last_mail("confirm"))
    assert client.get(confirm).status_code == 200
    registration.refresh_from_db()
    assert registration.status == "pending", "a GET (a mail scanner) must not confirm"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(confirm)
    assert response.status_code == 200
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    cancel = path_of(link_in_last_mail("cancel"))
    response = client.post(cancel)
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == "cancelled"


def test_the_form_keeps_what_was_typed_and_says_what_is_wrong(client, training):
    response = client.post(training.get_absolute_url(), {**FORM, "email": "nie-adres"})
    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="Anna Nowak"' in content
    assert "is-invalid" in content
    assert not Registration.objects.exists()


def test_it_refuses_sign_up_without_consent_on_the_page(client, training):
    data = {k: v for k, v in FORM.items() if k != "consent"}
    response = client.post(training.get_absolute_url(), data)
    assert response.status_code == 200
    assert "consent" in response.context["form"].errors
    assert not Registration.objects.exists()


def test_a_double_submit_makes_one_registration(client, training):
    client.post(training.get_absolute_url(), FORM)
    client.post(training.get_absolute_url(), FORM)
    assert Registration.objects.count() == 1


def test_a_tampered_cancel_link_is_refused(client, training, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(training.get_absolute_url(), FORM)
    registration = Registration.objects.get()
    token = registration.token("cancel")
    payload, rest = token.split(":", 1)
    forged = payload[:-2] + ("AA" if payload[-2:] != "AA" else "BB") + ":" + rest
    assert client.post(f"/signups/{forged}/cancel/").status_code == 404
    assert client.post(f"/signups/{token}x/cancel/").status_code == 404
    registration.refresh_from_db()
    assert registration.status == "pending"


def test_a_confirmation_link_cannot_cancel(client, training):
    client.post(training.get_absolute_url(), FORM)
    registration = Registration.objects.get()
    response = client.post(f"/signups/{registration.token('confirm')}/cancel/")
    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.status == "pending"


def test_a_confirmation_after_the_start_is_refused_on_the_page(client, training):
    client.post(training.get_absolute_url(), FORM)
    registration = Registration.objects.get()
    begins = training.sessions.get().starts_at
    with time_machine.travel(begins + timedelta(hours=1), tick=False):
        response = client.post(f"/signups/{registration.token('confirm')}/confirm/")
    assert response.status_code == 200
    assert "już się rozpoczęło" in response.content.decode()
    assert "Potwierdzam zapis" not in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == "pending"
