import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Area, Centre


class CentreFilter(django_filters.FilterSet):
    """The list's filters; /centres.geojson applies the same ones to the map's data."""

    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Centre.Kind.choices, empty_label=_("All kinds")
    )
    area = django_filters.ModelChoiceFilter(
        label=_("Area (osiedle)"),
        queryset=Area.objects.for_choices(),
        to_field_name="slug",
        empty_label=_("All areas"),
    )
    year = django_filters.NumberFilter(
        label=_("Active in year"),
        method="filter_year",
        widget=forms.NumberInput(attrs={"min": 2016, "max": 2100, "inputmode": "numeric"}),
    )
    mobile = django_filters.ChoiceFilter(
        label=_("Mobile"),
        choices=[("yes", _("mobile only")), ("no", _("with a fixed seat only"))],
        empty_label=_("Mobile or not"),
        method="filter_mobile",
    )

    class Meta:
        model = Centre
        fields = ["kind", "area", "year", "mobile"]

    def filter_year(self, queryset, name, value):
        return queryset.active_in(int(value)) if value is not None else queryset

    def filter_mobile(self, queryset, name, value):
        return queryset.filter(mobile=value == "yes") if value else queryset


class CentreMapFilter(CentreFilter):
    """The open data's filters: the list's, and `current` for the home page's map."""

    current = django_filters.BooleanFilter(
        label=_("Active today"), method="filter_current", widget=forms.HiddenInput
    )

    def filter_current(self, queryset, name, value):
        return queryset.active_today() if value else queryset
