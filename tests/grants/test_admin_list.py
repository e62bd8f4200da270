"""The officials' applications list stays one page of fixed work however many there are."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from centres.models import Area
from front.roles import PROGRAMME_OFFICER, roles_sync
from grants.models import Application, Criterion
from grants.workflow import Status
from tests.factories import OrganisationFactory

from .factories import ApplicationFactory, CallFactory

PAGES = [
    "/admin/grants/application/",
    "/admin/grants/application/?status__exact=submitted",
    "/admin/grants/application/?q=Stowarzyszenie",
    "/admin/grants/application/?score=none",
]


@pytest.fixture
def officer(db, official):
    roles_sync()
    official.groups.add(Group.objects.get(name=PROGRAMME_OFFICER))
    return official


def _grow(to: int, calls, areas) -> None:
    while (n := Application.objects.count()) < to:
        application = ApplicationFactory(
            call=calls[n % len(calls)],
            organisation=OrganisationFactory(name=f"Stowarzyszenie Sąsiadów {n}"),
            title=f"Zadanie {n}",
            status=[Status.DRAFT, Status.SUBMITTED, Status.MERIT_REVIEW][n % 3],
            number=f"CIL/2026/K/{n + 1:03d}",
        )
        application.areas.add(areas[n % len(areas)])


def test_the_applications_list_queries_stay_flat_from_5_to_50_rows(now, client, officer):
    calls = [CallFactory(title=f"Nabór {i}") for i in range(3)]
    for call in calls:
        Criterion.objects.create(call=call, name="Trafność", max_points=10)
    areas = [Area.objects.create(name=f"Osiedle {i}", slug=f"osiedle-{i}") for i in range(4)]
    client.force_login(officer)
    counts = {}
    for size in (5, 50):
        _grow(size, calls, areas)
        for path in PAGES:
            client.get(path)  # the session and the permissions, read once
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            assert response.status_code == 200
            counts[size, path] = len(queries.captured_queries)
    for path in PAGES:
        assert counts[5, path] == counts[50, path], (path, counts)
        assert counts[50, path] <= 11, (path, counts)
    page = client.get(PAGES[0]).content.decode()
    assert "Osiedle 3" in page and "Nabór 2" in page  # the filters list what is used


def test_the_list_filters_read_neither_boundaries_nor_call_texts(now, client, officer):
    """42 boundaries and 400 calls' descriptions are heavy: a list of links needs names."""
    call = CallFactory(title="Nabór z opisem", description="Długi opis " * 500)
    square = [[[16.9, 52.4], [16.95, 52.4], [16.95, 52.45], [16.9, 52.45], [16.9, 52.4]]]
    area = Area.objects.create(
        name="Wilda", slug="wilda", boundary={"type": "Polygon", "coordinates": square}
    )
    application = ApplicationFactory(call=call, organisation=OrganisationFactory())
    application.areas.add(area)
    # A filter of one choice is not shown: a second call and area.
    other = ApplicationFactory(call=CallFactory(), organisation=OrganisationFactory())
    other.areas.add(Area.objects.create(name="Jeżyce", slug="jezyce"))
    client.force_login(officer)
    client.get(PAGES[0])
    with CaptureQueriesContext(connection) as queries:
        page = client.get(PAGES[0]).content.decode()
    assert "Wilda" in page and "Nabór z opisem" in page
    statements = " ".join(q["sql"] for q in queries.captured_queries)
    assert '"centres_area"."boundary"' not in statements
    assert '"grants_call"."description"' not in statements
