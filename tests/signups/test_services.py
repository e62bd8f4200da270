from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from signups import services
from signups.models import Registration


def sign_up(signup_list, email, name="Jan Kowalski", **extra):
    registration, _ = services.registration_create(
        signup_list=signup_list,
        data={"full_name": name, "email": email, "consent": True, **extra},
    )
    return registration


def signed_up_and_confirmed(signup_list, email):
    return services.registration_confirm(registration=sign_up(signup_list, email))


def test_it_sends_a_confirmation_link_and_keeps_no_seat_until_confirmed(
    signup_list, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = sign_up(signup_list, "Anna@Example.org")
    assert registration.status == Registration.Status.PENDING
    assert registration.email == "anna@example.org"
    assert signup_list.seats_taken() == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["anna@example.org"]
    assert registration.confirm_url() in mail.outbox[0].body


def test_it_gives_a_seat_when_the_address_is_confirmed(
    signup_list, django_capture_on_commit_callbacks
):
    registration = sign_up(signup_list, "anna@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.registration_confirm(registration=registration)
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.confirmed_at is not None
    assert signup_list.seats_taken() == 1
    assert registration.cancel_url() in mail.outbox[-1].body


def test_it_puts_people_on_the_waiting_list_when_the_training_is_full(signup_list):
    signed_up_and_confirmed(signup_list, "a@example.org")
    signed_up_and_confirmed(signup_list, "b@example.org")
    third = signed_up_and_confirmed(signup_list, "c@example.org")
    assert third.status == Registration.Status.WAITING
    assert third.waiting_since is not None
    assert signup_list.seats_taken() == 2


def test_it_promotes_the_first_waiting_person_when_someone_cancels(
    signup_list, django_capture_on_commit_callbacks
):
    first = signed_up_and_confirmed(signup_list, "a@example.org")
    signed_up_and_confirmed(signup_list, "b@example.org")
    with time_machine.travel(timezone.now() + timedelta(minutes=1)):
        early = signed_up_and_confirmed(signup_list, "c@example.org")
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        late = signed_up_and_confirmed(signup_list, "d@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=first)
    early.refresh_from_db()
    late.refresh_from_db()
    assert early.status == Registration.Status.CONFIRMED
    assert late.status == Registration.Status.WAITING
    assert signup_list.seats_taken() == 2
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["a@example.org", "c@example.org"]
    promoted = next(m for m in mail.outbox if m.to == ["c@example.org"])
    assert early.cancel_url() in promoted.body


def test_a_waiting_person_who_cancels_frees_no_seat(signup_list):
    signed_up_and_confirmed(signup_list, "a@example.org")
    signed_up_and_confirmed(signup_list, "b@example.org")
    waiting = signed_up_and_confirmed(signup_list, "c@example.org")
    after = signed_up_and_confirmed(signup_list, "d@example.org")
    services.registration_cancel(registration=waiting)
    after.refresh_from_db()
    assert after.status == Registration.Status.WAITING
    assert signup_list.seats_taken() == 2


def test_cancelling_twice_promotes_only_once(signup_list):
    first = signed_up_and_confirmed(signup_list, "a@example.org")
    signed_up_and_confirmed(signup_list, "b@example.org")
    signed_up_and_confirmed(signup_list, "c@example.org")
    signed_up_and_confirmed(signup_list, "d@example.org")
    services.registration_cancel(registration=first)
    services.registration_cancel(registration=first)
    assert signup_list.seats_taken() == 2
    assert signup_list.registrations.filter(status="waiting").count() == 1


def test_confirming_twice_changes_nothing(signup_list):
    registration = signed_up_and_confirmed(signup_list, "a@example.org")
    again = services.registration_confirm(registration=registration)
    assert again.status == Registration.Status.CONFIRMED
    assert signup_list.seats_taken() == 1


def test_more_capacity_moves_the_waiting_list_up(training, signup_list):
    signed_up_and_confirmed(signup_list, "a@example.org")
    signed_up_and_confirmed(signup_list, "b@example.org")
    waiting = signed_up_and_confirmed(signup_list, "c@example.org")
    training.capacity = 3
    training.save()
    signup_list.refresh_from_db()
    promoted = services.signup_list_fill(signup_list=signup_list)
    assert [r.pk for r in promoted] == [waiting.pk]


def test_the_database_refuses_a_second_active_registration_for_the_same_person(signup_list):
    sign_up(signup_list, "a@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            signup_list=signup_list, full_name="X", email="a@example.org", consent=True
        )


def test_it_refuses_a_second_sign_up_of_a_confirmed_person(signup_list):
    signed_up_and_confirmed(signup_list, "a@example.org")
    with pytest.raises(ValidationError) as e:
        sign_up(signup_list, "A@example.org")
    assert "email" in e.value.error_dict


def test_signing_up_again_before_confirming_sends_the_link_again(
    signup_list, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = sign_up(signup_list, "a@example.org")
        again = sign_up(signup_list, "a@example.org")
    assert again.pk == first.pk
    assert len(mail.outbox) == 2
    assert signup_list.registrations.count() == 1


def test_a_person_who_cancelled_may_sign_up_again(signup_list):
    first = signed_up_and_confirmed(signup_list, "a@example.org")
    services.registration_cancel(registration=first)
    again = sign_up(signup_list, "a@example.org")
    assert again.pk != first.pk


def test_it_refuses_sign_up_without_consent(signup_list):
    with pytest.raises(ValidationError):
        services.registration_create(
            signup_list=signup_list,
            data={"full_name": "Jan", "email": "a@example.org", "consent": False},
        )
    assert not signup_list.registrations.exists()


def test_it_refuses_sign_up_after_the_deadline_in_warsaw_time(training):
    closes = timezone.now().replace(microsecond=0) + timedelta(days=1)
    training.signup_closes_at = closes
    training.save()
    signup_list = training.signup_list
    signup_list.refresh_from_db()
    with time_machine.travel(closes - timedelta(seconds=1)):
        sign_up(signup_list, "early@example.org")
    with time_machine.travel(closes), pytest.raises(ValidationError):
        sign_up(signup_list, "late@example.org")


def test_it_refuses_sign_up_for_open_entry(training):
    training.signups_enabled = False
    training.save()
    training.signup_list.refresh_from_db()
    with pytest.raises(ValidationError):
        sign_up(training.signup_list, "a@example.org")


def test_no_capacity_means_no_waiting_list(training):
    training.capacity = None
    training.save()
    signup_list = training.signup_list
    signup_list.refresh_from_db()
    people = [signed_up_and_confirmed(signup_list, f"p{i}@example.org") for i in range(5)]
    assert {p.status for p in people} == {Registration.Status.CONFIRMED}


def test_officials_message_reaches_everyone_but_the_cancelled(
    signup_list, django_capture_on_commit_callbacks
):
    a = signed_up_and_confirmed(signup_list, "a@example.org")
    b = signed_up_and_confirmed(signup_list, "b@example.org")
    services.registration_cancel(registration=b)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.registrations_message(
            registrations=[a, Registration.objects.get(pk=b.pk)],
            subject="Zmiana sali",
            body="Spotykamy się w sali 2.",
        )
    assert sent == 1
    assert [m.to for m in mail.outbox] == [["a@example.org"]]
    assert "sali 2" in mail.outbox[0].body


def test_unconfirmed_sign_ups_are_deleted_after_a_week(signup_list):
    old = sign_up(signup_list, "old@example.org")
    kept = signed_up_and_confirmed(signup_list, "kept@example.org")
    with time_machine.travel(timezone.now() + timedelta(days=6)):
        assert services.registrations_purge_unconfirmed() == 0
        fresh = sign_up(signup_list, "fresh@example.org")
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        assert services.registrations_purge_unconfirmed() == 1
    remaining = set(signup_list.registrations.values_list("pk", flat=True))
    assert remaining == {kept.pk, fresh.pk}
    assert old.pk not in remaining


def test_without_a_deadline_sign_up_closes_when_the_training_begins(training, signup_list):
    signup_list.refresh_from_db()
    start = training.sessions.get().starts_at
    with time_machine.travel(start + timedelta(minutes=1)), pytest.raises(ValidationError):
        sign_up(signup_list, "late@example.org")


def test_a_sign_up_cannot_be_confirmed_once_the_training_has_begun(training, signup_list):
    registration = sign_up(signup_list, "late@example.org")
    begins = training.sessions.get().starts_at
    with (
        time_machine.travel(begins + timedelta(minutes=5), tick=False),
        pytest.raises(ValidationError, match="już się rozpoczęło"),
    ):
        services.registration_confirm(registration=registration)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.PENDING


def test_a_seat_freed_after_the_start_promotes_nobody(
    training, signup_list, django_capture_on_commit_callbacks
):
    first = signed_up_and_confirmed(signup_list, "a@example.org")
    signed_up_and_confirmed(signup_list, "b@example.org")
    waiting = signed_up_and_confirmed(signup_list, "c@example.org")
    begins = training.sessions.get().starts_at
    with (
        time_machine.travel(begins + timedelta(minutes=5), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.registration_cancel(registration=first)
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.WAITING
    assert not [m for m in mail.outbox if m.to == ["c@example.org"] and "zwolniło" in m.body]


def test_only_the_people_with_a_seat_get_the_link_to_join_online(
    training, signup_list, django_capture_on_commit_callbacks
):
    from tests.trainings.factories import SessionFactory

    training.online_url = "https://spotkania.example.org/osl"
    training.capacity = 1
    training.save()
    SessionFactory(training=training, online_url="https://spotkania.example.org/osl-2")
    with django_capture_on_commit_callbacks(execute=True):
        seated = signed_up_and_confirmed(signup_list, "a@example.org")
        signed_up_and_confirmed(signup_list, "b@example.org")
    seat_mail = [m for m in mail.outbox if m.to == ["a@example.org"]][-1]
    waiting_mail = [m for m in mail.outbox if m.to == ["b@example.org"]][-1]
    assert "https://spotkania.example.org/osl\n" in seat_mail.body
    assert "https://spotkania.example.org/osl-2" in seat_mail.body
    assert "spotkania.example.org" not in waiting_mail.body

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=seated)
    promoted = [m for m in mail.outbox if m.to == ["b@example.org"]][-1]
    assert "https://spotkania.example.org/osl-2" in promoted.body
