"""Applications and their scores as CSV and XLSX, for officials: a call's, or any."""

import csv
import io
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from organisations.models import Organisation

from .models import Application, Call
from .workflow import Status

# Rows read from the database at a time: 20 000 applications with their reviews and
# scores prefetched at once would all sit in memory before the first row is written.
CHUNK = 500


def columns(call: Call | None) -> list[str]:
    """The header row: the application, the money, the scores (one column per reviewer's
    total is not stable across calls, so each criterion's average and the average total).
    Applications of several calls (call None) have the call's title instead of criteria."""
    criteria = list(call.criteria.all()) if call else []
    return [
        _("number"),
        *([_("call")] if call is None else []),
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
            for c in criteria
        ],
        _("average score"),
        _("maximum score"),
        _("submitted at"),
    ]


def rows(call: Call | None, applications=None):
    """The rows of `columns(call)`: the call's applications, or the given ones of any
    calls (a queryset) when call is None."""
    criteria = list(call.criteria.all()) if call else []
    if call is not None:
        applications = Application.objects.for_export(call)
    else:
        applications = applications.for_export_across_calls()
        titles = dict(Call.objects.values_list("pk", "title"))
    # Each model's get_..._display() translates every choice again, per row: once here.
    statuses = {value: str(label) for value, label in Status.choices}
    legal_forms = {
        value: str(label) for value, label in Organisation._meta.get_field("legal_form").flatchoices
    }
    for a in applications.iterator(chunk_size=CHUNK):
        # Across calls only the count of reviews is shown: it comes annotated.
        reviews = list(a.reviews.all()) if call is not None else []
        per_criterion = []
        for criterion in criteria:
            points = [
                s.points for r in reviews for s in r.scores.all() if s.criterion_id == criterion.pk
            ]
            per_criterion.append(_two(Decimal(sum(points)) / len(points)) if points else None)
        yield [
            a.number,
            *([titles[a.call_id]] if call is None else []),
            a.organisation.name,
            legal_forms.get(a.organisation.legal_form, a.organisation.legal_form),
            a.title,
            ", ".join(area.name for area in a.areas.all()),
            statuses.get(a.status, a.status),
            a.total_cost,
            a.requested_amount,
            a.awarded_amount,
            len(reviews) if call is not None else a.review_count,
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


class _Line:
    """csv.writer's file: hands back the line just written."""

    def write(self, value):
        return value


def applications_csv_lines(call: Call | None, applications=None):
    """The CSV line by line (bytes), to stream: memory stays that of one chunk of rows."""
    writer = csv.writer(_Line(), delimiter=";")
    # A byte-order mark, so that a spreadsheet opens the Polish letters right.
    yield ("\ufeff" + writer.writerow(columns(call))).encode("utf-8")
    for row in rows(call, applications):
        line = [_text(v).replace(".", ",") if _is_number(v) else _text(v) for v in row]
        yield writer.writerow(line).encode("utf-8")


def applications_csv(call: Call | None, applications=None) -> bytes:
    return b"".join(applications_csv_lines(call, applications))


def applications_xlsx(call: Call | None, applications=None) -> bytes:
    from openpyxl import Workbook

    # Write-only: rows go to a temporary file as they come, not into a sheet held whole
    # in memory (20 000 rows of cells took hundreds of megabytes).
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(_("applications"))[:31])
    sheet.append(columns(call))
    for row in rows(call, applications):
        sheet.append([v if _is_number(v) else _text(v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _two(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))


def _is_number(value) -> bool:
    return isinstance(value, int | Decimal) and not isinstance(value, bool)
