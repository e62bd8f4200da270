from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from tests.centres.factories import CentreFactory
from tests.events.factories import EventFactory
from tests.factories import OrganisationFactory
from tests.trainings.factories import RegistrationFactory, SessionFactory, TrainingFactory


def coming_training(**kwargs):
    return SessionFactory(training=TrainingFactory(**kwargs)).training


def past_training(**kwargs):
    start = timezone.now() - timedelta(days=30)
    training = TrainingFactory(**kwargs)
    SessionFactory(training=training, starts_at=start, ends_at=start + timedelta(hours=2))
    return training


def test_the_list_shows_coming_trainings_and_past_ones_apart(client, db):
    coming, past = (
        coming_training(title="Szkolenie przyszłe"),
        past_training(title="Szkolenie dawne"),
    )
    content = client.get("/trainings/").content.decode()
    assert coming.title in content and past.title not in content
    content = client.get("/trainings/?when=past").content.decode()
    assert past.title in content and coming.title not in content


def test_the_list_filters_by_organiser_and_free_seats(client, db):
    organisation = OrganisationFactory()
    by_org = coming_training(title="Organizacji", organiser_organisation=organisation)
    by_city = coming_training(title="Miejskie", capacity=1)
    RegistrationFactory(signup_list=by_city.signup_list)
    content = client.get("/trainings/?organiser=organisation").content.decode()
    assert by_org.title in content and by_city.title not in content
    content = client.get("/trainings/?open_seats=on").content.decode()
    assert by_org.title in content and by_city.title not in content


def test_the_list_filters_by_month(client, db):
    soon = coming_training(title="Wkrótce")
    month = timezone.localtime(soon.sessions.get().starts_at).strftime("%Y-%m")
    later = TrainingFactory(title="Później")
    start = timezone.now() + timedelta(days=70)
    SessionFactory(training=later, starts_at=start, ends_at=start + timedelta(hours=1))
    content = client.get(f"/trainings/?month={month}").content.decode()
    assert soon.title in content and later.title not in content


def test_the_detail_shows_sessions_seats_and_the_sign_up_form(client, db):
    training = coming_training(capacity=5, latitude="52.4", longitude="16.9")
    content = client.get(training.get_absolute_url()).content.decode()
    assert "5" in content
    assert 'name="consent"' in content
    assert 'id="offering-map"' in content
    assert "/static/vendor/leaflet-1.9.4/leaflet.js" in content


def test_an_unpublished_training_is_not_found(client, db):
    training = coming_training(published=False)
    assert client.get(training.get_absolute_url()).status_code == 404


def test_event_pages_work_with_kind_filter(client, db):
    gala = EventFactory(kind="gala", title="Gala")
    debate = EventFactory(kind="debate", title="Debata")
    content = client.get("/events/?kind=gala").content.decode()
    assert gala.title in content and debate.title not in content
    assert client.get(gala.get_absolute_url()).status_code == 200


def test_home_shows_coming_trainings_and_events(client, db):
    training, event = coming_training(title="Szkolenie na głównej"), EventFactory(title="Gala X")
    content = client.get("/").content.decode()
    assert training.title in content and event.title in content


def _grow(n):
    for _ in range(n):
        t = coming_training(organiser_organisation=OrganisationFactory())
        RegistrationFactory(signup_list=t.signup_list)
        e = EventFactory()
        RegistrationFactory(signup_list=e.signup_list)


@pytest.mark.parametrize("path", ["/", "/trainings/", "/events/", "/calendar.ics"])
def test_page_queries_do_not_grow_with_rows(client, db, django_assert_max_num_queries, path):
    """Counted as the page is built (nothing cached) and as it is served again."""
    counts = []
    for rows in (2, 10):
        _grow(rows)
        client.get(path)
        cache.clear()
        with django_assert_max_num_queries(8) as built:
            assert client.get(path).status_code == 200
        with django_assert_max_num_queries(8) as again:
            assert client.get(path).status_code == 200
        counts.append((len(built), len(again)))
    assert counts[0] == counts[1], counts


def test_detail_queries_do_not_grow_with_sessions_or_registrations(
    client, db, django_assert_max_num_queries
):
    training = coming_training()
    client.get(training.get_absolute_url())
    with django_assert_max_num_queries(10) as small:
        client.get(training.get_absolute_url())
    for _ in range(10):
        SessionFactory(training=training)
        RegistrationFactory(signup_list=training.signup_list)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(training.get_absolute_url())


