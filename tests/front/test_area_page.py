"""An area's public page: its centres and the projects realised there, by year."""

from datetime import date
from decimal import Decimal

import pytest

from grants.models import Project
from tests.centres.factories import AreaFactory, CentreFactory, RegrantingCentreFactory

pytestmark = pytest.mark.django_db


def _project(title, centre, ends_on, area=None, kind="grassroots", grant="0"):
    return Project.objects.create(
        kind=kind,
        title=title,
        centre=centre,
        area=area,
        starts_on=ends_on,
        ends_on=ends_on,
        grant_amount=Decimal(grant),
        total_cost=Decimal("900"),
    )


@pytest.fixture
def wilda(db):
    area = AreaFactory(name="Wilda", slug="wilda")
    local = CentreFactory(name="CIL Wilda", area=area)
    regranting = RegrantingCentreFactory(name="CIL Regrantingowy")
    _project("Sąsiedzka wigilia", local, date(2017, 12, 20), area=area)
    _project("Podwórko bez osiedla", local, date(2018, 5, 5))  # its centre's area
    _project("Mural na Wildzie", regranting, date(2018, 6, 30), area, "regranting", "800")
    _project("Gdzie indziej", CentreFactory(name="CIL Łazarz"), date(2018, 7, 1))
    return area


def test_an_areas_page_lists_its_centres_and_the_projects_realised_there_by_year(client, wilda):
    page = client.get("/areas/wilda/").content.decode()
    assert "<h1" in page and "Wilda" in page
    assert "CIL Wilda" in page and "CIL Łazarz" not in page
    for title in ("Sąsiedzka wigilia", "Podwórko bez osiedla", "Mural na Wildzie"):
        assert title in page
    assert "Gdzie indziej" not in page
    assert page.index("2018: 2 projekty") < page.index("2017: 1 projekt")  # latest first
    only_2017 = client.get("/areas/wilda/?year=2017").content.decode()
    assert "Sąsiedzka wigilia" in only_2017 and "Mural na Wildzie" not in only_2017
    assert '<option value="2017" selected>' in only_2017
    none = client.get("/areas/wilda/?year=2016").content.decode()
    assert "Sąsiedzka wigilia" not in none and "2016: 0 projektów" in none
    assert client.get("/areas/nie-ma-takiego/").status_code == 404


def test_a_centres_page_links_to_its_areas_page(client, wilda):
    centre = wilda.centres.get()
    assert 'href="/areas/wilda/"' in client.get(centre.get_absolute_url()).content.decode()


def test_the_areas_page_keeps_its_query_count_as_projects_grow(
    client, wilda, django_assert_max_num_queries
):
    centre = CentreFactory(name="CIL Wilda 2", area=wilda)
    for size in (4, 20):
        while Project.objects.count() < size:
            n = Project.objects.count()
            _project(f"Inicjatywa {n}", centre, date(2010 + n % 9, 3, 1), area=wilda)
        with django_assert_max_num_queries(5):
            assert client.get("/areas/wilda/").status_code == 200
