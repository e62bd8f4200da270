"""Sign-ups are kept until the end of the year after their training or event, as the
privacy notice says; then their personal data go and the yearly report stays the same."""

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command

from cil_portal.celery import app
from reports import services as reports_services
from signups import services
from signups.models import Registration
from tests.events.factories import EventFactory
from tests.reports.factories import at, grow_year
from tests.trainings.factories import (
    AttendanceFactory,
    RegistrationFactory,
    SessionFactory,
    TrainingFactory,
)

WARSAW = ZoneInfo("Europe/Warsaw")


def personal(registration: Registration) -> tuple:
    registration.refresh_from_db()
    return (
        registration.full_name,
        registration.email,
        registration.needs_sign_language,
        registration.needs_step_free,
        registration.needs_other,
    )


def a_year_with_people(year: int):
    """Trainings and events of `year` where the same people come to several of them."""
    grow_year(year, projects=4, events=6, trainings=3)
    training = TrainingFactory(capacity=None)
    session = SessionFactory(training=training, starts_at=at(year, 3, 5))
    event = EventFactory(starts_at=at(year, 9, 1), ends_at=None, kind="integration")
    for n, organisation in enumerate(["Fundacja A", "fundacja  a", "", "Stowarzyszenie B"]):
        email = f"mieszkaniec{n}@example.org"
        AttendanceFactory(
            session=session,
            registration=RegistrationFactory(
                signup_list=training.signup_list,
                email=email,
                full_name=f"Osoba {n}",
                organisation=organisation,
                needs_other="pętla indukcyjna",
            ),
        )
        RegistrationFactory(
            signup_list=event.signup_list,
            email=email.upper(),
            organisation=organisation,
            attended=n != 2,
            needs_step_free=True,
        )
    RegistrationFactory(signup_list=event.signup_list, status="cancelled", attended=True)


def test_the_yearly_report_is_the_same_before_and_after_the_data_are_removed(db):
    a_year_with_people(2024)
    before = reports_services.summary_build(year=2024)
    assert before.people_engaged > 4 and before.representatives > 0

    removed = services.registrations_anonymise_expired(now=datetime(2099, 1, 1, tzinfo=WARSAW))

    assert removed == Registration.objects.count() > 0
    assert not Registration.objects.exclude(email="").exists()
    assert not Registration.objects.exclude(full_name="").exists()
    assert not Registration.objects.filter(needs_step_free=True).exists()
    assert not Registration.objects.exclude(needs_other="").exists()
    assert reports_services.summary_build(year=2024) == before


def test_a_person_who_withdrew_from_one_sign_up_still_counts_once(db):
    a_year_with_people(2024)
    before = reports_services.summary_build(year=2024)
    one, other = Registration.objects.filter(email="mieszkaniec0@example.org").order_by("pk")
    services.registration_withdraw(registration=one)
    assert personal(one) == ("", "", False, False, "")
    # The same person's other sign-up keeps the address; the report still counts them once.
    assert personal(other)[1] == "mieszkaniec0@example.org"
    assert reports_services.summary_build(year=2024) == before


def test_it_removes_the_data_once_the_year_after_the_event_ends_in_warsaw(db):
    # Ends at 23:30 on 31 December 2024 in Poznań, which is still 2024 there and 22:30 UTC.
    late = EventFactory(
        starts_at=datetime(2024, 12, 31, 20, tzinfo=WARSAW),
        ends_at=datetime(2024, 12, 31, 23, 30, tzinfo=WARSAW),
    )
    kept = RegistrationFactory(signup_list=late.signup_list, full_name="Anna Nowak")
    # A training whose last session is in 2025 is kept until the end of 2026.
    training = TrainingFactory()
    SessionFactory(training=training, starts_at=datetime(2024, 11, 5, 10, tzinfo=WARSAW))
    SessionFactory(training=training, starts_at=datetime(2025, 1, 14, 10, tzinfo=WARSAW))
    learner = RegistrationFactory(signup_list=training.signup_list, full_name="Jan Wiśniewski")

    last_minute = datetime(2025, 12, 31, 23, 59, tzinfo=WARSAW)
    assert services.registrations_anonymise_expired(now=last_minute) == 0
    assert personal(kept)[0] == "Anna Nowak"

    new_year = datetime(2026, 1, 1, 0, 0, tzinfo=WARSAW)  # 23:00 UTC on 31 December
    assert services.registrations_anonymise_expired(now=new_year, dry_run=True) == 1
    assert personal(kept)[0] == "Anna Nowak", "a dry run changes nothing"
    assert services.registrations_anonymise_expired(now=new_year) == 1
    assert personal(kept) == ("", "", False, False, "")
    assert kept.is_anonymised and kept.person_key
    assert personal(learner)[0] == "Jan Wiśniewski"

    assert services.registrations_anonymise_expired(now=new_year) == 0, "idempotent"
    assert services.registrations_anonymise_expired(now=new_year + timedelta(days=366)) == 1
    assert personal(learner)[0] == ""


