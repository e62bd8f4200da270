"""The yearly report: its summary built from the other apps, and its publication.

`summary_build` reads the centres, grants, trainings and events only through their query
functions, in the same number of queries whatever the size of the year. Publishing
freezes that summary as JSON together with the PDF made from it, so the published report
stays as it was when data are later corrected, until an official publishes it again.
"""

from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from centres import queries as centres_queries
from cil_portal import caching
from cil_portal.pdf import html_to_pdf
from events import queries as events_queries
from grants import queries as grants_queries
from grants.models import Application, Project
from organisations.models import Organisation
from signups.models import Registration
from signups.reporting import ReportItem
from trainings import queries as trainings_queries

from . import display
from .models import Report
from .summary import (
    Activity,
    AnnexItem,
    AreaShare,
    MonthShare,
    ProjectRow,
    YearFigures,
    YearSummary,
)

ZERO = Decimal("0.00")


def summary_build(*, year: int) -> YearSummary:
    projects = [ProjectRow(**vars(p)) for p in grants_queries.projects_realised_in(year)]
    regranting = [p for p in projects if p.kind == "regranting"]
    events = events_queries.events_for_year(year)
    received, funded = grants_queries.applications_received_in(year)
    people = trainings_queries.people_for_year(year) + events_queries.people_for_year(year)
    organisations = {_name(org) for _, org in people if org.strip()}
    organisations |= {_name(p.organisation) for p in projects if p.organisation}
    return YearSummary(
        year=year,
        city_name=settings.CITY_NAME,
        city_locative=settings.CITY_NAME_LOCATIVE,
        centres=tuple(centres_queries.active_in_year(year)),
        activities=tuple(_activities(year, events)),
        projects=len(projects),
        regranting=len(regranting),
        total_cost=sum((p.total_cost for p in projects), ZERO),
        regranting_cost=sum((p.total_cost for p in regranting), ZERO),
        grant_amount=sum((p.grant_amount for p in projects), ZERO),
        organisations_engaged=len(organisations),
        people_engaged=len({email for email, _ in people}),
        representatives=len({email for email, org in people if org.strip()}),
        applications_received=received,
        applications_funded=funded,
        by_area=_by_area(projects),
        by_month=_by_month(projects),
        years=_years(year),
        annex_projects=tuple(projects),
        annex_trainings=tuple(_annex(i) for i in trainings_queries.trainings_for_year(year)),
        annex_events=tuple(_annex(i) for i in events),
    )


def _name(organisation: str) -> str:
    return " ".join(organisation.split()).casefold()


def _activity(item: ReportItem) -> Activity:
    return Activity(
        kind=item.kind,
        sentence=item.report_sentence,
        count=item.count,
        participants=item.participants or None,
        estimate=item.estimate,
        starts_on=item.starts_on,
    )


def _activities(year: int, events: list[ReportItem]) -> list[Activity]:
    """Every line of "zorganizowano następujące działania", in the order they began.

    Training groups and trainings or events with a sentence of their own are a line each;
    the remaining trainings are said together as training days, the remaining events
    together per kind.
    """
    items = list(trainings_queries.report_items(year))
    days = trainings_queries.training_days(year)
    if days is not None:
        items.append(days)
    items += [e for e in events if e.report_sentence]
    items += events_queries.kind_counts(year)
    activities = [_activity(i) for i in items]
    return sorted(activities, key=lambda a: (a.starts_on is None, a.starts_on, a.kind, a.sentence))


def _annex(item: ReportItem) -> AnnexItem:
    return AnnexItem(
        kind=item.kind,
        title=item.title,
        starts_on=item.starts_on,
        days=item.count,
        participants=item.participants or None,
        estimate=item.estimate,
        organisations=item.organisations,
    )


def _shares(projects: list[ProjectRow], key) -> dict:
    shares = defaultdict(lambda: [0, ZERO, ZERO])
    for p in projects:
        share = shares[key(p)]
        share[0] += 1
        share[1] += p.total_cost
        share[2] += p.grant_amount
    return shares


def _by_area(projects: list[ProjectRow]) -> tuple[AreaShare, ...]:
    """Money and projects per area, the largest first; city-wide projects have no area."""
    shares = _shares(projects, lambda p: p.area)
    rows = [AreaShare(area, *values) for area, values in shares.items()]
    return tuple(sorted(rows, key=lambda r: (-r.total_cost, r.area == "", r.area)))


def _by_month(projects: list[ProjectRow]) -> tuple[MonthShare, ...]:
    """Money and projects by the month they ended in, every month of the year."""
    shares = _shares(projects, lambda p: p.ends_on.month)
    return tuple(MonthShare(m, *shares.get(m, [0, ZERO, ZERO])) for m in range(1, 13))


def _years(year: int) -> tuple[YearFigures, ...]:
    """The programme year by year, from its first centre's opening to `year`."""
    centres = centres_queries.active_by_year(year)
    first = min([*centres, year])
    projects = grants_queries.project_totals_by_year(first, year)
    participants = trainings_queries.participants_by_year(first, year)
    events = events_queries.events_by_year(first, year)
    rows = []
    for y in range(first, year + 1):
        totals = projects.get(y, grants_queries.ProjectTotals())
        rows.append(
            YearFigures(
                year=y,
                centres=centres.get(y, 0),
                projects=totals.projects,
                regranting=totals.regranting,
                total_cost=totals.total_cost,
                regranting_cost=totals.regranting_cost,
                training_participants=participants.get(y, 0),
                events=events.get(y, 0),
            )
        )
    return tuple(rows)


