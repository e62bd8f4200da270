from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from signups import services as signup_services
from signups.admin import OFFERING_FIELDSETS
from signups.admin_links import OfferingAdminColumns
from signups.models import Registration

from . import services
from .certificates import certificates_pdf
from .models import Session, Training, TrainingGroup


class SessionInline(admin.TabularInline):
    model = Session
    extra = 1
    fields = ["title", "starts_at", "ends_at", "place_name", "address", "online_url"]
    show_change_link = True


@admin.register(TrainingGroup)
class TrainingGroupAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name", "report_sentence"]


@admin.register(Training)
class TrainingAdmin(OfferingAdminColumns, admin.ModelAdmin):
    list_display = [
        "title",
        "first_session",
        "organiser",
        "capacity",
        "seats",
        "group",
        "published",
    ]
    list_filter = ["published", "group", "organiser_centre", "signups_enabled"]
    search_fields = ["title", "topic", "trainer", "description"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["organiser_organisation"]
    readonly_fields = ["registrations"]
    inlines = [SessionInline]
    actions = ["download_certificates"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "topic",
                    "audience",
                    "trainer",
                    "description",
                    "published",
                    "group",
                    "certificate_min_sessions",
                ]
            },
        ),
        *OFFERING_FIELDSETS,
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("organiser_centre", "organiser_organisation", "group")
            .with_dates()
            .with_seats()
        )

    @admin.display(description=_("first session"), ordering="first_starts_at")
    def first_session(self, obj):
        return obj.first_starts_at

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        training = form.instance
        training.sync_signup_list()
        # More seats than before: the waiting list moves up at once.
        signup_services.signup_list_fill(signup_list=training.signup_list)

    @admin.action(description=_("Certificates of attendance (PDF)"))
    def download_certificates(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Choose exactly one training."), messages.WARNING)
            return None
        training = queryset.get()
        try:
            pdf = certificates_pdf(training=training)
        except ValidationError as e:
            self.message_user(request, " ".join(e.messages), messages.ERROR)
            return None
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{training.slug}-certificates.pdf"'
        return response


class SessionAttendanceForm(forms.ModelForm):
    present = forms.ModelMultipleChoiceField(
        label=_("who came"),
        queryset=Registration.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Tick each person who came. The list holds the people with a seat."),
    )

    class Meta:
        model = Session
        fields = ["title", "starts_at", "ends_at", "place_name", "address", "online_url"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        session = self.instance
        if session.pk:
            self.fields["present"].queryset = (
                Registration.objects.filter(
                    Q(status=Registration.Status.CONFIRMED)
                    | Q(training_attendances__session=session),
                    signup_list_id=session.training.signup_list_id,
                )
                .distinct()
                .order_by("full_name", "pk")
            )
            self.fields["present"].initial = [a.registration_id for a in session.attendances.all()]
        else:
            del self.fields["present"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    """A session's page is the attendance checklist: tick who came, save."""

    form = SessionAttendanceForm
    list_display = ["training", "title", "starts_at", "ends_at", "attendance_count"]
    list_filter = ["training"]
    search_fields = ["training__title", "title"]
    date_hierarchy = "starts_at"
    list_select_related = ["training"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_present=Count("attendances"))

    @admin.display(description=_("came"), ordering="n_present")
    def attendance_count(self, obj):
        return obj.n_present

    def has_add_permission(self, request):
        # Sessions are added on their training's page.
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "present" in form.cleaned_data:
            services.session_attendance_set(session=obj, registrations=form.cleaned_data["present"])
