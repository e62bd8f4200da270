from celery import shared_task


@shared_task
def report_publish_task(report_id: int) -> None:
    from .models import Report
    from .services import report_publish

    report_publish(report=Report.objects.get(pk=report_id))
