import re

import pytest
from django.core import mail

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_sign_up_sends_a_verification_link_and_sign_in_waits_for_it(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "nowa@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[0].body).group(0)

    response = client.post("/accounts/login/", {"login": "nowa@example.org", "password": PASSWORD})
    assert response["Location"] == "/accounts/confirm-email/"  # not signed in yet

    path = link.split("://", 1)[1].split("/", 1)[1]
    client.post("/" + path)
    response = client.post("/accounts/login/", {"login": "nowa@example.org", "password": PASSWORD})
    assert response["Location"] == "/account/"


def test_repeated_failed_sign_ins_are_stopped(client):
    user = UserFactory()
    for _ in range(5):
        response = client.post("/accounts/login/", {"login": user.email, "password": "wrong"})
        assert "Zbyt wiele" not in response.content.decode()
    response = client.post("/accounts/login/", {"login": user.email, "password": "wrong"})
    assert "Zbyt wiele nieudanych prób logowania" in response.content.decode()
    # Even the right password does not get in while the address is blocked.
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_password_reset_mails_a_link(client):
    user = UserFactory()
    client.post("/accounts/password/reset/", {"email": user.email})
    assert mail.outbox[-1].to == [user.email]
    assert "/accounts/password/reset/key/" in mail.outbox[-1].body


def test_the_sign_in_page_is_polish(client):
    html = client.get("/accounts/login/").content.decode()
    assert "Zaloguj" in html
    assert 'class="btn btn-primary"' in html
