"""The yearly reports: the list of published years, a year's page, its PDF and open data.

A published year shows its frozen figures and serves the PDF stored when it was
published. Officials may also see the draft, the figures as the data stand now, of any
year (add ?draft=1 to a published year's addresses); for anyone else a year that has not
been published does not exist.
"""

from django.core.cache import cache
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag
from django.utils.translation import get_language

from centres import queries as centres_queries
from cil_portal import caching

from . import display, exports, rules, services
from .models import FIRST_YEAR, LAST_YEAR, Report


def report_list(request):
    reports = list(Report.objects.for_list())
    drafts = []
    if rules.can_view_draft(request.user):
        this_year = timezone.localdate().year
        first = min([*centres_queries.active_by_year(this_year), this_year])
        published = {r.year for r in reports}
        drafts = [y for y in range(this_year, first - 1, -1) if y not in published]
    return render(request, "reports/list.html", {"reports": reports, "drafts": drafts})


def _wants_draft(request, year: int, report: Report | None) -> bool:
    """Whether the year is shown as the draft (officials) or as published; 404 when
    neither may be seen."""
    may_draft = rules.can_view_draft(request.user) and FIRST_YEAR <= year <= LAST_YEAR
    if report is not None and not (may_draft and "draft" in request.GET):
        return False
    if may_draft:
        return True
    raise Http404


def _summary(request, year: int):
    """(summary, published report or None, whether it is a draft) for the year, or 404."""
    report = Report.objects.published().filter(year=year).first()
    if _wants_draft(request, year, report):
        return services.summary_build(year=year), report, True
    return services.report_summary(report=report), report, False


def _private(response, draft: bool):
    if draft:
        patch_cache_control(response, private=True, no_store=True)
    return response


def _body(summary, query: str = "") -> str:
    """The report itself: downloads, summary, figures, charts and annexes."""
    context = {**display.summary_context(summary), "query": query}
    return render_to_string("reports/_page_body.html", context)


def _published_body(report: Report) -> str:
    """A published report's body, rendered once per publication and language: it shows
    the frozen figures only, which change when the year is published again."""
    key = "reports:page:" + caching.digest(
        report.pk, report.year, report.published_at.isoformat(), get_language()
    )
    body = cache.get(key)
    if body is None:
        body = _body(services.report_summary(report=report))
        cache.set(key, body, caching.DAY)
    return body


@caching.page_cache(times=())
def report_detail(request, year: int):
    # The frozen figures (a large JSON) are read only to render the body or to compare.
    report = Report.objects.published().filter(year=year).defer("snapshot").first()
    draft = _wants_draft(request, year, report)
    context = {
        "year": year,
        "body": _body(services.summary_build(year=year), "?draft=1")
        if draft
        else _published_body(report),
        "report": report,
        "draft": draft,
        "outdated": not draft and services.report_is_outdated(report=report),
        "can_preview": rules.can_view_draft(request.user),
    }
    return _private(render(request, "reports/detail.html", context), draft)


def report_pdf(request, year: int):
    """A published year's stored PDF, or for officials the draft's, rendered by a task
    (a page says it is being prepared until it is ready)."""
    report = Report.objects.published().filter(year=year).defer("snapshot").first()
    if _wants_draft(request, year, report):
        return _draft_pdf(request, year)
    # The file's name says when it was published: a new publication is a new file.
    etag = quote_etag(caching.digest(report.pdf.name))
    response = get_conditional_response(
        request, etag=etag, last_modified=int(report.published_at.timestamp())
    )
    if response is None:
        response = FileResponse(
            report.pdf.open("rb"),
            as_attachment=True,
            filename=f"raport-cil-{year}.pdf",
            content_type="application/pdf",
        )
    response["ETag"] = etag
    response["Last-Modified"] = http_date(report.published_at.timestamp())
    # Any cache may keep it, but asks whether it is still the published one.
    patch_cache_control(response, public=True, no_cache=True)
    return response


def _draft_pdf(request, year: int):
    version, pdf = services.draft_pdf(year=year, language=get_language())
    if pdf is None:
        response = render(request, "reports/pdf_preparing.html", {"year": year}, status=202)
        response["Retry-After"] = "5"
        return _private(response, True)
    etag = quote_etag(version)
    response = get_conditional_response(request, etag=etag)
    if response is None:
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="raport-cil-{year}-projekt.pdf"'
        response["Content-Length"] = str(len(pdf))
    response["ETag"] = etag
    return _private(response, True)


def report_json(request, year: int):
    summary, report, draft = _summary(request, year)
    meta = {
        "draft": draft,
        "published_at": None if draft else report.published_at.isoformat(),
    }
    body = exports.figures_json(summary, **meta)
    return _private(HttpResponse(body, content_type="application/json; charset=utf-8"), draft)


def report_xlsx(request, year: int):
    summary, _report, draft = _summary(request, year)
    response = HttpResponse(
        exports.annexes_xlsx(summary),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="raport-cil-{year}.xlsx"'
    return _private(response, draft)


def report_csv(request, year: int, annex: str):
    if annex not in exports.ANNEXES:
        raise Http404
    summary, _report, draft = _summary(request, year)
    body = exports.annex_csv(summary, annex)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="raport-cil-{year}-{annex}.csv"'
    return _private(response, draft)
