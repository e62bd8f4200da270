import datetime
from decimal import Decimal

from django.utils import timezone

from grants.workflow import Status
from reports import services, text
from reports.summary import YearSummary
from tests.centres.factories import CentreFactory, RegrantingCentreFactory
from tests.events.factories import EventFactory
from tests.grants.factories import ApplicationFactory
from tests.trainings.factories import (
    AttendanceFactory,
    RegistrationFactory,
    SessionFactory,
    TrainingFactory,
    TrainingGroupFactory,
)

from .factories import ProjectFactory, RegrantingProjectFactory, at, grow_year


def test_it_lists_the_centres_active_in_the_year_regranting_first_and_mobile_last(db):
    mobile = CentreFactory(name="Mobilne CIL", mobile=True)
    wilda = CentreFactory(name="CIL Wilda")
    regranting = RegrantingCentreFactory(name="CIL Regrantingowy")
    CentreFactory(
        name="Zamknięte",
        active_until=datetime.date(2016, 12, 31),
        active_from=datetime.date(2016, 1, 1),
    )
    CentreFactory(name="Nowe", active_from=datetime.date(2018, 3, 1))
    summary = services.summary_build(year=2017)
    assert summary.centres == (regranting.name, wilda.name, mobile.name)


def test_projects_realised_in_the_year_give_the_counts_and_costs(db):
    RegrantingProjectFactory(total_cost=Decimal("5000.00"), grant_amount=Decimal("4500.00"))
    RegrantingProjectFactory(total_cost=Decimal("3000.50"), grant_amount=Decimal("2700.00"))
    ProjectFactory(total_cost=Decimal("1200.00"))
    ProjectFactory(total_cost=Decimal("999.00"), ends_on=datetime.date(2018, 1, 5))
    summary = services.summary_build(year=2017)
    assert (summary.projects, summary.regranting) == (3, 2)
    assert summary.total_cost == Decimal("9200.50")
    assert summary.regranting_cost == Decimal("8000.50")
    assert summary.grant_amount == Decimal("7200.00")
    assert [p.total_cost for p in summary.annex_projects] == [
        Decimal("5000.00"),
        Decimal("3000.50"),
        Decimal("1200.00"),
    ]


def test_money_and_projects_are_given_per_area_and_per_month(db):
    wilda = CentreFactory(area__name="Wilda")
    ProjectFactory(centre=wilda, total_cost=Decimal("100.00"), ends_on=datetime.date(2017, 5, 2))
    ProjectFactory(centre=wilda, total_cost=Decimal("200.00"), ends_on=datetime.date(2017, 9, 2))
    RegrantingProjectFactory(total_cost=Decimal("5000.00"), ends_on=datetime.date(2017, 9, 9))
    summary = services.summary_build(year=2017)
    assert [(a.area, a.projects, a.total_cost) for a in summary.by_area] == [
        ("", 1, Decimal("5000.00")),
        ("Wilda", 2, Decimal("300.00")),
    ]
    assert len(summary.by_month) == 12
    september = summary.by_month[8]
    assert (september.month, september.projects, september.total_cost) == (
        9,
        2,
        Decimal("5200.00"),
    )
    assert summary.by_month[0].projects == 0


def test_activities_follow_the_order_they_began_in(db):
    group = TrainingGroupFactory(report_sentence="cykle szkoleń")
    cycle = TrainingFactory(group=group)
    session = SessionFactory(training=cycle, starts_at=at(2017, 4, 8))
    for _ in range(3):
        AttendanceFactory(
            session=session,
            registration=RegistrationFactory(signup_list=cycle.signup_list),
        )
    EventFactory(
        starts_at=at(2017, 11, 17),
        report_sentence="konferencję",
        participants_recorded=130,
        participants_estimate=True,
    )
    EventFactory(starts_at=at(2017, 3, 1), kind="campaign", report_sentence="kampanię")
    words = [text.activity(a) for a in services.summary_build(year=2017).activities]
    assert words == [
        "kampanię",
        "cykle szkoleń, w których łącznie uczestniczyły 3 osoby",
        "konferencję; w konferencji udział wzięło ponad 130 osób",
    ]


def test_things_without_a_sentence_are_counted_by_kind_and_as_training_days(db):
    for month in range(1, 12):
        meeting = EventFactory(starts_at=at(2018, month, 8), ends_at=None, kind="integration")
        for n in range(20):
            RegistrationFactory(
                signup_list=meeting.signup_list,
                email=f"p{(month - 1) * 20 + n}@example.org",
                attended=True,
            )
    training = TrainingFactory(capacity=None)
    sessions = [
        SessionFactory(training=training, starts_at=at(2018, 4, d)) for d in (7, 14, 21, 28)
    ]
    for n in range(48):
        registration = RegistrationFactory(signup_list=training.signup_list)
        AttendanceFactory(session=sessions[n % 4], registration=registration)
    words = [text.activity(a) for a in services.summary_build(year=2018).activities]
    assert words == [
        "11 spotkań integracyjnych, w których łącznie uczestniczyło 220 osób",
        "4 dni szkoleniowe, w których łącznie uczestniczyło 48 osób",
    ]


