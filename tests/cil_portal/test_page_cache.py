"""Whole public pages kept for anonymous visitors (cil_portal.caching.page_cache): served
again without a query, yet never older than the rows they show or the clock."""

import gzip
from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from centres.models import Centre
from grants.models import Call
from tests.centres.factories import CentreFactory
from tests.events.factories import EventFactory
from tests.factories import UserFactory
from tests.grants.factories import CallFactory, warsaw
from tests.trainings.factories import SessionFactory, TrainingFactory

PAGES = [
    "/",
    "/centres/",
    "/centres/{centre}/",
    "/areas/{area}/",
    "/trainings/",
    "/events/",
    "/calls/",
    "/calls/{call}/",
    "/calendar.ics",
    "/centres.geojson",
    "/areas.geojson",
]


@pytest.fixture
def rows(db):
    centre = CentreFactory(active_from="2016-01-01")
    call = CallFactory(
        organiser=centre,
        opens_at=timezone.now() - timedelta(days=1),
        closes_at=timezone.now() + timedelta(days=20),
    )
    training = SessionFactory(training=TrainingFactory(organiser_centre=centre)).training
    EventFactory(organiser_centre=centre, starts_at=timezone.now() + timedelta(days=3))
    return {"centre": centre, "call": call, "training": training}


def url(path: str, rows) -> str:
    return path.format(
        centre=rows["centre"].slug, area=rows["centre"].area.slug, call=rows["call"].slug
    )


