import django_filters
from django.utils.translation import gettext_lazy as _

from signups.filters import OfferingFilter

from .models import Event


class EventFilter(OfferingFilter):
    kind = django_filters.ChoiceFilter(
        label=_("kind"), choices=Event.Kind.choices, empty_label=_("any")
    )

    class Meta:
        model = Event
        fields = ["kind", "organiser", "centre", "month", "open_seats"]
