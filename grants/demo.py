"""Demo calls: the 2017 regranting round and the city's small grants, plus one call open
now so that a new user can apply in `make run`. Idempotent and deterministic."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from centres.models import Centre

from .models import Call, Criterion, RequiredAttachment

WARSAW = ZoneInfo("Europe/Warsaw")
ORGANISATIONS = ["association", "foundation", "other"]
CRITERIA = [
    ("Zgodność z celami naboru", 10),
    ("Udział i korzyści mieszkańców", 10),
    ("Realność budżetu i harmonogramu", 10),
    ("Doświadczenie i zasoby wnioskodawcy", 5),
]


def _at(y, m, d, hh=0, mm=0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=WARSAW)


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


def load() -> list[Call]:
    centre = regranting_centre()
    return [
        _call(
            "mikrogranty-2017",
            kind=Call.Kind.REGRANTING,
            organiser=centre,
            title="Mikrogranty na inicjatywy lokalne 2017",
            summary="Do 5 000 zł na działania mieszkańców, organizacji i grup nieformalnych.",
            description=(
                "Regranting Centrum Inicjatyw Lokalnych: wspieramy małe projekty, które "
                "ożywiają osiedla, integrują sąsiadów i rozwijają aktywność obywatelską."
            ),
            rules=(
                "O mikrogrant mogą ubiegać się organizacje pozarządowe oraz grupy "
                "nieformalne (co najmniej 3 osoby). Wymagany wkład własny: 10% kosztów, "
                "może to być praca wolontariuszy lub wkład rzeczowy."
            ),
            eligible_legal_forms=ORGANISATIONS,
            informal_groups_allowed=True,
            budget_pool=Decimal("240000.00"),
            min_amount=Decimal("1000.00"),
            max_amount=Decimal("5000.00"),
            own_contribution_share=Decimal("10.00"),
            non_financial_counts=True,
            task_earliest_start=date(2017, 4, 1),
            task_latest_end=date(2017, 12, 15),
            opens_at=_at(2017, 3, 1, 9),
            closes_at=_at(2017, 9, 30, 16),
        ),
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
            opens_at=_at(2017, 2, 1, 9),
            closes_at=_at(2017, 11, 30, 16),
        ),
        _call(
            "mikrogranty-zima-2026",
            kind=Call.Kind.REGRANTING,
            organiser=centre,
            title="Mikrogranty sąsiedzkie – zima 2026/2027",
            summary="Do 5 000 zł na zimowe działania sąsiedzkie; nabór otwarty.",
            description=(
                "Nabór otwarty teraz: zaproponuj działanie dla swojego osiedla w pierwszej "
                "połowie 2027 roku."
            ),
            rules="Wymagany wkład własny: 10% kosztów (także praca wolontariuszy).",
            eligible_legal_forms=ORGANISATIONS,
            informal_groups_allowed=True,
            budget_pool=Decimal("50000.00"),
            min_amount=Decimal("500.00"),
            max_amount=Decimal("5000.00"),
            own_contribution_share=Decimal("10.00"),
            non_financial_counts=True,
            task_earliest_start=date(2027, 1, 1),
            task_latest_end=date(2027, 6, 30),
            opens_at=_at(2026, 11, 1, 9),
            closes_at=_at(2026, 12, 15, 16),
            attachments=[("Statut organizacji", "Aktualny statut lub regulamin grupy (PDF).")],
        ),
    ]
