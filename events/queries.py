"""Reads of events for other apps' pages (home, centre, calendar, yearly report).

Each function runs a fixed number of queries whatever the number of rows.
"""

from django.conf import settings
from django.db.models import Count, Min, Q, Sum
from django.db.models.functions import ExtractYear, Lower
from django.utils import timezone

from signups.ical import CalendarEntry
from signups.models import Registration
from signups.reporting import ReportItem

from .models import Event

_CAME = Q(signup_list__registrations__attended=True) & ~Q(
    signup_list__registrations__status=Registration.Status.CANCELLED
)


def report_sources() -> list:
    """The rows this module's yearly-report reads look at (registrations are the sign-up
    app's), for a cache of the yearly report to follow."""
    return [Event.objects.all()]


def _for_year(year: int):
    return (
        Event.objects.published()
        .filter(starts_at__year=year)
        .annotate(
            attended=Count("signup_list__registrations__person_key", distinct=True, filter=_CAME),
            organisations=Count(
                Lower("signup_list__registrations__organisation"),
                distinct=True,
                filter=_CAME & ~Q(signup_list__registrations__organisation=""),
            ),
        )
        .order_by("starts_at", "pk")
    )


def _item(event: Event) -> ReportItem:
    """An official's recorded count wins (exact or estimate); else who was ticked as come."""
    if event.participants_recorded is not None:
        participants, estimate = event.participants_recorded, event.participants_estimate
    else:
        participants, estimate = (event.attended or None), False
    return ReportItem(
        kind=event.kind,
        title=event.title,
        report_sentence=event.report_sentence,
        participants=participants,
        estimate=estimate,
        organisations=event.organisations,
        starts_on=timezone.localtime(event.starts_at).date(),
        url=event.get_absolute_url(),
    )


def events_for_year(year: int) -> list[ReportItem]:
    """Every published event that started in `year` (for the report's annex). One query."""
    return [_item(e) for e in _for_year(year)]


def report_items(year: int) -> list[ReportItem]:
    """The yearly report's event bullets: events of `year` with a report sentence."""
    return [_item(e) for e in _for_year(year).exclude(report_sentence="")]


def kind_counts(year: int) -> list[ReportItem]:
    """Events of `year` with no sentence of their own, counted by kind: one line per kind
    ("11 spotkań integracyjnych, …") with the distinct people who came to them. An event
    that accompanies another (the conference's exhibition) belongs to that one and is not
    counted here. Two queries.
    """
    plain = Event.objects.published().filter(
        starts_at__year=year, report_sentence="", accompanies__isnull=True
    )
    kinds = (
        plain.values("kind")
        .annotate(
            n=Count("pk"),
            recorded=Sum("participants_recorded"),
            estimates=Count(
                "pk", filter=Q(participants_estimate=True, participants_recorded__isnull=False)
            ),
            first=Min("starts_at"),
        )
        .order_by()
    )
    attended = {
        row["kind"]: row
        for row in plain.filter(participants_recorded__isnull=True)
        .values("kind")
        .annotate(
            people=Count("signup_list__registrations__person_key", distinct=True, filter=_CAME),
            organisations=Count(
                Lower("signup_list__registrations__organisation"),
                distinct=True,
                filter=_CAME & ~Q(signup_list__registrations__organisation=""),
            ),
        )
        .order_by()
    }
    items = []
    for row in kinds:
        came = attended.get(row["kind"], {"people": 0, "organisations": 0})
        participants = came["people"] + (row["recorded"] or 0)
        items.append(
            ReportItem(
                kind=row["kind"],
                title="",
                report_sentence="",
                participants=participants or None,
                estimate=row["estimates"] > 0,
                organisations=came["organisations"],
                starts_on=timezone.localtime(row["first"]).date(),
                count=row["n"],
            )
        )
    return sorted(items, key=lambda i: (i.starts_on, i.kind))


def people_for_year(year: int) -> list[tuple[str, str]]:
    """(person key, organisation) of everyone ticked as come to an event of `year`. One query."""
    lists = Event.objects.published().filter(starts_at__year=year).values("signup_list")
    return list(
        Registration.objects.active()
        .filter(attended=True, signup_list__in=lists)
        .values_list("person_key", "organisation")
        .order_by()
        .distinct()
    )


def events_by_year(first: int, last: int) -> dict[int, int]:
    """How many published events began in each year from `first` to `last`. One query."""
    rows = (
        Event.objects.published()
        .filter(starts_at__year__gte=first, starts_at__year__lte=last)
        .annotate(year=ExtractYear("starts_at"))
        .values("year")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("year", "n")
    )
    return dict(rows)


def kind_labels() -> dict[str, str]:
    return dict(Event.Kind.choices)


def coming(limit: int = 4, *, centre=None):
    events = Event.objects.for_cards()
    if centre is not None:
        events = events.organised_by_centre(centre)
    return list(events.upcoming(timezone.now())[:limit])


def coming_for_home(limit: int = 4):
    return coming(limit)


def coming_for_centre(centre, limit: int = 5):
    """The centre's own coming events (it organises them), wherever they are held."""
    return coming(limit, centre=centre)


def coming_held_at_centre(centre, limit: int = 5):
    """Coming events that others organise at the centre's address: listed apart on its
    page, as they are not the centre's own."""
    if not centre.street:
        return []
    events = (
        Event.objects.for_cards()
        .filter(address__istartswith=centre.street)
        .exclude(organiser_centre=centre)
        .upcoming(timezone.now())
    )
    return list(events[:limit])


def calendar_sources() -> list:
    """The rows calendar_entries() reads, for a cache of the calendar to follow."""
    return [Event.objects.all()]


def calendar_entries(*, since=None) -> list[CalendarEntry]:
    events = Event.objects.published()
    if since is not None:
        events = events.filter(Q(ends_at__gte=since) | Q(starts_at__gte=since))
    return [event_entry(e) for e in events]


def event_entry(event: Event) -> CalendarEntry:
    return CalendarEntry(
        uid=f"event-{event.pk}",
        title=event.title,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        url=settings.SITE_URL + event.get_absolute_url(),
        description=event.get_kind_display(),
        location=", ".join(p for p in (event.place_name, event.address) if p)
        or event.public_online_location(),
        updated_at=event.updated_at,
    )