def test_people_and_organisations_engaged_are_counted_once(db):
    training = TrainingFactory(capacity=None)
    session = SessionFactory(training=training, starts_at=at(2018, 4, 7))
    event = EventFactory(starts_at=at(2018, 5, 8), ends_at=None, kind="integration")
    for email, organisation in [
        ("a@x.org", "Fundacja A"),
        ("b@x.org", "fundacja  a"),
        ("c@x.org", "Stowarzyszenie B"),
        ("d@x.org", ""),
    ]:
        AttendanceFactory(
            session=session,
            registration=RegistrationFactory(
                signup_list=training.signup_list, email=email, organisation=organisation
            ),
        )
        RegistrationFactory(
            signup_list=event.signup_list, email=email, organisation=organisation, attended=True
        )
    project = RegrantingProjectFactory(ends_on=datetime.date(2018, 6, 1))
    summary = services.summary_build(year=2018)
    assert summary.people_engaged == 4
    assert summary.representatives == 3
    # Fundacja A, Stowarzyszenie B and the organisation that realised the project.
    assert summary.organisations_engaged == 3
    assert project.organisation.name not in {"Fundacja A", "Stowarzyszenie B"}
    assert (
        text.engaged(summary) == "W działania zaangażowano 3 organizacje i 3 ich przedstawicieli."
    )


def test_applications_received_and_funded(db):
    submitted = timezone.make_aware(datetime.datetime(2017, 5, 1, 12))
    ApplicationFactory(status=Status.SETTLED, submitted_at=submitted)
    ApplicationFactory(status=Status.AWARDED, submitted_at=submitted)
    ApplicationFactory(status=Status.REJECTED, submitted_at=submitted)
    ApplicationFactory(status=Status.SUBMITTED, submitted_at=submitted)
    ApplicationFactory(status=Status.WITHDRAWN, submitted_at=submitted)
    ApplicationFactory(status=Status.DRAFT)
    summary = services.summary_build(year=2017)
    assert (summary.applications_received, summary.applications_funded) == (4, 2)
    assert text.applications(summary) == "Wpłynęły 4 wnioski o dotację, dofinansowano 2."


def test_year_by_year_runs_from_the_first_centre_to_the_year(db):
    first = CentreFactory(active_from=datetime.date(2016, 3, 1))
    ProjectFactory(centre=first, ends_on=datetime.date(2016, 6, 1), total_cost=Decimal("700.00"))
    RegrantingProjectFactory(ends_on=datetime.date(2018, 6, 1))
    EventFactory(starts_at=at(2017, 6, 1))
    years = services.summary_build(year=2018).years
    assert [y.year for y in years] == [2016, 2017, 2018]
    assert [y.projects for y in years] == [1, 0, 1]
    assert years[0].total_cost == Decimal("700.00")
    assert (years[2].regranting, years[2].regranting_cost) == (1, Decimal("5000.00"))
    assert [y.events for y in years] == [0, 1, 0]
    # The centres active each year: the 2016 one, and the regranting centre from 2017.
    assert [y.centres for y in years] == [1, 2, 2]


def test_the_summary_survives_its_json_unchanged(db):
    RegrantingProjectFactory(total_cost=Decimal("5000.10"))
    EventFactory(starts_at=at(2017, 11, 17), report_sentence="konferencję", participants_recorded=5)
    summary = services.summary_build(year=2017)
    again = YearSummary.from_dict(summary.as_dict())
    assert again == summary
    assert isinstance(again.annex_projects[0].total_cost, Decimal)
    assert isinstance(again.annex_projects[0].ends_on, datetime.date)


# The summary's queries: centres (2), projects (2), applications (1), trainings (8), events
# (5). The same number for a year of one project and one event and for a year of 2 000
# projects and 300 events.
SUMMARY_QUERIES = 18


def test_the_summary_takes_the_same_queries_for_a_small_and_a_large_year(
    db, django_assert_num_queries
):
    grow_year(2017, projects=4, events=3, trainings=2)
    with django_assert_num_queries(SUMMARY_QUERIES):
        small = services.summary_build(year=2017)
    grow_year(2017, projects=1996, events=297, trainings=8)
    with django_assert_num_queries(SUMMARY_QUERIES):
        large = services.summary_build(year=2017)
    assert (small.projects, large.projects) == (4, 2000)
    assert (len(small.annex_events), len(large.annex_events)) == (3, 300)
    assert len(large.annex_trainings) == 10
