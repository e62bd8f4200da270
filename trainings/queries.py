"""Reads of trainings for other apps' pages (home, centre, calendar, yearly report).

Each function runs a fixed number of queries whatever the number of rows.
"""

from django.conf import settings
from django.db.models import Count, Min, Q
from django.db.models.functions import ExtractYear, Lower, TruncDate
from django.utils import timezone

from signups.ical import CalendarEntry
from signups.reporting import ReportItem

from .models import Attendance, Session, Training, TrainingGroup

_PERSON = "sessions__attendances__registration__person_key"
_ORGANISATION = "sessions__attendances__registration__organisation"


def _in_year(prefix: str, year: int) -> Q:
    return Q(**{f"{prefix}sessions__starts_at__year": year, f"{prefix}published": True})


def _counted(queryset, prefix: str, year: int):
    """Annotate distinct participants and their organisations at sessions held in `year`,
    and the days on which those sessions were held."""
    in_year = _in_year(prefix, year)
    return queryset.filter(in_year).annotate(
        participants=Count(prefix + _PERSON, distinct=True, filter=in_year),
        organisations=Count(
            Lower(prefix + _ORGANISATION),
            distinct=True,
            filter=in_year & ~Q(**{prefix + _ORGANISATION: ""}),
        ),
        first_session_at=Min(f"{prefix}sessions__starts_at", filter=in_year),
        days=Count(TruncDate(f"{prefix}sessions__starts_at"), distinct=True, filter=in_year),
    )


def report_sources() -> list:
    """The rows this module's yearly-report reads look at (registrations are the sign-up
    app's), for a cache of the yearly report to follow."""
    return [
        Training.objects.all(),
        TrainingGroup.objects.all(),
        Session.objects.all(),
        Attendance.objects.all(),
    ]


def _date(value):
    return timezone.localtime(value).date() if value else None


def trainings_for_year(year: int) -> list[ReportItem]:
    """Every published training with a session in `year`, its people counted once."""
    trainings = _counted(Training.objects.published(), "", year).order_by("first_session_at")
    return [_training_item(t) for t in trainings]


def _training_item(training) -> ReportItem:
    participants, estimate = training.participants, False
    if not participants and training.participants_recorded is not None:
        participants, estimate = training.participants_recorded, training.participants_estimate
    return ReportItem(
        kind="training",
        title=training.title,
        report_sentence=training.report_sentence,
        participants=participants,
        estimate=estimate,
        organisations=training.organisations,
        starts_on=_date(training.first_session_at),
        url=training.get_absolute_url(),
        count=training.days,
    )


def report_items(year: int) -> list[ReportItem]:
    """The yearly report's training bullets: each group, and each ungrouped training with
    a sentence of its own. Three queries.

    A group's participants are the distinct people who came to any session of any of its
    trainings in the year; a training without ticked attendance adds its recorded count.
    """
    groups = list(_counted(TrainingGroup.objects.all(), "trainings__", year))
    recorded = (
        _counted(Training.objects.published().filter(group__in=groups), "", year)
        .filter(participants=0, participants_recorded__isnull=False)
        .values_list("group_id", "participants_recorded", "participants_estimate")
    )
    extra: dict[int, tuple[int, bool]] = {}
    for group_id, count, estimate in recorded:
        total, any_estimate = extra.get(group_id, (0, False))
        extra[group_id] = (total + count, any_estimate or estimate)
    items = []
    for group in groups:
        added, estimate = extra.get(group.pk, (0, False))
        items.append(
            ReportItem(
                kind="training_group",
                title=group.name,
                report_sentence=group.report_sentence,
                participants=group.participants + added,
                estimate=estimate,
                organisations=group.organisations,
                starts_on=_date(group.first_session_at),
                count=group.days,
            )
        )
    alone = _counted(
        Training.objects.published().filter(group__isnull=True).exclude(report_sentence=""),
        "",
        year,
    )
    items.extend(_training_item(t) for t in alone)
    return sorted(items, key=lambda i: (i.starts_on is None, i.starts_on, i.title))