def test_removed_sign_ups_get_no_more_e_mails(db, django_capture_on_commit_callbacks):
    event = EventFactory()
    registration = RegistrationFactory(signup_list=event.signup_list)
    services.registration_withdraw(registration=registration)
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.registrations_message(
            registrations=Registration.objects.all(), subject="Zmiana sali", body="Sala 2"
        )
    assert sent == 0
    assert mail.outbox == []


@pytest.mark.parametrize(
    "count, dry, said",
    [
        (1, False, "Usunięto dane osobowe 1 zapisu."),
        (3, False, "Usunięto dane osobowe 3 zapisów."),
        (1, True, "Dane osobowe 1 zapisu zostałyby usunięte."),
        (2, True, "Dane osobowe 2 zapisów zostałyby usunięte."),
        (5, True, "Dane osobowe 5 zapisów zostałyby usunięte."),
        (0, False, "Nie ma zapisów, których dane należy już usunąć."),
    ],
)
def test_the_command_says_in_polish_how_many(db, count, dry, said):
    event = EventFactory(starts_at=at(2020, 5, 1), ends_at=None)
    for _ in range(count):
        RegistrationFactory(signup_list=event.signup_list)
    out = io.StringIO()
    call_command("anonymise_signups", *(["--dry-run"] if dry else []), stdout=out)
    assert out.getvalue().strip() == said
    assert Registration.objects.not_anonymised().count() == (count if dry else 0)


def test_beat_runs_the_removal_and_the_purge_every_day():
    schedule = settings.CELERY_BEAT_SCHEDULE
    tasks = {entry["task"] for entry in schedule.values()}
    assert tasks == {
        "signups.tasks.registrations_anonymise_task",
        "signups.tasks.registrations_purge_unconfirmed_task",
    }
    app.loader.import_default_modules()
    assert tasks <= set(app.tasks)
    for entry in schedule.values():
        assert entry["schedule"].hour == {3} and len(entry["schedule"].minute) == 1


def test_withdrawing_after_the_event_keeps_the_person_counted_as_come(db):
    event = EventFactory(starts_at=at(2024, 6, 1), ends_at=None, kind="debate")
    registrations = [
        RegistrationFactory(signup_list=event.signup_list, attended=True) for _ in range(3)
    ]
    before = reports_services.summary_build(year=2024)
    withdrawn = services.registration_withdraw(registration=registrations[0])
    assert withdrawn.is_anonymised and withdrawn.status == "confirmed"
    assert reports_services.summary_build(year=2024) == before
    assert before.annex_events[0].participants == 3


def test_the_demo_years_report_the_same_after_their_sign_ups_data_are_removed(db):
    call_command("load_demo", stdout=io.StringIO())
    before = {year: reports_services.summary_build(year=year) for year in (2017, 2018)}
    assert (before[2017].people_engaged, before[2018].representatives) == (108, 220)
    removed = services.registrations_anonymise_expired()
    assert removed == Registration.objects.filter(signup_list__ends_at__year__lte=2018).count()
    assert removed > 500
    assert {year: reports_services.summary_build(year=year) for year in (2017, 2018)} == before
