"""Plain-Python geometry for GeoJSON areas in EPSG:4326 (no GeoDjango: SQLite must work).

Coordinates in GeoJSON are [longitude, latitude]. The areas are a city's districts, small
enough that treating degrees as a flat plane is exact for a point-in-polygon answer.
"""

from collections.abc import Iterator

from django.utils.translation import gettext as _

POLYGON_TYPES = ("Polygon", "MultiPolygon")


class GeometryError(ValueError):
    """The geometry is not a usable GeoJSON Polygon or MultiPolygon."""


def _is_position(value) -> bool:
    return (
        isinstance(value, list | tuple)
        and len(value) >= 2
        and all(isinstance(c, int | float) and not isinstance(c, bool) for c in value[:2])
    )


def _check_ring(ring) -> None:
    if not isinstance(ring, list) or len(ring) < 4 or not all(_is_position(p) for p in ring):
        raise GeometryError(_("a ring needs at least four [longitude, latitude] positions"))
    for lon, lat, *_rest in ring:
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise GeometryError(
                _("position %(lon)s, %(lat)s is outside EPSG:4326 degrees")
                % {"lon": lon, "lat": lat}
            )


def polygons(geometry) -> list[list]:
    """The geometry's polygons (each a list of rings), checked; raise GeometryError."""
    if not isinstance(geometry, dict):
        raise GeometryError(_("the geometry is missing"))
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates")
    if kind not in POLYGON_TYPES:
        raise GeometryError(
            _("the geometry is %(kind)r, not a Polygon or MultiPolygon") % {"kind": kind}
        )
    if not isinstance(coordinates, list) or not coordinates:
        raise GeometryError(_("the geometry has no coordinates"))
    result = [coordinates] if kind == "Polygon" else coordinates
    for polygon in result:
        if not isinstance(polygon, list) or not polygon:
            raise GeometryError(_("a polygon has no rings"))
        for ring in polygon:
            _check_ring(ring)
    return result


def _positions(geometry) -> Iterator[list]:
    for polygon in polygons(geometry):
        for ring in polygon:
            yield from ring


def bbox(geometry) -> tuple[float, float, float, float]:
    """(south, west, north, east) of the geometry."""
    lons, lats = zip(*((p[0], p[1]) for p in _positions(geometry)), strict=True)
    return (min(lats), min(lons), max(lats), max(lons))


def _in_ring(lat: float, lon: float, ring: list) -> bool:
    """Ray casting: count the edges a ray from the point towards east crosses."""
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def contains(geometry, lat: float, lon: float) -> bool:
    """Whether the point lies inside the geometry (outer rings minus their holes)."""
    for outer, *holes in polygons(geometry):
        if _in_ring(lat, lon, outer) and not any(_in_ring(lat, lon, h) for h in holes):
            return True
    return False
