import pytest

from centres import geo

from .factories import square

RING_WITH_HOLE = {
    "type": "Polygon",
    "coordinates": [
        [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]],
        [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]],
    ],
}


def test_a_point_in_a_polygon_is_inside_and_in_its_hole_is_not():
    assert geo.contains(RING_WITH_HOLE, 2, 2)
    assert not geo.contains(RING_WITH_HOLE, 5, 5)
    assert not geo.contains(RING_WITH_HOLE, 11, 5)


def test_a_multipolygon_holds_points_of_each_part():
    multi = {
        "type": "MultiPolygon",
        "coordinates": [square(0, 0, 1)["coordinates"], square(5, 5, 1)["coordinates"]],
    }
    assert geo.contains(multi, 0.5, 0.5)
    assert geo.contains(multi, 5.5, 5.5)
    assert not geo.contains(multi, 3, 3)


def test_bbox_is_south_west_north_east():
    assert geo.bbox(square(52.0, 16.0, 1)) == (52.0, 16.0, 53.0, 17.0)


@pytest.mark.parametrize(
    "geometry",
    [
        None,
        {"type": "Point", "coordinates": [16.9, 52.4]},
        {"type": "Polygon", "coordinates": []},
        {"type": "Polygon", "coordinates": [[[16.9, 52.4], [16.95, 52.4]]]},
        {"type": "Polygon", "coordinates": [[["a", "b"], [1, 1], [1, 0], ["a", "b"]]]},
        {"type": "Polygon", "coordinates": [[[200, 52], [201, 52], [201, 53], [200, 52]]]},
    ],
)
def test_it_refuses_what_is_not_a_polygon(geometry):
    with pytest.raises(geo.GeometryError):
        geo.polygons(geometry)