def training_days(year: int) -> ReportItem | None:
    """Trainings with neither a group nor a sentence of their own, said together as their
    training days ("4 dni szkoleniowe, …"): how many days, and the distinct people who came
    to any of them. None when there were none in `year`. Two queries.
    """
    plain = Training.objects.published().filter(group__isnull=True, report_sentence="")
    trainings = list(_counted(plain, "", year))
    if not trainings:
        return None
    in_year = _in_year("", year)
    people = plain.filter(in_year).aggregate(
        participants=Count(_PERSON, distinct=True, filter=in_year),
        organisations=Count(
            Lower(_ORGANISATION), distinct=True, filter=in_year & ~Q(**{_ORGANISATION: ""})
        ),
    )
    recorded = [t for t in trainings if not t.participants and t.participants_recorded is not None]
    return ReportItem(
        kind="training_days",
        title="",
        report_sentence="",
        participants=people["participants"] + sum(t.participants_recorded for t in recorded),
        estimate=any(t.participants_estimate for t in recorded),
        organisations=people["organisations"],
        starts_on=min(_date(t.first_session_at) for t in trainings),
        count=sum(t.days for t in trainings),
    )


def people_for_year(year: int) -> list[tuple[str, str]]:
    """(person key, organisation) of everyone who came to a session in `year`. One query."""
    return list(
        Attendance.objects.filter(session__starts_at__year=year, session__training__published=True)
        .values_list("registration__person_key", "registration__organisation")
        .order_by()
        .distinct()
    )


def participants_by_year(first: int, last: int) -> dict[int, int]:
    """Distinct people at training sessions, for each year from `first` to `last`. One query."""
    rows = (
        Attendance.objects.filter(
            session__training__published=True,
            session__starts_at__year__gte=first,
            session__starts_at__year__lte=last,
        )
        .annotate(year=ExtractYear("session__starts_at"))
        .values("year")
        .annotate(n=Count("registration__person_key", distinct=True))
        .order_by()
        .values_list("year", "n")
    )
    return dict(rows)


def distinct_participants(year: int) -> int:
    """People who came to at least one training session in `year`, each counted once."""
    return (
        Session.objects.filter(starts_at__year=year, training__published=True)
        .values("attendances__registration__person_key")
        .exclude(attendances__isnull=True)
        .distinct()
        .count()
    )


def coming(limit: int = 4, *, centre=None):
    """Published trainings with a session still ahead, soonest first."""
    trainings = Training.objects.for_cards()
    if centre is not None:
        trainings = trainings.organised_by_centre(centre)
    return list(trainings.upcoming(timezone.now())[:limit])


def coming_for_home(limit: int = 4):
    return coming(limit)


def coming_for_centre(centre, limit: int = 5):
    """The centre's own coming trainings (it organises them), wherever they are held."""
    return coming(limit, centre=centre)


def coming_held_at_centre(centre, limit: int = 5):
    """Coming trainings that others organise at the centre's address (the training's or
    one of its sessions'): listed apart on its page, as they are not the centre's own."""
    if not centre.street:
        return []
    at_centre = Q(address__istartswith=centre.street) | Q(
        pk__in=Session.objects.filter(address__istartswith=centre.street).values("training_id")
    )
    trainings = (
        Training.objects.for_cards()
        .filter(at_centre)
        .exclude(organiser_centre=centre)
        .upcoming(timezone.now())
    )
    return list(trainings[:limit])


def calendar_sources() -> list:
    """The rows calendar_entries() reads, for a cache of the calendar to follow."""
    return [Training.objects.all(), Session.objects.all()]


def calendar_entries(*, since=None) -> list[CalendarEntry]:
    """Every session of a published training (from `since`) as a calendar entry."""
    sessions = Session.objects.filter(training__published=True).select_related("training")
    if since is not None:
        sessions = sessions.filter(ends_at__gte=since)
    return [session_entry(s) for s in sessions]


def session_entry(session: Session) -> CalendarEntry:
    training = session.training
    title = training.title + (f": {session.title}" if session.title else "")
    return CalendarEntry(
        uid=f"training-session-{session.pk}",
        title=title,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        url=settings.SITE_URL + training.get_absolute_url(),
        description=training.topic,
        location=session.place or training.public_online_location(session.online_url),
        updated_at=training.updated_at,
    )
