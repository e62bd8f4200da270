"""When a training's session or an event takes place, as people read it."""

import datetime

from django.utils import timezone
from django.utils.formats import date_format, time_format


def when_range(start: datetime.datetime, end: datetime.datetime | None = None) -> str:
    """ "12 marca 2026, 17:00–19:00" within one day (the date once), the two moments in
    full otherwise; in the active language's formats and the portal's time zone."""
    start = timezone.localtime(start)
    text = date_format(start, "DATETIME_FORMAT")
    if end is None:
        return text
    end = timezone.localtime(end)
    if end.date() == start.date():
        return f"{text}–{time_format(end, 'TIME_FORMAT')}"
    return f"{text} – {date_format(end, 'DATETIME_FORMAT')}"
