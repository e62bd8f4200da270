"""Demo calls: the 2017 regranting rounds and the city's small grants, one call open now
(its dates follow the day the demo is loaded, so that a new user can always apply in
`make run`), and a 2026 round with applications in every state of the workflow, its
reviewers' declarations and scores, so that the admin shows a live call.

Idempotent and deterministic: loading again updates the calls and never duplicates an
application, a review or a history entry. (The 2017 realised projects are in
demo_projects.py.)"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_UP, Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from centres.models import Area, Centre
from organisations.demo import nip_with_checksum
from organisations.models import Organisation

from ._demo import WARSAW, at, history, scores
from .models import (
    Application,
    ApplicationEvent,
    Attachment,
    BudgetLine,
    Call,
    ConflictDeclaration,
    Criterion,
    ExpectedResult,
    FinalReport,
    Message,
    Project,
    RegrantingEnvelope,
    ReportCost,
    ReportResult,
    RequiredAttachment,
    Review,
    ReviewerAssignment,
    ScheduleItem,
    Score,
)
from .workflow import GRANTED, REVIEWED, Status

ORGANISATIONS = ["association", "foundation", "other"]
CRITERIA = [
    ("Zgodność z celami naboru", 10),
    ("Udział i korzyści mieszkańców", 10),
    ("Realność budżetu i harmonogramu", 10),
    ("Doświadczenie i zasoby wnioskodawcy", 5),
]


def regranting_centre() -> Centre:
    """The regranting centre from the centres' demo data, or a minimal one if none yet."""
    centre = Centre.objects.filter(kind=Centre.Kind.REGRANTING).order_by("active_from").first()
    if centre is None:
        centre, _ = Centre.objects.get_or_create(
            slug="cil-regrantingowe",
            defaults={
                "name": "Centrum Inicjatyw Lokalnych – CIL Regrantingowy",
                "kind": Centre.Kind.REGRANTING,
                "active_from": date(2016, 1, 1),
            },
        )
    return centre


def _call(slug: str, criteria=CRITERIA, attachments=(), **fields) -> Call:
    call, _ = Call.objects.update_or_create(slug=slug, defaults=fields)
    call.full_clean()
    for position, (name, points) in enumerate(criteria):
        Criterion.objects.update_or_create(
            call=call, name=name, defaults={"max_points": points, "position": position}
        )
    for position, (name, description) in enumerate(attachments):
        RequiredAttachment.objects.update_or_create(
            call=call, name=name, defaults={"description": description, "position": position}
        )
    return call


@dataclass(frozen=True)
class Round:
    """One round (nabór) of the 2017 micro-grants, and the days its applications were
    handled on: the formal check, the corrections' deadline, the reviewers' declarations
    (they score from then until the day before the decision), the decision and the
    results."""

    numeral: str
    slug: str
    opens_at: datetime
    closes_at: datetime
    pool: Decimal
    task_start: date
    checked: date
    corrections_due: datetime
    declared: date
    decided: date
    results_published: datetime


