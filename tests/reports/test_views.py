import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from centres.models import Area, Centre
from events.models import Event
from grants.models import Project
from organisations.models import Organisation
from reports import services
from reports.models import Report
from signups import services as signups_services
from signups.models import Registration
from tests.events.factories import EventFactory
from tests.trainings.factories import RegistrationFactory, SessionFactory, TrainingFactory
from tests.utils import admin_save
from trainings.models import Attendance, Session, TrainingGroup

from .conftest import words
from .factories import at, grow_year
from .test_publishing import UPDATED

# The published page as it is built: its report (1) and its frozen figures (1), the
# version of the rows the summary reads (1) and the live summary (18) to tell whether the
# figures changed since; served again to an anonymous visitor: none, the whole page is
# kept (cil_portal.caching.page_cache).
# The official's draft: the report (1), the session and user (2), the user's permissions,
# fetched once per request (2), and the summary (18).
PUBLISHED_PAGE_QUERIES = 21
PUBLISHED_PAGE_AGAIN_QUERIES = 0
DRAFT_PAGE_QUERIES = 23


def published(year: int) -> Report:
    """A published report without rendering its PDF: these tests are about the page."""
    summary = services.summary_build(year=year)
    report, _ = Report.objects.update_or_create(
        year=year,
        defaults={
            "snapshot": summary.as_dict(),
            "pdf": "reports/x.pdf",
            "published_at": timezone.now(),
        },
    )
    return report


def test_the_pages_take_the_same_queries_for_a_small_and_a_large_year(
    client, coordinator, django_assert_num_queries
):
    def published_page():
        cache.clear()
        with django_assert_num_queries(PUBLISHED_PAGE_QUERIES):
            assert client.get("/reports/2017/").status_code == 200
        with django_assert_num_queries(PUBLISHED_PAGE_AGAIN_QUERIES):
            return client.get("/reports/2017/")

    grow_year(2017, projects=4, events=3, trainings=2)
    grow_year(2018, projects=4, events=3, trainings=2)
    published(2017)
    published_page()
    client.force_login(coordinator)
    with django_assert_num_queries(DRAFT_PAGE_QUERIES):
        assert client.get("/reports/2018/").status_code == 200

    grow_year(2017, projects=1996, events=297, trainings=8)
    grow_year(2018, projects=1996, events=297, trainings=8)
    published(2017)
    client.logout()
    page = published_page()
    assert "zrealizowano 2 000 projektów" in words(page.content.decode())
    client.force_login(coordinator)
    with django_assert_num_queries(DRAFT_PAGE_QUERIES):
        page = client.get("/reports/2018/")
    assert "zrealizowano 2 000 projektów" in words(page.content.decode())


def _says_updated(client) -> bool:
    page = words(client.get("/reports/2017/").content.decode())
    assert "zrealizowano 4 projekty" in page  # the frozen figures, whatever changed
    return UPDATED in page


def _first(model, **filters):
    return model.objects.filter(**filters).order_by("pk").first()


def _untick_one_attendance():
    registration = _first(Registration, attended=True)
    registration.attended = False
    registration.save()


def _cancel_one_who_came():
    signups_services.registration_cancel(
        registration=_first(Registration, attended=True), notify=False
    )


def _move_a_session_out_of_the_year():
    session = _first(Session)
    session.starts_at += timedelta(days=400)
    session.ends_at += timedelta(days=400)
    session.save()


def _rename(model, field="name", **filters):
    def rename():
        row = _first(model, **filters)
        setattr(row, field, getattr(row, field) + " (poprawione)")
        row.save()

    return rename


@pytest.mark.parametrize(
    "correct",
    [
        _rename(Project, "title"),
        _rename(Organisation, projects__isnull=False),
        _rename(Centre),
        _rename(Area, projects__isnull=False),
        _rename(TrainingGroup, "report_sentence"),
        _rename(Event, "report_sentence"),
        _untick_one_attendance,
        _cancel_one_who_came,
        _move_a_session_out_of_the_year,
        lambda: _first(Attendance).delete(),
        lambda: _first(Project).delete(),
    ],
    ids=[
        "project",
        "organisation",
        "centre",
        "area",
        "training group",
        "event",
        "registration",
        "registration cancelled",
        "session",
        "attendance removed",
        "project removed",
    ],
)
def test_the_published_page_says_at_once_when_a_correction_changed_the_figures(client, db, correct):
    grow_year(2017, projects=4, events=3, trainings=2)
    published(2017)
    assert not _says_updated(client)
    assert not _says_updated(client)  # from the cache
    correct()
    assert _says_updated(client)


def test_an_officials_admin_edit_of_an_event_shows_on_the_published_page(client, admin_client):
    grow_year(2017, projects=4, events=3, trainings=2)
    published(2017)
    assert not _says_updated(client)
    event = _first(Event, participants_recorded=50)
    admin_save(admin_client, event, participants_recorded="60")
    assert _says_updated(client)