def report_pdf(*, summary: YearSummary, published_at=None, language: str | None = None) -> bytes:
    """The report as an A4 PDF; without `published_at` it is marked as a draft."""
    with translation.override(language or settings.LANGUAGE_CODE):
        html = render_to_string(
            "reports/pdf.html",
            {
                **display.pdf_context(summary),
                "draft": published_at is None,
                "published_at": published_at,
                "generated_at": timezone.now(),
                "PROGRAMME_NAME": settings.PROGRAMME_NAME,
            },
        )
    return html_to_pdf(html)


def report_request(*, year: int, by) -> Report:
    """Ask for the year's report to be generated and published (by a Celery task)."""
    from .tasks import report_publish_task

    with transaction.atomic():
        report = Report.objects.select_for_update().filter(year=year).first() or Report(year=year)
        report.requested_at = timezone.now()
        report.requested_by = by
        report.failed_at, report.failure = None, ""
        report.full_clean()
        report.save()
        transaction.on_commit(lambda: report_publish_task.delay(report.pk))
    return report


def report_publish(*, report: Report, by=None) -> Report:
    """Freeze the year's figures as they are now and store the PDF made from them.

    The PDF is rendered outside the transaction (it can take a while for a large year);
    the row is locked only to swap in the new figures and file together.
    """
    started = timezone.now()
    summary = summary_build(year=report.year)
    pdf = report_pdf(summary=summary, published_at=started)
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        old = report.pdf.name
        report.pdf.save(
            f"raport-{report.year}-{started:%Y%m%d-%H%M%S}.pdf", ContentFile(pdf), save=False
        )
        report.snapshot = summary.as_dict()
        report.published_at = started
        report.published_by = by or report.requested_by
        report.failed_at, report.failure = None, ""
        # A request made while this one was rendering stays pending: its task follows.
        if report.requested_at is not None and report.requested_at <= started:
            report.requested_at, report.requested_by = None, None
        report.save()
        if old and old != report.pdf.name:
            storage = report.pdf.storage
            transaction.on_commit(lambda: storage.delete(old))
    return report


def report_failed(*, report: Report, error: Exception, started) -> Report:
    """Record that generating the report (requested before `started`) failed, and why,
    for the official to see in the admin. A published report stays as it was published."""
    reason = f"{type(error).__name__}: {error}".strip()
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        report.failed_at = timezone.now()
        report.failure = reason[:2000]
        # A request made while this one was rendering stays pending: its task follows.
        if report.requested_at is not None and report.requested_at <= started:
            report.requested_at, report.requested_by = None, None
        report.save()
    return report


# Every row summary_build() reads. (grants has no report_sources() of its own yet.)
SUMMARY_ROWS = caching.Fingerprint(
    *centres_queries.report_sources(),
    *trainings_queries.report_sources(),
    *events_queries.report_sources(),
    Registration.objects.all(),
    Project.objects.all(),
    Application.objects.all(),
    Organisation.objects.all(),
)


def report_is_outdated(*, report: Report) -> bool:
    """Whether the figures as the data stand now differ from those published.

    Building the summary takes its 18 queries; the answer is kept for the published
    version of the report and the current version of every row the summary reads, so it
    is built again only after one of them changed.
    """
    key = "reports:outdated:" + caching.digest(
        report.year,
        report.published_at.isoformat(),
        settings.CITY_NAME,
        settings.CITY_NAME_LOCATIVE,
        SUMMARY_ROWS(),
    )
    outdated = cache.get(key)
    if outdated is None:
        outdated = summary_build(year=report.year).as_dict() != report.snapshot
        cache.set(key, outdated, caching.DAY)
    return outdated


# How long a draft's rendering may take before another request may ask for it again (a
# worker that died takes its request with it). The 2 000-project year takes 10-50 s.
DRAFT_RENDERING_SECONDS = 10 * 60


def _draft_pdf_key(year: int, language: str) -> str:
    return "reports:draft-pdf:" + caching.digest(
        year, language, settings.CITY_NAME, settings.CITY_NAME_LOCATIVE, SUMMARY_ROWS()
    )


def draft_pdf(*, year: int, language: str) -> tuple[str, bytes | None]:
    """(version, PDF) of the year's draft as the data stand now; the PDF is None while it
    is being rendered.

    A large year takes WeasyPrint longer than a request should wait, so the draft is made
    by a Celery task and kept under the fingerprint of every row the summary reads: the
    next request after a change of the data asks for a new one, and the old one is never
    served again. The fingerprint is read before the task reads the data, so a change
    committed in between can only store newer figures under an older key. The version
    is that key, for the ETag.
    """
    from .tasks import report_draft_pdf_task

    key = _draft_pdf_key(year, language)
    pdf = cache.get(key)
    if pdf is None and cache.add(key + ":rendering", True, DRAFT_RENDERING_SECONDS):
        report_draft_pdf_task.delay(year, language, key)
        pdf = cache.get(key)  # a worker in the same process (tests, no Redis) has made it
    return key, pdf


def draft_pdf_render(*, year: int, language: str, key: str) -> bytes:
    """Render the year's draft PDF and keep it under `key` (see draft_pdf)."""
    try:
        pdf = report_pdf(summary=summary_build(year=year), language=language)
        cache.set(key, pdf, caching.DAY)
        return pdf
    finally:
        cache.delete(key + ":rendering")


def report_summary(*, report: Report) -> YearSummary:
    return YearSummary.from_dict(report.snapshot)
