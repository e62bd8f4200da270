from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from organisations.models import Organisation

from .models import (
    Application,
    ApplicationEvent,
    Attachment,
    BudgetLine,
    Call,
    CallDocument,
    Criterion,
    ExpectedResult,
    Message,
    RequiredAttachment,
    ScheduleItem,
)


class CallAdminForm(forms.ModelForm):
    eligible_legal_forms = forms.MultipleChoiceField(
        label=_("legal forms that may apply"),
        choices=[
            c
            for c in Organisation.LegalForm.choices
            if c[0] != Organisation.LegalForm.INFORMAL_GROUP
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Call
        fields = ["eligible_legal_forms"]


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


class RequiredAttachmentInline(admin.TabularInline):
    model = RequiredAttachment
    extra = 0


class CallDocumentInline(admin.TabularInline):
    model = CallDocument
    extra = 0


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    form = CallAdminForm
    list_display = [
        "title",
        "kind",
        "organiser",
        "opens_at",
        "closes_at",
        "budget_pool",
        "published",
    ]
    list_filter = ["kind", "organiser", "published"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "opens_at"
    inlines = [CriterionInline, RequiredAttachmentInline, CallDocumentInline]
    fieldsets = [
        (None, {"fields": ["kind", "organiser", "title", "slug", "published"]}),
        (_("Description"), {"fields": ["summary", "description", "rules"]}),
        (_("Who may apply"), {"fields": ["eligible_legal_forms", "informal_groups_allowed"]}),
        (
            _("Money"),
            {
                "fields": [
                    "budget_pool",
                    "min_amount",
                    "max_amount",
                    "own_contribution_share",
                    "non_financial_counts",
                ]
            },
        ),
        (
            _("Dates"),
            {
                "fields": [
                    "opens_at",
                    "closes_at",
                    "task_earliest_start",
                    "task_latest_end",
                    "max_task_days",
                ]
            },
        ),
    ]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return self.fields


class BudgetLineInline(ReadOnlyInline):
    model = BudgetLine
    fields = [
        "name",
        "category",
        "unit",
        "unit_cost",
        "quantity",
        "requested",
        "own_financial",
        "own_non_financial",
    ]


class ScheduleInline(ReadOnlyInline):
    model = ScheduleItem
    fields = ["activity", "starts_on", "ends_on"]


class ResultInline(ReadOnlyInline):
    model = ExpectedResult
    fields = ["description", "target_value", "measured_by"]


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ["name", "required", "content_type", "size", "uploaded_at"]


class EventInline(ReadOnlyInline):
    model = ApplicationEvent
    fields = ["at", "from_status", "to_status", "by", "note"]


class MessageInline(admin.TabularInline):
    model = Message
    extra = 1
    fields = ["body", "author", "created_at"]
    readonly_fields = ["author", "created_at"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "organisation",
        "title",
        "call",
        "requested_amount",
        "total_cost",
        "status",
        "submitted_at",
    ]
    list_filter = ["status", "call", "call__kind"]
    search_fields = ["number", "organisation__name", "title"]
    list_select_related = ["organisation", "call"]
    date_hierarchy = "submitted_at"
    # What the applicant wrote stays as submitted: officials read it here and write to
    # the applicant through messages (the transitions come with the review workflow).
    readonly_fields = [
        "call",
        "organisation",
        "status",
        "number",
        "submitted_at",
        "submitted_by",
        "contact_name",
        "contact_email",
        "contact_phone",
        "title",
        "areas",
        "place",
        "start_date",
        "end_date",
        "summary",
        "target_group",
        "total_cost",
        "requested_amount",
        "declaration",
        "rodo_consent",
        "correction_sections",
        "correction_until",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "number",
                    "call",
                    "organisation",
                    "status",
                    "submitted_at",
                    "submitted_by",
                ]
            },
        ),
        (_("Contact"), {"fields": ["contact_name", "contact_email", "contact_phone"]}),
        (
            _("Task"),
            {
                "fields": [
                    "title",
                    "areas",
                    "place",
                    "start_date",
                    "end_date",
                    "summary",
                    "target_group",
                ]
            },
        ),
        (_("Budget"), {"fields": ["total_cost", "requested_amount"]}),
        (_("Declarations"), {"fields": ["declaration", "rodo_consent"]}),
        (_("Correction"), {"fields": ["correction_sections", "correction_until"]}),
    ]
    inlines = [
        BudgetLineInline,
        ScheduleInline,
        ResultInline,
        AttachmentInline,
        MessageInline,
        EventInline,
    ]

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, Message) and instance.author_id is None:
                instance.author = request.user
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()
