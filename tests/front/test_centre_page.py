import pytest

from tests.centres.factories import CentreFactory
from tests.events.factories import EventFactory
from tests.grants.conftest import TODAY
from tests.grants.factories import CallFactory
from tests.trainings.factories import SessionFactory, TrainingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def today(time_machine):
    time_machine.move_to(TODAY, tick=False)


def _items_for(centre, n: int):
    for i in range(n):
        CallFactory(organiser=centre, title=f"Mikrogranty {i}")
        SessionFactory(training=TrainingFactory(organiser_centre=centre, title=f"Warsztat {i}"))
        EventFactory(organiser_centre=centre, title=f"Spotkanie {i}")


def test_a_centres_page_lists_its_open_calls_trainings_and_events(client, today):
    centre, other = CentreFactory(), CentreFactory()
    _items_for(centre, 1)
    CallFactory(organiser=other, title="Nabór innego centrum")
    html = client.get(centre.get_absolute_url()).content.decode()
    assert centre.name in html
    for title in ("Mikrogranty 0", "Warsztat 0", "Spotkanie 0"):
        assert title in html
    assert "Nabór innego centrum" not in html


def test_the_centres_page_keeps_its_query_count_as_its_lists_grow(
    client, today, django_assert_max_num_queries
):
    small, large = CentreFactory(), CentreFactory()
    _items_for(small, 1)
    _items_for(large, 8)
    with django_assert_max_num_queries(40) as small_queries:
        client.get(small.get_absolute_url())
    with django_assert_max_num_queries(len(small_queries)):
        client.get(large.get_absolute_url())


def test_the_which_centre_is_mine_page_is_not_taken_for_a_centre(client):
    assert client.get("/centres/mine/").status_code == 200


def test_a_centre_cannot_take_the_address_of_the_which_centre_is_mine_page():
    from django.core.exceptions import ValidationError

    centre = CentreFactory.build(slug="mine")
    centre.area.save()
    centre.operator.save()
    with pytest.raises(ValidationError) as e:
        centre.full_clean()
    assert "slug" in e.value.error_dict
