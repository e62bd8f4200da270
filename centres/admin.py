import json

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import rules
from .models import Area, Centre
from .services import area_for_point, centre_end


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "has_boundary", "centre_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "boundary"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(centre_count=Count("centres"))

    @admin.display(boolean=True, description=_("boundary loaded"))
    def has_boundary(self, obj):
        return obj.boundary is not None

    @admin.display(description=_("centres"), ordering="centre_count")
    def centre_count(self, obj):
        return obj.centre_count


class ActiveYearFilter(admin.SimpleListFilter):
    title = _("active in year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        first = Centre.objects.order_by("active_from").values_list("active_from", flat=True)
        start = first[0].year if first else timezone.localdate().year
        return [(str(y), str(y)) for y in range(timezone.localdate().year + 1, start - 1, -1)]

    def queryset(self, request, queryset):
        return queryset.active_in(int(self.value())) if self.value() else queryset


class CentreAdminForm(forms.ModelForm):
    class Meta:
        model = Centre
        fields = [
            "name",
            "slug",
            "kind",
            "mobile",
            "operator",
            "street",
            "postal_code",
            "latitude",
            "longitude",
            "area",
            "email",
            "phone",
            "website",
            "opening_hours",
            "accessibility",
            "description",
            "photo",
            "photo_alt",
            "active_from",
            "active_until",
        ]

    def clean(self):
        data = super().clean()
        lat, lon = data.get("latitude"), data.get("longitude")
        if (
            data.get("kind") == Centre.Kind.NEIGHBOURHOOD
            and not data.get("area")
            and lat is not None
            and lon is not None
        ):
            # The official left the area empty: take the one that holds the point.
            data["area"] = area_for_point(latitude=lat, longitude=lon)
        return data


@admin.register(Centre)
class CentreAdmin(admin.ModelAdmin):
    form = CentreAdminForm
    list_display = ["name", "kind", "mobile", "area", "operator", "active_from", "active_until"]
    list_filter = ["kind", "mobile", ActiveYearFilter, "area"]
    list_select_related = ["area", "operator"]
    search_fields = ["name", "street", "operator__name", "area__name", "email"]
    autocomplete_fields = ["operator"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["location_map"]
    actions = ["end_today"]
    date_hierarchy = "active_from"
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "mobile", "operator"]}),
        (
            _("Place"),
            {
                "fields": [
                    "street",
                    "postal_code",
                    "location_map",
                    "latitude",
                    "longitude",
                    "area",
                ],
                "description": _(
                    "Click the map (or drag the marker) to set the coordinates; for a "
                    "neighbourhood centre the area holding the point is suggested."
                ),
            },
        ),
        (
            _("Contact and description"),
            {
                "fields": [
                    "email",
                    "phone",
                    "website",
                    "opening_hours",
                    "accessibility",
                    "description",
                    "photo",
                    "photo_alt",
                ]
            },
        ),
        (_("Activity"), {"fields": ["active_from", "active_until"]}),
    ]

    class Media:
        css = {"all": ["vendor/leaflet-1.9.4/leaflet.css", "css/map.css"]}
        js = ["vendor/leaflet-1.9.4/leaflet.js", "js/centre-admin-map.js"]

    def get_urls(self):
        return [
            path(
                "area-for-point/",
                self.admin_site.admin_view(self.area_for_point_view),
                name="centres_centre_area_for_point",
            ),
            *super().get_urls(),
        ]

    def area_for_point_view(self, request):
        if not rules.can_locate(request.user):
            raise PermissionDenied
        try:
            lat, lon = float(request.GET["lat"]), float(request.GET["lon"])
        except (KeyError, ValueError):
            return JsonResponse({"error": "lat and lon are required numbers"}, status=400)
        area = area_for_point(latitude=lat, longitude=lon)
        return JsonResponse({"id": area.pk, "name": area.name} if area else {"id": None})

    @admin.display(description=_("map"))
    def location_map(self, obj):
        south, west, north, east = settings.CITY_BOUNDS
        config = {
            "tileUrl": settings.MAP_TILE_URL,
            "attribution": settings.MAP_TILE_ATTRIBUTION,
            "bounds": [[south, west], [north, east]],
            "areaUrl": reverse("admin:centres_centre_area_for_point"),
            "suggested": str(_("Suggested area: %(name)s")),
            "noArea": str(_("The point is not inside any area with a known boundary.")),
        }
        return format_html(
            '<div id="centre-admin-map" class="centres-map centre-admin-map" '
            'data-config="{}"></div>',
            json.dumps(config),
        )

    @admin.action(description=_("End the selected centres' activity today"))
    def end_today(self, request, queryset):
        ended, failed = 0, []
        for centre in queryset:
            try:
                centre_end(centre=centre, on=timezone.localdate())
                ended += 1
            except ValidationError as e:
                failed.append(f"{centre}: {' '.join(e.messages)}")
        if ended:
            self.message_user(
                request,
                ngettext(
                    "%(n)d centre ends its activity today.",
                    "%(n)d centres end their activity today.",
                    ended,
                )
                % {"n": ended},
                messages.SUCCESS,
            )
        for failure in failed:
            self.message_user(request, failure, messages.ERROR)
