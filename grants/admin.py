from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, Q
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext, gettext_noop, ngettext
from django.utils.translation import gettext_lazy as _

from organisations.models import Organisation

from . import budget, exports, rules, services
from .budget import zl
from .forms import ScoreForm, TransitionForm
from .models import (
    Application,
    ApplicationEvent,
    Call,
    CallDocument,
    ConflictDeclaration,
    Criterion,
    ExpectedResult,
    FinalReport,
    Message,
    Project,
    RegrantingEnvelope,
    RequiredAttachment,
    Review,
    ReviewerAssignment,
    ScheduleItem,
    Score,
)
from .workflow import TRANSITIONS, Actor, Email, Status, transitions_from

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Django's own Polish for an inline's add link, "Dodaj kolejne(go)(-ną)(-ny) Recenzent",
# guesses every gender at once; the project's catalog (LOCALE_PATHS, read before
# Django's) says it once for every inline: "Dodaj: Recenzent".
gettext_noop("Add another %(verbose_name)s")


def _reviewers():
    """Users who may be assigned to review: active staff with the reviewer's permission."""
    granted = Q(groups__permissions__codename="add_review") | Q(
        user_permissions__codename="add_review"
    )
    return (
        get_user_model()
        .objects.filter(is_staff=True, is_active=True)
        .filter(granted | Q(is_superuser=True))
        .distinct()
        .order_by("last_name", "email")
    )


# Django's own msgid, translated in its catalog (a variable: not copied into ours).
_SELECT_FOR_ACTION = "Select this object for an action - {}"


class GrantsAdmin(admin.ModelAdmin):
    """The grants admin's own styles (static/css/grants-admin.css) on its pages."""

    class Media:
        css = {"all": ["css/grants-admin.css"]}

    def action_checkbox(self, obj):
        # Django's markup, written directly: Django renders a CheckboxInput through the
        # form templates once a row, a third of the applications list's time at 100 rows.
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(gettext(_SELECT_FOR_ACTION), str(obj)),
        )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        widgets = getattr(field.widget, "widgets", None) if field is not None else None
        if isinstance(field, forms.SplitDateTimeField) and widgets:
            # The field's one label points at the date only: each input gets its name.
            name = capfirst(db_field.verbose_name)
            date, time = gettext("date"), gettext("time")
            widgets[0].attrs.setdefault("aria-label", f"{name}: {date}")
            widgets[1].attrs.setdefault("aria-label", f"{name}: {time}")
        return field


class LabelledInline(admin.TabularInline):
    """A tabular inline names its inputs only in the column headers, which assistive
    technology does not tie to them (axe-core: form controls without labels): each
    input is labelled with its field's name."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None:
            field.widget.attrs.setdefault("aria-label", capfirst(db_field.verbose_name))
        return field


class SeenValuesForm(forms.ModelForm):
    """Each field carries the value the official saw, so that only what they changed is
    saved: the workflow may have changed the object since the form was loaded."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.show_hidden_initial = True


class CallAdminForm(SeenValuesForm):
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

    def clean(self):
        cleaned = super().clean()
        pool = cleaned.get("budget_pool")
        if self.instance.pk and pool is not None and "budget_pool" in self.changed_data:
            # Locks the call until the admin's transaction ends, so that the save after
            # this check is not raced by an award (services.call_update checks again).
            try:
                services.call_check_pool(call=self.instance, budget_pool=pool)
            except ValidationError as e:
                self.add_error("budget_pool", e.message_dict["budget_pool"])
        return cleaned


