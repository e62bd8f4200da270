from datetime import timedelta

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
