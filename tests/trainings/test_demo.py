import io
from datetime import UTC, date, datetime, timedelta

import time_machine
from django.core.management import call_command
from django.utils import timezone

from events import queries as event_queries
from events.models import Event
from signups.models import Registration
from trainings import queries as training_queries
from trainings.models import Attendance, Session, Training

LOADED_ON = datetime(2026, 12, 1, 9, tzinfo=UTC)


def _counts():
    return (
        Training.objects.count(),
        Session.objects.count(),
        Event.objects.count(),
        Registration.objects.count(),
        Attendance.objects.count(),
    )


def _load():
    call_command("load_demo", stdout=io.StringIO())


def test_the_demo_reproduces_2017_and_loads_twice_without_duplicates(db):
    with time_machine.travel(LOADED_ON, tick=False):
        _load()
        counts = _counts()
        _load()
    assert counts == _counts()

    [group] = training_queries.report_items(2017)
    assert group.participants == 108
    assert group.estimate is False
    assert training_queries.distinct_participants(2017) == 108
    events = {i.kind: i for i in event_queries.report_items(2017)}
    assert (events["conference"].participants, events["conference"].estimate) == (130, True)
    assert "campaign" in events
    exhibition = Event.objects.get(kind="exhibition")
    assert exhibition.accompanies.kind == "conference"


def _coming_starts():
    return sorted(
        timezone.localtime(t.first_starts_at).date() for t in training_queries.coming_for_home()
    ) + sorted(timezone.localtime(e.starts_at).date() for e in event_queries.coming_for_home())


def test_the_coming_items_are_dated_from_the_day_the_demo_is_loaded(db):
    with time_machine.travel(LOADED_ON, tick=False):
        _load()
        assert len(training_queries.coming_for_home()) == 4
        assert len(event_queries.coming_for_home()) == 4
        first = _coming_starts()
        assert all(date(2026, 12, 1) < day <= date(2027, 3, 1) for day in first)
        counts = _counts()

    # Months later the same demo, loaded again, moves the coming items on, and only them.
    later = LOADED_ON + timedelta(days=200)
    with time_machine.travel(later, tick=False):
        assert training_queries.coming_for_home() == []
        _load()
        assert _counts() == counts
        assert _coming_starts() == [day + timedelta(days=200) for day in first]
        assert len(training_queries.coming_for_home()) == 4
        assert len(event_queries.coming_for_home()) == 4
        # Sign-up is open for the soonest training and closes the evening before it.
        soonest = training_queries.coming_for_home()[0]
        assert soonest.signup_open_now()
        assert soonest.signup_closes_at < soonest.first_starts_at
    [group] = training_queries.report_items(2017)
    assert group.participants == 108
    assert timezone.localtime(Event.objects.get(kind="conference").starts_at).date() == date(
        2017, 11, 17
    )


def test_an_earlier_demos_coming_items_are_taken_over_not_duplicated(db):
    with time_machine.travel(LOADED_ON, tick=False):
        _load()
        counts = _counts()
        # As the demo used to name them, with the year in the address.
        Training.objects.filter(slug="jak-napisac-wniosek-o-mikrogrant").update(
            slug="jak-napisac-wniosek-o-mikrogrant-2026"
        )
        Event.objects.filter(slug="debata-sasiedztwa").update(slug="debata-sasiedztwa-2026")
        _load()
    assert _counts() == counts
    assert Training.objects.filter(slug="jak-napisac-wniosek-o-mikrogrant").exists()
    assert Event.objects.filter(slug="debata-sasiedztwa").exists()
