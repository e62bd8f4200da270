from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import rules, services, text
from .models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """An official adds a year, looks at its draft, and generates and publishes it.

    Publishing runs in a Celery task (the PDF can take a while); until it is done the
    report shows as being generated, and a published report keeps its figures until it is
    published again.
    """

    list_display = ["year", "state", "published_at", "published_by", "links"]
    list_display_links = ["year"]
    list_select_related = ["published_by"]
    actions = ["publish"]
    fields = [
        "year",
        "state",
        "links",
        "published_at",
        "published_by",
        "requested_at",
        "requested_by",
        "failed_at",
        "failure",
        "published_text",
    ]
    readonly_fields = [
        "state",
        "links",
        "published_at",
        "published_by",
        "requested_at",
        "requested_by",
        "failed_at",
        "failure",
        "published_text",
    ]
    change_form_template = "admin/reports/report/change_form.html"

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "year"] if obj else self.readonly_fields

    @admin.display(description=_("state"))
    def state(self, obj):
        if obj.is_generating:
            return _("being generated…")
        if obj.has_failed:
            # The reason is said where the report is listed, so that nobody has to look for
            # it; "Generate and publish the report" tries again.
            if obj.is_published:
                message = _("failed: %(reason)s (the report published before stays)")
            else:
                message = _("failed: %(reason)s")
            return format_html("<strong>{}</strong>", message % {"reason": obj.failure})
        if obj.is_published:
            return _("published")
        return _("draft")

    @admin.display(description=_("addresses"))
    def links(self, obj):
        if not obj.pk:
            return "–"
        page = reverse("reports:detail", args=[obj.year])
        parts = [format_html('<a href="{}?draft=1">{}</a>', page, _("draft"))]
        if obj.is_published:
            parts.append(format_html('<a href="{}">{}</a>', page, _("published page")))
            parts.append(
                format_html('<a href="{}">PDF</a>', reverse("reports:pdf", args=[obj.year]))
            )
        return format_html(" · ".join(["{}"] * len(parts)), *parts)

    @admin.display(description=_("summary as published"))
    def published_text(self, obj):
        if not obj.is_published:
            return "–"
        words = text.summary_text(services.report_summary(report=obj)).plain()
        return format_html('<div style="white-space: pre-line">{}</div>', words)

    def _request(self, request, reports):
        for report in reports:
            services.report_request(year=report.year, by=request.user)
        years = ", ".join(str(r.year) for r in reports)
        self.message_user(
            request,
            _("The report for %(years)s is being generated; it is published when it is ready.")
            % {"years": years},
            messages.SUCCESS,
        )

    @admin.action(description=_("Generate and publish the report"), permissions=["publish"])
    def publish(self, request, queryset):
        self._request(request, list(queryset))

    def has_publish_permission(self, request):
        return rules.can_publish(request.user)

    def response_add(self, request, obj, post_url_continue=None):
        if "_publish" in request.POST and rules.can_publish(request.user):
            self._request(request, [obj])
            return HttpResponseRedirect(reverse("admin:reports_report_change", args=[obj.pk]))
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if "_publish" in request.POST and rules.can_publish(request.user):
            self._request(request, [obj])
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)
