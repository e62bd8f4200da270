from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

EMAIL_KINDS = ("confirm_request", "confirmed", "waiting", "promoted", "cancelled")


@shared_task
def registration_email_task(registration_id: int, kind: str) -> None:
    from .models import Registration
    from .offerings import schedule_for

    if kind not in EMAIL_KINDS:
        raise ValueError(f"unknown e-mail kind {kind!r}")
    registration = Registration.objects.select_related("signup_list").get(pk=registration_id)
    if registration.is_anonymised:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "registration": registration,
            "item": registration.signup_list,
            "item_url": registration.item_url(),
            "confirm_url": registration.confirm_url(),
            "cancel_url": registration.cancel_url(),
            "schedule": schedule_for(registration.signup_list),
        }
        subject = render_to_string(f"signups/email/{kind}_subject.txt", context)
        body = render_to_string(f"signups/email/{kind}.txt", context)
    send_mail(" ".join(subject.split()), body, None, [registration.email])


@shared_task
def registrations_message_task(registration_ids: list[int], subject: str, body: str) -> None:
    from .models import Registration

    registrations = (
        Registration.objects.select_related("signup_list")
        .filter(pk__in=registration_ids)
        .not_anonymised()
    )
    for registration in registrations:
        with translation.override(settings.LANGUAGE_CODE):
            text = render_to_string(
                "signups/email/message.txt",
                {
                    "registration": registration,
                    "body": body,
                    "item_url": registration.item_url(),
                    "cancel_url": registration.cancel_url(),
                },
            )
        send_mail(subject, text, None, [registration.email])


@shared_task
def registrations_anonymise_task() -> int:
    """Daily (the beat schedule in settings): remove expired sign-ups' personal data."""
    from .services import registrations_anonymise_expired

    return registrations_anonymise_expired()


@shared_task
def registrations_purge_unconfirmed_task() -> int:
    """Daily: delete sign-ups never confirmed, as the confirmation e-mail says."""
    from .services import registrations_purge_unconfirmed

    return registrations_purge_unconfirmed()
