import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from centres.models import Area, Centre
from tests.factories import OrganisationFactory
from tests.utils import admin_save

from .conftest import KIEKRZ, WILDA
from .factories import AreaFactory, CentreFactory, RegrantingCentreFactory

WARSAW = ZoneInfo("Europe/Warsaw")


def _many_centres(n: int) -> None:
    """n centres over a few areas and operators, half of them regranting."""
    areas = [AreaFactory() for _ in range(3)]
    operators = [OrganisationFactory() for _ in range(3)]
    Centre.objects.bulk_create(
        Centre(
            name=f"Centrum {i}",
            slug=f"centrum-{i}",
            kind=Centre.Kind.REGRANTING if i % 2 else Centre.Kind.NEIGHBOURHOOD,
            area=None if i % 2 else areas[i % 3],
            operator=operators[i % 3],
            latitude="52.400000",
            longitude="16.900000",
            active_from=datetime.date(2017, 1, 1),
        )
        for i in range(n)
    )


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/centres/",
        "/centres/?kind=neighbourhood&year=2017",
        "/centres/mine/?area={area}",
        "/centres/{slug}/",
        "/centres.geojson",
        "/areas.geojson",
    ],
)
def test_the_pages_query_counts_do_not_grow_with_the_centres(
    client, db, django_assert_max_num_queries, path
):
    """Counted as the page is built (nothing cached) and as it is served again."""
    counts = []
    for size in (10, 300):
        Centre.objects.all().delete()
        _many_centres(size)
        url = path.format(area=Area.objects.first().slug, slug=Centre.objects.first().slug)
        with django_assert_max_num_queries(12) as built:
            assert client.get(url).status_code == 200
        with django_assert_max_num_queries(12) as again:
            assert client.get(url).status_code == 200
        counts.append((len(built), len(again)))
    assert counts[0] == counts[1], counts


def test_the_list_shows_the_filtered_centres_with_a_polish_count(client, db):
    wilda = AreaFactory(name="Wilda", slug="wilda")
    CentreFactory(name="CIL Wilda", area=wilda)
    CentreFactory(name="CIL Chartowo")
    RegrantingCentreFactory(name="CIL Regranting")
    response = client.get("/centres/?area=wilda")
    content = response.content.decode()
    assert "CIL Wilda" in content
    assert "CIL Chartowo" not in content
    assert "1 centrum" in content
    all_of_them = client.get("/centres/").content.decode()
    assert "3 centra" in all_of_them
    assert "/centres.geojson?area=wilda" in content


def test_the_list_says_when_nothing_matches(client, db):
    response = client.get("/centres/?kind=regranting")
    assert "Żadne centrum nie spełnia" in response.content.decode()


def test_the_centre_page_shows_everything_about_it(client, db):
    operator = OrganisationFactory(name="Stowarzyszenie Sąsiedzka Wilda")
    centre = CentreFactory(
        name='CIL "WIL.DA.SIĘ"',
        slug="wil-da-sie",
        area=AreaFactory(name="Wilda"),
        operator=operator,
        opening_hours="pon.–pt. 10–18",
        accessibility="Platforma dla wózków na prośbę.",
        description="Centrum sąsiedzkie Wildy.",
        email="wilda@example.org",
    )
    response = client.get(centre.get_absolute_url())
    content = response.content.decode()
    for text in [
        "CIL &quot;WIL.DA.SIĘ&quot;",
        "Wilda",
        "ul. Rolna 24",
        "pon.–pt. 10–18",
        "Dostępność",
        "Platforma dla wózków na prośbę.",
        "Centrum sąsiedzkie Wildy.",
        "wilda@example.org",
        "Stowarzyszenie Sąsiedzka Wilda",
        'id="centre-map"',
    ]:
        assert text in content
    assert "<h1" in content


def test_a_centre_page_says_when_its_accessibility_is_not_described(client, db):
    content = client.get(CentreFactory(accessibility="").get_absolute_url()).content.decode()
    assert "Jeszcze nie opisano: zapytaj centrum przed przyjściem." in content


def test_the_centre_page_is_404_for_an_unknown_slug(client, db):
    assert client.get("/centres/no-such-centre/").status_code == 404


@time_machine.travel(datetime.datetime(2026, 5, 1, 12, tzinfo=datetime.UTC))
def test_which_centre_is_mine_by_osiedle_names_its_centre_and_the_regranting_ones(client, db):
    kiekrz = AreaFactory(name="Kiekrz", slug="kiekrz")
    CentreFactory(name="CIL Kiekrz", area=kiekrz)
    CentreFactory(name="CIL Kiekrz dawne", area=kiekrz, active_until=datetime.date(2020, 1, 1))
    CentreFactory(name="CIL Wilda")
    RegrantingCentreFactory(name="CIL Regranting")
    content = client.get("/centres/mine/?area=kiekrz").content.decode()
    assert "CIL Kiekrz" in content
    assert "CIL Kiekrz dawne" not in content
    assert "CIL Wilda" not in content
    assert "CIL Regranting" in content


