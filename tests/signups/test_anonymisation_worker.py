import time

import pytest

from signups.models import Registration
from signups.tasks import registrations_anonymise_task
from tests.events.factories import EventFactory
from tests.reports.factories import at
from tests.test_runtime_services import celery_worker  # noqa: F401 - the fixture
from tests.trainings.factories import RegistrationFactory


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_removes_expired_sign_ups_data(celery_worker):  # noqa: F811
    old = RegistrationFactory(signup_list=EventFactory(starts_at=at(2020, 5, 1)).signup_list)
    coming = RegistrationFactory(signup_list=EventFactory().signup_list)
    registrations_anonymise_task.delay()
    deadline = time.monotonic() + 20
    while Registration.objects.not_anonymised().filter(pk=old.pk).exists():
        assert time.monotonic() < deadline, "the worker did not run the task"
        time.sleep(0.1)
    old.refresh_from_db()
    assert (old.full_name, old.email) == ("", "")
    assert Registration.objects.get(pk=coming.pk).email == coming.email
