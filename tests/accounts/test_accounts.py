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


def _link(message, part: str) -> str:
    url = re.search(rf"https?://\S+{part}\S*", message.body).group(0)
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def test_a_forgotten_password_is_replaced_through_the_mailed_link(client):
    user = UserFactory()
    client.post("/accounts/password/reset/", {"email": user.email})
    # allauth first redirects the key link to a URL without the key in it.
    response = client.get(_link(mail.outbox[-1], "/accounts/password/reset/key/"), follow=True)
    form_url = response.redirect_chain[-1][0]
    assert 'name="password1"' in response.content.decode()
    new = "Nowe-haslo-na-Wildzie-7"
    client.post(form_url, {"password1": new, "password2": new})
    client.logout()
    response = client.post("/accounts/login/", {"login": user.email, "password": new})
    assert response["Location"] == "/account/"
    user.refresh_from_db()
    assert user.check_password(new)


def test_a_signed_in_user_changes_the_password_and_stays_signed_in(client):
    user = UserFactory()
    client.force_login(user)
    new = "Inne-haslo-z-Jezyc-8"
    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": new, "password2": new},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)
    assert client.get("/account/").status_code == 200


def test_the_wrong_current_password_changes_nothing(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": "not-it", "password1": "Inne-haslo-8x", "password2": "Inne-haslo-8x"},
    )
    assert response.status_code == 200
    assert "Proszę wpisz swoje obecne hasło." in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_signing_out_ends_the_session(client):
    client.force_login(UserFactory())
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert client.get("/account/").status_code == 302


def test_the_officials_groups_have_their_named_permissions(db):
    from django.contrib.auth.models import Group

    from front.roles import PROGRAMME_OFFICER, REVIEWER, roles_sync
    from tests.factories import OfficialFactory

    roles_sync()
    roles_sync()  # again: the same groups, not new ones
    assert Group.objects.filter(name__in=[PROGRAMME_OFFICER, REVIEWER]).count() == 2
    officer, reviewer = OfficialFactory(), OfficialFactory()
    officer.groups.add(Group.objects.get(name=PROGRAMME_OFFICER))
    reviewer.groups.add(Group.objects.get(name=REVIEWER))
    assert officer.has_perm("centres.change_centre")
    assert officer.has_perm("trainings.change_session")
    assert officer.has_perm("signups.change_registration")
    assert not officer.has_perm("accounts.change_user")
    # Officers read every review and assign reviewers; only reviewers write reviews.
    assert officer.has_perm("grants.view_review") and officer.has_perm("grants.change_application")
    assert not officer.has_perm("grants.add_review")
    assert officer.has_perm("grants.add_reviewerassignment")
    # A reviewer reads applications only through review, never the whole list.
    assert reviewer.has_perm("grants.add_review")
    assert not reviewer.has_perm("grants.view_application")
    assert reviewer.has_perm("organisations.view_organisation")
    assert not reviewer.has_perm("organisations.view_membership")
    assert not reviewer.has_perm("centres.change_centre")
    assert not reviewer.has_perm("signups.view_registration")