class CriterionInline(LabelledInline):
    model = Criterion
    extra = 0

    def _scored(self, call) -> bool:
        # Once reviewers have scored against the criteria, changing them (or their maximum)
        # would change what the scores mean: they are then read-only.
        if call is None or call.pk is None:
            return False
        if not hasattr(call, "_scored"):
            call._scored = Review.objects.filter(application__call=call).exists()
        return call._scored

    def has_add_permission(self, request, obj=None):
        return not self._scored(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._scored(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._scored(obj) and super().has_delete_permission(request, obj)


class RequiredAttachmentInline(LabelledInline):
    model = RequiredAttachment
    extra = 0


class CallDocumentInline(LabelledInline):
    model = CallDocument
    extra = 0


class ReviewerAssignmentFormSet(BaseInlineFormSet):
    def get_unique_error_message(self, unique_check):
        # Django's names the field by its attribute ("… dane w reviewer").
        if "reviewer" in unique_check:
            return gettext("Choose each reviewer once: one of them is chosen twice.")
        return super().get_unique_error_message(unique_check)


class ReviewerAssignmentInline(LabelledInline):
    model = ReviewerAssignment
    formset = ReviewerAssignmentFormSet
    fk_name = "call"
    extra = 1
    fields = ["reviewer", "assigned_by", "assigned_at"]
    readonly_fields = ["assigned_by", "assigned_at"]
    verbose_name = _("reviewer")
    verbose_name_plural = _("reviewers (each declares on conflicts of interest before reviewing)")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "reviewer":
            kwargs["queryset"] = _reviewers()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class WorkflowActionsMixin:
    """Actions offered only to those who may run them (ModelAdmin.get_actions asks each
    action's has_<permission>_permission): a reviewer is not offered an official's."""

    def has_decide_permission(self, request):
        return rules.can_decide(request.user)

    def has_see_reviews_permission(self, request):
        return rules.can_see_reviews(request.user)

    def changelist_view(self, request, extra_context=None):
        # An action the user may not run (a reviewer exporting a call) is refused, rather
        # than passed over as "no action selected".
        action = request.POST.get("action") if request.method == "POST" else None
        if action in self.actions and action not in self.get_actions(request):
            raise PermissionDenied
        return super().changelist_view(request, extra_context)


@admin.register(Call)
class CallAdmin(WorkflowActionsMixin, GrantsAdmin):
    form = CallAdminForm
    change_form_template = "admin/grants/call/change_form.html"
    list_display = [
        "title",
        "kind",
        "organiser",
        "opens_at",
        "closes_at",
        "budget_pool",
        "awarded",
        "published",
        "results_published_at",
    ]
    list_filter = ["kind", "organiser", "published"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "opens_at"
    inlines = [
        CriterionInline,
        RequiredAttachmentInline,
        CallDocumentInline,
        ReviewerAssignmentInline,
    ]
    actions = ["publish_results", "export_xlsx", "export_csv"]
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

    def get_queryset(self, request):
        calls = super().get_queryset(request).select_related("organiser").with_awarded_total()
        if rules.can_decide(request.user) or request.user.has_perm("grants.change_call"):
            return calls
        # A reviewer sees the calls they are assigned to, to reach the review desk.
        return calls.filter(assignments__reviewer=request.user)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        call = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if call is not None:
            extra_context["is_reviewer"] = rules.is_assigned(request.user, call)
            extra_context["sees_reviews"] = rules.can_see_reviews(request.user)
        return super().change_view(request, object_id, form_url, extra_context)

    def get_inlines(self, request, obj):
        if rules.can_manage_reviewers(request.user):
            return self.inlines
        return [i for i in self.inlines if i is not ReviewerAssignmentInline]

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        # Only what the official changed, under the call's lock (services.call_update).
        services.call_update(
            call=obj, by=request.user, changes={f: getattr(obj, f) for f in form.changed_data}
        )
        obj.refresh_from_db()

    @admin.display(description=_("awarded (zł)"), ordering="awarded_sum")
    def awarded(self, obj):
        return zl(obj.awarded_sum)

    def get_list_display(self, request):
        user = request.user
        # Read once for the whole list, not once a row.
        assigned = (
            set(ReviewerAssignment.objects.filter(reviewer=user).values_list("call_id", flat=True))
            if rules.may_be_reviewer(user)
            else set()
        )

        @admin.display(description=_("work"))
        def work(call):
            links = []
            if call.pk in assigned:
                links.append((reverse("admin:grants_call_review", args=[call.pk]), _("review")))
            if rules.can_see_reviews(user):
                links.append((reverse("admin:grants_call_ranking", args=[call.pk]), _("ranking")))
            return format_html(
                " · ".join('<a href="{}">{}</a>' for _link in links),
                *[part for link in links for part in link],
            )

        return [*self.list_display, work]

    def save_formset(self, request, form, formset, change):
        if formset.model is not ReviewerAssignment:
            return super().save_formset(request, form, formset, change)
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        for instance in instances:
            if instance.pk is None:
                services.reviewer_assign(
                    call=form.instance, reviewer=instance.reviewer, by=request.user
                )
            else:
                instance.save()

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/review/", view(self.review_desk_view), name="grants_call_review"),
            path(
                "<int:pk>/review/<int:application_pk>/",
                view(self.score_view),
                name="grants_call_score",
            ),
            path(
                "<int:pk>/review/declarations/<int:declaration_pk>/undo/",
                view(self.declaration_undo_view),
                name="grants_call_declaration_undo",
            ),
            path("<int:pk>/ranking/", view(self.ranking_view), name="grants_call_ranking"),
            path("<int:pk>/export.<str:fmt>", view(self.export_view), name="grants_call_export"),
            *super().get_urls(),
        ]

    def _context(self, request, call, title):
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "subtitle": call.title,
            "call": call,
            "opts": self.model._meta,
        }

    # --- the reviewer's desk ------------------------------------------------------------

    def review_desk_view(self, request, pk):
        call = get_object_or_404(Call, pk=pk)
        if not rules.is_assigned(request.user, call):
            raise PermissionDenied
        pending = services.declarations_pending(call=call, reviewer=request.user)
        errors = []
        if request.method == "POST" and pending:
            answers = {}
            for organisation in pending:
                value = request.POST.get(f"conflict_{organisation.pk}")
                if value not in ("no", "yes"):
                    continue
                explanation = request.POST.get(f"explanation_{organisation.pk}", "")
                answers[organisation.pk] = (value == "yes", explanation)
            try:
                made = services.conflict_declare(call=call, reviewer=request.user, answers=answers)
            except ValidationError as e:
                errors = e.messages
            else:
                self.message_user(
                    request,
                    ngettext(
                        "%(n)d declaration has been recorded.",
                        "%(n)d declarations have been recorded.",
                        made,
                    )
                    % {"n": made},
                )
                return HttpResponseRedirect(request.path)
        context = self._context(request, call, gettext("Review"))
        if pending:
            context.update({"pending": pending, "errors": errors, "posted": request.POST})
            return TemplateResponse(request, "admin/grants/call/declarations.html", context)
        declarations = {
            d.organisation_id: d
            for d in ConflictDeclaration.objects.filter(
                call=call, reviewer=request.user
            ).select_related("organisation")
        }
        mine = {
            r.application_id: r
            for r in Review.objects.filter(reviewer=request.user, application__call=call)
        }
        rows = []
        for application in (
            Application.objects.filter(call=call, status__in=services.REVIEWED)
            .select_related("organisation")
            .order_by("number")
        ):
            declaration = declarations.get(application.organisation_id)
            rows.append(
                {
                    "application": application,
                    "conflict": declaration is None or declaration.has_conflict,
                    "review": mine.get(application.pk),
                    "open": application.status == Status.MERIT_REVIEW,
                }
            )
        scored = {
            application.organisation_id
            for application in Application.objects.filter(call=call, reviews__reviewer=request.user)
        }
        context.update(
            {
                "rows": rows,
                "declarations": [
                    {"declaration": d, "undoable": d.organisation_id not in scored}
                    for d in sorted(declarations.values(), key=lambda d: d.organisation.name)
                ],
            }
        )
        return TemplateResponse(request, "admin/grants/call/review_desk.html", context)

    def declaration_undo_view(self, request, pk, declaration_pk):
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:grants_call_review", args=[pk]))
        declaration = get_object_or_404(
            ConflictDeclaration.objects.select_related("organisation", "call"),
            pk=declaration_pk,
            call_id=pk,
            reviewer=request.user,
        )
        try:
            services.conflict_undo(declaration=declaration, by=request.user)
        except ValidationError as e:
            self.message_user(request, " ".join(e.messages), messages.ERROR)
        else:
            self.message_user(
                request,
                gettext(
                    "Your declaration about %(organisation)s has been undone: declare about "
                    "it again to go on reviewing."
                )
                % {"organisation": declaration.organisation.name},
            )
        return HttpResponseRedirect(reverse("admin:grants_call_review", args=[pk]))

    def score_view(self, request, pk, application_pk):
        call = get_object_or_404(Call, pk=pk)
        application = get_object_or_404(
            Application.objects.for_detail(), pk=application_pk, call=call
        )
        if not rules.can_read_as_reviewer(request.user, application):
            raise PermissionDenied
        review = Review.objects.filter(application=application, reviewer=request.user).first()
        can_score = rules.can_review(request.user, application)
        criteria = call.criteria.all()
        form = ScoreForm(
            request.POST if request.method == "POST" and can_score else None,
            criteria=criteria,
            review=review,
        )
        if request.method == "POST" and can_score and form.is_valid():
            try:
                services.review_save(
                    application=application,
                    reviewer=request.user,
                    points=form.points(),
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as e:
                for field, errors in e.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                self.message_user(request, gettext("Your review has been saved."))
                return HttpResponseRedirect(reverse("admin:grants_call_review", args=[call.pk]))
        context = self._context(
            request, call, gettext("Review of %(number)s") % {"number": application.number}
        )
        context.update(_summary(application))
        context.update({"form": form, "can_score": can_score, "review": review})
        return TemplateResponse(request, "admin/grants/call/score.html", context)

    # --- the officials' ranking and exports ---------------------------------------------

    def ranking_view(self, request, pk):
        call = get_object_or_404(Call, pk=pk)
        if not rules.can_see_reviews(request.user):
            raise PermissionDenied
        context = self._context(request, call, gettext("Ranking"))
        context.update(
            {
                "ranking": Application.objects.for_ranking(call),
                "missing": services.reviews_missing(call=call),
                "assignments": call.assignments.select_related("reviewer"),
                "conflicts": ConflictDeclaration.objects.filter(
                    call=call, has_conflict=True
                ).select_related("reviewer", "organisation"),
                "max_points": call.max_points,
                "awarded": call.awarded_total(),
                "remaining": call.budget_pool - call.awarded_total(),
            }
        )
        return TemplateResponse(request, "admin/grants/call/ranking.html", context)

    def export_view(self, request, pk, fmt):
        call = get_object_or_404(Call, pk=pk)
        if not rules.can_see_reviews(request.user) or fmt not in ("csv", "xlsx"):
            raise Http404
        return _export(request, call, fmt)

    @admin.action(
        description=_("Export the applications and scores to XLSX"),
        permissions=["see_reviews"],
    )
    def export_xlsx(self, request, queryset):
        return self._export_one(request, queryset, "xlsx")

    @admin.action(
        description=_("Export the applications and scores to CSV"), permissions=["see_reviews"]
    )
    def export_csv(self, request, queryset):
        return self._export_one(request, queryset, "csv")

    def _export_one(self, request, queryset, fmt):
        if queryset.count() != 1:
            self.message_user(request, gettext("Choose one call to export."), messages.WARNING)
            return None
        return _export(request, queryset.get(), fmt)

    @admin.action(
        description=_("Publish the results of the selected calls"), permissions=["decide"]
    )
    def publish_results(self, request, queryset):
        published = []
        for call in queryset:
            try:
                services.call_publish_results(call=call, by=request.user)
            except ValidationError as e:
                self.message_user(request, f"{call}: {' '.join(e.messages)}", messages.ERROR)
            except PermissionDenied:
                self.message_user(request, gettext("You may not publish results."), messages.ERROR)
                return
            else:
                published.append(str(call))
        if published:
            self.message_user(
                request,
                ngettext(
                    "The results of %(n)d call have been published: %(calls)s.",
                    "The results of %(n)d calls have been published: %(calls)s.",
                    len(published),
                )
                % {"n": len(published), "calls": "; ".join(published)},
                messages.SUCCESS,
            )


def _export(request, call: Call | None, fmt: str, applications=None) -> HttpResponse:
    """Every application of the call with its scores, or the chosen ones of several calls:
    for those who see every review (a reviewer would also see the applications they
    declared a conflict with). The CSV is streamed: 20 000 rows are never held at once."""
    if not rules.can_see_reviews(request.user):
        raise PermissionDenied
    name = call.slug if call else "wnioski"
    if fmt == "xlsx":
        response = HttpResponse(exports.applications_xlsx(call, applications), content_type=XLSX)
    else:
        lines = exports.applications_csv_lines(call, applications)
        response = StreamingHttpResponse(
            _in_language(lines, get_language()), content_type="text/csv"
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _in_language(lines, language):
    # A streamed body is written after the view returned: in the request's language still.
    with translation.override(language):
        yield from lines


def _summary(application: Application) -> dict:
    """What the readable application page shows: the task, the budget and its totals."""
    lines = list(application.budget_lines.all())
    return {
        "application": application,
        "lines": lines,
        "totals": budget.totals(lines, non_financial_counts=application.call.non_financial_counts),
    }


class ReadOnlyInline(LabelledInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return self.fields


class ScheduleInline(ReadOnlyInline):
    model = ScheduleItem
    fields = ["activity", "starts_on", "ends_on"]


class ResultInline(ReadOnlyInline):
    model = ExpectedResult
    fields = ["description", "target_value", "measured_by"]


class EventInline(ReadOnlyInline):
    model = ApplicationEvent
    fields = ["at", "from_status", "to_status", "by", "note"]


class MessageInline(LabelledInline):
    """Messages to the applicant: a new one is written here; one sent stays as it was
    sent (the applicant has read it)."""

    model = Message
    extra = 1
    can_delete = False
    fields = ["body", "author", "created_at"]
    readonly_fields = ["author", "created_at"]

    def has_change_permission(self, request, obj=None):
        return False


class LabelOnlyFilter(admin.RelatedOnlyFieldListFilter):
    """The related rows the applications use, read as (pk, label) only: a list of links
    needs no area boundaries and no call descriptions (400 calls, 42 boundaries)."""

    label = "name"

    def field_choices(self, field, request, model_admin):
        used = (
            model_admin.model._default_manager.order_by()
            .filter(**{f"{self.field_path}__isnull": False})
            .values(f"{self.field_path}__pk")
        )
        choices = field.related_model._default_manager.filter(pk__in=used)
        ordering = self.field_admin_ordering(field, request, model_admin)
        if ordering:
            choices = choices.order_by(*ordering)
        return list(choices.values_list("pk", self.label))


class CallLabelFilter(LabelOnlyFilter):
    label = "title"


class ScoreFilter(admin.SimpleListFilter):
    title = _("average score")
    parameter_name = "score"

    def lookups(self, request, model_admin):
        return [
            ("none", _("not reviewed yet")),
            ("low", _("below half of the maximum")),
            ("mid", _("half to three quarters")),
            ("high", _("three quarters or more")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "none":
            return queryset.filter(average_score__isnull=True)
        half, three_quarters = Decimal("0.5"), Decimal("0.75")
        scored = queryset.filter(average_score__isnull=False)
        if value == "low":
            return scored.filter(average_score__lt=F("call_max_points") * half)
        if value == "mid":
            return scored.filter(
                average_score__gte=F("call_max_points") * half,
                average_score__lt=F("call_max_points") * three_quarters,
            )
        if value == "high":
            return scored.filter(average_score__gte=F("call_max_points") * three_quarters)
        return queryset


class ReviewInline(ReadOnlyInline):
    model = Review
    fields = ["reviewer", "total_points", "comment", "updated_at"]
    verbose_name_plural = _("reviews")


@admin.register(Application)
class ApplicationAdmin(WorkflowActionsMixin, GrantsAdmin):
    change_form_template = "admin/grants/application/change_form.html"
    # The call is a filter rather than a column: the columns that matter fit the screen.
    list_display = [
        "number",
        "organisation",
        "title",
        "requested_amount",
        "awarded_amount",
        "score",
        "status",
    ]
    list_filter = [
        ("call", CallLabelFilter),
        "status",
        ("areas", LabelOnlyFilter),
        ScoreFilter,
        "call__kind",
    ]
    search_fields = ["number", "organisation__name", "title"]
    # The average score's maximum is annotated (with_scores): the call itself is not read.
    list_select_related = ["organisation"]
    # "20 000 applications" is not worth a second COUNT over the whole table per page.
    show_full_result_count = False
    date_hierarchy = "submitted_at"
    actions = ["accept_formally", "put_on_reserve", "pay", "export_xlsx", "export_csv"]
    # What the applicant wrote stays as submitted: officials read it here, write to the
    # applicant through messages and move it along with the transitions above the form.
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
        "awarded_amount",
        "decided_at",
        "agreement_number",
        "agreement_signed_on",
        "agreement_starts_on",
        "agreement_ends_on",
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
        (
            _("Decision and agreement"),
            {
                "fields": [
                    "awarded_amount",
                    "decided_at",
                    "agreement_number",
                    "agreement_signed_on",
                    "agreement_starts_on",
                    "agreement_ends_on",
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
        (_("Declarations"), {"fields": ["declaration", "rodo_consent"]}),
        (_("Correction"), {"fields": ["correction_sections", "correction_until"]}),
    ]
    inlines = [
        ScheduleInline,
        ResultInline,
        ReviewInline,
        MessageInline,
        EventInline,
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_scores()

    def has_add_permission(self, request):
        # Applicants apply themselves, on the public site.
        return False

    def save_model(self, request, obj, form, change):
        # Nothing of the application is edited here (only its messages, in the inline):
        # saving the instance loaded for the form would undo a transition made meanwhile.
        pass

    def get_inlines(self, request, obj):
        if rules.can_see_reviews(request.user):
            return self.inlines
        return [i for i in self.inlines if i is not ReviewInline]

    @admin.display(description=_("average score"), ordering="average_score")
    def score(self, obj):
        if obj.average_score is None:
            return "–"
        average = number_format(Decimal(obj.average_score), 2)
        return f"{average} / {obj.call_max_points}"

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/transition/<str:name>/",
                view(self.transition_view),
                name="grants_application_transition",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        application = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if application is not None:
            application = Application.objects.for_detail().get(pk=application.pk)
            extra_context.update(_summary(application))
            extra_context["transitions"] = (
                transitions_from(application.status, Actor.OFFICIAL)
                if rules.can_decide(request.user)
                else []
            )
            extra_context["final_report"] = FinalReport.objects.filter(
                application=application
            ).first()
        return super().change_view(request, object_id, form_url, extra_context)

    def transition_view(self, request, pk, name):
        transition = TRANSITIONS.get(name)
        if transition is None or transition.actor != Actor.OFFICIAL:
            raise Http404
        application = get_object_or_404(Application.objects.for_detail(), pk=pk)
        if not rules.can_make(request.user, application, transition):
            raise PermissionDenied
        form = TransitionForm(
            request.POST if request.method == "POST" else None,
            transition=transition,
            application=application,
        )
        if request.method == "POST" and form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "", [])}
            # Already made (a second click, another official): the service changes nothing.
            already = application.status == transition.target
            try:
                services.application_transition(
                    application=application, name=name, by=request.user, **data
                )
            except ValidationError as e:
                if hasattr(e, "error_dict"):
                    for field, errors in e.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, e.messages)
            else:
                done = {"number": application.number, "status": Status(transition.target).label}
                if already:
                    message = gettext("%(number)s is already %(status)s: nothing was changed.")
                elif transition.email == Email.NONE:
                    message = gettext("%(number)s: %(status)s.")
                else:
                    message = gettext("%(number)s: %(status)s. The applicant is told by e-mail.")
                self.message_user(
                    request, message % done, messages.INFO if already else messages.SUCCESS
                )
                return HttpResponseRedirect(
                    reverse("admin:grants_application_change", args=[application.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": transition.label,
            "subtitle": str(application),
            "transition": transition,
            "form": form,
            "opts": self.model._meta,
            "original": application,
            **_summary(application),
        }
        return TemplateResponse(request, "admin/grants/application/transition.html", context)

    def _bulk(self, request, queryset, name):
        done = 0
        for application in queryset:
            try:
                services.application_transition(application=application, name=name, by=request.user)
            except (ValidationError, PermissionDenied) as e:
                reason = (
                    " ".join(e.messages)
                    if isinstance(e, ValidationError)
                    else gettext("not allowed")
                )
                self.message_user(request, f"{application}: {reason}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext("%(n)d application: %(what)s.", "%(n)d applications: %(what)s.", done)
                % {"n": done, "what": TRANSITIONS[name].label},
                messages.SUCCESS,
            )

    @admin.action(description=_("Formally correct: send to merit review"), permissions=["decide"])
    def accept_formally(self, request, queryset):
        self._bulk(request, queryset, "accept_formally")

    @admin.action(description=_("Put on the reserve list"), permissions=["decide"])
    def put_on_reserve(self, request, queryset):
        self._bulk(request, queryset, "put_on_reserve")

    @admin.action(description=_("Grant paid out: the project is under way"), permissions=["decide"])
    def pay(self, request, queryset):
        self._bulk(request, queryset, "pay")

    def _export_selected(self, request, queryset, fmt):
        calls = set(queryset.order_by().values_list("call_id", flat=True).distinct()[:2])
        if len(calls) == 1:
            return _export(request, Call.objects.get(pk=calls.pop()), fmt)
        # Several calls: their criteria differ, so each row names its call instead.
        return _export(
            request,
            None,
            fmt,
            applications=queryset.model.objects.filter(pk__in=queryset.values("pk")),
        )

    @admin.action(
        description=_("Export the call's applications and scores to XLSX"),
        permissions=["see_reviews"],
    )
    def export_xlsx(self, request, queryset):
        return self._export_selected(request, queryset, "xlsx")

    @admin.action(
        description=_("Export the call's applications and scores to CSV"),
        permissions=["see_reviews"],
    )
    def export_csv(self, request, queryset):
        return self._export_selected(request, queryset, "csv")

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, Message) and instance.author_id is None:
                instance.author = request.user
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


class ScoreInline(ReadOnlyInline):
    model = Score
    fields = ["criterion", "points"]


@admin.register(Review)
class ReviewAdmin(GrantsAdmin):
    """Reviews: a reviewer sees their own; programme officers see all."""

    list_display = ["application", "reviewer", "total_points", "updated_at"]
    list_filter = [("application__call", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["application__number", "reviewer__email"]
    list_select_related = ["application", "reviewer"]
    readonly_fields = ["application", "reviewer", "total_points", "comment", "created_at"]
    fields = readonly_fields
    inlines = [ScoreInline]

    def get_queryset(self, request):
        reviews = super().get_queryset(request)
        if rules.can_decide(request.user):
            return reviews
        return reviews.filter(reviewer=request.user)

    def has_add_permission(self, request):
        # Reviews are written on the call's review desk, after the declarations.
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(GrantsAdmin):
    list_display = [
        "call",
        "reviewer",
        "organisation",
        "has_conflict",
        "explanation",
        "declared_at",
    ]
    list_filter = ["has_conflict", ("call", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["reviewer__email", "organisation__name"]
    list_select_related = ["call", "reviewer", "organisation"]

    def get_queryset(self, request):
        declarations = super().get_queryset(request)
        if rules.can_decide(request.user):
            return declarations
        return declarations.filter(reviewer=request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RegrantingEnvelope)
class RegrantingEnvelopeAdmin(GrantsAdmin):
    list_display = [
        "centre",
        "year",
        "amount",
        "granted",
        "paid",
        "settled",
        "returned",
        "remaining",
    ]
    list_filter = ["year", "centre"]
    readonly_fields = ["granted", "paid", "settled", "returned", "remaining"]
    fields = ["centre", "year", "amount", "granted", "paid", "settled", "returned", "remaining"]

    def get_queryset(self, request):
        # The figures of every row in the list's one query.
        return super().get_queryset(request).select_related("centre").with_figures()

    def _figures(self, obj):
        if obj is None or obj.pk is None:
            return None
        return services.envelope_figures(obj)

    @admin.display(description=_("granted (zł)"))
    def granted(self, obj):
        figures = self._figures(obj)
        return zl(figures.granted) if figures else "–"

    @admin.display(description=_("paid (zł)"))
    def paid(self, obj):
        figures = self._figures(obj)
        return zl(figures.paid) if figures else "–"

    @admin.display(description=_("settled (zł)"))
    def settled(self, obj):
        figures = self._figures(obj)
        return zl(figures.settled) if figures else "–"

    @admin.display(description=_("returned (zł)"))
    def returned(self, obj):
        figures = self._figures(obj)
        return zl(figures.returned) if figures else "–"

    @admin.display(description=_("left to grant (zł)"))
    def remaining(self, obj):
        figures = self._figures(obj)
        return zl(figures.remaining) if figures else "–"


class ProjectAdminForm(SeenValuesForm):
    def _post_clean(self):
        super()._post_clean()  # the instance now holds what was typed
        if self.errors:
            return
        # Locks the envelope until the admin's transaction ends (project_record and
        # project_update check again before saving).
        try:
            services.project_check_grant(project=self.instance)
        except ValidationError as e:
            self._update_errors(e)


@admin.register(Project)
class ProjectAdmin(GrantsAdmin):
    """Realised projects. A regranting grant comes from its application's agreement;
    officials record grassroots initiatives (no call, no grant) here directly, and a
    regranting grant made outside the portal's calls, within the centre's envelope."""

    list_display = [
        "title",
        "kind",
        "centre",
        "organisation",
        "area",
        "starts_on",
        "ends_on",
        "grant_amount",
        "total_cost",
        "participants",
        "settled_on",
    ]
    list_filter = ["kind", "centre", "area", ("ends_on", admin.DateFieldListFilter)]
    search_fields = ["title", "organisation__name", "agreement_number"]
    list_select_related = ["centre", "organisation", "area"]
    date_hierarchy = "ends_on"
    autocomplete_fields = ["organisation"]
    form = ProjectAdminForm
    fieldsets = [
        (None, {"fields": ["kind", "title", "centre", "organisation", "area", "description"]}),
        (_("Dates"), {"fields": ["starts_on", "ends_on"]}),
        (_("Money and people"), {"fields": ["grant_amount", "total_cost", "participants"]}),
        (
            _("Grant"),
            {
                "fields": [
                    "application",
                    "agreement_number",
                    "paid_on",
                    "paid_amount",
                    "settled_on",
                    "budget",
                ],
                "description": _("Only for a regranting grant; set by the grant's workflow."),
            },
        ),
    ]

    def get_changeform_initial_data(self, request):
        return {"kind": Project.Kind.GRASSROOTS, **super().get_changeform_initial_data(request)}

    def save_model(self, request, obj, form, change):
        if not change:
            services.project_record(project=obj, by=request.user)
            return
        # Only what the official changed: the grant's workflow keeps the payment, the
        # settlement and the amounts (services.project_update).
        services.project_update(
            project=obj, by=request.user, changes={f: getattr(obj, f) for f in form.changed_data}
        )
        obj.refresh_from_db()

    def get_readonly_fields(self, request, obj=None):
        # A grant's project follows its application (agreement, payment, final report).
        if obj is not None and obj.application_id:
            return [
                "budget",
                "kind",
                "centre",
                "organisation",
                "application",
                "agreement_number",
                "grant_amount",
                "total_cost",
                "participants",
                "paid_on",
                "paid_amount",
                "settled_on",
            ]
        return ["application", "agreement_number", "paid_on", "paid_amount", "settled_on", "budget"]

    @admin.display(description=_("budget"))
    def budget(self, obj):
        """The grant's budget as the application set it (cost; of which from the grant)."""
        if obj is None or not obj.application_id:
            return "–"
        lines = obj.application.budget_lines.all()
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{}: {} ({} {})</li>",
                (
                    (line.name, zl(line.total), gettext("from the grant"), zl(line.requested))
                    for line in lines
                ),
            ),
        )