# The regranting centre's 2017 micro-grants came in four rounds: an organisation has one
# application in a call, and some of them realised up to four grants that year. Each pool
# was spent but for less than its reserve list asked for (demo_projects.py).
ROUNDS_2017 = [
    Round(
        "I",
        "mikrogranty-2017",
        at(2017, 1, 16, 9),
        at(2017, 2, 13, 16),
        Decimal("57000.00"),
        date(2017, 4, 1),
        date(2017, 2, 17),
        at(2017, 2, 24, 16),
        date(2017, 2, 27),
        date(2017, 3, 10),
        at(2017, 3, 13, 12),
    ),
    Round(
        "II",
        "mikrogranty-2017-nabor-ii",
        at(2017, 2, 27, 9),
        at(2017, 3, 17, 16),
        Decimal("60000.00"),
        date(2017, 4, 7),
        date(2017, 3, 20),
        at(2017, 3, 24, 16),
        date(2017, 3, 24),
        date(2017, 3, 31),
        at(2017, 4, 3, 12),
    ),
    Round(
        "III",
        "mikrogranty-2017-nabor-iii",
        at(2017, 4, 24, 9),
        at(2017, 5, 19, 16),
        Decimal("48000.00"),
        date(2017, 6, 19),
        date(2017, 5, 24),
        at(2017, 5, 31, 16),
        date(2017, 5, 31),
        date(2017, 6, 9),
        at(2017, 6, 12, 12),
    ),
    Round(
        "IV",
        "mikrogranty-2017-nabor-iv",
        at(2017, 7, 3, 9),
        at(2017, 8, 11, 16),
        Decimal("45000.00"),
        date(2017, 9, 11),
        date(2017, 8, 17),
        at(2017, 8, 24, 16),
        date(2017, 8, 25),
        date(2017, 9, 1),
        at(2017, 9, 4, 12),
    ),
]
TASKS_END_2017 = date(2017, 12, 15)
POINTS_NEEDED = 21  # of the criteria's 35, on average, for a grant


def _round_2017(centre: Centre, spec: Round) -> Call:
    return _call(
        spec.slug,
        kind=Call.Kind.REGRANTING,
        organiser=centre,
        title=f"Mikrogranty na inicjatywy lokalne 2017 – nabór {spec.numeral}",
        summary="Do 5 000 zł na działania mieszkańców, organizacji i grup nieformalnych.",
        description=(
            "Regranting Centrum Inicjatyw Lokalnych: wspieramy małe projekty, które "
            "ożywiają osiedla, integrują sąsiadów i rozwijają aktywność obywatelską. "
            f"Nabór {spec.numeral} z czterech w 2017 r."
        ),
        rules=(
            "O mikrogrant mogą ubiegać się organizacje pozarządowe oraz grupy "
            "nieformalne (co najmniej 3 osoby), z jedną ofertą w naborze. Wymagany wkład "
            "własny: 10% kosztów, może to być praca wolontariuszy lub wkład rzeczowy. "
            f"Dotację może otrzymać oferta, która w ocenie uzyska co najmniej {POINTS_NEEDED} "
            "z 35 punktów."
        ),
        eligible_legal_forms=ORGANISATIONS,
        informal_groups_allowed=True,
        budget_pool=spec.pool,
        min_amount=Decimal("1000.00"),
        max_amount=Decimal("5000.00"),
        own_contribution_share=Decimal("10.00"),
        non_financial_counts=True,
        task_earliest_start=spec.task_start,
        task_latest_end=TASKS_END_2017,
        opens_at=spec.opens_at,
        closes_at=spec.closes_at,
    )


def load() -> list[Call]:
    centre = regranting_centre()
    return [
        *(_round_2017(centre, r) for r in ROUNDS_2017),
        _call(
            "male-granty-19a-2017",
            kind=Call.Kind.SMALL_GRANT,
            organiser=None,
            title="Małe granty (art. 19a) 2017 – inicjatywy lokalne",
            summary="Tryb uproszczony: do 10 000 zł na zadanie trwające do 90 dni.",
            description=(
                "Miasto przyjmuje oferty w trybie art. 19a ustawy o działalności pożytku "
                "publicznego i o wolontariacie na zadania służące społecznościom lokalnym."
            ),
            rules="Oferta w trybie uproszczonym; wkład własny co najmniej 10% kosztów.",
            eligible_legal_forms=ORGANISATIONS,
            informal_groups_allowed=False,
            budget_pool=Decimal("100000.00"),
            min_amount=Decimal("2000.00"),
            max_amount=Decimal("10000.00"),
            own_contribution_share=Decimal("10.00"),
            non_financial_counts=False,
            task_earliest_start=date(2017, 3, 1),
            task_latest_end=date(2017, 12, 31),
            max_task_days=90,
            opens_at=at(2017, 2, 1, 9),
            closes_at=at(2017, 11, 30, 16),
        ),
        open_call(centre),
    ]