def test_a_change_outside_the_figures_leaves_the_published_page_as_it_was(client, db):
    grow_year(2017, projects=4, events=3, trainings=2)
    published(2017)
    assert not _says_updated(client)
    training = TrainingFactory(title="Szkolenie w przyszłym roku")
    SessionFactory(training=training, starts_at=at(2030, 3, 1))
    RegistrationFactory(signup_list=training.signup_list, status=Registration.Status.PENDING)
    assert not _says_updated(client)


def test_the_published_page_shows_the_figures_of_its_latest_publication(client, db):
    grow_year(2017, projects=4, events=3, trainings=2)
    published(2017)
    assert "zrealizowano 4 projekty" in words(client.get("/reports/2017/").content.decode())
    _first(Project).delete()
    published(2017)  # published again: the page shows the new figures, none outdated
    page = words(client.get("/reports/2017/").content.decode())
    assert "zrealizowano 3 projekty" in page and UPDATED not in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "3 projects" in words(client.get("/reports/2017/").content.decode())


def area_rows(html: str) -> list[tuple[str, str]]:
    """(area, total cost) of the per-area table, in its order."""
    table = html.split('aria-labelledby="chart-by_area-heading"')[1].split("</table>")[0]
    return re.findall(
        r'<th scope="row"[^>]*>([^<]*)</th><td[^>]*>\d+</td><td[^>]*>([^<]*)</td>', table
    )


def test_the_per_area_table_says_its_order_and_keeps_it(client, coordinator):
    from .factories import ProjectFactory

    for name, cost in [("Wilda", "1000.00"), ("Jeżyce", "7000.00"), ("Rataje", "3000.00")]:
        ProjectFactory(centre__area__name=name, total_cost=Decimal(cost))
    ProjectFactory(centre__area__name="Wilda", total_cost=Decimal("8000.00"))
    client.force_login(coordinator)
    html = client.get("/reports/2017/?draft=1").content.decode()
    page = words(html)
    assert (
        "Projekty i ich koszt według osiedli Osiedla od największej kwoty (koszt całkowity "
        "projektów) – na obu wykresach i w tabeli." in page
    )
    assert area_rows(html) == [
        ("Wilda", "9\xa0000,00 zł"),
        ("Jeżyce", "7\xa0000,00 zł"),
        ("Rataje", "3\xa0000,00 zł"),
    ]
    # The charts follow the table.
    svg = html.split('id="area-projects-title"')[0].split('id="area-money-title"')[1]
    assert re.findall(r'text-anchor="end"[^>]*>([^<]*)<', svg) == [
        "Wilda",
        "Jeżyce",
        "Rataje",
    ]


def test_an_empty_year_says_so_in_one_sentence_without_zeros_or_charts(client, coordinator):
    client.force_login(coordinator)
    html = client.get("/reports/2030/?draft=1").content.decode()
    page = words(html)
    assert (
        "Za 2030 r. nie ma danych: nie działało żadne centrum, nie odnotowano działań ani "
        "projektów." in page
    )
    assert "<svg" not in html and "<table" not in html
    assert "0,00 zł" not in page and "Rok po roku" not in page


def test_a_year_without_projects_has_no_charts_of_their_cost(client, coordinator):
    EventFactory(kind=Event.Kind.INTEGRATION, starts_at=at(2030, 3, 1), participants_recorded=20)
    client.force_login(coordinator)
    html = client.get("/reports/2030/?draft=1").content.decode()
    page = words(html)
    assert "1 spotkanie integracyjne; w spotkaniu integracyjnym udział wzięło 20 osób" in page
    assert (
        "W 2030 r. nie zrealizowano projektów, więc nie ma wykresów ani tabel ich kosztów." in page
    )
    assert "<svg" not in html and "Rok po roku" in page


def test_the_english_page_marks_what_stays_polish(client, coordinator):
    from .factories import ProjectFactory

    ProjectFactory(
        title="Sąsiedzkie śniadanie",
        centre__name="Centrum Inicjatyw Lokalnych na Chartowie",
        centre__area__name="Chartowo",
    )
    EventFactory(
        title="Konferencja o regrantingu",
        starts_at=at(2017, 11, 17),
        report_sentence='konferencję "Inspiruj. Działaj."',
        participants_recorded=130,
        participants_estimate=True,
    )
    client.force_login(coordinator)
    client.cookies["django_language"] = "en"
    html = client.get("/reports/2017/?draft=1").content.decode()
    assert '<html lang="en">' in html
    assert "In 2017 the following were active in Poznań:" in html
    assert '<li lang="pl">Centrum Inicjatyw Lokalnych na Chartowie.</li>' in html
    assert (
        '<li><span lang="pl">konferencję &quot;Inspiruj. Działaj.&quot;</span>; in the '
        "conference more than 130 people took part.</li>" in html
    )
    assert '<span lang="pl">Sąsiedzkie śniadanie</span>' in html
    assert '<td lang="pl">Konferencja o regrantingu</td>' in html
    assert '<th scope="row" lang="pl">Chartowo</th>' in html
    # What the portal says in English is not marked as Polish.
    assert 'lang="pl">whole city' not in html and 'lang="pl">In 2017' not in html
