from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


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


class OfferingAdminColumns:
    """Columns the trainings' and the events' admin lists share."""

    @admin.display(description=gettext_lazy("organiser"))
    def organiser(self, obj):
        return obj.organiser_name

    @admin.display(description=gettext_lazy("confirmed"), ordering="seats_taken")
    def seats(self, obj):
        return obj.seats_taken

    @admin.display(description=gettext_lazy("registrations"))
    def registrations(self, obj):
        return registrations_link(obj)
