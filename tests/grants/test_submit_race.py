import threading

import pytest
from django.core import mail
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

from grants import services
from grants.models import Application, Call, NumberSequence
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


def _locks_seen_while(application, action) -> dict:
    """Which of the application's call and row another request can lock while `action`
    runs in a transaction: on PostgreSQL the other request runs while the action holds its
    locks; on SQLite (no row locks, one writer at a time) it runs after."""
    racing = connection.vendor == "postgresql"
    seen = {}

    def other_request():
        try:
            for name, model, pk in [
                ("call", Call, application.call_id),
                ("application", Application, application.pk),
            ]:
                try:
                    with transaction.atomic():
                        model.objects.select_for_update(nowait=True).get(pk=pk)
                    seen[name] = "free"
                except DatabaseError:
                    seen[name] = "locked"
        finally:
            connection.close()

    thread = threading.Thread(target=other_request)
    with transaction.atomic():
        action()
        if racing:
            thread.start()
            thread.join(timeout=30)
    if not racing:
        thread.start()
        thread.join(timeout=30)
    return seen


@pytest.mark.django_db(transaction=True)
def test_saving_a_draft_locks_the_application_and_leaves_its_call_free(now, application, owner):
    """While a draft is being saved (an attachment may take long to write), another
    request can still lock the call, to award in it or publish its results; only the
    application itself waits."""
    seen = _locks_seen_while(
        application,
        lambda: services.application_update(
            application=application, by=owner, section="applicant", data={"contact_name": "Ola"}
        ),
    )
    racing = connection.vendor == "postgresql"
    assert seen == {"call": "free", "application": "locked" if racing else "free"}


@pytest.mark.django_db(transaction=True)
def test_submitting_locks_the_application_and_leaves_its_call_free(
    now, complete_application, owner
):
    """200 applicants pressing "Submit" at the deadline must not queue on their call: a
    submission holds its own application's row, and the call stays free for the others
    (and for awards and publishing)."""
    seen = _locks_seen_while(
        complete_application,
        lambda: services.application_submit(application=complete_application, by=owner),
    )
    racing = connection.vendor == "postgresql"
    assert seen == {"call": "free", "application": "locked" if racing else "free"}


def test_the_number_is_taken_last_so_its_lock_is_held_briefly(now, complete_application, owner):
    """Every submission under one prefix waits for the number's counter until the one
    holding it commits: nothing but the application's own save may come after it."""
    with CaptureQueriesContext(connection) as queries:
        application = services.application_submit(application=complete_application, by=owner)
    statements = [q["sql"] for q in queries.captured_queries]
    table = NumberSequence._meta.db_table
    first = next(i for i, sql in enumerate(statements) if table in sql)
    after = [sql for sql in statements[first:] if table not in sql and "SAVEPOINT" not in sql]
    assert len(after) == 1 and after[0].startswith("UPDATE"), after
    assert Application._meta.db_table in after[0]
    assert application.number == "CIL/2026/K/001"
