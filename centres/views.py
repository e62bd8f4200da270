import json

from django import forms
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import condition, require_safe
from django.views.generic import DetailView

from cil_portal import caching

from . import queries, rules
from .filters import CentreFilter, CentreMapFilter
from .models import Area, Centre
from .services import area_for_point, centres_for_resident


@caching.page_cache(times=())
def centre_list(request):
    """The list, its filters and map, cached as one fragment per version of the centres
    (and areas), filter and language: the template evaluates the list only to build it."""
    centre_filter = CentreFilter(request.GET or None, queryset=Centre.objects.for_listing())
    query = request.GET.urlencode() if centre_filter.is_bound else ""
    return render(
        request,
        "centres/list.html",
        {
            "version": caching.digest(
                queries.CENTRES_ROWS(), sorted(request.GET.lists()), get_language()
            ),
            "filter": centre_filter,
            "centres": centre_filter.qs,
            "map_config": queries.map_config(centres_query=query),
        },
    )


class CentreDetailView(DetailView):
    """One centre, complete on its own.

    Later apps add their sections (calls, projects, trainings, events) through front: a
    subclass there adds their context from <app>/queries.py and renders a template that
    extends centres/detail.html and fills {% block centre_sections %}.
    """

    queryset = Centre.objects.for_detail()
    template_name = "centres/detail.html"
    context_object_name = "centre"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        centre = self.object
        context["is_active_today"] = centre.is_active_on(timezone.localdate())
        context["can_edit"] = rules.can_edit(self.request.user, centre)
        context["map_config"] = queries.map_config()
        context["centre_point"] = (
            {
                "lat": float(centre.latitude),
                "lng": float(centre.longitude),
                "name": centre.name,
                "kind": centre.kind,
                "boundary": centre.area.boundary if centre.area else None,
            }
            if centre.has_location
            else None
        )
        return context


centre_detail = CentreDetailView.as_view()


class AreaDetailView(DetailView):
    """An area (osiedle) and the centres in it, complete on its own.

    As with a centre's page, front extends it with what other apps hold about the area
    (the projects realised there) and fills {% block area_sections %}.
    """

    queryset = Area.objects.all()
    template_name = "centres/area_detail.html"
    context_object_name = "area"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["area_centres"] = list(
            Centre.objects.filter(area=self.object).for_listing().order_by("active_from", "name")
        )
        return context


area_detail = AreaDetailView.as_view()


class MineForm(forms.Form):
    area = forms.ModelChoiceField(
        label=_("Your area (osiedle)"),
        queryset=Area.objects.for_choices(),
        to_field_name="slug",
        required=False,
        empty_label=_("Choose your osiedle"),
    )
    lat = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-90, max_value=90)
    lon = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-180, max_value=180)


def mine(request):
    """Which centre is mine: by the osiedle chosen, or by a point on the map."""
    form = MineForm(request.GET or None)
    answer = point_outside = None
    if form.is_valid():
        data = form.cleaned_data
        area = data["area"]
        if data["lat"] is not None and data["lon"] is not None:
            area = area_for_point(latitude=data["lat"], longitude=data["lon"])
            point_outside = area is None
        if area is not None or point_outside:
            answer = centres_for_resident(area=area)
        # Show the osiedle found and drop the point, so that choosing another osiedle
        # next is not overridden by the old point.
        form = MineForm(initial={"area": area})
    return render(
        request,
        "centres/mine.html",
        {
            "form": form,
            "answer": answer,
            "point_outside": point_outside,
            "boundaries_known": Area.objects.with_boundary().exists(),
            "map_config": queries.map_config(centres_query="current=true", mine=True),
        },
    )


# --- open data ------------------------------------------------------------------------
# Both documents are built once per version of their rows and kept compressed in the
# cache; clients revalidate them by ETag (no Last-Modified: the newest change time
# would not move when a row is removed, nor at midnight for "active today").


