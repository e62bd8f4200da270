from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .exports import registrations_csv, registrations_xlsx
from .forms import MessageForm
from .models import Registration

# The fields trainings and events share, as their admin pages group them.
OFFERING_FIELDSETS = [
    (
        _("Organiser"),
        {
            "fields": ["organiser_centre", "organiser_organisation"],
            "description": _("Leave both empty when the city organises it."),
        },
    ),
    (_("Place"), {"fields": ["place_name", "address", ("latitude", "longitude"), "online_url"]}),
    (
        _("Sign-up"),
        {
            "fields": [
                "signups_enabled",
                "capacity",
                ("signup_opens_at", "signup_closes_at"),
                "registrations",
            ]
        },
    ),
    (
        _("Yearly report"),
        {"fields": ["report_sentence", ("participants_recorded", "participants_estimate")]},
    ),
]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = [
        "person",
        "email",
        "organisation",
        "signup_list",
        "status",
        "attended",
        "needs_summary",
        "created_at",
    ]
    list_editable = ["attended"]
    list_filter = [
        "status",
        "attended",
        ("anonymised_at", admin.EmptyFieldListFilter),
        "needs_sign_language",
        "needs_step_free",
        ("signup_list", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["full_name", "email", "organisation", "signup_list__title"]
    readonly_fields = [
        "signup_list",
        "status",
        "consent",
        "created_at",
        "confirmed_at",
        "waiting_since",
        "cancelled_at",
    ]
    list_select_related = ["signup_list"]
    list_per_page = 100
    actions = [
        "export_csv",
        "export_xlsx",
        "send_message",
        "cancel_registrations",
        "remove_personal_data",
    ]

    def has_add_permission(self, request):
        # People sign up themselves, giving their own consent.
        return False

    def get_readonly_fields(self, request, obj=None):
        # Removed data stay removed: nothing of such a sign-up is edited back in.
        if obj is not None and obj.is_anonymised:
            return [*self.readonly_fields, *(f.name for f in obj._meta.fields), "anonymised_at"]
        return self.readonly_fields

    @admin.display(description=_("first and last name"), ordering="full_name")
    def person(self, obj):
        return obj.display_name

    @admin.display(description=_("needs"))
    def needs_summary(self, obj):
        return "; ".join(obj.needs)

    @admin.action(description=_("Export the selected registrations to CSV"))
    def export_csv(self, request, queryset):
        response = HttpResponse(registrations_csv(queryset), content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="registrations.csv"'
        return response

    @admin.action(description=_("Export the selected registrations to XLSX"))
    def export_xlsx(self, request, queryset):
        response = HttpResponse(
            registrations_xlsx(queryset),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="registrations.xlsx"'
        return response

    @admin.action(description=_("Send an e-mail to the selected registrants"))
    def send_message(self, request, queryset):
        form = MessageForm(request.POST if "subject" in request.POST else None)
        if form.is_valid():
            try:
                sent = services.registrations_message(
                    registrations=queryset,
                    subject=form.cleaned_data["subject"],
                    body=form.cleaned_data["body"],
                )
            except ValidationError as e:
                self.message_user(request, " ".join(e.messages), messages.ERROR)
                return None
            self.message_user(
                request,
                ngettext(
                    "The message is being sent to %(n)d person.",
                    "The message is being sent to %(n)d people.",
                    sent,
                )
                % {"n": sent},
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "admin/signups/message.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Send an e-mail to the selected registrants"),
                "form": form,
                "registrations": queryset,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(description=_("Cancel the selected registrations (the waiting list moves up)"))
    def cancel_registrations(self, request, queryset):
        for registration in queryset:
            services.registration_cancel(registration=registration)
        self.message_user(request, _("The registrations have been cancelled."), messages.SUCCESS)

    @admin.action(
        description=_("Remove the personal data of the selected registrations (consent withdrawn)")
    )
    def remove_personal_data(self, request, queryset):
        removed = 0
        for registration in queryset.not_anonymised():
            services.registration_withdraw(registration=registration)
            removed += 1
        self.message_user(
            request,
            ngettext(
                "The personal data of %(n)d registration have been removed.",
                "The personal data of %(n)d registrations have been removed.",
                removed,
            )
            % {"n": removed},
            messages.SUCCESS,
        )
