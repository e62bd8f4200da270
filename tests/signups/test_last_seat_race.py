"""The last free seat goes to exactly one of two people confirming at the same moment."""

import threading

import pytest
from django.db import connection

from signups import services
from signups.models import Registration
from tests.trainings.factories import SessionFactory


def _pending_pair():
    training = SessionFactory(training__capacity=1).training
    people = [
        services.registration_create(
            signup_list=training.signup_list,
            data={"full_name": f"Osoba {i}", "email": f"p{i}@example.org", "consent": True},
        )[0]
        for i in range(2)
    ]
    return training.signup_list, people


@pytest.mark.django_db(transaction=True)
def test_the_last_seat_goes_to_exactly_one_of_two_people_confirming_at_once():
    signup_list, people = _pending_pair()
    if connection.vendor == "postgresql":
        # Two threads, each with its own database connection, released together: the
        # row lock on the sign-up list makes one wait for the other's decision.
        barrier = threading.Barrier(2)
        errors = []

        def confirm(registration):
            try:
                barrier.wait(timeout=10)
                services.registration_confirm(registration=registration)
            except Exception as e:  # reported below, a thread cannot fail the test itself
                errors.append(e)
            finally:
                connection.close()

        threads = [threading.Thread(target=confirm, args=(p,)) for p in people]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
        assert not errors, errors
    else:
        # SQLite has no row locks and serialises writers; the rule is still checked for
        # requests that come one after the other.
        for p in people:
            services.registration_confirm(registration=p)
    statuses = sorted(
        Registration.objects.filter(signup_list=signup_list).values_list("status", flat=True)
    )
    assert statuses == [Registration.Status.CONFIRMED, Registration.Status.WAITING]