def html(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize("path", PAGES)
def test_a_page_is_served_again_without_a_query(client, rows, path):
    first = client.get(url(path, rows))
    assert first.status_code == 200
    with CaptureQueriesContext(connection) as again:
        second = client.get(url(path, rows))
    assert second.status_code == 200
    assert len(again) == 0, [q["sql"] for q in again]
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


def test_a_published_report_is_served_again_without_a_query(client, db):
    from tests.reports.test_views import published

    published(2017)
    assert client.get("/reports/2017/").status_code == 200
    with CaptureQueriesContext(connection) as again:
        assert client.get("/reports/2017/").status_code == 200
    assert len(again) == 0


def test_a_new_amount_shows_at_once_even_when_saved_without_signals(client, rows):
    call = rows["call"]
    assert "5000,00" in html(client.get(call.get_absolute_url())).replace("\xa0", " ").replace(
        " ", ""
    )
    # A queryset update sends no signal: the database wrapper still sees the write.
    Call.objects.filter(pk=call.pk).update(max_amount=Decimal("7777.00"))
    page = html(client.get(call.get_absolute_url())).replace("\xa0", "").replace(" ", "")
    assert "7777,00" in page
    assert "5000,00" not in page
    call.refresh_from_db()
    call.budget_pool = Decimal("123456.00")
    call.save()
    assert "123456,00" in html(client.get("/calls/" + call.slug + "/")).replace("\xa0", "").replace(
        " ", ""
    )


def test_a_trainings_new_places_show_on_the_list(client, rows):
    training = rows["training"]
    assert "Zostały 2 miejsca" in html(client.get("/trainings/"))
    training.capacity = 5
    training.save()
    training.sync_signup_list()
    assert "Zostało 5 miejsc" in html(client.get("/trainings/"))


def test_a_call_closed_by_an_edit_is_closed_on_every_page(client, rows):
    call, centre = rows["call"], rows["centre"]
    pages = ["/", "/calls/", call.get_absolute_url(), centre.get_absolute_url()]
    for page in pages:
        assert call.title in html(client.get(page))
    assert "otwarty" in html(client.get(call.get_absolute_url()))
    call.closes_at = timezone.now() - timedelta(minutes=1)
    call.save()
    assert "zamknięty" in html(client.get(call.get_absolute_url()))
    assert call.title not in html(client.get("/"))
    assert call.title not in html(client.get(centre.get_absolute_url()))
    listing = html(client.get("/calls/"))
    assert listing.index("Zamknięte") < listing.index(call.title)


def test_a_call_page_cached_just_before_the_deadline_says_closed_right_after(client, db):
    call = CallFactory(closes_at=warsaw(2026, 12, 15, 16))
    with time_machine.travel(warsaw(2026, 12, 15, 15, 59, 30), tick=False) as clock:
        before = html(client.get(call.get_absolute_url()))
        assert "otwarty" in before and "została 1 minuta" in before
        assert call.title in html(client.get("/"))
        with CaptureQueriesContext(connection) as again:
            client.get(call.get_absolute_url())
        assert len(again) == 0  # it was cached
        clock.move_to(warsaw(2026, 12, 15, 16, 0, 1))
        after = html(client.get(call.get_absolute_url()))
        assert "zamknięty" in after and "otwarty" not in after
        assert call.title not in html(client.get("/"))


def test_the_time_left_is_never_older_than_its_unit(client, db):
    call = CallFactory(closes_at=warsaw(2026, 12, 15, 16))
    with time_machine.travel(warsaw(2026, 12, 13, 15, 45), tick=False) as clock:
        assert "zostały 2 dni" in html(client.get(call.get_absolute_url()))
        clock.move_to(warsaw(2026, 12, 13, 16, 0, 1))
        assert "zostało 47 godzin" in html(client.get(call.get_absolute_url()))


def test_a_call_that_opens_shows_when_it_opens(client, db):
    with time_machine.travel(warsaw(2026, 11, 1, 8, 30), tick=False) as clock:
        call = CallFactory(opens_at=warsaw(2026, 11, 1, 9))
        assert call.title not in html(client.get("/"))
        clock.move_to(warsaw(2026, 11, 1, 9, 0, 1))
        assert call.title in html(client.get("/"))


def test_a_centre_that_closed_yesterday_leaves_the_home_page_at_midnight(client, db):
    with time_machine.travel(warsaw(2026, 11, 22, 23, 30), tick=False) as clock:
        centre = CentreFactory(name="CIL Zamykane", active_from="2016-01-01")
        Centre.objects.filter(pk=centre.pk).update(active_until="2026-11-22")
        assert "CIL Zamykane" in html(client.get("/"))
        clock.move_to(warsaw(2026, 11, 23, 0, 0, 1))
        assert "CIL Zamykane" not in html(client.get("/"))


def test_a_signed_in_visitor_never_gets_the_anonymous_page(client, rows):
    anonymous = client.get("/calls/")
    assert "Wyloguj się" not in html(anonymous)
    client.force_login(UserFactory())
    signed_in = client.get("/calls/", HTTP_IF_NONE_MATCH=anonymous["ETag"])
    assert signed_in.status_code == 200
    assert "Wyloguj się" in html(signed_in)
    assert "ETag" not in signed_in
    client.logout()
    client.cookies.clear()
    # Nor was the signed-in page kept for anyone.
    assert "Wyloguj się" not in html(client.get("/calls/"))


def test_a_visitor_switches_language_and_the_english_page_is_kept_apart(client, rows):
    polish = client.get("/calls/")
    assert '<html lang="pl">' in html(polish)
    assert 'href="/lang/en/?next=/calls/"' in html(polish)
    switched = client.get("/lang/en/", {"next": "/calls/"})
    assert switched.status_code == 302 and switched["Location"] == "/calls/"
    english = client.get("/calls/")
    assert '<html lang="en">' in html(english) and "Grant calls" in html(english)
    assert english["ETag"] != polish["ETag"]
    with CaptureQueriesContext(connection) as again:
        assert client.get("/calls/").content == english.content
    assert len(again) == 0
    client.get("/lang/pl/", {"next": "/calls/"})
    assert client.get("/calls/").content == polish.content


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", ""])
def test_the_language_switch_stays_on_the_site(client, db, target):
    response = client.get("/lang/en/", {"next": target})
    assert response.status_code == 302 and response["Location"] == "/"
    assert response.cookies["django_language"].value == "en"


def test_the_language_switch_knows_only_the_portals_languages(client, db):
    assert client.get("/lang/de/", {"next": "/"}).status_code == 404


def test_the_switcher_marks_the_current_language(client, db):
    page = html(client.get("/"))
    assert 'lang="pl" hreflang="pl" aria-current="true"' in page
    assert 'lang="en" hreflang="en">' in page
    assert "csrfmiddlewaretoken" not in page


def test_gzip_and_plain_are_the_same_page(client, rows):
    plain = client.get("/events/")
    packed = client.get("/events/", HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    again = client.get("/events/")
    assert "Content-Encoding" not in again and again.content == plain.content
    for response in (plain, packed, again):
        vary = {v.strip() for v in response["Vary"].split(",")}
        assert {"Accept-Encoding", "Cookie", "Accept-Language"} <= vary


@pytest.mark.parametrize("path", ["/centres/", "/calendar.ics"])
def test_a_page_served_early_by_the_middleware_carries_every_header_of_the_built_one(
    client, rows, path
):
    built = client.get(url(path, rows), HTTP_ACCEPT_ENCODING="gzip")
    with CaptureQueriesContext(connection) as again:
        kept = client.get(url(path, rows), HTTP_ACCEPT_ENCODING="gzip")
    assert len(again) == 0
    # Served before the session and the view: no user was ever looked up.
    assert not hasattr(kept.wsgi_request, "user")
    assert kept.content == built.content
    assert dict(kept.headers) == dict(built.headers)
    assert kept["X-Frame-Options"] == "DENY"
    assert kept["Content-Language"] == "pl"
    assert kept["Content-Length"] == str(len(kept.content))


@pytest.mark.parametrize(
    "path, headers",
    [
        ("/calendar.ics", {"Content-Disposition": 'inline; filename="calendar.ics"'}),
        ("/centres.geojson", {"Cache-Control": "public, max-age=300"}),
        ("/areas.geojson", {"Cache-Control": "public, max-age=3600"}),
    ],
)
def test_a_kept_document_keeps_its_own_headers_and_is_stored_gzipped_once(
    client, rows, path, headers
):
    for _ in range(2):  # built, then from the page cache
        plain = client.get(path)
        packed = client.get(path, HTTP_ACCEPT_ENCODING="gzip")
        assert packed["Content-Encoding"] == "gzip"
        assert gzip.decompress(packed.content) == plain.content
        for response in (plain, packed):
            assert {h: response[h] for h in headers} == headers


def test_the_calendar_kept_for_subscribers_follows_a_new_event_and_a_moved_session(client, rows):
    session = rows["training"].sessions.get()
    first = client.get("/calendar.ics")
    assert "Gala nowa" not in first.content.decode()
    EventFactory(title="Gala nowa")
    session.starts_at -= timedelta(hours=1)
    session.save()
    again = client.get("/calendar.ics").content.decode()
    assert "Gala nowa" in again
    assert timezone.localtime(session.starts_at).strftime("%Y%m%dT%H%M%S") in again


def test_a_known_version_is_answered_304(client, rows):
    first = client.get("/trainings/")
    revalidated = client.get("/trainings/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert revalidated.status_code == 304
    assert revalidated["ETag"] == first["ETag"]
    assert revalidated.content == b""
    assert "Content-Length" not in revalidated  # not the 200's length: RFC 9110, 8.6
    rows["training"].title = "Nowy tytuł"
    rows["training"].save()
    changed = client.get("/trainings/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and "Nowy tytuł" in html(changed)


def test_a_page_with_a_message_or_a_session_is_not_kept(client, rows):
    client.cookies["messages"] = "whatever"
    client.get("/calls/")
    with CaptureQueriesContext(connection) as again:
        client.get("/calls/")
    assert len(again) > 0


def test_a_page_with_a_csrf_form_is_not_kept(client, rows):
    # A training's page has the sign-up form: it is built for each visitor.
    path = rows["training"].get_absolute_url()
    first = client.get(path)
    assert "csrfmiddlewaretoken" in html(first)
    assert "ETag" not in first
    with CaptureQueriesContext(connection) as again:
        client.get(path)
    assert len(again) > 0


@pytest.mark.django_db(transaction=True)
def test_a_change_made_in_a_transaction_shows_once_it_commits(client):
    call = CallFactory(closes_at=timezone.now() + timedelta(days=20))
    assert "5000,00" in html(client.get(call.get_absolute_url())).replace("\xa0", "")
    with transaction.atomic():
        Call.objects.filter(pk=call.pk).update(max_amount=Decimal("7777.00"))
        Call.objects.filter(pk=call.pk).update(min_amount=Decimal("1500.00"))
    page = html(client.get(call.get_absolute_url())).replace("\xa0", "").replace(" ", "")
    assert "Od1500,00złdo7777,00zł" in page


def test_a_write_that_changes_no_row_keeps_the_pages(client, rows):
    client.get("/calls/")
    Call.objects.filter(pk=-1).update(max_amount=Decimal("1.00"))
    with CaptureQueriesContext(connection) as again:
        client.get("/calls/")
    assert len(again) == 0


@pytest.mark.parametrize("path", ["/calendar.ics", "/areas.geojson", "/centres.geojson"])
def test_a_document_is_one_entry_whatever_unknown_parameters_are_added(client, rows, path):
    first = client.get(path)
    for n in range(3):
        with CaptureQueriesContext(connection) as again:
            other = client.get(f"{path}?x={n}&utm_source=bot")
        assert len(again) == 0, "a new entry was built for an unknown parameter"
        assert other.content == first.content


def test_a_wrong_filter_of_the_open_data_is_never_cached_nor_answered_304(client, rows):
    wrong = client.get("/centres.geojson?kind=zzz")
    assert wrong.status_code == 400
    assert "ETag" not in wrong
    assert "no-store" in wrong["Cache-Control"]
    again = client.get("/centres.geojson?kind=zzz", HTTP_IF_NONE_MATCH="*")
    assert again.status_code == 400
    right = client.get("/centres.geojson?kind=neighbourhood")
    assert right.status_code == 200 and right["Cache-Control"] == "public, max-age=300"


UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "cil_portal.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        "OPTIONS": {"socket_connect_timeout": 0.2},
    }
}


@pytest.mark.parametrize("path", ["/healthz", "/privacy/", "/accessibility/"])
def test_pages_the_cache_does_not_keep_answer_without_the_cache(client, db, settings, path):
    """PageCacheMiddleware looks only for the pages of views page_cache keeps: /healthz
    must say the portal is up while its database is, whatever Redis does."""
    settings.CACHES = UNREACHABLE_REDIS
    assert client.get(path).status_code == 200


def test_this_processs_copies_of_kept_pages_stay_within_their_limit():
    from cil_portal.caching import _LocalPages

    pages = _LocalPages(limit=2500)
    for n in range(5):
        pages.put(f"page{n}", ((), None, "etag", b"x" * 1000, "text/html", ()))
    assert list(pages.entries) == ["page3", "page4"] and pages.size == 2000
    assert pages.get("page3") is not None  # served: now the most recent
    pages.put("page5", ((), None, "etag", b"x" * 1000, "text/html", ()))
    assert list(pages.entries) == ["page3", "page5"]


def test_a_copy_kept_in_this_process_is_not_served_once_another_process_wrote(client, rows):
    """Another process's write renews the table's generation in the shared cache only:
    this process's copy of the page must then be built again, not served."""
    from django.core.cache import cache
    from django.db import connections

    from cil_portal.caching import _generation_key, _track

    call = rows["call"]

    def page():
        return html(client.get(call.get_absolute_url())).replace("\xa0", "").replace(" ", "")

    assert "5000,00" in page()
    db = connections["default"]
    db.execute_wrappers.remove(_track)  # the row changes as another process changes it
    try:
        Call.objects.filter(pk=call.pk).update(max_amount=Decimal("6543.00"))
    finally:
        db.execute_wrappers.insert(0, _track)
    assert "5000,00" in page()  # nothing told this process yet: its copy is served
    # The other process's write renews the generation, in the cache every process shares.
    cache.set(_generation_key(Call._meta.db_table), "renewed-by-another-process", None)
    with CaptureQueriesContext(connection) as built:
        assert "6543,00" in page()
    assert len(built) > 0
