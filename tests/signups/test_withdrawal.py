"""Withdrawing consent: the cancel link, and officials handling a request, remove the data."""

from django.core import mail

from signups.models import Registration
from tests.signups.test_admin import CHANGELIST, action
from tests.trainings.factories import AttendanceFactory, RegistrationFactory


def cancel_path(registration: Registration) -> str:
    return "/" + registration.cancel_url().split("://", 1)[1].split("/", 1)[1]


def test_the_cancel_link_removes_the_data_when_asked_and_the_next_person_gets_the_seat(
    client, signup_list, django_capture_on_commit_callbacks
):
    anna = RegistrationFactory(
        signup_list=signup_list, full_name="Anna Nowak", email="anna@example.org"
    )
    RegistrationFactory(signup_list=signup_list)
    waiting = RegistrationFactory(
        signup_list=signup_list, status="waiting", waiting_since=anna.created_at
    )
    page = client.get(cancel_path(anna)).content.decode()
    assert "Anuluj i usuń moje dane" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(cancel_path(anna), {"remove_data": "1"}, follow=True)
    assert "Twój zapis został anulowany, a Twoje dane usunięte." in response.content.decode()
    anna.refresh_from_db()
    assert (anna.status, anna.full_name, anna.email) == ("cancelled", "", "")
    assert anna.is_anonymised
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    # The promoted person hears of it; nothing goes to the removed address.
    assert [m.to for m in mail.outbox] == [[waiting.email]]
    page = client.get(cancel_path(anna)).content.decode()
    assert "Dane osobowe tego zapisu zostały usunięte" in page
    assert "anna@example.org" not in page


def test_plain_cancelling_keeps_the_data_until_the_end_of_the_following_year(client, signup_list):
    anna = RegistrationFactory(signup_list=signup_list, email="anna@example.org")
    client.post(cancel_path(anna))
    anna.refresh_from_db()
    assert (anna.status, anna.email, anna.is_anonymised) == ("cancelled", "anna@example.org", False)
    # A cancelled sign-up's data can still be removed from the same link.
    assert "Usuń moje dane" in client.get(cancel_path(anna)).content.decode()
    client.post(cancel_path(anna), {"remove_data": "1"})
    anna.refresh_from_db()
    assert anna.is_anonymised and anna.email == ""


def test_who_came_still_counts_after_the_person_withdrew(client, training):
    session = training.sessions.get()
    registration = RegistrationFactory(signup_list=training.signup_list, organisation="Rada")
    AttendanceFactory(session=session, registration=registration)
    client.post(cancel_path(registration), {"remove_data": "1"})
    assert session.attendances.get().registration.organisation == "Rada"


def test_an_official_removes_a_persons_data_and_the_admin_shows_it_so(
    client,
    officer,  # noqa: F811
    signup_list,
):
    anna = RegistrationFactory(
        signup_list=signup_list, full_name="Anna Nowak", needs_other="pętla indukcyjna"
    )
    client.force_login(officer)
    response = action(client, "remove_personal_data", [anna])
    assert response.status_code == 302
    anna.refresh_from_db()
    assert anna.is_anonymised and anna.needs_other == ""
    listing = client.get(CHANGELIST).content.decode()
    assert "(dane zanonimizowane)" in listing
    assert "Anna Nowak" not in listing
    # Nothing of it can be typed back in.
    url = f"{CHANGELIST}{anna.pk}/change/"
    page = client.get(url).content.decode()
    assert 'name="full_name"' not in page and 'name="email"' not in page
    client.post(url, {"full_name": "Anna Nowak", "email": "anna@example.org"})
    anna.refresh_from_db()
    assert (anna.full_name, anna.email) == ("", "")


def test_the_attendance_checklist_names_a_removed_person_as_such(client, officer, training):  # noqa: F811
    session = training.sessions.get()
    registration = RegistrationFactory(signup_list=training.signup_list, full_name="Anna Nowak")
    Registration.objects.filter(pk=registration.pk).anonymise()
    client.force_login(officer)
    page = client.get(f"/admin/trainings/session/{session.pk}/change/").content.decode()
    assert "(dane zanonimizowane)" in page
