"""The deadline is judged by when "Submit" reached the server, not by when it was processed.

On the evening a call closes the last submissions queue behind each other's locks and
behind busy workers: one that arrived a second before the deadline may get its turn a
few seconds after it, and it is on time.
"""

import threading
import time
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test import Client

from grants import services
from grants.models import Application
from grants.workflow import Status

from .factories import warsaw

CLOSES = warsaw(2026, 12, 15, 16)


def test_it_accepts_a_submission_that_arrived_before_the_deadline_processed_after_it(
    complete_application, owner
):
    arrived = CLOSES - timedelta(seconds=1)
    with time_machine.travel(CLOSES + timedelta(seconds=4), tick=False):
        application = services.application_submit(
            application=complete_application, by=owner, at=arrived
        )
    assert application.status == Status.SUBMITTED
    assert application.submitted_at == arrived
    assert application.events.get().at == arrived


def test_it_refuses_a_submission_that_arrived_after_the_deadline(complete_application, owner):
    with (
        time_machine.travel(CLOSES + timedelta(seconds=4), tick=False),
        pytest.raises(ValidationError) as e,
    ):
        services.application_submit(
            application=complete_application, by=owner, at=CLOSES + timedelta(seconds=1)
        )
    assert e.value.code == "deadline"
    complete_application.refresh_from_db()
    assert complete_application.status == Status.DRAFT


def _wait_for_lock_wait(pid_of_holder: int, *, limit: float = 20.0) -> bool:
    """True once some backend waits for a lock that the holder's connection has."""
    with connection.cursor() as cursor:
        started = time.monotonic()
        while time.monotonic() - started < limit:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE %s = ANY(pg_blocking_pids(pid))",
                [pid_of_holder],
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.05)
    return False


def _submit_delayed_on_sqlite(application, owner, arrives_at, processed_at):
    client = Client()
    client.force_login(owner)
    with time_machine.travel(arrives_at, tick=False) as clock:
        moved = []

        def later(execute, sql, params, many, context):
            if not moved and '"grants_application"' in sql:
                clock.move_to(processed_at)
                moved.append(True)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(later):
            response = client.post(f"/applications/{application.pk}/do/submit/", follow=True)
    assert moved, "the submission never read the application"
    return response.content.decode()


def _submit_held_up_by_a_lock(application, owner, *, arrives_at, processed_at):
    """POST "Submit" at `arrives_at` while another transaction holds the application's row;
    let it go only once the clock reads `processed_at`. Returns the page shown after.

    SQLite has no row locks (one writer at a time): there the request is held up instead
    by the clock moving on when the view first reads the application, after the request
    was stamped on arrival, as a wait for the lock would."""
    if connection.vendor != "postgresql":
        return _submit_delayed_on_sqlite(application, owner, arrives_at, processed_at)
    holding = threading.Event()
    release = threading.Event()
    holder_pid = []
    answer = {}

    def hold():
        try:
            with transaction.atomic():
                Application.objects.select_for_update().get(pk=application.pk)
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_backend_pid()")
                    holder_pid.append(cursor.fetchone()[0])
                holding.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    def press(client):
        try:
            answer["response"] = client.post(
                f"/applications/{application.pk}/do/submit/", follow=True
            )
        finally:
            connection.close()

    client = Client()
    client.force_login(owner)
    with time_machine.travel(arrives_at, tick=False) as clock:
        holder = threading.Thread(target=hold)
        holder.start()
        assert holding.wait(timeout=20)
        presser = threading.Thread(target=press, args=(client,))
        presser.start()
        try:
            assert _wait_for_lock_wait(holder_pid[0]), "the submission never waited for the lock"
            clock.move_to(processed_at)
        finally:
            release.set()
            presser.join(timeout=30)
            holder.join(timeout=30)
    return answer["response"].content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_submission_queued_behind_a_lock_past_the_deadline_is_accepted(
    complete_application, owner
):
    arrived = CLOSES - timedelta(milliseconds=300)
    page = _submit_held_up_by_a_lock(
        complete_application, owner, arrives_at=arrived, processed_at=CLOSES + timedelta(seconds=3)
    )
    application = Application.objects.get(pk=complete_application.pk)
    assert application.status == Status.SUBMITTED
    assert application.number
    assert application.submitted_at == arrived
    assert application.events.count() == 1
    assert "Wniosek został złożony" in page or "submitted" in page


