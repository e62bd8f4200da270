"""A call's applications and their scores as CSV and XLSX, for officials."""

import csv
import io
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Application, Call


def columns(call: Call) -> list[str]:
    """The header row: the application, the money, the scores (one column per reviewer's
    total is not stable across calls, so each criterion's average and the average total)."""
    return [
        _("number"),
        _("organisation"),
        _("legal form"),
        _("task title"),
        _("areas"),
        _("status"),
        _("total cost (zł)"),
        _("requested (zł)"),
        _("awarded (zł)"),
        _("reviews"),
        *[
            _("%(criterion)s (average, max %(max)s)") % {"criterion": c.name, "max": c.max_points}
            for c in call.criteria.all()
        ],
        _("average score"),
        _("maximum score"),
        _("submitted at"),
    ]


def rows(call: Call):
    criteria = list(call.criteria.all())
    for a in Application.objects.for_export(call):
        reviews = list(a.reviews.all())
        per_criterion = []
        for criterion in criteria:
            points = [
                s.points for r in reviews for s in r.scores.all() if s.criterion_id == criterion.pk
            ]
            per_criterion.append(_two(Decimal(sum(points)) / len(points)) if points else None)
        yield [
            a.number,
            a.organisation.name,
            a.organisation.get_legal_form_display(),
            a.title,
            ", ".join(area.name for area in a.areas.all()),
            a.get_status_display(),
            a.total_cost,
            a.requested_amount,
            a.awarded_amount,
            len(reviews),
            *per_criterion,
            _two(a.average_score) if a.average_score is not None else None,
            a.call_max_points,
            timezone.localtime(a.submitted_at).strftime("%Y-%m-%d %H:%M") if a.submitted_at else "",
        ]


def _text(value) -> str:
    if value is None:
        return ""
    text = str(value)
    # A title typed as "=HYPERLINK(...)" must stay text in a spreadsheet, not a formula.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def applications_csv(call: Call) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(columns(call))
    for row in rows(call):
        writer.writerow([_text(v).replace(".", ",") if _is_number(v) else _text(v) for v in row])
    # A byte-order mark, so that a spreadsheet opens the Polish letters right.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def applications_xlsx(call: Call) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_("applications"))[:31]
    sheet.append(columns(call))
    for row in rows(call):
        sheet.append([v if _is_number(v) else _text(v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _two(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))


def _is_number(value) -> bool:
    return isinstance(value, int | Decimal) and not isinstance(value, bool)
