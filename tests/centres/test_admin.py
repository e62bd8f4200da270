import datetime

import pytest

from centres.models import Centre
from tests.factories import OrganisationFactory, UserFactory

from .factories import AreaFactory, CentreFactory, square


@pytest.fixture
def wilda(db):
    return AreaFactory(name="Wilda", slug="wilda", boundary=square(52.38, 16.90, 0.03))


def test_the_centre_list_filters_by_kind_year_and_area(client, officer, wilda):
    CentreFactory(name="CIL Wilda", area=wilda)
    CentreFactory(
        name="CIL Dawne",
        active_from=datetime.date(2010, 1, 1),
        active_until=datetime.date(2012, 1, 1),
    )
    client.force_login(officer)
    content = client.get(f"/admin/centres/centre/?year=2017&area__id__exact={wilda.pk}").content
    assert b"CIL Wilda" in content
    assert b"CIL Dawne" not in content
    assert client.get("/admin/centres/centre/?q=Wilda&kind__exact=neighbourhood").status_code == 200
    assert client.get("/admin/centres/area/").status_code == 200


def test_the_admin_suggests_the_area_holding_a_point(client, officer, wilda):
    client.force_login(officer)
    url = "/admin/centres/centre/area-for-point/"
    assert client.get(url, {"lat": 52.39, "lon": 16.91}).json() == {"id": wilda.pk, "name": "Wilda"}
    assert client.get(url, {"lat": 52.45, "lon": 16.91}).json() == {"id": None}
    assert client.get(url, {"lat": "x"}).status_code == 400


def test_the_area_suggestion_is_for_officials_only(client, db, wilda):
    client.force_login(UserFactory())
    response = client.get("/admin/centres/centre/area-for-point/", {"lat": 52.39, "lon": 16.91})
    assert response.status_code == 302  # to the admin's sign-in


def test_saving_a_neighbourhood_centre_without_area_takes_it_from_the_point(client, officer, wilda):
    client.force_login(officer)
    response = client.post(
        "/admin/centres/centre/add/",
        {
            "name": "CIL Nowe",
            "slug": "cil-nowe",
            "kind": "neighbourhood",
            "operator": OrganisationFactory().pk,
            "latitude": "52.390000",
            "longitude": "16.910000",
            "area": "",
            "active_from": "2017-01-01",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Centre.objects.get(slug="cil-nowe").area == wilda


def test_the_admin_refuses_a_point_outside_the_city_with_a_polish_message(client, officer, wilda):
    client.force_login(officer)
    response = client.post(
        "/admin/centres/centre/add/",
        {
            "name": "CIL Warszawa",
            "slug": "cil-warszawa",
            "kind": "neighbourhood",
            "latitude": "52.229700",
            "longitude": "21.012200",
            "area": wilda.pk,
            "active_from": "2017-01-01",
        },
    )
    assert response.status_code == 200
    assert "wewnątrz miasta" in response.content.decode()
    assert not Centre.objects.exists()


def test_the_end_today_action_ends_the_centres_activity(client, officer, wilda):
    centre = CentreFactory(area=wilda)
    client.force_login(officer)
    client.post(
        "/admin/centres/centre/",
        {"action": "end_today", "_selected_action": [centre.pk]},
    )
    centre.refresh_from_db()
    assert centre.active_until is not None


def test_officials_search_centres_by_name_street_operator_and_area(client, officer, wilda):
    operator = OrganisationFactory(name="Stowarzyszenie Rolna")
    CentreFactory(name="CIL Wilda", area=wilda, street="ul. Rolna 24", operator=operator)
    CentreFactory(name="CIL Kiekrz", street="ul. Chojnicka 4")
    client.force_login(officer)
    for query in ("Rolna 24", "Stowarzyszenie Rolna", "Wilda"):
        content = client.get("/admin/centres/centre/", {"q": query}).content
        assert b"CIL Wilda" in content, query
        assert b"CIL Kiekrz" not in content, query
    content = client.get("/admin/centres/centre/", {"kind__exact": "regranting"}).content
    assert b"CIL Wilda" not in content
