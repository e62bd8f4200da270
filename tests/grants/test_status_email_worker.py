import time
from decimal import Decimal

import pytest
from django.core import mail

from grants import services
from grants.workflow import Status
from tests.test_runtime_services import celery_worker  # noqa: F401 - the fixture

from .factories import in_state


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_tells_the_applicant_of_the_award_after_commit(
    celery_worker,  # noqa: F811
    now,
    application,
    grants_official,
):
    in_state(application, Status.MERIT_REVIEW)
    services.application_transition(
        application=application, name="award", by=grants_official, amount=Decimal("1700.00")
    )
    deadline = time.monotonic() + 20
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.1)
    [message] = mail.outbox
    assert message.to == [application.contact_email]
    assert application.number in message.subject
    assert "1\u00a0700,00" in message.body
