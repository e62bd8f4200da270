"""A resident deletes their account from /account/: the sign-ups' data go, the
organisations' records stay."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from grants.models import Application
from organisations.models import Invitation, Membership
from signups.models import Registration
from tests.factories import PASSWORD, OfficialFactory, OrganisationFactory
from tests.grants.factories import ApplicationFactory
from tests.trainings.factories import RegistrationFactory, SessionFactory

URL = "/account/delete/"


def test_the_dashboard_lists_my_sign_ups_and_links_the_deletion(client, user):
    mine = RegistrationFactory(email=user.email.upper())
    RegistrationFactory()  # someone else's
    client.force_login(user)
    page = client.get("/account/").content.decode()
    assert mine.signup_list.title in page
    assert mine.cancel_token in page
    assert page.count("/signups/") == 1
    assert URL in page


def test_a_sign_up_with_an_unverified_address_is_not_shown(client, user):
    EmailAddress.objects.create(user=user, email="second@example.org", verified=False)
    other = RegistrationFactory(email="second@example.org")
    client.force_login(user)
    assert other.cancel_token not in client.get("/account/").content.decode()


def test_a_wrong_password_or_no_confirmation_deletes_nothing(client, user):
    client.force_login(user)
    response = client.post(URL, {"password": "zgadywane", "confirm": "on"})
    assert "To nie jest Twoje hasło." in response.content.decode()
    response = client.post(URL, {"password": PASSWORD})
    assert "Zaznacz pole, aby potwierdzić" in response.content.decode()
    assert get_user_model().objects.filter(pk=user.pk).exists()


def test_deleting_the_account_removes_the_sign_ups_data_and_keeps_the_organisation(
    client, owner, organisation, django_capture_on_commit_callbacks
):
    session = SessionFactory(training__capacity=1)
    signup_list = session.training.signup_list
    seat = RegistrationFactory(signup_list=signup_list, email=owner.email, full_name="Ola")
    waiting = RegistrationFactory(
        signup_list=signup_list, status="waiting", waiting_since=seat.created_at
    )
    application = ApplicationFactory(organisation=organisation, created_by=owner)
    Invitation.objects.create(organisation=OrganisationFactory(), email=owner.email.upper())
    client.force_login(owner)
    page = client.get(URL).content.decode()
    assert organisation.name in page, "warned: the only owner leaves"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"password": PASSWORD, "confirm": "on"}, follow=True)
    assert "Twoje konto zostało usunięte wraz z danymi 1 zapisu." in response.content.decode()
    assert not get_user_model().objects.filter(pk=owner.pk).exists()
    assert not EmailAddress.objects.filter(email=owner.email).exists()
    assert not Invitation.objects.exists()
    seat.refresh_from_db()
    assert (seat.status, seat.full_name, seat.email) == ("cancelled", "", "")
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    # The organisation and its application stay; the application names no account now.
    organisation.refresh_from_db()
    application = Application.objects.get(pk=application.pk)
    assert application.organisation == organisation and application.created_by is None
    assert not Membership.objects.filter(organisation=organisation).exists()
    # Signed out.
    assert client.get("/account/").status_code == 302


def test_an_officials_account_is_not_deleted_here(client, db):
    official = OfficialFactory()
    RegistrationFactory(email=official.email)
    client.force_login(official)
    response = client.post(URL, {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 200
    assert "zamyka administrator" in response.content.decode()
    assert get_user_model().objects.filter(pk=official.pk).exists()
    assert Registration.objects.not_anonymised().count() == 1


def test_the_dashboards_sign_ups_take_the_same_queries_for_one_and_for_many(
    client, user, django_assert_num_queries
):
    client.force_login(user)
    RegistrationFactory(email=user.email)
    client.get("/account/")
    with CaptureQueriesContext(connection) as one:
        client.get("/account/")
    for _ in range(8):
        RegistrationFactory(email=user.email)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get("/account/")
    assert response.content.decode().count("/cancel/") == 9
