from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from signups import services as signup_services
from signups.admin import OFFERING_FIELDSETS
from signups.admin_links import registrations_link

from .models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "kind",
        "starts_at",
        "organiser",
        "capacity",
        "seats",
        "participants_recorded",
        "participants_estimate",
        "published",
    ]
    list_filter = ["kind", "published", "organiser_centre", "signups_enabled"]
    search_fields = ["title", "description", "place_name", "address"]
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["organiser_organisation", "accompanies"]
    readonly_fields = ["registrations"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "kind",
                    ("starts_at", "ends_at"),
                    "description",
                    "accompanies",
                    "published",
                ]
            },
        ),
        *OFFERING_FIELDSETS,
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("organiser_centre", "organiser_organisation")
            .with_seats()
        )

    @admin.display(description=_("organiser"))
    def organiser(self, obj):
        return obj.organiser_name

    @admin.display(description=_("confirmed"), ordering="seats_taken")
    def seats(self, obj):
        return obj.seats_taken

    @admin.display(description=_("registrations and attendance"))
    def registrations(self, obj):
        return registrations_link(obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # More seats than before: the waiting list moves up at once.
        signup_services.signup_list_fill(signup_list=obj.signup_list)
