import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Collate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import geo
from .collation import COLLATION


class AreaQuerySet(models.QuerySet):
    def with_boundary(self):
        return self.filter(boundary__isnull=False)

    def for_choices(self):
        """What a form's list of areas needs: names, not boundaries."""
        return self.only("pk", "name", "slug")

    def containing(self, *, latitude: float, longitude: float) -> list["Area"]:
        """The areas whose boundary holds the point: the stored bbox narrows the rows in
        the database, the exact polygon test runs on the few that remain."""
        latitude, longitude = float(latitude), float(longitude)
        candidates = self.with_boundary().filter(
            bbox_south__lte=latitude,
            bbox_north__gte=latitude,
            bbox_west__lte=longitude,
            bbox_east__gte=longitude,
        )
        return [a for a in candidates if geo.contains(a.boundary, latitude, longitude)]


class Area(models.Model):
    """An auxiliary unit of the city (osiedle) with its council (Rada Osiedla)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    boundary = models.JSONField(
        _("boundary"), null=True, blank=True, help_text=_("GeoJSON Polygon or MultiPolygon.")
    )
    # The boundary's bounding box, kept in step with it by save(): an indexed pre-filter
    # for "which area holds this point" before the polygon test in Python.
    bbox_south = models.FloatField(null=True, blank=True, editable=False)
    bbox_west = models.FloatField(null=True, blank=True, editable=False)
    bbox_north = models.FloatField(null=True, blank=True, editable=False)
    bbox_east = models.FloatField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        # In the Polish alphabet's order wherever areas are listed (Ł after L, Ś after S).
        ordering = [Collate("name", COLLATION)]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        box = geo.bbox(self.boundary) if self.boundary else (None, None, None, None)
        self.bbox_south, self.bbox_west, self.bbox_north, self.bbox_east = box
        if kwargs.get("update_fields") is not None and "boundary" in kwargs["update_fields"]:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                *("bbox_south", "bbox_west", "bbox_north", "bbox_east", "updated_at"),
            }
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("centres:area", args=[self.slug])

    def clean(self):
        if self.boundary is not None:
            try:
                geo.polygons(self.boundary)
            except geo.GeometryError as e:
                raise ValidationError(
                    {
                        "boundary": _("Not a GeoJSON Polygon or MultiPolygon: %(error)s.")
                        % {"error": e}
                    }
                ) from e

    def contains(self, latitude: float, longitude: float) -> bool:
        return bool(self.boundary) and geo.contains(
            self.boundary, float(latitude), float(longitude)
        )


def city_bounds_condition(bounds) -> Q:
    """No coordinates at all (a mobile centre may have no seat), or both within `bounds`.

    The numbers are copied into the migration when it is made: the database holds the
    extent that was current then. A changed CITY_BOUNDS changes this condition, so
    `makemigrations --check` (in `make test`) and the centres.E001 system check both fail
    until a migration carries the new extent into the database.
    """
    south, west, north, east = (Decimal(str(v)) for v in bounds)
    # isnull=False is spelled out: a comparison with NULL is unknown, which a CHECK passes.
    return (Q(latitude__isnull=True) & Q(longitude__isnull=True)) | Q(
        latitude__isnull=False,
        longitude__isnull=False,
        latitude__gte=south,
        latitude__lte=north,
        longitude__gte=west,
        longitude__lte=east,
    )


class CentreQuerySet(models.QuerySet):
    def active_in(self, year: int):
        """Centres whose active period overlaps the calendar year."""
        return self.filter(active_from__year__lte=year).filter(
            Q(active_until__isnull=True) | Q(active_until__year__gte=year)
        )

    def active_on(self, day: datetime.date):
        return self.filter(active_from__lte=day).filter(
            Q(active_until__isnull=True) | Q(active_until__gte=day)
        )

    def active_today(self):
        return self.active_on(timezone.localdate())

    def for_listing(self):
        """What the list, the map and the open data show of each centre: its area by name,
        without the area's boundary (large GeoJSON, decoded row by row, shown only on the
        centre's own page and in /areas.geojson)."""
        return self.select_related("area", "operator").defer("area__boundary")

    def for_detail(self):
        return self.select_related("area", "operator")


class Centre(models.Model):
    """A Local Initiatives Centre (CIL), run by an operator organisation."""

    class Kind(models.TextChoices):
        NEIGHBOURHOOD = "neighbourhood", _("neighbourhood centre")
        REGRANTING = "regranting", _("regranting centre")

    name = models.CharField(_("full name"), max_length=255)
    slug = models.SlugField(
        _("slug"),
        max_length=140,
        unique=True,
        # /centres/mine/ is the "which centre is mine?" page.
        validators=[
            RegexValidator(r"^mine$", inverse_match=True, message=_("This address is reserved."))
        ],
    )
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
    accessibility = models.TextField(
        _("accessibility of the place"),
        blank=True,
        help_text=_(
            "Entrance, steps, lift, toilet, induction loop: what a person with a disability "
            "needs to know before coming."
        ),
    )
    description = models.TextField(_("description"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="centres/", blank=True)
    photo_alt = models.CharField(
        _("photo description"),
        max_length=255,
        blank=True,
        help_text=_("What the photo shows, for people who cannot see it."),
    )
    active_from = models.DateField(_("active from"))
    active_until = models.DateField(_("active until"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

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
            models.CheckConstraint(
                condition=city_bounds_condition(settings.CITY_BOUNDS),
                name="centre_coordinates_in_city",
                violation_error_message=_(
                    "Give both latitude and longitude, inside the city (or neither for a "
                    "mobile centre without a seat)."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("centres:detail", args=[self.slug])

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def is_active_on(self, day: datetime.date) -> bool:
        return self.active_from <= day and (self.active_until is None or day <= self.active_until)
