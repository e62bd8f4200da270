import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from django.utils.formats import date_format

from signups.dates import when_range
from tests.events.factories import EventFactory
from tests.trainings.factories import SessionFactory, TrainingFactory

WARSAW = ZoneInfo("Europe/Warsaw")
START = datetime.datetime(2026, 3, 12, 17, 0, tzinfo=WARSAW)


def test_polish_dates_read_as_prose():
    assert date_format(START, "DATETIME_FORMAT") == "12 marca 2026, 17:00"
    assert date_format(START.date(), "DATE_FORMAT") == "12 marca 2026"
    assert date_format(START.date(), "SHORT_DATE_FORMAT") == "12.03.2026"


def test_english_dates_too():
    with translation.override("en"):
        assert date_format(START, "DATETIME_FORMAT") == "12 March 2026, 17:00"
        assert date_format(START.date(), "SHORT_DATE_FORMAT") == "12/03/2026"
        assert when_range(START, START.replace(hour=19)) == "12 March 2026, 17:00–19:00"


def test_a_same_day_range_prints_the_date_once():
    assert when_range(START, START.replace(hour=19)) == "12 marca 2026, 17:00–19:00"


def test_a_range_over_days_prints_both_dates():
    end = datetime.datetime(2026, 3, 13, 12, 0, tzinfo=WARSAW)
    assert when_range(START, end) == "12 marca 2026, 17:00 – 13 marca 2026, 12:00"


def test_the_day_is_judged_in_warsaw_not_utc():
    # 23:30–00:30 UTC on 12 March is 00:30–01:30 on 13 March in Warsaw: one day there.
    start = datetime.datetime(2026, 3, 12, 23, 30, tzinfo=datetime.UTC)
    assert when_range(start, start + datetime.timedelta(hours=1)) == "13 marca 2026, 00:30–01:30"


@pytest.mark.django_db
def test_an_events_page_prints_a_same_day_event_s_date_once(client):
    event = EventFactory(starts_at=START, ends_at=START.replace(hour=19))
    page = client.get(event.get_absolute_url()).content.decode()
    assert "12 marca 2026, 17:00–19:00</time>" in page


@pytest.mark.django_db
def test_a_trainings_page_prints_each_session_s_date_once(client):
    training = TrainingFactory()
    SessionFactory(training=training, starts_at=START, ends_at=START.replace(hour=19))
    page = client.get(training.get_absolute_url()).content.decode()
    assert "12 marca 2026, 17:00–19:00</time>" in page
