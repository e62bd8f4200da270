from celery import shared_task


@shared_task
def application_confirmation_task(application_id: int) -> None:
    from .models import Application
    from .services import application_send_confirmation

    application_send_confirmation(application=Application.objects.get(pk=application_id))