OPEN_CALL_SLUG = "mikrogranty-sasiedzkie"


def open_call(centre: Centre, today: date | None = None) -> Call:
    """The call open now: opened two weeks before the day the demo is loaded, closing in
    six weeks, for tasks in the half year after that. Loading again moves its dates."""
    today = today or timezone.localdate()
    # The call was named after a season before its dates followed the day of loading.
    Call.objects.filter(slug="mikrogranty-zima-2026").exclude(
        pk__in=Call.objects.filter(slug=OPEN_CALL_SLUG).values("pk")
    ).update(slug=OPEN_CALL_SLUG)
    closes = today + timedelta(days=42)
    task_start = closes + timedelta(days=30)
    return _call(
        OPEN_CALL_SLUG,
        kind=Call.Kind.REGRANTING,
        organiser=centre,
        title="Mikrogranty sąsiedzkie – nabór otwarty",
        summary="Do 5 000 zł na działania sąsiedzkie; nabór otwarty.",
        description=(
            "Nabór otwarty teraz: zaproponuj działanie dla swojego osiedla w ciągu pół "
            "roku od rozstrzygnięcia naboru."
        ),
        rules="Wymagany wkład własny: 10% kosztów (także praca wolontariuszy).",
        eligible_legal_forms=ORGANISATIONS,
        informal_groups_allowed=True,
        budget_pool=Decimal("50000.00"),
        min_amount=Decimal("500.00"),
        max_amount=Decimal("5000.00"),
        own_contribution_share=Decimal("10.00"),
        non_financial_counts=True,
        task_earliest_start=task_start,
        task_latest_end=task_start + timedelta(days=180),
        opens_at=datetime.combine(today - timedelta(days=14), time(9), tzinfo=WARSAW),
        closes_at=datetime.combine(closes, time(16), tzinfo=WARSAW),
        attachments=[("Statut organizacji", "Aktualny statut lub regulamin grupy (PDF).")],
    )


# --- the 2026 round in every state --------------------------------------------------------

LIVE_CALL_SLUG = "mikrogranty-wiosna-2026"

# More applicants than the organisations' demo has (name, legal form, KRS).
APPLICANTS = [
    ("Stowarzyszenie Kultury Jeżyce", "association", "0000700101"),
    ("Fundacja Zielone Rataje", "foundation", "0000700102"),
    ("Stowarzyszenie Seniorzy Winograd", "association", "0000700103"),
    ("Fundacja Podwórkowe Kino", "foundation", "0000700104"),
    ("Stowarzyszenie Rowerowe Naramowice", "association", "0000700105"),
    ("Fundacja Sztuka na Śródce", "foundation", "0000700106"),
    ("Stowarzyszenie Mieszkańców Sołacza", "association", "0000700107"),
    ("Fundacja Teatr w Bloku", "foundation", "0000700108"),
    ("Stowarzyszenie Dzieci Górczyna", "association", "0000700109"),
]

# One application per state: (state, task title, area, grant requested).
LIVE = [
    (Status.SUBMITTED, "Sąsiedzkie warsztaty ceramiczne", "Jeżyce", "2400.00"),
    (Status.CORRECTION_REQUESTED, "Kino plenerowe nad Wartą", "Rataje", "4800.00"),
    (Status.CORRECTED, "Spacery z historią Winograd", "Stare Winogrady", "1800.00"),
    (Status.MERIT_REVIEW, "Podwórkowe kino letnie", "Wilda", "3500.00"),
    (Status.MERIT_REVIEW, "Rowerowa szkoła dla dorosłych", "Naramowice", "2900.00"),
    (
        Status.REJECTED_FORMAL,
        "Mural na Śródce",
        "Ostrów Tumski-Śródka-Zawady-Komandoria",
        "5000.00",
    ),
    (Status.AWARDED, "Ogród społeczny na Sołaczu", "Sołacz", "4200.00"),
    (Status.RESERVE, "Teatr w bloku", "Rataje", "3900.00"),
    (Status.REJECTED, "Festyn na Górczynie", "Górczyn", "5000.00"),
    (Status.AGREEMENT_SIGNED, "Sąsiedzka biblioteczka na Łazarzu", "Św. Łazarz", "1500.00"),
    (Status.IN_PROGRESS, "Zielone podwórko przy Rolnej", "Wilda", "3000.00"),
    (Status.REPORT_SUBMITTED, "Warsztaty filmowe dla młodzieży", "Stare Miasto", "4500.00"),
    (Status.REPORT_RETURNED, "Chartowskie granie", "Chartowo", "2600.00"),
    (Status.SETTLED, "Kiekrz czyta dzieciom", "Kiekrz", "2000.00"),
    (Status.WITHDRAWN, "Mobilna kawiarenka sąsiedzka", "Św. Łazarz", "3300.00"),
]

