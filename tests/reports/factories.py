from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import factory

from events.models import Event
from grants.models import Project
from signups.models import Registration, SignupList, person_key
from tests.centres.factories import AreaFactory, CentreFactory, RegrantingCentreFactory
from tests.factories import OrganisationFactory
from tests.trainings.factories import (
    AttendanceFactory,
    RegistrationFactory,
    SessionFactory,
    TrainingFactory,
    TrainingGroupFactory,
)

WARSAW = ZoneInfo("Europe/Warsaw")


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    kind = Project.Kind.GRASSROOTS
    title = factory.Sequence(lambda n: f"Inicjatywa sąsiedzka {n}")
    centre = factory.SubFactory(CentreFactory)
    area = factory.LazyAttribute(lambda o: o.centre.area)
    ends_on = date(2017, 5, 20)
    starts_on = factory.LazyAttribute(lambda o: o.ends_on - timedelta(days=19))
    total_cost = Decimal("1000.00")
    grant_amount = Decimal("0.00")


class RegrantingProjectFactory(ProjectFactory):
    kind = Project.Kind.REGRANTING
    centre = factory.SubFactory(RegrantingCentreFactory)
    area = None
    organisation = factory.SubFactory(OrganisationFactory)
    grant_amount = Decimal("4500.00")
    total_cost = Decimal("5000.00")


def at(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, tzinfo=WARSAW)


def grow_year(year: int, *, projects: int, events: int, trainings: int, people: int = 3):
    """A year of the given size, written in bulk: centres and areas, projects of both kinds
    spread over the months, events of every kind with people ticked as come, and
    trainings (half of them in a group) with sessions and attendance."""
    tag = f"{year}-{projects}-{events}"
    regranting = RegrantingCentreFactory()
    areas = [AreaFactory(name=f"Osiedle {tag} {i}") for i in range(5)]
    centres = [CentreFactory(area=a) for a in areas]
    organisations = [OrganisationFactory() for _ in range(5)]
    rows = []
    for i in range(projects):
        regrant = i % 2 == 0
        starts = date(year, 1 + i % 12, 1 + i % 20)
        rows.append(
            Project(
                kind=Project.Kind.REGRANTING if regrant else Project.Kind.GRASSROOTS,
                title=f"Projekt {tag} {i}",
                centre=regranting if regrant else centres[i % len(centres)],
                organisation=organisations[i % len(organisations)] if regrant else None,
                area=areas[i % len(areas)] if i % 3 else None,
                starts_on=starts,
                ends_on=starts + timedelta(days=5),
                grant_amount=Decimal("4000.00") if regrant else Decimal("0.00"),
                total_cost=Decimal("4500.00") if regrant else Decimal("1500.00"),
                participants=10 + i % 40,
            )
        )
    Project.objects.bulk_create(rows)

    kinds = list(Event.Kind.values)
    lists = SignupList.objects.bulk_create(
        SignupList(title=f"Wydarzenie {tag} {i}") for i in range(events)
    )
    Event.objects.bulk_create(
        Event(
            title=f"Wydarzenie {tag} {i}",
            slug=f"wydarzenie-{tag}-{i}",
            kind=kinds[i % len(kinds)],
            starts_at=at(year, 1 + i % 12, 1 + i % 25),
            signup_list=signups,
            report_sentence=f"wydarzenie {i}" if i % 10 == 0 else "",
            participants_recorded=50 if i % 7 == 0 else None,
            participants_estimate=i % 14 == 0,
        )
        for i, signups in enumerate(lists)
    )
    Registration.objects.bulk_create(
        Registration(
            signup_list=signups,
            full_name="Osoba",
            email=f"osoba{n}@example.org",
            person_key=person_key(f"osoba{n}@example.org"),
            organisation=f"Organizacja {n % 4}",
            consent=True,
            status=Registration.Status.CONFIRMED,
            attended=True,
        )
        for i, signups in enumerate(lists)
        for n in range(i % 5, i % 5 + people)
    )
    group = TrainingGroupFactory()
    for i in range(trainings):
        training = TrainingFactory(capacity=None, group=group if i % 2 else None)
        session = SessionFactory(training=training, starts_at=at(year, 1 + i % 12, 3))
        for n in range(people):
            registration = RegistrationFactory(
                signup_list=training.signup_list, email=f"kursant{n}@example.org"
            )
            AttendanceFactory(session=session, registration=registration)
