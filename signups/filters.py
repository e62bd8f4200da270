"""The public lists' filters, shared by trainings and events."""

import re
from datetime import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centres.models import Centre
from cil_portal import caching

# The centres the filter offers: its rendered form's cache follows them.
CENTRE_CHOICES_ROWS = caching.Fingerprint(Centre.objects.all())


class OfferingFilter(django_filters.FilterSet):
    ORGANISER_CHOICES = [
        ("city", _("the city")),
        ("centre", _("a centre")),
        ("organisation", _("an organisation")),
    ]
    # The field whose month the month filter looks at; a training's is its sessions'.
    date_field = "starts_at"

    organiser = django_filters.ChoiceFilter(
        label=_("organiser"),
        choices=ORGANISER_CHOICES,
        method="filter_organiser",
        empty_label=_("any"),
    )
    centre = django_filters.ModelChoiceFilter(
        label=_("centre"),
        field_name="organiser_centre",
        queryset=Centre.objects.order_by("name").only("pk", "name", "slug"),
        to_field_name="slug",
        empty_label=_("any"),
    )
    month = django_filters.CharFilter(
        label=_("month"),
        method="filter_month",
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2026-12"}),
    )
    open_seats = django_filters.BooleanFilter(
        label=_("only open for sign-up, with free seats"),
        method="filter_open_seats",
        widget=forms.CheckboxInput,
    )

    def filter_organiser(self, queryset, name, value):
        if value == "city":
            return queryset.filter(
                organiser_centre__isnull=True, organiser_organisation__isnull=True
            )
        if value == "centre":
            return queryset.filter(organiser_centre__isnull=False)
        if value == "organisation":
            return queryset.filter(organiser_organisation__isnull=False)
        return queryset

    def filter_month(self, queryset, name, value):
        match = re.fullmatch(r"(\d{4})-(\d{2})", value.strip())
        if not match or not 1 <= int(match[2]) <= 12:
            return queryset
        year, month = int(match[1]), int(match[2])
        start = timezone.make_aware(datetime(year, month, 1))
        end = timezone.make_aware(datetime(year + month // 12, month % 12 + 1, 1))
        matching = Q(**{f"{self.date_field}__gte": start, f"{self.date_field}__lt": end})
        return queryset.filter(pk__in=queryset.model.objects.filter(matching).values("pk"))

    def filter_open_seats(self, queryset, name, value):
        return queryset.with_open_seats() if value else queryset
