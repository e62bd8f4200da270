import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task
def report_publish_task(report_id: int) -> None:
    """Render and publish the report. A failure is recorded on the report, where the
    official sees it in the admin and can try again; the traceback goes to the log."""
    from django.utils import timezone

    from .models import Report
    from .services import report_failed, report_publish

    report = Report.objects.get(pk=report_id)
    started = timezone.now()
    try:
        report_publish(report=report)
    except Exception as error:
        logger.exception("Publishing the report for %s failed", report.year)
        report_failed(report=report, error=error, started=started)


@shared_task
def report_draft_pdf_task(year: int, language: str, key: str) -> None:
    """The draft PDF an official asked for, kept under `key` (reports.services.draft_pdf)."""
    from .services import draft_pdf_render

    draft_pdf_render(year=year, language=language, key=key)
