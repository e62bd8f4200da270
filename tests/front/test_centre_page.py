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


def _section(html: str, label: str) -> str:
    start = html.index(f'aria-label="{label}"')
    return html[start : html.index("</ul>", start)]


def test_a_centres_page_lists_apart_what_it_organises_and_what_others_hold_there(client, today):
    centre = CentreFactory(street="ul. Rolna 24")
    elsewhere = {"place_name": "Biblioteka", "address": "ul. Górna Wilda 1, Poznań"}
    here = {"place_name": "CIL Wilda", "address": "ul. Rolna 24, 61-487 Poznań"}
    SessionFactory(training=TrainingFactory(organiser_centre=centre, title="Własne", **elsewhere))
    SessionFactory(training=TrainingFactory(title="Miejskie u nas", **here))
    SessionFactory(training=TrainingFactory(title="Sesja u nas"), address="ul. Rolna 24")
    SessionFactory(training=TrainingFactory(title="Gdzie indziej", **elsewhere))
    EventFactory(organiser_centre=centre, title="Nasza debata")
    EventFactory(title="Gala u nas", **here)
    EventFactory(title="Gala gdzie indziej", **elsewhere)

    html = client.get(centre.get_absolute_url()).content.decode()

    own = _section(html, "Szkolenia organizowane przez to centrum")
    held = _section(html, "Szkolenia odbywające się w tym centrum u innych organizatorów")
    assert "Własne" in own and "Miejskie u nas" not in own
    assert "Miejskie u nas" in held and "Sesja u nas" in held and "Własne" not in held
    assert "Odbywające się w tym centrum, organizowane przez innych" in html
    own_events = _section(html, "Wydarzenia organizowane przez to centrum")
    held_events = _section(html, "Wydarzenia odbywające się w tym centrum u innych organizatorów")
    assert "Nasza debata" in own_events and "Gala u nas" in held_events
    assert "Gala u nas" not in own_events
    assert "Gdzie indziej" not in html and "Gala gdzie indziej" not in html


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