# The transitions that bring an application from a draft to each state.
PATHS = {
    Status.SUBMITTED: ["submit"],
    Status.CORRECTION_REQUESTED: ["submit", "request_correction"],
    Status.CORRECTED: ["submit", "request_correction", "correct"],
    Status.MERIT_REVIEW: ["submit", "accept_formally"],
    Status.REJECTED_FORMAL: ["submit", "reject_formally"],
    Status.AWARDED: ["submit", "accept_formally", "award"],
    Status.RESERVE: ["submit", "accept_formally", "put_on_reserve"],
    Status.REJECTED: ["submit", "accept_formally", "reject_on_merit"],
    Status.AGREEMENT_SIGNED: ["submit", "accept_formally", "award", "sign_agreement"],
    Status.IN_PROGRESS: ["submit", "accept_formally", "award", "sign_agreement", "pay"],
    Status.REPORT_SUBMITTED: [
        "submit",
        "accept_formally",
        "award",
        "sign_agreement",
        "pay",
        "submit_report",
    ],
    Status.REPORT_RETURNED: [
        "submit",
        "accept_formally",
        "award",
        "sign_agreement",
        "pay",
        "submit_report",
        "return_report",
    ],
    Status.SETTLED: [
        "submit",
        "accept_formally",
        "award",
        "sign_agreement",
        "pay",
        "submit_report",
        "settle",
    ],
    Status.WITHDRAWN: ["submit", "withdraw"],
}
NOTES = {
    "request_correction": "Proszę uzupełnić harmonogram o daty pokazów.",
    "reject_formally": "Oferta wpłynęła bez wymaganego statutu mimo wezwania.",
    "reject_on_merit": "Zbyt mało punktów w ocenie merytorycznej (budżet nierealny).",
    "return_report": "Prosimy dołączyć zdjęcia z warsztatów i listę obecności.",
}
# When each step happened, counted from the call's opening.
STEP_DAYS = {
    "submit": 20,
    "request_correction": 48,
    "correct": 52,
    "accept_formally": 50,
    "reject_formally": 58,
    "award": 70,
    "put_on_reserve": 70,
    "reject_on_merit": 70,
    "withdraw": 30,
    "sign_agreement": 80,
    "pay": 85,
    "submit_report": 230,
    "return_report": 236,
    "settle": 240,
}
LIVE_OPENS = datetime(2026, 3, 2, 9, tzinfo=WARSAW)


# The organisations' demo ones apply last, in this order (Sąsiedzka Wilda, the demo
# applicant's, has the grant under way so that its final report can be tried).
DEMO_APPLICANT_KRS = [
    "0000967890",
    "0000412345",
    "0000856789",
    "0000745678",
    "0000634567",
    "0000523456",
]


