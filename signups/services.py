"""The one sign-up mechanism of trainings and events.

Seats are handed out when a person confirms their e-mail address (double opt-in), never
at the first click: an unconfirmed address holds no seat. Every change of seats happens
with the sign-up list's row locked, so two people confirming at the same moment cannot
both take the last seat.
"""

from collections.abc import Iterable
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Registration, SignupList
from .tasks import registration_email_task, registrations_message_task

# How long an unconfirmed sign-up is kept before its data is deleted.
UNCONFIRMED_KEPT_FOR = timedelta(days=7)

FIELDS = (
    "full_name",
    "email",
    "organisation",
    "needs_sign_language",
    "needs_step_free",
    "needs_other",
    "consent",
)


def _send(registration: Registration, kind: str) -> None:
    pk = registration.pk
    transaction.on_commit(lambda: registration_email_task.delay(pk, kind))


def _lock(signup_list_id: int) -> SignupList:
    return SignupList.objects.select_for_update().get(pk=signup_list_id)


def registration_create(*, signup_list: SignupList, data: dict) -> tuple[Registration, bool]:
    """Sign a person up and send the confirmation link; return (registration, created).

    Signing up again with an address that still awaits confirmation sends the link again
    instead of failing: a double click or a lost e-mail must not lock a person out.
    """
    if not signup_list.is_open_at(timezone.now()):
        raise ValidationError(_("Sign-up for this is closed."), code="closed")
    registration = Registration(
        signup_list=signup_list, **{k: data[k] for k in FIELDS if data.get(k) is not None}
    )
    registration.email = registration.email.strip().lower()
    if not registration.consent:
        raise ValidationError(
            {"consent": _("We need your consent to process your data for this sign-up.")}
        )
    registration.full_clean(validate_constraints=False)
    existing = signup_list.registrations.active().filter(email=registration.email).first()
    if existing is None:
        try:
            with transaction.atomic():
                registration.save()
                _send(registration, "confirm_request")
            return registration, True
        except IntegrityError:
            # Two submissions of the same form at once: the other one won, use it.
            existing = signup_list.registrations.active().get(email=registration.email)
    if existing.status == Registration.Status.PENDING:
        with transaction.atomic():
            _send(existing, "confirm_request")
        return existing, False
    raise ValidationError(
        {"email": _("This e-mail address is already signed up. Check your inbox.")},
        code="duplicate",
    )


@transaction.atomic
def registration_confirm(*, registration: Registration) -> Registration:
    """Confirm the e-mail address: a seat if one is free, else a place on the waiting list."""
    # Locked: two people confirming at once must not both take the last seat.
    signup_list = _lock(registration.signup_list_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != Registration.Status.PENDING:
        return registration
    now = timezone.now()
    if signup_list.has_begun_at(now):
        raise ValidationError(
            _("It has already begun, so this sign-up can no longer be confirmed."),
            code="begun",
        )
    registration.confirmed_at = now
    if _has_free_seat(signup_list):
        registration.status = Registration.Status.CONFIRMED
        _send(registration, "confirmed")
    else:
        registration.status = Registration.Status.WAITING
        registration.waiting_since = now
        _send(registration, "waiting")
    registration.save(update_fields=["status", "confirmed_at", "waiting_since", "updated_at"])
    return registration


@transaction.atomic
def registration_cancel(*, registration: Registration, notify: bool = True) -> Registration:
    """Cancel; a freed seat goes to the first person on the waiting list."""
    # Locked: the freed seat must go to exactly one waiting person.
    signup_list = _lock(registration.signup_list_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Registration.Status.CANCELLED:
        return registration
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at", "updated_at"])
    if notify:
        _send(registration, "cancelled")
    _fill(signup_list)
    return registration


@transaction.atomic
def signup_list_fill(*, signup_list: SignupList) -> list[Registration]:
    """Promote waiting people while seats are free (after capacity grew, say)."""
    return _fill(_lock(signup_list.pk))


def _has_free_seat(signup_list: SignupList) -> bool:
    return signup_list.capacity is None or signup_list.seats_taken() < signup_list.capacity


def _fill(signup_list: SignupList) -> list[Registration]:
    # Once it has begun, a freed seat is no use to anyone waiting: no "the seat is yours".
    if signup_list.has_begun_at(timezone.now()):
        return []
    promoted = []
    for registration in signup_list.registrations.waiting_in_order().select_for_update():
        if not _has_free_seat(signup_list):
            break
        registration.status = Registration.Status.CONFIRMED
        registration.save(update_fields=["status", "updated_at"])
        _send(registration, "promoted")
        promoted.append(registration)
    return promoted


def registrations_purge_unconfirmed(*, older_than: timedelta = UNCONFIRMED_KEPT_FOR) -> int:
    """Delete sign-ups whose address was never confirmed, as the confirmation e-mail says."""
    cutoff = timezone.now() - older_than
    deleted, _ = Registration.objects.filter(
        status=Registration.Status.PENDING, created_at__lt=cutoff
    ).delete()
    return deleted


def registrations_anonymise_expired(*, now=None, dry_run: bool = False) -> int:
    """Remove the personal data of sign-ups kept as long as the privacy notice promises
    (to the end of the year after the training or event); return how many. Idempotent."""
    expired = Registration.objects.past_keeping(now)
    if dry_run:
        return expired.count()
    return expired.anonymise()


@transaction.atomic
def registration_withdraw(*, registration: Registration) -> Registration:
    """The person withdraws their consent: cancel the sign-up if it still holds a seat or a
    place in something yet to come (the waiting list moves up) and remove their data. What
    they attended still counts in the reports, as a number."""
    begun = registration.signup_list.has_begun_at(timezone.now())
    # Once it has begun the seat is no use to anyone, and a cancelled sign-up would no
    # longer count as having come: only the data go.
    if registration.status != Registration.Status.CANCELLED and not begun:
        # No "cancelled" e-mail: the address is gone by the time it would be sent.
        registration_cancel(registration=registration, notify=False)
    Registration.objects.filter(pk=registration.pk).anonymise()
    registration.refresh_from_db()
    return registration


def registrations_message(*, registrations: Iterable[Registration], subject: str, body: str) -> int:
    """Send officials' message to each registrant; return how many will receive it."""
    subject, body = subject.strip(), body.strip()
    if not subject or not body:
        raise ValidationError(_("A message needs a subject and a text."))
    ids = [
        r.pk
        for r in registrations
        if r.status != Registration.Status.CANCELLED and not r.is_anonymised
    ]
    if ids:
        transaction.on_commit(lambda: registrations_message_task.delay(ids, subject, body))
    return len(ids)
