import datetime
import gzip
import json
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from centres.models import Area, Centre
from tests.utils import admin_save

from .factories import AreaFactory, CentreFactory, RegrantingCentreFactory, square

WARSAW = ZoneInfo("Europe/Warsaw")


@pytest.fixture
def wilda(db):
    return AreaFactory(name="Wilda", slug="wilda", boundary=square(52.38, 16.90, 0.03))


@pytest.fixture
def centres(wilda):
    return {
        "wilda": CentreFactory(name='CIL "WIL.DA.SIĘ"', slug="wil-da-sie", area=wilda),
        "regranting": RegrantingCentreFactory(name="CIL Regrantingowe", slug="regranting"),
        "mobile": CentreFactory(
            name="ŁAZANKA", slug="lazanka", mobile=True, latitude=None, longitude=None
        ),
        "old": CentreFactory(
            name="Old",
            slug="old",
            active_from=datetime.date(2016, 1, 1),
            active_until=datetime.date(2016, 12, 31),
        ),
    }


def _names(response) -> set[str]:
    return {f["properties"]["name"] for f in response.json()["features"]}


def test_centres_geojson_is_a_feature_collection_of_points(client, centres):
    response = client.get("/centres.geojson")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json; charset=utf-8"
    data = response.json()
    assert data["type"] == "FeatureCollection"
    wilda = next(f for f in data["features"] if f["properties"]["slug"] == "wil-da-sie")
    assert wilda["geometry"] == {"type": "Point", "coordinates": [16.918, 52.3915]}
    expected = {
        "name": 'CIL "WIL.DA.SIĘ"',
        "url": "/centres/wil-da-sie/",
        "kind": "neighbourhood",
        "kind_label": "CIL Sąsiedzki",
        "mobile": False,
        "area": "Wilda",
        "address": "ul. Rolna 24, 61-487",
    }
    assert {k: wilda["properties"][k] for k in expected} == expected
    mobile = next(f for f in data["features"] if f["properties"]["slug"] == "lazanka")
    assert mobile["geometry"] is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=regranting", {"CIL Regrantingowe"}),
        ("area=wilda", {'CIL "WIL.DA.SIĘ"'}),
        ("mobile=yes", {"ŁAZANKA"}),
        ("year=2016", {"Old"}),
        ("year=2017&kind=neighbourhood", {'CIL "WIL.DA.SIĘ"', "ŁAZANKA"}),
    ],
)
def test_centres_geojson_applies_the_lists_filters(client, centres, query, expected):
    assert _names(client.get(f"/centres.geojson?{query}")) == expected


