from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

FIRST_YEAR, LAST_YEAR = 2000, 2100


def pdf_path(instance, filename: str) -> str:
    return f"reports/{instance.year}/{filename}"


class ReportQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)

    def for_list(self):
        return self.published().order_by("-year")


class Report(models.Model):
    """A year's report as published: the figures frozen as JSON and the PDF made from them.

    Until an official publishes a year there is no published report, only the draft that
    the portal computes from the current data, which officials alone may see.
    """

    year = models.PositiveSmallIntegerField(
        _("year"),
        unique=True,
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
    )
    snapshot = models.JSONField(_("figures as published"), null=True, blank=True, editable=False)
    pdf = models.FileField(_("PDF"), upload_to=pdf_path, blank=True, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    requested_at = models.DateTimeField(
        _("publication requested at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set while the PDF is being generated."),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("publication requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    failed_at = models.DateTimeField(
        _("last attempt failed at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set when generating the report failed; cleared when it is tried again."),
    )
    failure = models.TextField(_("why it failed"), blank=True, editable=False)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("yearly report")
        verbose_name_plural = _("yearly reports")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | (Q(snapshot__isnull=False) & ~Q(pdf="")),
                name="report_published_has_figures_and_pdf",
                violation_error_message=_("A published report has its figures and its PDF."),
            ),
        ]

    def __str__(self):
        return str(_("Report for %(year)s") % {"year": self.year})

    def get_absolute_url(self):
        return reverse("reports:detail", args=[self.year])

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def is_generating(self) -> bool:
        return self.requested_at is not None

    @property
    def has_failed(self) -> bool:
        """The last attempt to generate the report failed (a published report stays as it
        was published)."""
        return self.failed_at is not None and self.requested_at is None
