import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from centres.management.commands.import_areas import Command
from centres.models import Area

from .conftest import KIEKRZ, OSIEDLA, STARY_GRUNWALD, WILDA
from .factories import AreaFactory, square


def _collection(*features) -> str:
    return json.dumps({"type": "FeatureCollection", "features": list(features)})


def _feature(name, geometry):
    return {"type": "Feature", "properties": {"name": name}, "geometry": geometry}


def test_it_imports_the_42_osiedla_of_poznan(db, osiedla_text, capsys):
    call_command("import_areas", str(OSIEDLA))
    assert Area.objects.count() == 42
    assert Area.objects.with_boundary().count() == 42
    assert "utworzono 42, zaktualizowano 0" in capsys.readouterr().out
    assert Area.objects.get(name="Ławica").slug == "lawica"
    assert Area.objects.get(name="Św. Łazarz").slug == "sw-lazarz"


def test_running_it_again_updates_and_never_duplicates(db, osiedla_text):
    AreaFactory(name="Wilda", slug="wilda")  # the demo's area without a boundary
    first = Command().import_text(osiedla_text)
    second = Command().import_text(osiedla_text)
    assert (first.created, first.updated) == (41, 1)
    assert (second.created, second.updated) == (0, 42)
    assert Area.objects.count() == 42
    assert Area.objects.get(name="Wilda").slug == "wilda"


@pytest.mark.parametrize(
    ("latitude", "longitude", "name"),
    [(*WILDA, "Wilda"), (*STARY_GRUNWALD, "Stary Grunwald"), (*KIEKRZ, "Kiekrz")],
)
def test_known_points_fall_in_their_osiedle(osiedla, latitude, longitude, name):
    assert [a.name for a in Area.objects.containing(latitude=latitude, longitude=longitude)] == [
        name
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json at all", "nie jest w formacie JSON"),
        (json.dumps({"type": "Feature"}), "FeatureCollection"),
        (_collection(), "nie zawiera żadnych obiektów"),
        (
            _collection(_feature("A", square(52.4, 16.9)), _feature("", square(52.3, 16.8))),
            "Obiekt 2 nie ma properties.name",
        ),
        (
            _collection(_feature("A", {"type": "Point", "coordinates": [16.9, 52.4]})),
            "Polygon",
        ),
        (
            _collection(_feature("A", square(52.4, 16.9)), _feature("A", square(52.3, 16.8))),
            "powtarza nazwę A",
        ),
    ],
)
def test_it_refuses_a_bad_file_and_imports_nothing(db, tmp_path, text, message):
    AreaFactory(name="A", slug="a", boundary=square(52.45, 16.95))
    path = tmp_path / "bad.geojson"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError) as e:
        call_command("import_areas", str(path))
    assert message in str(e.value)
    assert "Nic nie zaimportowano" in str(e.value)
    assert list(Area.objects.values_list("name", "bbox_south")) == [("A", 52.45)]


def test_a_bad_feature_anywhere_stops_the_whole_file(db):
    text = _collection(
        _feature("Good", square(52.4, 16.9)),
        _feature("Bad", {"type": "LineString", "coordinates": [[16.9, 52.4], [16.91, 52.41]]}),
    )
    with pytest.raises(CommandError):
        Command().import_text(text)
    assert not Area.objects.exists()


def test_it_says_so_when_the_file_cannot_be_read(db, tmp_path):
    with pytest.raises(CommandError, match="Nie można odczytać"):
        call_command("import_areas", str(tmp_path / "missing.geojson"))


def test_its_messages_are_all_in_the_active_language(db, tmp_path):
    path = tmp_path / "bad.geojson"
    point = _feature("A", {"type": "Point", "coordinates": [16.9, 52.4]})
    ring = _feature("B", {"type": "Polygon", "coordinates": [[[16.9, 52.4]]]})
    path.write_text(_collection(point, ring), encoding="utf-8")
    with pytest.raises(CommandError) as polish:
        call_command("import_areas", str(path))
    assert str(polish.value).splitlines() == [
        "Nic nie zaimportowano:",
        "- Obiekt 1 (A): geometria jest typu 'Point', a nie Polygon ani MultiPolygon.",
        "- Obiekt 2 (B): pierścień wymaga co najmniej czterech pozycji [długość, szerokość].",
    ]
    with translation.override("en"), pytest.raises(CommandError) as english:
        call_command("import_areas", str(path))
    assert str(english.value).splitlines()[:2] == [
        "Nothing was imported:",
        "- Feature 1 (A): the geometry is 'Point', not a Polygon or MultiPolygon.",
    ]
