"""Reads of trainings for other apps' pages (home, centre, calendar, yearly report).

Each function runs a fixed number of queries whatever the number of rows.
"""

from django.conf import settings
from django.db.models import Count, Min, Q
from django.db.models.functions import Lower
from django.utils import timezone

from signups.ical import CalendarEntry
from signups.reporting import ReportItem

from .models import Session, Training, TrainingGroup

_PERSON = "sessions__attendances__registration__email"
_ORGANISATION = "sessions__attendances__registration__organisation"


def _in_year(prefix: str, year: int) -> Q:
    return Q(**{f"{prefix}sessions__starts_at__year": year, f"{prefix}published": True})


def _counted(queryset, prefix: str, year: int):
    """Annotate distinct participants and their organisations at sessions held in `year`."""
    in_year = _in_year(prefix, year)
    return queryset.filter(in_year).annotate(
        participants=Count(prefix + _PERSON, distinct=True, filter=in_year),
        organisations=Count(
            Lower(prefix + _ORGANISATION),
            distinct=True,
            filter=in_year & ~Q(**{prefix + _ORGANISATION: ""}),
        ),
        first_session_at=Min(f"{prefix}sessions__starts_at", filter=in_year),
    )


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
            )
        )
    alone = _counted(
        Training.objects.published().filter(group__isnull=True).exclude(report_sentence=""),
        "",
        year,
    )
    items.extend(_training_item(t) for t in alone)
    return sorted(items, key=lambda i: (i.starts_on is None, i.starts_on, i.title))


def distinct_participants(year: int) -> int:
    """People who came to at least one training session in `year`, each counted once."""
    return (
        Session.objects.filter(starts_at__year=year, training__published=True)
        .values("attendances__registration__email")
        .exclude(attendances__isnull=True)
        .distinct()
        .count()
    )


def coming(limit: int = 4, *, centre=None):
    """Published trainings with a session still ahead, soonest first."""
    trainings = Training.objects.for_list()
    if centre is not None:
        trainings = trainings.organised_by_centre(centre)
    return list(trainings.upcoming(timezone.now())[:limit])


def coming_for_home(limit: int = 4):
    return coming(limit)


def coming_for_centre(centre, limit: int = 5):
    return coming(limit, centre=centre)


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
