"""What the centres app gives to pages that other apps compose (front)."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cil_portal import caching
from organisations.models import Organisation

from .models import Area, Centre

# What the centres' pages and open data show, for their caches to follow (cil_portal.caching).
CENTRES_ROWS = caching.Fingerprint(
    Centre.objects.all(),
    Area.objects.all(),
    Organisation.objects.filter(operated_centres__isnull=False),  # the operators' names
)
AREAS_ROWS = caching.Fingerprint(Area.objects.all())


def active_in_year(year: int) -> list[str]:
    """The full names of the centres active in `year`, in the order the yearly report lists
    them: the regranting centre first, mobile centres last, otherwise as they opened."""
    centres = Centre.objects.active_in(year).order_by("-kind", "mobile", "active_from", "pk")
    return list(centres.values_list("name", flat=True))


def report_sources() -> list:
    """The rows active_in_year() and active_by_year() read (and the projects' areas),
    for a cache of the yearly report to follow."""
    return [Centre.objects.all(), Area.objects.all()]


def active_by_year(last: int) -> dict[int, int]:
    """How many centres were active in each year from the first centre's opening to `last`
    (empty when no centre opened by then). One query."""
    periods = list(Centre.objects.values_list("active_from", "active_until"))
    if not periods:
        return {}
    first = min(since.year for since, until in periods)
    return {
        year: sum(
            1
            for since, until in periods
            if since.year <= year and (until is None or until.year >= year)
        )
        for year in range(first, last + 1)
    }


def map_config(*, centres_query: str = "", mine: bool = False) -> dict:
    """Settings for static/js/centres-map.js, passed to the page with json_script."""
    south, west, north, east = settings.CITY_BOUNDS
    centres_url = reverse("centres:geojson")
    return {
        "centresUrl": f"{centres_url}?{centres_query}" if centres_query else centres_url,
        "areasUrl": reverse("centres:areas_geojson"),
        "mineUrl": reverse("centres:mine"),
        "tileUrl": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
        "bounds": [[south, west], [north, east]],
        "mine": mine,
        "labels": {
            "areas": _("Area boundaries"),
            "centres": _("Centres"),
            "zoomIn": _("Zoom in"),
            "zoomOut": _("Zoom out"),
            "closePopup": _("Close"),
            "cluster": _("%(count)s centres here: zoom in to see them"),
            "whichCentre": _("Which centre is mine?"),
            "areaPage": _("Centres and projects in this area"),
            "details": _("Details"),
            "mobile": _("mobile centre"),
            "locating": _("Looking for your location…"),
            "locateFailed": _(
                "Your location could not be found. Choose your osiedle from the list instead."
            ),
        },
    }


def home_centres() -> dict:
    """The home page's section: the centres active today, on a map and as a list (read
    when the section is rendered), and the version its cache follows: the centres' rows,
    the day (active today) and the language."""
    return {
        "version": caching.digest(CENTRES_ROWS(), timezone.localdate(), get_language()),
        "centres": Centre.objects.active_today().for_listing(),
        "map_config": map_config(centres_query="current=true"),
    }
