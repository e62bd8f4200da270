from celery import shared_task


@shared_task
def application_confirmation_task(application_id: int) -> None:
    from .models import Application
    from .services import application_send_confirmation

    application_send_confirmation(application=Application.objects.get(pk=application_id))


@shared_task
def application_status_email_task(event_id: int) -> None:
    from .models import ApplicationEvent
    from .services import application_send_status

    application_send_status(event=ApplicationEvent.objects.get(pk=event_id))
