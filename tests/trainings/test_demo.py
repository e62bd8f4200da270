import io
from datetime import UTC, datetime

import time_machine
from django.core.management import call_command

from events import queries as event_queries
from events.models import Event
from signups.models import Registration
from trainings import queries as training_queries
from trainings.models import Attendance, Training


def test_the_demo_reproduces_2017_and_loads_twice_without_duplicates(db):
    call_command("load_demo", stdout=io.StringIO())
    counts = (
        Training.objects.count(),
        Event.objects.count(),
        Registration.objects.count(),
        Attendance.objects.count(),
    )
    call_command("load_demo", stdout=io.StringIO())
    assert counts == (
        Training.objects.count(),
        Event.objects.count(),
        Registration.objects.count(),
        Attendance.objects.count(),
    )

    [group] = training_queries.report_items(2017)
    assert group.participants == 108
    assert group.estimate is False
    assert training_queries.distinct_participants(2017) == 108
    events = {i.kind: i for i in event_queries.report_items(2017)}
    assert (events["conference"].participants, events["conference"].estimate) == (130, True)
    assert "campaign" in events
    exhibition = Event.objects.get(kind="exhibition")
    assert exhibition.accompanies.kind == "conference"
    # The demo's coming items are dated after the day it was written for.
    with time_machine.travel(datetime(2026, 11, 22, 12, tzinfo=UTC)):
        assert len(training_queries.coming_for_home()) == 3
        assert len(event_queries.coming_for_home()) == 3
