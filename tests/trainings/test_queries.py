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


def test_a_group_and_a_training_say_on_how_many_days_they_met(db):
    group = TrainingGroupFactory()
    training = TrainingFactory(group=group)
    session_on(training, 4, day=8)
    session_on(training, 4, day=22)
    # A second session on the same day is still one day.
    start = datetime(2017, 4, 22, 16, tzinfo=WARSAW)
    SessionFactory(training=training, starts_at=start, ends_at=start.replace(hour=18))
    [item] = queries.report_items(2017)
    assert item.count == 2
    assert queries.trainings_for_year(2017)[0].count == 2


def test_trainings_without_a_group_or_sentence_are_said_as_training_days(db):
    first, second = TrainingFactory(), TrainingFactory()
    TrainingFactory(report_sentence="osobne szkolenie")  # has a bullet of its own
    days = [session_on(first, 3, day=d) for d in (4, 11)] + [session_on(second, 3, day=18)]
    for n in range(3):
        came(days[0], RegistrationFactory(signup_list=first.signup_list, email=f"p{n}@x.org"))
    # p0 again, at the other training: one person.
    came(
        days[2],
        RegistrationFactory(signup_list=second.signup_list, email="p0@x.org", organisation="F"),
    )
    item = queries.training_days(2017)
    assert (item.kind, item.count, item.participants, item.organisations) == (
        "training_days",
        3,
        3,
        1,
    )
    assert queries.training_days(2016) is None


def test_people_and_yearly_participants_count_each_person_once(db):
    training = TrainingFactory()
    s2017, s2018 = session_on(training, 5), session_on(training, 5, year=2018)
    anna = RegistrationFactory(signup_list=training.signup_list, organisation="Fundacja A")
    came(s2017, anna)
    came(s2018, anna)
    came(s2018, RegistrationFactory(signup_list=training.signup_list))
    assert queries.people_for_year(2017) == [(anna.person_key, "Fundacja A")]
    assert queries.participants_by_year(2016, 2018) == {2017: 1, 2018: 2}
