from django.utils import timezone

from reports import services
from reports.models import Report

from .conftest import words
from .factories import grow_year

# The published page: its report (1), and the live summary (18) to tell whether the
# figures changed since; the official's draft: the report (1), the session and user (2),
# the user's permissions, fetched once per request (2), and the summary (18).
PUBLISHED_PAGE_QUERIES = 19
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
    grow_year(2017, projects=4, events=3, trainings=2)
    grow_year(2018, projects=4, events=3, trainings=2)
    published(2017)
    with django_assert_num_queries(PUBLISHED_PAGE_QUERIES):
        assert client.get("/reports/2017/").status_code == 200
    client.force_login(coordinator)
    with django_assert_num_queries(DRAFT_PAGE_QUERIES):
        assert client.get("/reports/2018/").status_code == 200

    grow_year(2017, projects=1996, events=297, trainings=8)
    grow_year(2018, projects=1996, events=297, trainings=8)
    published(2017)
    client.logout()
    with django_assert_num_queries(PUBLISHED_PAGE_QUERIES):
        page = client.get("/reports/2017/")
    assert "zrealizowano 2 000 projektów" in words(page.content.decode())
    client.force_login(coordinator)
    with django_assert_num_queries(DRAFT_PAGE_QUERIES):
        page = client.get("/reports/2018/")
    assert "zrealizowano 2 000 projektów" in words(page.content.decode())
