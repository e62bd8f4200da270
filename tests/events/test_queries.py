from datetime import datetime
from zoneinfo import ZoneInfo

from events import queries
from signups.models import person_key
from tests.events.factories import EventFactory
from tests.trainings.factories import RegistrationFactory

WARSAW = ZoneInfo("Europe/Warsaw")
IN_2017 = datetime(2017, 11, 17, 9, tzinfo=WARSAW)


def test_an_estimate_is_kept_apart_from_an_exact_count(db):
    EventFactory(
        starts_at=IN_2017,
        ends_at=None,
        report_sentence="konferencję",
        participants_recorded=130,
        participants_estimate=True,
    )
    EventFactory(
        starts_at=IN_2017,
        ends_at=None,
        report_sentence="debatę",
        participants_recorded=45,
        participants_estimate=False,
    )
    items = {i.report_sentence: i for i in queries.report_items(2017)}
    assert (items["konferencję"].participants, items["konferencję"].estimate) == (130, True)
    assert (items["debatę"].participants, items["debatę"].estimate) == (45, False)


def test_without_a_recorded_count_it_counts_who_was_ticked_as_present(db):
    event = EventFactory(starts_at=IN_2017, ends_at=None, report_sentence="galę")
    for i, came in enumerate([True, True, False]):
        RegistrationFactory(signup_list=event.signup_list, email=f"p{i}@example.org", attended=came)
    RegistrationFactory(
        signup_list=event.signup_list, email="gone@example.org", attended=True, status="cancelled"
    )
    [item] = queries.report_items(2017)
    assert (item.participants, item.estimate) == (2, False)


def test_events_without_a_sentence_stay_out_of_the_bullets_but_in_the_annex(db):
    conference = EventFactory(starts_at=IN_2017, ends_at=None, report_sentence="konferencję")
    EventFactory(starts_at=IN_2017, ends_at=None, kind="exhibition", accompanies=conference)
    assert len(queries.report_items(2017)) == 1
    assert len(queries.events_for_year(2017)) == 2


def test_event_queries_take_one_query_whatever_the_size(db, django_assert_num_queries):
    EventFactory(starts_at=IN_2017, report_sentence="a")
    with django_assert_num_queries(1):
        queries.report_items(2017)
    for _ in range(8):
        e = EventFactory(starts_at=IN_2017, report_sentence="b")
        RegistrationFactory(signup_list=e.signup_list, attended=True)
    with django_assert_num_queries(1):
        assert len(queries.report_items(2017)) == 9


def test_events_without_a_sentence_are_counted_by_kind(db):
    meetings = [
        EventFactory(starts_at=IN_2017.replace(month=m), ends_at=None, kind="integration")
        for m in (2, 3, 4)
    ]
    for i, meeting in enumerate(meetings):
        RegistrationFactory(signup_list=meeting.signup_list, email="same@x.org", attended=True)
        RegistrationFactory(
            signup_list=meeting.signup_list, email=f"p{i}@x.org", attended=True, organisation="F"
        )
    EventFactory(starts_at=IN_2017, ends_at=None, kind="integration", report_sentence="grę")
    conference = EventFactory(starts_at=IN_2017, ends_at=None, report_sentence="konferencję")
    EventFactory(starts_at=IN_2017, ends_at=None, kind="exhibition", accompanies=conference)
    EventFactory(
        starts_at=IN_2017, ends_at=None, kind="debate", participants_recorded=50, capacity=None
    )
    counted = {i.kind: i for i in queries.kind_counts(2017)}
    assert set(counted) == {"integration", "debate"}
    assert (counted["integration"].count, counted["integration"].participants) == (3, 4)
    assert counted["integration"].organisations == 1
    assert (counted["debate"].count, counted["debate"].participants) == (1, 50)


def test_people_of_a_year_are_those_ticked_as_come(db):
    event = EventFactory(starts_at=IN_2017, ends_at=None)
    RegistrationFactory(signup_list=event.signup_list, email="a@x.org", attended=True)
    RegistrationFactory(signup_list=event.signup_list, email="b@x.org", attended=False)
    RegistrationFactory(
        signup_list=event.signup_list, email="c@x.org", attended=True, status="cancelled"
    )
    assert queries.people_for_year(2017) == [(person_key("a@x.org"), "")]
    assert queries.events_by_year(2016, 2018) == {2017: 1}
