import threading

import pytest
from django.core import mail
from django.db import connection

from grants import services
from grants.models import Application, NumberSequence
from grants.workflow import Status


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_submissions_make_one(now, complete_application, owner):
    """On PostgreSQL two threads with their own connections really race; on SQLite (one
    writer at a time) the same requests run one after the other. Either way: one
    submission, one history entry, one number, one e-mail."""
    racing = connection.vendor == "postgresql"
    barrier = threading.Barrier(2)
    outcomes = []

    def submit():
        try:
            if racing:
                barrier.wait(timeout=10)
            services.application_submit(application=complete_application, by=owner)
            outcomes.append("ok")
        except Exception as e:  # noqa: BLE001 - reported by the assertion below
            outcomes.append(repr(e))
        finally:
            connection.close()

    if racing:
        threads = [threading.Thread(target=submit) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
    else:
        submit()
        submit()

    assert outcomes == ["ok", "ok"]
    application = Application.objects.get(pk=complete_application.pk)
    assert application.status == Status.SUBMITTED
    assert application.events.count() == 1
    assert NumberSequence.objects.get().last == 1
    assert len(mail.outbox) == 1
