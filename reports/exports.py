"""A report's annexes as open data: CSV per annex, one XLSX workbook, the figures as JSON.

Amounts are written with a decimal point ("4500.00") so that programs read them as
numbers; the CSV is separated by semicolons with a byte-order mark, like the portal's
other exports, so that a spreadsheet opens the Polish letters right.
"""

import csv
import io
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _

from signups.exports import safe_cell

from .display import area_label, kind_labels
from .summary import YearSummary

ANNEXES = ("projects", "trainings", "events")


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return safe_cell(value)
    return value


def _project_rows(summary: YearSummary):
    labels = kind_labels()
    yield [
        _("title"),
        _("organisation"),
        _("centre"),
        _("area"),
        _("kind"),
        _("starts on"),
        _("ends on"),
        _("grant (zł)"),
        _("total cost (zł)"),
        _("participants"),
    ]
    for p in summary.annex_projects:
        yield [
            p.title,
            p.organisation,
            p.centre,
            area_label(p.area),
            labels.get(p.kind, p.kind),
            p.starts_on,
            p.ends_on,
            p.grant_amount,
            p.total_cost,
            p.participants,
        ]


def _item_rows(items):
    labels = kind_labels()
    yield [
        _("title"),
        _("kind"),
        _("begins on"),
        _("days"),
        _("participants"),
        _("the number is an estimate"),
        _("organisations"),
    ]
    for i in items:
        yield [
            i.title,
            labels.get(i.kind, i.kind),
            i.starts_on,
            i.days,
            i.participants,
            _("yes") if i.estimate else _("no"),
            i.organisations,
        ]


def _rows(summary: YearSummary, annex: str):
    if annex == "projects":
        return _project_rows(summary)
    if annex == "trainings":
        return _item_rows(summary.annex_trainings)
    if annex == "events":
        return _item_rows(summary.annex_events)
    raise ValueError(f"unknown annex {annex!r}")


def annex_csv(summary: YearSummary, annex: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    for row in _rows(summary, annex):
        writer.writerow([_cell(v if v is None or isinstance(v, str) else str(v)) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def annexes_xlsx(summary: YearSummary) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    titles = {"projects": _("projects"), "trainings": _("trainings"), "events": _("events")}
    for annex in ANNEXES:
        sheet = workbook.create_sheet(str(titles[annex])[:31])
        for row in _rows(summary, annex):
            sheet.append([_cell(v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def figures_json(summary: YearSummary, **meta) -> bytes:
    data = {**meta, **summary.figures()}
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()