@time_machine.travel(datetime.datetime(2026, 5, 1, 12, tzinfo=datetime.UTC))
def test_which_centre_is_mine_announces_the_answer_and_links_the_centre_and_osiedle(client, db):
    wilda = AreaFactory(name="Wilda", slug="wilda")
    centre = CentreFactory(name="CIL Wilda", slug="cil-wilda", area=wilda)
    content = client.get("/centres/mine/?area=wilda").content.decode()
    region = content[content.index('<div id="mine-result"') :]
    assert region.startswith('<div id="mine-result" aria-live="polite" aria-atomic="true">')
    assert "Centrum sąsiedzkie osiedla Wilda: CIL Wilda." in region
    assert f'href="{centre.get_absolute_url()}"' in region
    assert '<a href="/areas/wilda/">Strona osiedla Wilda' in region


@time_machine.travel(datetime.datetime(2026, 5, 1, 12, tzinfo=datetime.UTC))
def test_which_centre_is_mine_says_plainly_when_the_osiedle_has_no_centre(client, db):
    AreaFactory(name="Ławica", slug="lawica")
    RegrantingCentreFactory(name="CIL Regranting")
    content = client.get("/centres/mine/?area=lawica").content.decode()
    assert (
        "Na osiedlu Ławica nie działa obecnie żadne centrum sąsiedzkie. Centra regrantingowe "
        "wymienione niżej działają dla całego miasta, także dla osiedla Ławica"
    ) in content
    assert "CIL Regranting" in content
    assert '<a href="/areas/lawica/">' in content


def test_which_centre_is_mine_has_its_live_region_before_any_answer(client, db):
    content = client.get("/centres/mine/").content.decode()
    assert '<div id="mine-result" aria-live="polite" aria-atomic="true">' in content


def test_which_centre_is_mine_by_a_point_in_wilda(client, osiedla):
    CentreFactory(name='CIL "WIL.DA.SIĘ"', area=Area.objects.get(name="Wilda"))
    CentreFactory(name="CIL Kiekrz", area=Area.objects.get(name="Kiekrz"))
    lat, lon = WILDA
    content = client.get(f"/centres/mine/?lat={lat}&lon={lon}").content.decode()
    assert "WIL.DA.SIĘ" in content
    assert "CIL Kiekrz" not in content
    lat, lon = KIEKRZ
    assert "CIL Kiekrz" in client.get(f"/centres/mine/?lat={lat}&lon={lon}").content.decode()


def test_which_centre_is_mine_says_when_a_point_is_outside_every_osiedle(client, osiedla):
    RegrantingCentreFactory(name="CIL Regranting")
    content = client.get("/centres/mine/?lat=52.2297&lon=21.0122").content.decode()
    assert "nie leży w żadnym" in content
    assert "CIL Regranting" in content


def test_which_centre_is_mine_without_boundaries_offers_the_list_of_osiedla(client, db):
    AreaFactory(name="Wilda")
    content = client.get("/centres/mine/").content.decode()
    assert "Wilda</option>" in content
    assert "Granice osiedli nie zostały jeszcze wczytane" in content


@time_machine.travel(datetime.datetime(2026, 5, 1, 12, tzinfo=datetime.UTC))
def test_the_home_page_shows_the_centres_active_today(client, db):
    CentreFactory(name="CIL Aktywne")
    CentreFactory(name="CIL Zamknięte", active_until=datetime.date(2019, 12, 31))
    content = client.get("/").content.decode()
    assert "CIL Aktywne" in content
    assert "CIL Zamknięte" not in content
    assert 'id="home-map"' in content
    assert "/centres.geojson?current=true" in content


def test_the_list_follows_an_officials_edits_of_a_centre_and_an_area(client, officer):
    wilda = AreaFactory(name="Wilda", slug="wilda")
    centre = CentreFactory(name="CIL Wilda", area=wilda)
    assert "CIL Wilda" in client.get("/centres/").content.decode()  # cached now
    assert "CIL Wilda" in client.get("/centres/?area=wilda").content.decode()
    client.force_login(officer)
    admin_save(client, centre, name="CIL Nowa Wilda")
    admin_save(client, wilda, name="Wilda Górna")
    client.logout()
    for path in ("/centres/", "/centres/?area=wilda"):
        content = client.get(path).content.decode()
        assert "CIL Nowa Wilda" in content and "Wilda Górna" in content, path
    AreaFactory(name="Łacina", slug="lacina")
    assert "Łacina" in client.get("/centres/").content.decode()  # a new choice in the filter
    centre.delete()
    assert "Żadne centrum nie spełnia" in client.get("/centres/?area=wilda").content.decode()


def test_the_list_keeps_the_languages_and_filters_apart(client, db):
    CentreFactory(name="CIL Wilda")
    RegrantingCentreFactory(name="CIL Regranting")
    assert "2 centra" in client.get("/centres/").content.decode()
    assert "1 centrum" in client.get("/centres/?kind=regranting").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "2 centres" in client.get("/centres/").content.decode()
    assert "1 centre" in client.get("/centres/?kind=regranting").content.decode()


def test_the_home_page_drops_a_centre_at_midnight_after_its_last_day(client, db):
    today = timezone.localdate()
    CentreFactory(name="CIL Ostatni dzień", active_until=today)
    evening = datetime.datetime.combine(today, datetime.time(23, 59), tzinfo=WARSAW)
    with time_machine.travel(evening, tick=False):
        assert "CIL Ostatni dzień" in client.get("/").content.decode()
        CentreFactory(name="CIL Nowe")
        assert "CIL Nowe" in client.get("/").content.decode()
    with time_machine.travel(evening + datetime.timedelta(minutes=2), tick=False):
        content = client.get("/").content.decode()
    assert "CIL Ostatni dzień" not in content and "CIL Nowe" in content
