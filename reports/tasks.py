from celery import shared_task


@shared_task
def report_publish_task(report_id: int) -> None:
    from .models import Report
    from .services import report_publish

    report_publish(report=Report.objects.get(pk=report_id))


@shared_task
def report_draft_pdf_task(year: int, language: str, key: str) -> None:
    """The draft PDF an official asked for, kept under `key` (reports.services.draft_pdf)."""
    from .services import draft_pdf_render

    draft_pdf_render(year=year, language=language, key=key)
