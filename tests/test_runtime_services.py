"""The runtime parts: the database the suite runs on, Redis, and a real Celery worker.

In CI (CI set) the suite must run on PostgreSQL with Redis; a missing service fails here
instead of letting the suite pass on the embedded defaults.
"""

import os
import time

import pytest
from django.core import mail
from django.db import connection

from organisations import services

IN_CI = bool(os.environ.get("CI"))


@pytest.mark.django_db
def test_the_suite_runs_on_postgresql_in_ci():
    if IN_CI:
        assert connection.vendor == "postgresql", "CI must run the tests on PostgreSQL"
    assert connection.vendor in {"postgresql", "sqlite"}
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


def test_redis_answers_when_configured(settings):
    if IN_CI:
        assert settings.REDIS_URL, "CI must set REDIS_URL"
    if settings.REDIS_URL:
        import redis

        assert redis.Redis.from_url(settings.REDIS_URL).ping() is True


@pytest.fixture
def celery_worker(settings):
    """A real Celery worker in a thread, on Redis when REDIS_URL is set (always in CI)."""
    from celery.contrib.testing.worker import start_worker

    from cil_portal.celery import app

    assert app.conf.broker_url == (settings.REDIS_URL or "memory://")
    app.conf.update(task_always_eager=False)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    try:
        with start_worker(app, perform_ping_check=False, shutdown_timeout=10):
            yield app
    finally:
        app.conf.update(task_always_eager=True)


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_the_invitation_after_commit(celery_worker, owner, organisation):
    assert celery_worker.conf.task_always_eager is False
    services.invitation_create(
        organisation=organisation, email="worker@example.org", role="member", by=owner
    )
    deadline = time.monotonic() + 20
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [m.to for m in mail.outbox] == [["worker@example.org"]]


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_renders_and_stores_the_published_report(celery_worker, official):
    from decimal import Decimal

    from reports.models import Report
    from reports.services import report_request
    from tests.reports.factories import RegrantingProjectFactory

    RegrantingProjectFactory(total_cost=Decimal("5000.00"))
    report = report_request(year=2017, by=official)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if report.is_published:
            break
        time.sleep(0.2)
    assert report.is_published and report.published_by == official
    assert report.snapshot["projects"] == 1
    with report.pdf.open("rb") as f:
        assert f.read(5) == b"%PDF-"
    assert Report.objects.get(year=2017).requested_at is None
