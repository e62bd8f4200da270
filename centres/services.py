import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from . import geo
from .models import Area, Centre

# slugify() drops what Unicode cannot decompose; Polish has one such letter.
_STROKES = str.maketrans({"ł": "l", "Ł": "L"})


def polish_slugify(text: str) -> str:
    return slugify(text.translate(_STROKES))


@dataclass(frozen=True)
class AreaImport:
    created: int
    updated: int


def areas_parse(text: str) -> list[tuple[str, dict]]:
    """(name, geometry) of each feature of a GeoJSON FeatureCollection.

    Raises ValidationError naming every problem found, so that nothing is imported from a
    file that is wrong anywhere.
    """
    try:
        data = json.loads(text)
    except ValueError as e:
        raise ValidationError(_("The file is not JSON: %(error)s") % {"error": e}) from e
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise ValidationError(_("The file is not a GeoJSON FeatureCollection."))
    features = data.get("features")
    if not isinstance(features, list) or not features:
        raise ValidationError(_("The file has no features."))
    errors, result, seen = [], [], set()
    for number, feature in enumerate(features, start=1):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        name = properties.get("name") if isinstance(properties, dict) else None
        if not isinstance(name, str) or not name.strip():
            errors.append(_("Feature %(n)d has no properties.name.") % {"n": number})
            continue
        name = " ".join(name.split())
        if name in seen:
            errors.append(
                _("Feature %(n)d repeats the name %(name)s.") % {"n": number, "name": name}
            )
        seen.add(name)
        try:
            geo.polygons(feature.get("geometry"))
        except geo.GeometryError as e:
            errors.append(
                _("Feature %(n)d (%(name)s): %(error)s.") % {"n": number, "name": name, "error": e}
            )
            continue
        result.append((name, feature["geometry"]))
    if errors:
        raise ValidationError(errors)
    return result


@transaction.atomic
def areas_import(*, features: Iterable[tuple[str, dict]]) -> AreaImport:
    """Create or update areas by name from (name, geometry) pairs; all or nothing."""
    created = updated = 0
    # No lock: two imports at once collide on the unique name, and the one that loses
    # rolls back whole, which is what a repeated import needs.
    existing = {a.name: a for a in Area.objects.all()}
    for name, geometry in features:
        area = existing.get(name)
        if area is None:
            area = Area(name=name, slug=_unique_area_slug(name))
            created += 1
        else:
            updated += 1
        area.boundary = geometry
        area.full_clean()
        area.save()
        existing[name] = area
    return AreaImport(created=created, updated=updated)


def _unique_area_slug(name: str) -> str:
    base = polish_slugify(name)[:130] or "area"
    slug, n = base, 2
    while Area.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def area_ensure(*, name: str) -> Area:
    """The area of this name, created without a boundary if it is new."""
    area = Area.objects.filter(name=name).first()
    if area is None:
        area = Area(name=name, slug=_unique_area_slug(name))
        area.full_clean()
        area.save()
    return area


def area_for_point(*, latitude: float, longitude: float) -> Area | None:
    """The area holding the point, or None outside every known boundary."""
    areas = Area.objects.containing(latitude=latitude, longitude=longitude)
    return areas[0] if areas else None


@dataclass(frozen=True)
class MyCentres:
    area: Area | None
    neighbourhood: list[Centre]
    regranting: list[Centre]


def centres_for_resident(*, area: Area | None) -> MyCentres:
    """Answer "which centre is mine?": the neighbourhood centres active today in the area
    and the city-wide regranting centres, which serve every resident."""
    active = list(Centre.objects.active_today().for_listing())
    return MyCentres(
        area=area,
        neighbourhood=[
            c
            for c in active
            if area is not None and c.kind == Centre.Kind.NEIGHBOURHOOD and c.area_id == area.pk
        ],
        regranting=[c for c in active if c.kind == Centre.Kind.REGRANTING],
    )


def centre_end(*, centre: Centre, on) -> Centre:
    """The centre stops being active after `on`."""
    centre.active_until = on
    centre.full_clean()
    centre.save(update_fields=["active_until", "updated_at"])
    return centre
