"""What other pages (home, a centre's page, the dashboard) and the yearly report show of
the grants."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from .budget import ZERO
from .models import Application, Call, Project
from .workflow import GRANTED


def open_calls(*, limit: int = 6) -> list[Call]:
    """Calls accepting applications now, the one closing soonest first."""
    now = timezone.now()
    return list(Call.objects.open_at(now).for_list().order_by("closes_at", "title")[:limit])


def open_calls_for_centre(centre) -> list[Call]:
    calls = Call.objects.open_at(timezone.now()).for_list().filter(organiser=centre)
    return list(calls.order_by("closes_at", "title"))


def applications_for_dashboard(user) -> list[Application]:
    return list(Application.objects.for_dashboard(user))


def projects_for_centre(centre) -> list[Project]:
    """The centre's realised projects (grants and grassroots initiatives), latest first."""
    return list(Project.objects.for_centre(centre).for_listing())


def projects_in_area(area, *, exclude_centre=None, year: int | None = None) -> list[Project]:
    """Projects realised in an area, latest first: those recorded there, and those of the
    area's own centres recorded without an area. Optionally not the centre's own (a
    centre's page lists them apart) or only those realised in `year`."""
    projects = Project.objects.in_area(area).for_listing()
    if exclude_centre is not None:
        projects = projects.exclude(centre=exclude_centre)
    if year is not None:
        projects = projects.realised_in(year)
    return list(projects)


def project_years_in_area(area) -> list[int]:
    """The years in which projects in the area were realised, latest first. One query."""
    return [d.year for d in Project.objects.in_area(area).dates("ends_on", "year", "DESC")]


@dataclass(frozen=True)
class RealisedProject:
    """A project as the yearly report's annex lists it."""

    title: str
    kind: str
    organisation: str
    centre: str
    area: str
    starts_on: date
    ends_on: date
    grant_amount: Decimal
    total_cost: Decimal
    participants: int | None


def projects_realised_in(year: int) -> list[RealisedProject]:
    """Every project realised in `year`, in the order it ended. One query."""
    rows = (
        Project.objects.realised_in(year)
        .order_by("ends_on", "title", "pk")
        .values_list(
            "title",
            "kind",
            "organisation__name",
            "centre__name",
            "area__name",
            "starts_on",
            "ends_on",
            "grant_amount",
            "total_cost",
            "participants",
        )
    )
    return [
        RealisedProject(title, kind, org or "", centre, area or "", *rest)
        for title, kind, org, centre, area, *rest in rows
    ]


def project_kind_labels() -> dict[str, str]:
    return dict(Project.Kind.choices)


@dataclass(frozen=True)
class ProjectTotals:
    projects: int = 0
    regranting: int = 0
    total_cost: Decimal = ZERO
    regranting_cost: Decimal = ZERO


def project_totals_by_year(first: int, last: int) -> dict[int, ProjectTotals]:
    """Projects realised and their cost, for each year from `first` to `last`. One query."""
    rows = (
        Project.objects.filter(ends_on__year__gte=first, ends_on__year__lte=last)
        .annotate(year=ExtractYear("ends_on"))
        .values("year", "kind")
        .annotate(n=Count("pk"), cost=Sum("total_cost"))
        .order_by()
    )
    by_year: dict[int, dict] = {}
    for row in rows:
        by_year.setdefault(row["year"], {})[row["kind"]] = (row["n"], row["cost"] or ZERO)
    totals = {}
    for year, kinds in by_year.items():
        regranting = kinds.get(Project.Kind.REGRANTING, (0, ZERO))
        totals[year] = ProjectTotals(
            projects=sum(n for n, _ in kinds.values()),
            regranting=regranting[0],
            total_cost=sum((cost for _, cost in kinds.values()), ZERO),
            regranting_cost=regranting[1],
        )
    return totals


def applications_received_in(year: int) -> tuple[int, int]:
    """Applications submitted in `year` (not withdrawn), and how many of them were funded
    (awarded a grant, whatever happened since). One query."""
    counts = (
        Application.objects.filter(submitted_at__year=year)
        .received()
        .aggregate(received=Count("pk"), funded=Count("pk", filter=Q(status__in=GRANTED)))
    )
    return counts["received"], counts["funded"]