@pytest.mark.django_db(transaction=True)
def test_a_submission_that_arrived_after_the_deadline_is_refused_with_the_message(
    complete_application, owner
):
    page = _submit_held_up_by_a_lock(
        complete_application,
        owner,
        arrives_at=CLOSES + timedelta(milliseconds=1),
        processed_at=CLOSES + timedelta(seconds=3),
    )
    application = Application.objects.get(pk=complete_application.pk)
    assert application.status == Status.DRAFT
    assert application.number == ""
    assert "Nabór zamknięto 15 grudnia 2026, 16:00; nie można już tego zrobić." in page


def _submit_through_the_proxy(application, owner, *, stamped: str, processed_at):
    """POST "Submit" as a reverse proxy passes it on, with its X-Request-Start stamp, at
    `processed_at` (after a wait for a free worker that the portal never saw)."""
    client = Client()
    client.force_login(owner)
    with time_machine.travel(processed_at, tick=False):
        response = client.post(
            f"/applications/{application.pk}/do/submit/", follow=True, HTTP_X_REQUEST_START=stamped
        )
    return response.content.decode()


@pytest.fixture
def through_proxy(settings, complete_application, owner):
    """Submit as behind a proxy that stamps arrivals in X-Request-Start; returns the page
    shown after and the application as saved."""
    settings.REQUEST_START_HEADER = "X-Request-Start"

    def submit(stamped: str, *, processed_at):
        page = _submit_through_the_proxy(
            complete_application, owner, stamped=stamped, processed_at=processed_at
        )
        return page, Application.objects.get(pk=complete_application.pk)

    return submit


def _stamp(moment) -> str:
    return f"t={moment.timestamp():.3f}"  # nginx: t=${msec}


def test_behind_a_proxy_its_stamp_of_arrival_counts(through_proxy):
    arrived = CLOSES - timedelta(milliseconds=400)
    _page, application = through_proxy(_stamp(arrived), processed_at=CLOSES + timedelta(seconds=2))
    assert application.status == Status.SUBMITTED
    assert abs(application.submitted_at - arrived) < timedelta(milliseconds=1)


@pytest.mark.parametrize("unit", [1_000, 1_000_000])
def test_a_stamp_in_milliseconds_or_microseconds_is_read_too(through_proxy, unit):
    arrived = CLOSES - timedelta(seconds=1)
    stamped = f"t={int(arrived.timestamp() * unit)}"
    _page, application = through_proxy(stamped, processed_at=CLOSES + timedelta(seconds=2))
    assert application.submitted_at == arrived


def test_without_the_setting_a_clients_stamp_is_ignored(through_proxy, settings):
    settings.REQUEST_START_HEADER = ""
    page, application = through_proxy(
        _stamp(CLOSES - timedelta(minutes=1)), processed_at=CLOSES + timedelta(seconds=2)
    )
    assert application.status == Status.DRAFT
    assert "Nabór zamknięto 15 grudnia 2026, 16:00; nie można już tego zrobić." in page


@pytest.mark.parametrize("stamp", ["t=1", "yesterday", "t=nan", "t=1e300", "t=-5"])
def test_a_stamp_from_long_ago_or_unreadable_is_not_believed(through_proxy, stamp, caplog):
    page, application = through_proxy(stamp, processed_at=CLOSES + timedelta(seconds=2))
    assert application.status == Status.DRAFT
    assert "Nabór zamknięto" in page
    assert "X-Request-Start" in caplog.text


def test_a_stamp_from_more_than_a_minute_before_is_not_believed(through_proxy):
    processed = CLOSES + timedelta(seconds=30)
    stamped = _stamp(processed - timedelta(minutes=1, seconds=1))
    _page, application = through_proxy(stamped, processed_at=processed)
    assert application.status == Status.DRAFT


def test_a_proxys_clock_a_little_ahead_never_moves_the_arrival_later(through_proxy):
    processed = CLOSES - timedelta(seconds=1)
    stamped = _stamp(processed + timedelta(milliseconds=800))
    _page, application = through_proxy(stamped, processed_at=processed)
    assert application.status == Status.SUBMITTED
    assert application.submitted_at == processed