def test_the_list_and_the_page_say_when_sign_up_opens_or_that_it_closed(client, db):
    opens = timezone.now() + timedelta(days=3)
    later = coming_training(title="Zapisy wkrótce", signup_opens_at=opens)
    closed = coming_training(title="Zapisy po terminie", signup_closes_at=timezone.now())
    opens_text = f"Zapisy od {timezone.localtime(opens):%-d}"
    listing = client.get("/trainings/").content.decode()
    assert opens_text in listing
    assert "Zapisy zamknięte" in listing
    page = client.get(later.get_absolute_url()).content.decode()
    assert f"Zapisy rozpoczną się {timezone.localtime(opens):%-d}" in page
    assert 'name="consent"' not in page
    page = client.get(closed.get_absolute_url()).content.decode()
    assert "Zapisy są zamknięte." in page


def test_the_list_filters_by_kind_cycle_or_single(client, db):
    single = coming_training(title="Jedno spotkanie")
    cycle = coming_training(title="Cykl trzech spotkań")
    for days in (17, 24):
        start = timezone.now() + timedelta(days=days)
        SessionFactory(training=cycle, starts_at=start, ends_at=start + timedelta(hours=2))
    content = client.get("/trainings/?kind=cycle").content.decode()
    assert cycle.title in content and single.title not in content
    content = client.get("/trainings/?kind=single").content.decode()
    assert single.title in content and cycle.title not in content


def test_the_lists_filter_by_the_organising_centre(client, db):
    wilda, kiekrz = CentreFactory(name="CIL Wilda"), CentreFactory(name="CIL Kiekrz")
    at_wilda = coming_training(title="Na Wildzie", organiser_centre=wilda)
    at_kiekrz = coming_training(title="W Kiekrzu", organiser_centre=kiekrz)
    event = EventFactory(title="Debata na Wildzie", organiser_centre=wilda)
    other_event = EventFactory(title="Gala w Kiekrzu", organiser_centre=kiekrz)
    content = client.get(f"/trainings/?centre={wilda.slug}").content.decode()
    assert at_wilda.title in content and at_kiekrz.title not in content
    content = client.get(f"/events/?centre={wilda.slug}").content.decode()
    assert event.title in content and other_event.title not in content


def test_the_link_to_join_online_stays_off_public_pages_when_seats_are_handed_out(client, db):
    from icalendar import Calendar

    training = coming_training(
        online_url="https://spotkania.example.org/osl", place_name="", address=""
    )
    training.sessions.update(online_url="https://spotkania.example.org/osl-1")
    page = client.get(training.get_absolute_url()).content.decode()
    assert "spotkania.example.org" not in page
    assert "Link do spotkania przyjdzie w e-mailu potwierdzającym Twoje miejsce." in page
    ics = client.get(f"/trainings/{training.slug}.ics").content
    assert b"spotkania.example.org" not in ics
    assert "online" in str(Calendar.from_ical(ics).walk("VEVENT")[0]["LOCATION"])

    open_entry = EventFactory(
        signups_enabled=False,
        online_url="https://spotkania.example.org/debata",
        place_name="",
        address="",
    )
    assert (
        "https://spotkania.example.org/debata"
        in client.get(open_entry.get_absolute_url()).content.decode()
    )
    assert b"spotkania.example.org/debata" in client.get(f"/events/{open_entry.slug}.ics").content


def test_the_free_seats_filter_leaves_out_what_cannot_be_signed_up_for_now(client, db):
    now = timezone.now()
    open_now = coming_training(title="Zapisy trwają")
    coming_training(title="Zapisy od jutra", signup_opens_at=now + timedelta(days=1))
    coming_training(title="Po terminie", signup_closes_at=now - timedelta(hours=1))
    coming_training(title="Wstęp wolny", signups_enabled=False)
    content = client.get("/trainings/?open_seats=on").content.decode()
    assert open_now.title in content
    for title in ("Zapisy od jutra", "Po terminie", "Wstęp wolny"):
        assert f">{title}<" not in content, title
    assert open_now.signup_open_now()


@pytest.mark.parametrize("path", ["/trainings/", "/events/"])
def test_the_cached_filter_offers_a_new_centre_keeps_what_was_chosen_and_the_language(
    client, db, path
):
    wilda = CentreFactory(name="CIL Wilda", slug="cil-wilda")
    assert "CIL Wilda" in client.get(path).content.decode()  # the form is cached now
    CentreFactory(name="CIL Rataje", slug="cil-rataje")
    assert "CIL Rataje" in client.get(path).content.decode()
    wilda.name = "CIL Wilda Górna"
    wilda.save()
    chosen = client.get(f"{path}?centre=cil-wilda").content.decode()
    assert '<option value="cil-wilda" selected>CIL Wilda Górna</option>' in chosen
    assert '<option value="cil-wilda" selected>' not in client.get(path).content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert ">Filter</button>" in client.get(path).content.decode()