def applicants() -> list[Organisation]:
    """The live call's applicants, one per state in LIVE."""
    result = []
    for i, (name, form, krs) in enumerate(APPLICANTS):
        organisation, _ = Organisation.objects.update_or_create(
            krs=krs,
            defaults={
                "name": name,
                "legal_form": form,
                "nip": _nip(7900000 + i * 37),
                "street": f"ul. Demonstracyjna {i + 1}",
                "postal_code": "61-001",
                "city": "Poznań",
                "email": f"biuro{i + 1}@ngo.example.org",
            },
        )
        organisation.full_clean()
        result.append(organisation)
    by_krs = {o.krs: o for o in Organisation.objects.filter(krs__in=DEMO_APPLICANT_KRS)}
    result += [by_krs[krs] for krs in DEMO_APPLICANT_KRS if krs in by_krs]
    return result


def _nip(seed: int) -> str:
    while True:
        try:
            return nip_with_checksum(f"77{seed:07d}")
        except ValueError:
            seed += 1


def _reviewer_points(index: int, reviewer_index: int) -> list[int]:
    """Deterministic, believable points for the demo criteria (max 10, 10, 10, 5)."""
    base = [8, 7, 9, 4]
    return [
        max(0, min(limit, p - ((index + reviewer_index * 2) % 4)))
        for p, limit in zip(base, [10, 10, 10, 5], strict=True)
    ]


@transaction.atomic
def load_live(*, officer, reviewers: list, applicant=None) -> Call:
    """The 2026 round: applications in every state, reviewers, declarations, scores."""
    from .services import _next_number

    centre = regranting_centre()
    call = _call(
        LIVE_CALL_SLUG,
        kind=Call.Kind.REGRANTING,
        organiser=centre,
        title="Mikrogranty wiosna 2026",
        summary="Do 5 000 zł na letnie działania sąsiedzkie w 2026 roku.",
        description="Wiosenna runda mikrograntów: działania od maja do października 2026.",
        rules="Wymagany wkład własny: 10% kosztów (także praca wolontariuszy).",
        eligible_legal_forms=ORGANISATIONS,
        informal_groups_allowed=True,
        budget_pool=Decimal("60000.00"),
        min_amount=Decimal("1000.00"),
        max_amount=Decimal("5000.00"),
        own_contribution_share=Decimal("10.00"),
        non_financial_counts=True,
        task_earliest_start=date(2026, 5, 1),
        task_latest_end=date(2026, 10, 31),
        opens_at=LIVE_OPENS,
        closes_at=datetime(2026, 4, 15, 16, tzinfo=WARSAW),
    )
    RegrantingEnvelope.objects.get_or_create(
        centre=centre, year=2026, defaults={"amount": Decimal("120000.00")}
    )
    RegrantingEnvelope.objects.get_or_create(
        centre=centre, year=2017, defaults={"amount": Decimal("240000.00")}
    )
    for reviewer in reviewers:
        ReviewerAssignment.objects.get_or_create(
            call=call, reviewer=reviewer, defaults={"assigned_by": officer}
        )
    organisations = applicants()
    _open_call_applications(organisations, applicant, _next_number)
    areas = {a.name: a for a in Area.objects.all()}
    criteria = list(call.criteria.all())
    for index, ((status, title, area_name, requested), organisation) in enumerate(
        zip(LIVE, organisations, strict=False)
    ):
        application = Application.objects.filter(call=call, organisation=organisation).first()
        created = application is None
        if created:
            application = _live_application(
                call,
                organisation,
                index,
                status,
                title,
                requested,
                officer,
                applicant,
                _next_number,
            )
            if area_name in areas:
                application.areas.add(areas[area_name])
        if status in GRANTED and status != Status.AWARDED and (created or _taken(application)):
            _project(application, status)
        if status in REVIEWED:
            _review(call, application, index, reviewers, criteria)
    return call


