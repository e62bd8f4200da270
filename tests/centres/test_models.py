import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from centres.models import Area, Centre

from .factories import AreaFactory, CentreFactory, RegrantingCentreFactory, square


def _create(**fields):
    """Straight to the database, past full_clean: the database must refuse on its own."""
    defaults = {
        "name": "CIL",
        "slug": "cil",
        "kind": Centre.Kind.NEIGHBOURHOOD,
        "active_from": datetime.date(2017, 1, 1),
    }
    with transaction.atomic():
        return Centre.objects.create(**{**defaults, **fields})


def test_the_database_refuses_a_neighbourhood_centre_without_an_area(db):
    with pytest.raises(IntegrityError):
        _create(kind=Centre.Kind.NEIGHBOURHOOD, area=None)


def test_the_database_refuses_a_regranting_centre_with_an_area(db):
    with pytest.raises(IntegrityError):
        _create(kind=Centre.Kind.REGRANTING, area=AreaFactory())


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [
        ("52.229700", "21.012200"),  # Warsaw
        ("52.280000", "16.900000"),  # just south of Poznań's extent
        ("52.400000", "17.100000"),  # just east of it
        ("52.400000", None),  # half a position
        (None, "16.900000"),
    ],
)
def test_the_database_refuses_coordinates_outside_the_city(db, latitude, longitude):
    with pytest.raises(IntegrityError):
        _create(
            area=AreaFactory(),
            latitude=latitude and Decimal(latitude),
            longitude=longitude and Decimal(longitude),
        )


def test_the_database_accepts_coordinates_inside_the_city_or_none(db):
    _create(slug="a", area=AreaFactory(), latitude=Decimal("52.3915"), longitude=Decimal("16.918"))
    _create(slug="b", area=AreaFactory(), mobile=True, latitude=None, longitude=None)
    assert Centre.objects.count() == 2


def test_full_clean_explains_the_city_extent_in_polish(db):
    centre = CentreFactory.build(area=AreaFactory(), latitude=Decimal("52.2297"))
    with pytest.raises(ValidationError) as e:
        centre.full_clean()
    assert "wewnątrz miasta" in " ".join(e.value.messages)


def test_full_clean_explains_the_kind_and_area_rule(db):
    centre = RegrantingCentreFactory.build(area=AreaFactory(), operator=None)
    with pytest.raises(ValidationError) as e:
        centre.full_clean()
    assert "CIL Regrantingowy działa w całym mieście" in " ".join(e.value.messages)


def test_active_in_a_year_means_the_active_period_overlaps_it(db):
    old = CentreFactory(
        active_from=datetime.date(2016, 3, 1), active_until=datetime.date(2016, 12, 31)
    )
    spanning = CentreFactory(active_from=datetime.date(2016, 6, 1), active_until=None)
    late = CentreFactory(active_from=datetime.date(2017, 12, 31))
    assert set(Centre.objects.active_in(2017)) == {spanning, late}
    assert set(Centre.objects.active_in(2016)) == {old, spanning}


def test_an_area_keeps_its_boundary_bbox(db):
    area = AreaFactory(boundary=square(52.40, 16.90, 0.02))
    area.refresh_from_db()
    assert (area.bbox_south, area.bbox_west) == (52.40, 16.90)
    assert area.bbox_north == pytest.approx(52.42)
    assert area.bbox_east == pytest.approx(16.92)
    area.boundary = None
    area.save()
    area.refresh_from_db()
    assert area.bbox_south is None


def test_an_area_refuses_a_boundary_that_is_not_a_polygon(db):
    area = Area(name="X", slug="x", boundary={"type": "Point", "coordinates": [16.9, 52.4]})
    with pytest.raises(ValidationError) as e:
        area.full_clean()
    assert "boundary" in e.value.message_dict


def test_containing_finds_the_area_by_bbox_then_polygon(db):
    # Two areas whose bboxes both hold the point; only one polygon does (an L shape).
    l_shape = {
        "type": "Polygon",
        "coordinates": [
            [
                [16.90, 52.40],
                [16.92, 52.40],
                [16.92, 52.41],
                [16.91, 52.41],
                [16.91, 52.42],
                [16.90, 52.42],
                [16.90, 52.40],
            ]
        ],
    }
    corner = AreaFactory(name="Corner", boundary=square(52.41, 16.91, 0.01))
    AreaFactory(name="L", boundary=l_shape)
    AreaFactory(name="Far", boundary=square(52.30, 16.80, 0.01))
    AreaFactory(name="No boundary")
    assert Area.objects.containing(latitude=52.415, longitude=16.915) == [corner]
    assert Area.objects.containing(latitude=52.35, longitude=16.95) == []
