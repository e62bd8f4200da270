from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from signups.models import Registration

from .models import Attendance, Session


@transaction.atomic
def session_attendance_set(*, session: Session, registrations: Iterable[Registration]) -> int:
    """Record exactly these people as present at the session; return how many came."""
    registrations = list(registrations)
    foreign = [r for r in registrations if r.signup_list_id != session.training.signup_list_id]
    if foreign:
        raise ValidationError(_("This person is not registered for this training."))
    wanted = {r.pk for r in registrations}
    session.attendances.exclude(registration_id__in=wanted).delete()
    present = set(session.attendances.values_list("registration_id", flat=True))
    Attendance.objects.bulk_create(
        [Attendance(session=session, registration_id=pk) for pk in wanted - present],
        ignore_conflicts=True,
    )
    return len(wanted)
