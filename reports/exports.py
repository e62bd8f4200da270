"""A report's annexes as open data: CSV per annex, one XLSX workbook, the figures as JSON.

Amounts are written with a decimal point and exactly two decimals ("4500.00"), in the JSON
as strings, so that programs read them as exact numbers; the CSV is separated by
semicolons with a byte-order mark, like the portal's other exports, so that a spreadsheet
opens the Polish letters right.
"""

import csv
import io
import json
from dataclasses import fields, is_dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _

from signups.exports import safe_cell

from .display import area_label, kind_labels
from .summary import SNAPSHOT_VERSION, YearSummary

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


def _csv_value(value):
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, Decimal):
        return _money(value)
    return str(value)


def annex_csv(summary: YearSummary, annex: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    for row in _rows(summary, annex):
        writer.writerow([_cell(_csv_value(v)) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# Excel's codes; a spreadsheet shows them with its own separators ("4 780,50 zł" in Polish).
XLSX_MONEY = '#,##0.00\\ "zł"'
XLSX_COUNT = "#,##0"
XLSX_DATE = "yyyy-mm-dd"
XLSX_MAX_WIDTH = 60


def _xlsx_cell(value):
    """(value, number format, width in characters) of a cell: amounts, counts and dates
    stay numbers and dates, formatted."""
    if value is None:
        return None, None, 0
    if isinstance(value, Decimal):
        return value, XLSX_MONEY, len(f"{value:,.2f}") + 3
    if isinstance(value, bool):
        return value, None, 5
    if isinstance(value, int):
        return value, XLSX_COUNT, len(f"{value:,}")
    if isinstance(value, date):
        return value, XLSX_DATE, 10
    value = _cell(str(value))
    return value, None, max((len(line) for line in value.splitlines()), default=0)


def annexes_xlsx(summary: YearSummary) -> bytes:
    """The annexes as one workbook, a sheet each: the header row bold and frozen, every
    column as wide as its longest value (up to 60 characters)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    titles = {"projects": _("projects"), "trainings": _("trainings"), "events": _("events")}
    bold = Font(bold=True)
    for annex in ANNEXES:
        sheet = workbook.create_sheet(str(titles[annex])[:31])
        widths: dict[int, int] = {}
        for r, row in enumerate(_rows(summary, annex), start=1):
            for c, raw in enumerate(row, start=1):
                value, number_format, width = _xlsx_cell(raw)
                cell = sheet.cell(row=r, column=c, value=value)
                if r == 1:
                    cell.font = bold
                elif number_format:
                    cell.number_format = number_format
                widths[c] = max(widths.get(c, 0), width)
        for c, width in widths.items():
            sheet.column_dimensions[get_column_letter(c)].width = min(width, XLSX_MAX_WIDTH) + 2
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


GROSZ = Decimal("0.01")


def _money(value: Decimal) -> str:
    return str(value.quantize(GROSZ, rounding=ROUND_HALF_UP))


def _plain(value):
    """A figure as JSON has it: every amount as a string with two decimals."""
    if is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return _money(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def figures_json(summary: YearSummary, **meta) -> bytes:
    figures = {
        f.name: _plain(getattr(summary, f.name))
        for f in fields(summary)
        if f.name not in summary.ANNEXES
    }
    data = {**meta, "version": SNAPSHOT_VERSION, **figures}
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()
