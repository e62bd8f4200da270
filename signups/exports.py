"""Registrations as CSV and XLSX for officials."""

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _


def _rows(registrations):
    yield [
        _("item"),
        _("first and last name"),
        _("e-mail"),
        _("organisation"),
        _("needs"),
        _("status"),
        _("attended"),
        _("signed up at"),
    ]
    for r in registrations:
        yield [
            r.signup_list.title,
            r.display_name,
            r.email,
            r.organisation,
            "; ".join(r.needs),
            r.get_status_display(),
            _("yes") if r.attended else _("no"),
            timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M"),
        ]


def registrations_csv(registrations) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    for row in _rows(registrations):
        writer.writerow([safe_cell(str(v)) for v in row])
    # A byte-order mark, so that a spreadsheet opens the Polish letters right.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def registrations_xlsx(registrations) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_("registrations"))[:31]
    for row in _rows(registrations):
        sheet.append([safe_cell(str(v)) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def safe_cell(value: str) -> str:
    # A name typed as "=HYPERLINK(...)" must stay text in a spreadsheet, not a formula.
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
