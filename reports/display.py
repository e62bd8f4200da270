"""What the page and the PDF show of a summary: its words, charts and labelled tables."""

from decimal import Decimal
from typing import NamedTuple

from django.utils.dates import MONTHS
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from events import queries as events_queries
from grants import queries as grants_queries

from . import charts, text
from .summary import YearSummary


def money(value: Decimal, places: int = 2) -> str:
    return f"{number_format(value, places, force_grouping=True)} zł"


def kind_labels() -> dict[str, str]:
    labels = {
        "training": _("training"),
        "training_group": _("training group"),
        "training_days": _("training days"),
        **events_queries.kind_labels(),
        **grants_queries.project_kind_labels(),
    }
    return {kind: str(label) for kind, label in labels.items()}


def area_label(area: str) -> str:
    return area or _("whole city")


def _charts(summary: YearSummary) -> dict:
    areas = [(area_label(a.area), a) for a in summary.by_area]
    months = [(str(MONTHS[m.month]).capitalize(), m) for m in summary.by_month]
    year = summary.year

    def pair(prefix, rows, what, order):
        values = {"what": what, "year": year}
        money_title = _("Cost of the projects %(what)s in %(year)s") % values
        projects_title = _("Projects %(what)s in %(year)s") % values
        described = _("The same figures are in the table below the charts.")
        return {
            "money_title": money_title,
            "money": charts.bar_chart(
                chart_id=f"{prefix}-money",
                title=money_title,
                description=described,
                bars=[charts.Bar(label, r.total_cost, money(r.total_cost, 0)) for label, r in rows],
            ),
            "projects_title": projects_title,
            "projects": charts.bar_chart(
                chart_id=f"{prefix}-projects",
                title=projects_title,
                description=described,
                bars=[charts.Bar(label, r.projects, str(r.projects)) for label, r in rows],
            ),
            "rows": rows,
            "order": order,
        }

    return {
        # The order is the one summary_build() gives (services._by_area).
        "by_area": pair(
            "area",
            areas,
            _("per area"),
            _(
                "Areas from the largest amount (the projects' total cost) down, in both "
                "charts and in the table."
            ),
        ),
        "by_month": pair("month", months, _("per month"), _("Months in calendar order.")),
    }


def _projects_by_centre(summary: YearSummary, labels: dict) -> list[tuple[str, list]]:
    """The annex's projects under their centre, the centres in the summary's order."""
    groups: dict[str, list] = {}
    for p in summary.annex_projects:
        groups.setdefault(p.centre, []).append((p, labels.get(p.kind, p.kind), area_label(p.area)))
    order = {name: i for i, name in enumerate(summary.centres)}
    return sorted(groups.items(), key=lambda g: (order.get(g[0], len(order)), g[0]))


class AnnexGroup(NamedTuple):
    """A table of the PDF's annex: one centre's projects of one kind."""

    centre: str
    kind: str
    projects: list
    # No project has an organisation or a grant: the caption says so once, and the table
    # leaves out two columns that would repeat it on every row.
    by_residents: bool


def _by_kind(projects_by_centre: list[tuple[str, list]]) -> list[AnnexGroup]:
    """The centres' projects split by kind, in the order each kind first appears."""
    groups = []
    for centre, rows in projects_by_centre:
        kinds: dict[str, list] = {}
        for p, kind, _area in rows:
            kinds.setdefault(kind, []).append(p)
        groups += [
            AnnexGroup(
                centre,
                kind,
                projects,
                by_residents=not any(p.organisation or p.grant_amount for p in projects),
            )
            for kind, projects in kinds.items()
        ]
    return groups


def pdf_context(summary: YearSummary) -> dict:
    """The page's context for the PDF. Its annex has a table per centre and kind, the kind
    said once in the caption: WeasyPrint's time grows with every cell, and a year can have
    thousands of rows."""
    context = summary_context(summary)
    context["project_groups"] = _by_kind(context.pop("projects_by_centre"))
    return context


def summary_context(summary: YearSummary) -> dict:
    labels = kind_labels()
    return {
        "summary": summary,
        "text": text.summary_text(summary),
        "empty": text.empty_year(summary) if summary.is_empty else "",
        "charts": _charts(summary) if summary.projects else {},
        "no_charts": "" if summary.projects else text.no_charts(summary),
        "projects_by_centre": _projects_by_centre(summary, labels),
        "activity_tables": [
            (_("Trainings"), [(t, labels.get(t.kind, t.kind)) for t in summary.annex_trainings]),
            (_("Events"), [(e, labels.get(e.kind, e.kind)) for e in summary.annex_events]),
        ],
    }
