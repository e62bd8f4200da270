import django_filters
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from signups.filters import OfferingFilter

from .models import Session, Training


class TrainingFilter(OfferingFilter):
    date_field = "sessions__starts_at"

    kind = django_filters.ChoiceFilter(
        label=_("kind"),
        choices=[("cycle", _("cycle of sessions")), ("single", _("single training"))],
        method="filter_kind",
        empty_label=_("any"),
    )

    class Meta:
        model = Training
        fields = ["kind", "organiser", "centre", "month", "open_seats"]

    def filter_kind(self, queryset, name, value):
        # A subquery: a join on the sessions would group every other annotation by them.
        sessions = (
            Session.objects.filter(training=OuterRef("pk"))
            .order_by()
            .values("training")
            .annotate(n=Count("pk"))
            .values("n")
        )
        queryset = queryset.annotate(session_count=Coalesce(Subquery(sessions), 0))
        if value == "cycle":
            return queryset.filter(session_count__gt=1)
        return queryset.filter(session_count__lte=1)
