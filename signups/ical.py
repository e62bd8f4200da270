"""Trainings and events as iCalendar (RFC 5545), built with the icalendar library."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event


@dataclass(frozen=True)
class CalendarEntry:
    uid: str
    title: str
    starts_at: datetime
    ends_at: datetime | None
    url: str
    description: str = ""
    location: str = ""
    updated_at: datetime | None = None


def calendar_bytes(entries: Iterable[CalendarEntry], *, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//CIL Portal//trainings and events//PL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "cil"
    now = timezone.now()
    for entry in entries:
        event = Event()
        event.add("uid", f"{entry.uid}@{host}")
        event.add("dtstamp", entry.updated_at or now)
        event.add("dtstart", timezone.localtime(entry.starts_at))
        if entry.ends_at and entry.ends_at > entry.starts_at:
            event.add("dtend", timezone.localtime(entry.ends_at))
        event.add("summary", entry.title)
        event.add("url", entry.url)
        description = (entry.description + "\n\n" if entry.description else "") + entry.url
        event.add("description", description)
        if entry.location:
            event.add("location", entry.location)
        calendar.add_component(event)
    # Times carry TZID=Europe/Warsaw; RFC 5545 wants the VTIMEZONE they refer to.
    calendar.add_missing_timezones()
    return calendar.to_ical()