STATUTE_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _open_call_applications(organisations, applicant, next_number) -> None:
    """In the call open now: a draft begun and one application already submitted."""
    call = Call.objects.get(slug=OPEN_CALL_SLUG)
    start = call.task_earliest_start
    for organisation, submitted in ((organisations[0], False), (organisations[1], True)):
        if Application.objects.filter(call=call, organisation=organisation).exists():
            continue
        application = Application.objects.create(
            call=call,
            organisation=organisation,
            contact_name=f"Koordynator {organisation.name}",
            contact_email=organisation.email,
            title="Zimowe spotkania sąsiedzkie" if submitted else "Sąsiedzka szkoła gotowania",
            place="Świetlica osiedlowa",
            start_date=start,
            end_date=start + timedelta(days=60),
            summary="Cykl spotkań dla sąsiadów w świetlicy osiedlowej.",
            target_group="Mieszkańcy osiedla",
            total_cost=Decimal("2500.00"),
            requested_amount=Decimal("2200.00"),
            declaration=submitted,
            rodo_consent=submitted,
        )
        BudgetLine.objects.create(
            application=application,
            name="Produkty i materiały",
            category="materials",
            unit="komplet",
            unit_cost=Decimal("2500.00"),
            quantity=Decimal("1"),
            requested=Decimal("2200.00"),
            own_financial=Decimal("300.00"),
        )
        if not submitted:
            continue
        ScheduleItem.objects.create(
            application=application,
            activity="Spotkania w świetlicy",
            starts_on=start,
            ends_on=start + timedelta(days=60),
        )
        ExpectedResult.objects.create(
            application=application,
            description="Spotkania",
            target_value=8,
            measured_by="lista obecności",
        )
        statute = Attachment(
            application=application,
            required=call.required_attachments.first(),
            name="statut.pdf",
            content_type="application/pdf",
            size=len(STATUTE_PDF),
        )
        statute.file.save("upload", ContentFile(STATUTE_PDF), save=False)
        statute.save()
        now = timezone.now()
        application.number = next_number(call.number_prefix)
        application.submitted_at = now
        application.status = Status.SUBMITTED
        application.save()
        ApplicationEvent.objects.create(
            application=application,
            transition="submit",
            from_status=Status.DRAFT,
            to_status=Status.SUBMITTED,
            at=now,
        )


def _on_day(call_day: int, hour: int = 10) -> datetime:
    return LIVE_OPENS.replace(hour=hour) + timedelta(days=call_day)


def _live_application(
    call, organisation, index, status, title, requested, officer, applicant, next_number
):
    requested = Decimal(requested)
    # At least 10% of the cost as volunteer work, in whole złoty.
    own = (requested / Decimal("9")).quantize(Decimal("1"), rounding=ROUND_UP)
    member = (
        applicant
        if applicant and organisation.memberships.filter(user=applicant).exists()
        else None
    )
    application = Application.objects.create(
        call=call,
        organisation=organisation,
        created_by=member,
        contact_name="Anna Organizatorka" if member else f"Koordynator {organisation.name}",
        contact_email=member.email if member else organisation.email,
        title=title,
        place="",
        start_date=date(2026, 5, 15),
        end_date=date(2026, 9, 30),
        summary=f"{title}: spotkania i działania z sąsiadami przez całe lato.",
        target_group="Mieszkańcy osiedla, rodziny z dziećmi i seniorzy",
        total_cost=requested + own,
        requested_amount=requested,
        declaration=True,
        rodo_consent=True,
    )
    BudgetLine.objects.create(
        application=application,
        position=0,
        name="Materiały i wyposażenie",
        category="materials",
        unit="komplet",
        unit_cost=requested,
        quantity=Decimal("1"),
        requested=requested,
    )
    BudgetLine.objects.create(
        application=application,
        position=1,
        name="Praca wolontariuszy",
        category="personnel",
        unit="godz.",
        unit_cost=own / 20,
        quantity=Decimal("20"),
        own_non_financial=own,
    )
    ScheduleItem.objects.create(
        application=application,
        activity="Przygotowanie i działania z mieszkańcami",
        starts_on=date(2026, 5, 15),
        ends_on=date(2026, 9, 30),
    )
    ExpectedResult.objects.create(
        application=application,
        description="Uczestnicy działań",
        target_value=40 + index * 5,
        measured_by="listy obecności",
    )
    application.number = next_number(call.number_prefix)
    events, messages = history(
        application,
        [(name, _on_day(STEP_DAYS[name]), NOTES.get(name, "")) for name in PATHS[status]],
        officer=officer,
        member=member,
        amount=requested if index % 2 else requested - Decimal("500"),
        agreement_number=f"UM/R/{index + 1:02d}/2026",
        correction_sections=["schedule"],
        # The applicant of the demo can still send it: the date follows the load.
        correction_until=timezone.now() + timedelta(days=7),
    )
    Message.objects.bulk_create(messages)
    ApplicationEvent.objects.bulk_create(events)
    application.full_clean()
    application.save()
    return application