def test_centres_geojson_answers_304_while_nothing_changed(client, centres):
    first = client.get("/centres.geojson")
    assert first["ETag"].startswith('W/"')  # the same for the gzipped and the plain body
    # No Last-Modified: the newest change would not move when a centre is removed.
    assert not first.has_header("Last-Modified")
    assert "max-age=300" in first["Cache-Control"]
    again = client.get("/centres.geojson", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    other_filter = client.get("/centres.geojson?kind=regranting", HTTP_IF_NONE_MATCH=first["ETag"])
    assert other_filter.status_code == 200


def test_centres_geojson_changes_its_etag_when_a_centre_changes_or_goes(client, centres):
    etag = client.get("/centres.geojson")["ETag"]
    centre = centres["wilda"]
    centre.name = "Nowa nazwa"
    centre.save()
    changed = client.get("/centres.geojson", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    centres["old"].delete()
    assert client.get("/centres.geojson", HTTP_IF_NONE_MATCH=changed["ETag"]).status_code == 200


def test_areas_geojson_holds_the_boundaries(client, wilda):
    AreaFactory(name="Bez granic")
    response = client.get("/areas.geojson")
    data = response.json()
    assert [f["properties"] for f in data["features"]] == [
        {"name": "Wilda", "slug": "wilda", "url": "/areas/wilda/"}  # the area's page
    ]
    assert data["features"][0]["geometry"] == wilda.boundary
    assert client.get("/areas.geojson", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_open_data_is_compressed(client, osiedla):
    response = client.get("/areas.geojson", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    body = gzip.decompress(response.content)
    assert len(json.loads(body)["features"]) == 42
    assert len(response.content) < len(body) / 2
    # Served from the cache the second time, compressed as it is, and plain to a client
    # that does not take gzip.
    assert client.get("/areas.geojson", HTTP_ACCEPT_ENCODING="gzip").content == response.content
    plain = client.get("/areas.geojson")
    assert not plain.has_header("Content-Encoding") and plain.content == body


def test_the_map_data_follow_an_officials_edits_of_an_area_and_an_operator(
    client, centres, officer
):
    def wilda():
        [feature] = [
            f["properties"]
            for f in client.get("/centres.geojson").json()["features"]
            if f["properties"]["slug"] == "wil-da-sie"
        ]
        return feature["operator"], feature["area"]

    operator = centres["wilda"].operator
    assert wilda() == (operator.name, "Wilda")  # cached now
    assert _area_names(client) == ["Wilda"]
    client.force_login(officer)
    admin_save(client, operator, name="Stowarzyszenie Nowa Wilda")
    assert wilda() == ("Stowarzyszenie Nowa Wilda", "Wilda")
    admin_save(client, centres["wilda"].area, name="Wilda Nowa")
    assert wilda() == ("Stowarzyszenie Nowa Wilda", "Wilda Nowa")
    assert _area_names(client) == ["Wilda Nowa"]


def _area_names(client) -> list[str]:
    return [f["properties"]["name"] for f in client.get("/areas.geojson").json()["features"]]


def test_the_map_data_drop_a_removed_area_and_a_centre_that_ended_at_midnight(client, centres):
    today = timezone.localdate()
    ending = CentreFactory(name="Ostatni dzień", slug="ostatni", active_until=today)
    AreaFactory(name="Bez centrum", boundary=square(52.45, 16.95, 0.01))
    evening = datetime.datetime.combine(today, datetime.time(23, 59), tzinfo=WARSAW)
    with time_machine.travel(evening, tick=False):
        assert "Ostatni dzień" in _names(client.get("/centres.geojson?current=true"))
        assert _area_names(client) == ["Bez centrum", "Wilda"]
    with time_machine.travel(evening + datetime.timedelta(minutes=2), tick=False):
        assert "Ostatni dzień" not in _names(client.get("/centres.geojson?current=true"))
    ending.delete()
    assert "Ostatni dzień" not in _names(client.get("/centres.geojson"))
    Area.objects.filter(name="Bez centrum").delete()
    assert _area_names(client) == ["Wilda"]


def test_open_data_reflects_a_new_boundary(client, wilda):
    etag = client.get("/areas.geojson")["ETag"]
    wilda.boundary = square(52.37, 16.89, 0.05)
    wilda.save()
    response = client.get("/areas.geojson", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response.json()["features"][0]["geometry"] == wilda.boundary
    assert Centre.objects.count() == 0


def test_centres_geojson_can_show_only_the_centres_active_today(client, centres):
    assert _names(client.get("/centres.geojson?current=true")) == {
        'CIL "WIL.DA.SIĘ"',
        "CIL Regrantingowe",
        "ŁAZANKA",
    }


@pytest.mark.parametrize("query", ["year=abc", "area=no-such-area", "kind=other"])
def test_centres_geojson_refuses_a_wrong_filter(client, centres, query):
    response = client.get(f"/centres.geojson?{query}")
    assert response.status_code == 400
    assert response.json()["errors"]


@pytest.mark.parametrize("path", ["/centres.geojson", "/areas.geojson"])
def test_open_data_answers_head_and_keeps_the_languages_apart_in_caches(client, centres, path):
    head = client.head(path)
    assert head.status_code == 200
    assert head["ETag"] == client.get(path)["ETag"]
    assert "Cookie" in head["Vary"]
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert client.get(path)["ETag"] != head["ETag"]
