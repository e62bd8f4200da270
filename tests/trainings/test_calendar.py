"""The calendars are parsed back by a real iCalendar library."""

from datetime import timedelta

import time_machine
from django.utils import timezone
from icalendar import Calendar

from tests.events.factories import EventFactory
from tests.trainings.factories import SessionFactory, TrainingFactory
from tests.utils import admin_save


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


def _summaries(client, **headers) -> set[str]:
    return {str(e["SUMMARY"]) for e in parse(client.get("/calendar.ics", **headers)).walk("VEVENT")}


def test_the_calendar_follows_an_officials_edits_of_a_session_and_an_event(admin_client, db):
    session = SessionFactory(title="Pierwsze spotkanie")
    event = EventFactory(title="Gala")
    first = admin_client.get("/calendar.ics")
    assert _summaries(admin_client) == {f"{session.training.title}: Pierwsze spotkanie", "Gala"}
    admin_client.get("/calendar.ics")  # from the cache now
    assert admin_client.get("/calendar.ics", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304

    admin_save(admin_client, session.training, **{"sessions-0-title": "Spotkanie przeniesione"})
    assert f"{session.training.title}: Spotkanie przeniesione" in _summaries(admin_client)
    admin_save(admin_client, event, title="Gala sojuszników")
    assert "Gala sojuszników" in _summaries(admin_client)
    assert admin_client.get("/calendar.ics", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
    event.delete()
    assert "Gala sojuszników" not in _summaries(admin_client)


def test_an_entry_leaves_the_cached_calendar_a_year_after_it_ended(client, db):
    now = timezone.now().replace(microsecond=0)
    ended = now - timedelta(days=365) + timedelta(minutes=1)
    training = TrainingFactory(title="Zeszłoroczne")
    SessionFactory(training=training, starts_at=ended - timedelta(hours=2), ends_at=ended)
    EventFactory(title="Nadchodzące")
    with time_machine.travel(now, tick=False):
        assert _summaries(client) == {"Zeszłoroczne", "Nadchodzące"}
    with time_machine.travel(now + timedelta(seconds=59), tick=False):
        assert _summaries(client) == {"Zeszłoroczne", "Nadchodzące"}
    with time_machine.travel(now + timedelta(minutes=2), tick=False):
        assert _summaries(client) == {"Nadchodzące"}


def test_the_calendar_describes_events_in_the_visitors_language(client, db):
    EventFactory(kind="integration")

    def description():
        [vevent] = parse(client.get("/calendar.ics")).walk("VEVENT")
        return str(vevent["DESCRIPTION"]).splitlines()[0]

    assert description() == "spotkanie integracyjne"
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert description() == "integration meeting"
    client.post("/i18n/setlang/", {"language": "pl", "next": "/"})
    assert description() == "spotkanie integracyjne"
