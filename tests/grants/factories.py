from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import factory

from grants.models import (
    Application,
    BudgetLine,
    Call,
    ExpectedResult,
    RequiredAttachment,
    ScheduleItem,
)
from tests.factories import OrganisationFactory

WARSAW = ZoneInfo("Europe/Warsaw")


def warsaw(*args) -> datetime:
    return datetime(*args, tzinfo=WARSAW)


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call

    kind = Call.Kind.OPEN_COMPETITION
    title = factory.Sequence(lambda n: f"Nabór testowy {n}")
    slug = factory.Sequence(lambda n: f"nabor-{n}")
    eligible_legal_forms = ["association", "foundation", "other"]
    budget_pool = Decimal("50000.00")
    min_amount = Decimal("1000.00")
    max_amount = Decimal("5000.00")
    own_contribution_share = Decimal("10.00")
    non_financial_counts = True
    task_earliest_start = date(2027, 1, 1)
    task_latest_end = date(2027, 6, 30)
    opens_at = warsaw(2026, 11, 1, 9)
    closes_at = warsaw(2026, 12, 15, 16)


class RequiredAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RequiredAttachment

    call = factory.SubFactory(CallFactory)
    name = "Statut organizacji"


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    call = factory.SubFactory(CallFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    contact_name = "Anna Nowak"
    contact_email = "anna@example.org"


def make_complete(application: Application) -> Application:
    """Fill every part so that the application may be submitted (2 000 zł requested)."""
    application.title = "Sąsiedzkie podwórko"
    application.place = "Podwórko przy ul. Rolnej 24"
    application.start_date = date(2027, 3, 1)
    application.end_date = date(2027, 4, 30)
    application.summary = "Sprzątamy i sadzimy razem."
    application.target_group = "Mieszkańcy Wildy"
    application.declaration = True
    application.rodo_consent = True
    application.save()
    BudgetLine.objects.create(
        application=application,
        name="Sadzonki",
        category="materials",
        unit="szt.",
        unit_cost=Decimal("20.00"),
        quantity=Decimal("115"),
        requested=Decimal("2000.00"),
        own_financial=Decimal("0.00"),
        own_non_financial=Decimal("300.00"),
    )
    application.total_cost = Decimal("2300.00")
    application.requested_amount = Decimal("2000.00")
    application.save()
    ScheduleItem.objects.create(
        application=application,
        activity="Sadzenie",
        starts_on=date(2027, 3, 1),
        ends_on=date(2027, 3, 31),
    )
    ExpectedResult.objects.create(
        application=application,
        description="Posadzone rośliny",
        target_value=110,
        measured_by="zdjęcia i protokół",
    )
    return application
