from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _


def registrations_link(offering) -> str:
    """A link from a training or event in the admin to its registrations."""
    if not offering.signup_list_id:
        return "–"
    url = reverse("admin:signups_registration_changelist")
    return format_html(
        '<a href="{}?signup_list__id__exact={}">{}</a>',
        url,
        offering.signup_list_id,
        _("Registrations (%(n)d confirmed)") % {"n": getattr(offering, "seats_taken", 0)},
    )
