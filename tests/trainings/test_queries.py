from datetime import datetime
from zoneinfo import ZoneInfo

from tests.trainings.factories import (
    AttendanceFactory,
    RegistrationFactory,
    SessionFactory,
    TrainingFactory,
    TrainingGroupFactory,
)
from trainings import queries

WARSAW = ZoneInfo("Europe/Warsaw")


def session_on(training, month, day=10, year=2017):
    start = datetime(year, month, day, 10, tzinfo=WARSAW)
    return SessionFactory(training=training, starts_at=start, ends_at=start.replace(hour=14))


def came(session, registration):
    AttendanceFactory(session=session, registration=registration)


def test_a_person_at_three_sessions_counts_once(db):
    training = TrainingFactory()
    sessions = [session_on(training, m) for m in (3, 4, 5)]
    anna = RegistrationFactory(signup_list=training.signup_list)
    piotr = RegistrationFactory(signup_list=training.signup_list)
    for s in sessions:
        came(s, anna)
    came(sessions[0], piotr)
    [item] = queries.trainings_for_year(2017)
    assert item.participants == 2
    assert item.estimate is False
    assert queries.distinct_participants(2017) == 2


def test_a_group_counts_people_across_its_cycles_once(db):
    group = TrainingGroupFactory(report_sentence="cykle szkoleń")
    first, second = TrainingFactory(group=group), TrainingFactory(group=group)
    s1, s2 = session_on(first, 4), session_on(second, 10)
    for i in range(5):
        came(s1, RegistrationFactory(signup_list=first.signup_list, email=f"p{i}@example.org"))
    # p3 and p4 take both cycles: their second registration is the same person.
    for i in range(3, 8):
        came(s2, RegistrationFactory(signup_list=second.signup_list, email=f"p{i}@example.org"))
    [item] = queries.report_items(2017)
    assert item.kind == "training_group"
    assert item.report_sentence == "cykle szkoleń"
    assert item.participants == 8


def test_it_counts_only_sessions_of_the_year(db):
    training = TrainingFactory()
    old, new = session_on(training, 12, year=2016), session_on(training, 1, year=2017)
    came(old, RegistrationFactory(signup_list=training.signup_list))
    came(new, RegistrationFactory(signup_list=training.signup_list))
    assert queries.trainings_for_year(2017)[0].participants == 1
    assert queries.trainings_for_year(2016)[0].participants == 1


def test_it_counts_the_organisations_people_came_from(db):
    training = TrainingFactory()
    session = session_on(training, 5)
    for org in ("Fundacja A", "fundacja a", "Stowarzyszenie B", ""):
        came(session, RegistrationFactory(signup_list=training.signup_list, organisation=org))
    assert queries.trainings_for_year(2017)[0].organisations == 2


def test_a_recorded_estimate_stands_where_attendance_was_not_ticked(db):
    training = TrainingFactory(
        report_sentence="szkolenie otwarte", participants_recorded=40, participants_estimate=True
    )
    session_on(training, 6)
    [item] = queries.report_items(2017)
    assert (item.participants, item.estimate) == (40, True)


def test_report_items_take_three_queries_whatever_the_size(db, django_assert_max_num_queries):
    def grow(n):
        group = TrainingGroupFactory()
        for _ in range(n):
            t = TrainingFactory(group=group)
            s = session_on(t, 5)
            for _ in range(3):
                came(s, RegistrationFactory(signup_list=t.signup_list))
            session_on(TrainingFactory(report_sentence="osobno"), 6)

    grow(1)
    with django_assert_max_num_queries(3):
        small = queries.report_items(2017)
    grow(6)
    with django_assert_max_num_queries(3):
        large = queries.report_items(2017)
    assert len(large) > len(small)
