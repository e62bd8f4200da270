from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Area(models.Model):
    """An auxiliary unit of the city (osiedle) with its council (Rada Osiedla)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    boundary = models.JSONField(
        _("boundary"), null=True, blank=True, help_text=_("GeoJSON Polygon or MultiPolygon.")
    )

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["name"]

    def __str__(self):
        return self.name


class CentreQuerySet(models.QuerySet):
    def active_in(self, year: int):
        """Centres whose active period overlaps the calendar year."""
        return self.filter(active_from__year__lte=year).filter(
            Q(active_until__isnull=True) | Q(active_until__year__gte=year)
        )


class Centre(models.Model):
    """A Local Initiatives Centre (CIL), run by an operator organisation."""

    class Kind(models.TextChoices):
        NEIGHBOURHOOD = "neighbourhood", _("neighbourhood centre")
        REGRANTING = "regranting", _("regranting centre")

    name = models.CharField(_("full name"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    mobile = models.BooleanField(
        _("mobile"), default=False, help_text=_("A mobile centre has no fixed seat.")
    )
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="centres",
    )
    operator = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("operator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="operated_centres",
    )
    street = models.CharField(_("street and number"), max_length=255, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=6, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    opening_hours = models.TextField(_("opening hours"), blank=True)
    description = models.TextField(_("description"), blank=True)
    active_from = models.DateField(_("active from"))
    active_until = models.DateField(_("active until"), null=True, blank=True)

    objects = CentreQuerySet.as_manager()

    class Meta:
        verbose_name = _("centre")
        verbose_name_plural = _("centres")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="neighbourhood") & Q(area__isnull=False))
                | (Q(kind="regranting") & Q(area__isnull=True)),
                name="centre_area_matches_kind",
                violation_error_message=_(
                    "A neighbourhood centre covers exactly one area; a regranting centre "
                    "covers the whole city and has no area."
                ),
            ),
            models.CheckConstraint(
                condition=Q(active_until__isnull=True)
                | Q(active_until__gte=models.F("active_from")),
                name="centre_active_period_ordered",
                violation_error_message=_("A centre cannot stop being active before it starts."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("centres:detail", args=[self.slug])