def _open_data_version(request, rows: caching.Fingerprint) -> str:
    # Asked twice per request (by condition(), then by the view): computed once.
    if not hasattr(request, "_open_data_version"):
        request._open_data_version = caching.digest(
            request.path,
            rows(),
            sorted(request.GET.lists()),
            get_language(),
            timezone.localdate(),  # "active today" changes at midnight
        )
    return request._open_data_version


def _centres_version(request) -> str:
    return _open_data_version(request, queries.CENTRES_ROWS)


def _areas_version(request) -> str:
    return _open_data_version(request, queries.AREAS_ROWS)


def _geojson_response(request, packed: bytes, *, max_age: int) -> HttpResponse:
    response = caching.document_response(
        request, packed, content_type="application/geo+json; charset=utf-8"
    )
    patch_cache_control(response, public=True, max_age=max_age)
    return response


def _centres_filter(request) -> CentreMapFilter:
    # Asked by the ETag, then by the view: built (and validated) once per request.
    if not hasattr(request, "_centres_filter"):
        request._centres_filter = CentreMapFilter(
            request.GET or None, queryset=Centre.objects.for_listing()
        )
    return request._centres_filter


def _centres_etag(request) -> str | None:
    """The centres document's ETag; none for a wrong filter, which is answered 400 and
    must never be answered 304."""
    centres = _centres_filter(request)
    if centres.is_bound and not centres.is_valid():
        return None
    return f'W/"{_centres_version(request)}"'


def _geojson(features: list) -> bytes:
    document = {"type": "FeatureCollection", "features": features}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


def centre_feature(centre: Centre) -> dict:
    return {
        "type": "Feature",
        "geometry": {
            "type": "Point",
            "coordinates": [float(centre.longitude), float(centre.latitude)],
        }
        if centre.has_location
        else None,
        "properties": {
            "name": centre.name,
            "slug": centre.slug,
            "url": centre.get_absolute_url(),
            "kind": centre.kind,
            "kind_label": str(centre.get_kind_display()),
            "mobile": centre.mobile,
            "area": centre.area.name if centre.area else None,
            "operator": centre.operator.name if centre.operator else None,
            "address": ", ".join(p for p in (centre.street, centre.postal_code) if p),
            "active_from": centre.active_from.isoformat(),
            "active_until": centre.active_until.isoformat() if centre.active_until else None,
        },
    }


# Kept whole for anonymous visitors too (0 queries); "active today" changes at midnight.
# Only the filters' parameters make another document (and another cache entry).
@caching.page_cache(times=(), query=tuple(CentreMapFilter.base_filters))
@require_safe
@condition(etag_func=_centres_etag)
def centres_geojson(request):
    key = f"centres:centres-geojson:{_centres_version(request)}"
    packed = caching.cached_document(key)
    if packed is None:
        centres = _centres_filter(request)
        if centres.is_bound and not centres.is_valid():
            # Open data answers a wrong filter plainly rather than with every centre.
            response = JsonResponse({"errors": centres.errors}, status=400)
            add_never_cache_headers(response)
            return response
        body = _geojson([centre_feature(c) for c in centres.qs])
        packed = caching.store_document(key, body)
    return _geojson_response(request, packed, max_age=300)


@caching.page_cache(times=(), query=())
@require_safe
@condition(etag_func=lambda request: f'W/"{_areas_version(request)}"')
def areas_geojson(request):
    key = f"centres:areas-geojson:{_areas_version(request)}"
    packed = caching.cached_document(key)
    if packed is None:
        areas = Area.objects.with_boundary().only("name", "slug", "boundary")
        body = _geojson(
            [
                {
                    "type": "Feature",
                    "geometry": area.boundary,
                    "properties": {
                        "name": area.name,
                        "slug": area.slug,
                        "url": area.get_absolute_url(),
                    },
                }
                for area in areas
            ]
        )
        packed = caching.store_document(key, body)
    return _geojson_response(request, packed, max_age=3600)
