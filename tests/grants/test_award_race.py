import threading
import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Sum

from grants import services
from grants.models import Application
from grants.workflow import GRANTED, Status

from .factories import ApplicationFactory, CallFactory, in_state


@pytest.mark.django_db(transaction=True)
def test_two_officials_awarding_at_once_never_exceed_the_pool(now, grants_official):
    """4 000 zł left in the pool, two officials award 3 000 zł each at the same moment.

    On PostgreSQL the two threads hold their own connections and really race: the test
    holds both applications' rows until both threads wait on them, then lets them go at
    the same instant, so that both read the pool at once unless the service serialises
    them on the call's row. On SQLite (one writer at a time) they run one after the
    other. Either way one award is made, the other refused, and the sum stays within
    the pool."""
    call = CallFactory(budget_pool=Decimal("8000.00"), max_amount=Decimal("5000.00"))
    in_state(ApplicationFactory(call=call), Status.AWARDED, awarded="2000.00")
    in_state(ApplicationFactory(call=call), Status.SETTLED, awarded="2000.00")
    contenders = []
    for _ in range(2):
        application = in_state(ApplicationFactory(call=call), Status.MERIT_REVIEW)
        application.requested_amount = Decimal("3000.00")
        application.total_cost = Decimal("3300.00")
        application.save()
        contenders.append(application)
    racing = connection.vendor == "postgresql"
    outcomes = []

    def award(application):
        try:
            services.application_transition(
                application=application,
                name="award",
                by=grants_official,
                amount=Decimal("3000.00"),
            )
            outcomes.append("awarded")
        except ValidationError as e:
            outcomes.append(e.error_dict["amount"][0].code)
        except Exception as e:  # noqa: BLE001 - reported by the assertion below
            outcomes.append(repr(e))
        finally:
            connection.close()

    if racing:
        threads = [threading.Thread(target=award, args=(a,)) for a in contenders]
        with transaction.atomic():
            list(Application.objects.select_for_update().filter(pk__in=[a.pk for a in contenders]))
            for t in threads:
                t.start()
            _wait_until_blocked(2)
        for t in threads:
            t.join(timeout=60)
    else:
        for application in contenders:
            award(application)

    assert sorted(outcomes) == ["awarded", "pool"]
    statuses = sorted(
        Application.objects.filter(pk__in=[a.pk for a in contenders]).values_list(
            "status", flat=True
        )
    )
    assert statuses == [Status.AWARDED, Status.MERIT_REVIEW]
    total = Application.objects.filter(call=call, status__in=GRANTED).aggregate(
        s=Sum("awarded_amount")
    )["s"]
    assert total == Decimal("7000.00") <= call.budget_pool


def _wait_until_blocked(n: int) -> None:
    """Until n other sessions of this database wait for a row lock (at most 10 s)."""
    for _ in range(1000):
        with connection.cursor() as cursor:
            # Inside a transaction PostgreSQL keeps one snapshot of the activity: drop it.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0] >= n:
                return
        time.sleep(0.01)
    raise AssertionError(f"{n} sessions never waited for the lock")
