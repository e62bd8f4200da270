from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from centres.models import Centre
from grants import demo, queries
from grants.models import Call
from tests.factories import OrganisationFactory

from .factories import CallFactory, warsaw


def test_a_small_grant_cannot_offer_more_than_10000(db):
    call = CallFactory.build(kind="small_grant", max_amount=Decimal("10000.01"), max_task_days=90)
    with pytest.raises(ValidationError) as e:
        call.full_clean()
    assert "max_amount" in e.value.message_dict


def test_a_small_grant_cannot_fund_a_task_longer_than_90_days(db):
    call = CallFactory.build(kind="small_grant", max_amount=Decimal("10000"), max_task_days=91)
    with pytest.raises(ValidationError) as e:
        call.full_clean()
    assert "max_task_days" in e.value.message_dict


def test_the_database_enforces_the_small_grant_limits(db):
    with pytest.raises(IntegrityError):
        CallFactory(kind="small_grant", max_amount=Decimal("10000.01"), max_task_days=90)


def test_a_small_grant_at_the_limits_is_valid(db):
    CallFactory.build(
        kind="small_grant", max_amount=Decimal("10000"), max_task_days=90, slug="ok"
    ).full_clean()


def test_eligibility_by_legal_form_and_for_informal_groups(db):
    call = CallFactory(eligible_legal_forms=["association"], informal_groups_allowed=False)
    association = OrganisationFactory(legal_form="association")
    foundation = OrganisationFactory(legal_form="foundation")
    group = OrganisationFactory(legal_form="informal_group", krs="", nip="")
    sponsored = OrganisationFactory(
        legal_form="informal_group", krs="", nip="", sponsor=association
    )
    assert call.eligibility_error(association) is None
    assert call.eligibility_error(foundation)
    assert call.eligibility_error(group)
    assert call.eligibility_error(sponsored) is None
    call.informal_groups_allowed = True
    assert call.eligibility_error(group) is None


def test_the_call_list_groups_open_upcoming_and_closed_calls(now, client):
    CallFactory(title="Otwarty")
    CallFactory(title="Przyszły", opens_at=warsaw(2027, 1, 1), closes_at=warsaw(2027, 2, 1))
    CallFactory(title="Zamknięty", opens_at=warsaw(2017, 1, 1), closes_at=warsaw(2017, 2, 1))
    page = client.get("/calls/").content.decode()
    assert page.index("Otwarty") < page.index("Przyszły") < page.index("Zamknięty")
    only_open = client.get("/calls/?status=open").content.decode()
    assert "Otwarty" in only_open and "Zamknięty" not in only_open


def test_the_call_list_filters_by_kind_and_organiser(now, client):
    centre = Centre.objects.create(
        name="CIL Regrantingowy", slug="cil-r", kind="regranting", active_from="2016-01-01"
    )
    CallFactory(title="Mikrogranty", kind="regranting", organiser=centre)
    CallFactory(title="Konkurs miejski")
    by_kind = client.get("/calls/?kind=regranting").content.decode()
    assert "Mikrogranty" in by_kind and "Konkurs miejski" not in by_kind
    by_city = client.get("/calls/?organiser=city").content.decode()
    assert "Konkurs miejski" in by_city and "Mikrogranty" not in by_city
    by_centre = client.get("/calls/?organiser=cil-r").content.decode()
    assert "Mikrogranty" in by_centre and "Konkurs miejski" not in by_centre


def test_the_call_page_shows_amounts_dates_and_the_apply_path(now, client):
    call = CallFactory(title="Nabór zimowy")
    page = client.get(call.get_absolute_url()).content.decode()
    assert "Nabór zimowy" in page
    assert "5\u00a0000,00\u00a0zł" in page
    assert f"/calls/{call.slug}/apply/" in page


def test_a_centres_call_page_names_the_centre(now, client):
    centre = Centre.objects.create(
        name="CIL Regrantingowy", slug="cil-r", kind="regranting", active_from="2016-01-01"
    )
    call = CallFactory(kind="regranting", organiser=centre)
    assert "CIL Regrantingowy" in client.get(call.get_absolute_url()).content.decode()


def test_a_closed_call_has_no_apply_button(now, client):
    call = CallFactory(opens_at=warsaw(2017, 1, 1), closes_at=warsaw(2017, 2, 1))
    assert f"/calls/{call.slug}/apply/" not in client.get(call.get_absolute_url()).content.decode()