def _taken(application) -> bool:
    """Demos before this one found the 2017 projects by title alone, so the 2017 grant
    named as one of these took its project's row over (with its dates and amounts)."""
    return Project.objects.filter(application=application, starts_on__year=2017).exists()


def _project(application, status):
    """The grant's project (its row given back where a 2017 one had taken it over), and
    its final report once it is in."""
    project = Project.objects.filter(application=application).first() or Project()
    settled = status == Status.SETTLED
    paid = status != Status.AGREEMENT_SIGNED
    own = sum(line.own_non_financial for line in application.budget_lines.all())
    for field, value in {
        "kind": Project.Kind.REGRANTING,
        "title": application.title,
        "centre": application.call.organiser,
        "organisation": application.organisation,
        "area": application.areas.first(),
        "application": application,
        "agreement_number": application.agreement_number,
        "starts_on": application.start_date,
        "ends_on": application.end_date,
        "grant_amount": application.awarded_amount,
        "total_cost": application.awarded_amount + own if settled else application.total_cost,
        "participants": 55 if settled else None,
        "description": application.summary,
        "paid_on": _on_day(STEP_DAYS["pay"]).date() if paid else None,
        "paid_amount": application.awarded_amount if paid else None,
        "settled_on": _on_day(STEP_DAYS["settle"]).date() if settled else None,
    }.items():
        setattr(project, field, value)
    project.full_clean()
    project.save()
    reported = (Status.REPORT_SUBMITTED, Status.REPORT_RETURNED, Status.SETTLED)
    if status in reported and not FinalReport.objects.filter(application=application).exists():
        report = FinalReport.objects.create(
            application=application,
            summary="Działania odbyły się zgodnie z harmonogramem; przyszło więcej osób, niż "
            "zakładaliśmy.",
            participants=55,
            submitted_at=_on_day(STEP_DAYS["submit_report"]),
        )
        for result in application.results.all():
            ReportResult.objects.create(report=report, expected=result, achieved_value=55)
        for line in application.budget_lines.all():
            ReportCost.objects.create(
                report=report,
                line=line,
                from_grant=line.requested and application.awarded_amount,
                own_non_financial=line.own_non_financial,
            )


def _review(call, application, index, reviewers, criteria):
    """Each reviewer declares about the organisation; the first declares a conflict with
    one of them. Scored: everything decided, and in merit review only the first one."""
    for r, reviewer in enumerate(reviewers):
        conflict = r == 0 and index == 12
        ConflictDeclaration.objects.get_or_create(
            call=call,
            reviewer=reviewer,
            organisation=application.organisation,
            defaults={
                "has_conflict": conflict,
                "explanation": "Jestem członkiem zarządu tej organizacji." if conflict else "",
                "declared_at": _on_day(55),
            },
        )
        scored = application.status != Status.MERIT_REVIEW or (index == 3 and r == 0)
        if (
            conflict
            or not scored
            or Review.objects.filter(application=application, reviewer=reviewer).exists()
        ):
            continue
        points = _reviewer_points(index, r)
        review = Review.objects.create(
            application=application,
            reviewer=reviewer,
            comment="Pomysł dobrze odpowiada na potrzeby osiedla."
            if sum(points) > 22
            else "Budżet i harmonogram wymagają dopracowania.",
            total_points=sum(points),
        )
        Score.objects.bulk_create(scores(review, criteria, points))
