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


def in_state(application: Application, status: str, *, awarded: str = "2000.00") -> Application:
    """Put a complete application in a state as the workflow would have left it there
    (number, decision, agreement, project, final report), for tests of what follows."""
    from django.utils import timezone

    from grants.models import FinalReport, Project, ReportCost, ReportResult
    from grants.workflow import GRANTED, REPORTING, Status

    if not application.budget_lines.exists():
        make_complete(application)
    if status != Status.DRAFT and not application.number:
        application.number = f"CIL/2026/T/{application.pk:03d}"
        application.submitted_at = timezone.now()
    if status == Status.CORRECTION_REQUESTED:
        application.correction_sections = ["task"]
        application.correction_until = warsaw(2026, 12, 31, 16)
    if status in GRANTED:
        application.awarded_amount = Decimal(awarded)
        application.decided_at = timezone.now()
    after_agreement = {
        Status.AGREEMENT_SIGNED,
        Status.IN_PROGRESS,
        Status.REPORT_SUBMITTED,
        Status.REPORT_RETURNED,
        Status.SETTLED,
    }
    if status in after_agreement:
        application.agreement_number = f"UM/{application.pk}/2026"
        application.agreement_signed_on = date(2027, 2, 1)
        if application.call.organiser_id and not hasattr(application, "project"):
            Project.objects.create(
                kind="regranting",
                title=application.title,
                centre_id=application.call.organiser_id,
                organisation=application.organisation,
                application=application,
                agreement_number=application.agreement_number,
                starts_on=application.start_date,
                ends_on=application.end_date,
                grant_amount=application.awarded_amount,
                total_cost=application.total_cost,
            )
    if status in REPORTING | {Status.REPORT_SUBMITTED, Status.SETTLED}:
        report, _ = FinalReport.objects.get_or_create(
            application=application,
            defaults={"summary": "Posadziliśmy 120 roślin.", "participants": 45},
        )
        for result in application.results.all():
            ReportResult.objects.get_or_create(
                report=report, expected=result, defaults={"achieved_value": 120}
            )
        for line in application.budget_lines.all():
            ReportCost.objects.get_or_create(
                report=report,
                line=line,
                defaults={
                    "from_grant": Decimal(awarded),
                    "own_non_financial": Decimal("300.00"),
                },
            )
    application.status = status
    application.save()
    return application
