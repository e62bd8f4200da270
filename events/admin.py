from django.contrib import admin

from signups import services as signup_services
from signups.admin import OFFERING_FIELDSETS
from signups.admin_links import OfferingAdminColumns

from .models import Event


@admin.register(Event)
class EventAdmin(OfferingAdminColumns, admin.ModelAdmin):
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

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # More seats than before: the waiting list moves up at once.
        signup_services.signup_list_fill(signup_list=obj.signup_list)
