"""Certificates of attendance for a completed training, as one PDF."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from cil_portal.pdf import html_to_pdf
from signups.models import Registration

from .models import Training


def certificate_holders(training: Training):
    """Participants who came to enough sessions, with how many they came to. Nobody whose
    data were removed: a certificate without a name is no use."""
    mine = Q(training_attendances__session__training=training)
    return (
        Registration.objects.not_anonymised()
        .filter(mine)
        .annotate(sessions_attended=Count("training_attendances", filter=mine, distinct=True))
        .filter(sessions_attended__gte=training.certificate_min_sessions)
        .order_by("full_name", "pk")
    )


def certificates_pdf(*, training: Training) -> bytes:
    sessions = list(training.sessions.all())
    if not sessions or sessions[-1].ends_at > timezone.now():
        raise ValidationError(_("Certificates are issued once the training is completed."))
    holders = list(certificate_holders(training))
    if not holders:
        raise ValidationError(_("Nobody has attended enough sessions for a certificate yet."))
    html = render_to_string(
        "trainings/certificate.html",
        {
            "training": training,
            "holders": holders,
            "sessions": sessions,
            "first": sessions[0],
            "last": sessions[-1],
            "hours": round(sum((s.ends_at - s.starts_at).total_seconds() for s in sessions) / 3600),
            "issued_on": timezone.localdate(),
            "PROGRAMME_NAME": settings.PROGRAMME_NAME,
        },
    )
    return html_to_pdf(html)
