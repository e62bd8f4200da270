"""The calendars are parsed back by a real iCalendar library."""

from datetime import timedelta

from django.utils import timezone
from icalendar import Calendar

from tests.events.factories import EventFactory
from tests.trainings.factories import SessionFactory, TrainingFactory


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_the_calendar_lists_every_session_and_event_with_links_back(client, db):
    training = TrainingFactory(title="Szkolenie: OSL, część 1; zażółć")
    first = SessionFactory(training=training)
    SessionFactory(training=training, starts_at=first.starts_at + timedelta(days=7))
    event = EventFactory(title="Gala sojuszników")
    calendar = parse(client.get("/calendar.ics"))
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    events = calendar.walk("VEVENT")
    assert len(events) == 3
    assert len({str(e["UID"]) for e in events}) == 3
    summaries = {str(e["SUMMARY"]) for e in events}
    assert training.title in summaries
    assert event.title in summaries
    urls = {str(e["URL"]) for e in events}
    assert any(u.endswith(training.get_absolute_url()) for u in urls)
    assert any(u.endswith(event.get_absolute_url()) for u in urls)
    starts = sorted(e.decoded("DTSTART") for e in events)
    assert starts[0] == first.starts_at
    for e in events:
        assert "DTSTAMP" in e
        assert e.decoded("DTEND") > e.decoded("DTSTART")
    # Times refer to Europe/Warsaw, so the calendar carries that time zone's definition.
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Warsaw"]


def test_each_item_has_its_own_ics(client, db):
    training = SessionFactory().training
    calendar = parse(client.get(f"/trainings/{training.slug}.ics"))
    assert len(calendar.walk("VEVENT")) == 1
    event = EventFactory()
    calendar = parse(client.get(f"/events/{event.slug}.ics"))
    [vevent] = calendar.walk("VEVENT")
    assert vevent.decoded("DTSTART") == event.starts_at
    assert event.place_name in str(vevent["LOCATION"])


def test_the_calendar_leaves_out_unpublished_and_long_past_items(client, db):
    SessionFactory(training=TrainingFactory(published=False))
    old = timezone.now() - timedelta(days=800)
    SessionFactory(starts_at=old, ends_at=old + timedelta(hours=1))
    calendar = parse(client.get("/calendar.ics"))
    assert calendar.walk("VEVENT") == []