def test_open_calls_appear_on_the_home_page(now, client):
    CallFactory(title="Nabór na dziś")
    CallFactory(title="Stary nabór", opens_at=warsaw(2017, 1, 1), closes_at=warsaw(2017, 2, 1))
    page = client.get("/").content.decode()
    assert "Nabór na dziś" in page and "Stary nabór" not in page


def test_a_call_is_open_until_its_closing_second(db):
    call = CallFactory()
    assert call.is_open(call.closes_at - timedelta(seconds=1))
    assert not call.is_open(call.closes_at)
    assert not call.is_open(call.opens_at - timedelta(seconds=1))


def test_a_rolling_call_stays_open(db):
    call = CallFactory(closes_at=None)
    assert call.is_open(warsaw(2030, 1, 1))


def test_the_demo_is_idempotent_and_has_a_call_open_now(now, db):
    demo.load()
    demo.load()
    assert Call.objects.count() == len(demo.ROUNDS_2017) + 2
    assert Centre.objects.filter(kind="regranting").count() == 1
    assert [c.slug for c in queries.open_calls()] == [demo.OPEN_CALL_SLUG]
    assert Call.objects.get(slug="male-granty-19a-2017").organiser is None


@pytest.mark.parametrize("path", ["/calls/", "/"])
def test_call_pages_query_count_does_not_grow_with_calls(
    now, client, path, django_assert_max_num_queries
):
    centre = Centre.objects.create(
        name="CIL R", slug="cil-r", kind="regranting", active_from="2016-01-01"
    )
    for size in (1, 8):
        while Call.objects.count() < size:
            CallFactory(kind="regranting", organiser=centre)
        # The home page: the version of its cached centres, the centres themselves while
        # not cached yet, the calls, the trainings and the events; and, as the whole page
        # is kept for anonymous visitors, the next moment it changes by itself (a call
        # opening or closing…). Served again from the page cache: none.
        with django_assert_max_num_queries(6):
            assert client.get(path).status_code == 200


def test_a_centres_open_calls_for_its_page(now, db):
    centre = Centre.objects.create(
        name="CIL R", slug="cil-r", kind="regranting", active_from="2016-01-01"
    )
    mine = CallFactory(kind="regranting", organiser=centre)
    CallFactory(
        kind="regranting",
        organiser=centre,
        opens_at=warsaw(2017, 1, 1),
        closes_at=warsaw(2017, 2, 1),
    )
    CallFactory()
    assert queries.open_calls_for_centre(centre) == [mine]


def test_the_call_list_pages_its_closed_calls_and_its_queries_stay_flat(
    now, client, django_assert_max_num_queries
):
    """Ten years of closed calls must not make /calls/ one long page: the open and
    upcoming ones are all shown, the closed ones a page at a time, newest first."""
    from grants.views import CLOSED_CALLS_PER_PAGE

    open_call = CallFactory(title="Nabór otwarty teraz")
    sizes = []
    for size in (5, 50):
        while Call.objects.filter(closes_at__lte=timezone.now()).count() < size:
            n = Call.objects.count()
            CallFactory(
                title=f"Zamknięty nabór {n:02d}",
                opens_at=warsaw(2017, 1, 1) + timedelta(days=n),
                closes_at=warsaw(2017, 2, 1) + timedelta(days=n),
            )
        # 4, and the page cache's one for when the page next changes (it is built anew
        # each time here: every new call renews the calls' generation).
        with django_assert_max_num_queries(5):
            page = client.get("/calls/").content.decode()
        sizes.append(page.count("Zamknięty nabór"))
        assert open_call.title in page
    assert sizes == [5, CLOSED_CALLS_PER_PAGE]
    newest = Call.objects.order_by("-closes_at").first()
    assert newest.title in page
    last = client.get("/calls/?page=5").content.decode()
    assert last.count("Zamknięty nabór") == 50 - 4 * CLOSED_CALLS_PER_PAGE
    assert open_call.title in last
    assert "page=4" in last
    closed_only = client.get("/calls/?status=closed&page=2").content.decode()
    assert open_call.title not in closed_only
    assert "status=closed&amp;page=3" in closed_only
