"""Demo projects: the 88 projects realised in Poznań in 2017 (seed 000_9ee58bf6781bd0d5.txt),
and the applications the 48 grants came from.

48 regranting grants from the regranting centre's micro-grant rounds (at most 5 000 zł,
with an own contribution of at least 10% of the cost) and 40 grassroots initiatives
supported by the five neighbourhood centres in their osiedla. The amounts are made up, but
add up to the seed's figures: 299 tys. zł in all (299 000 ≤ total < 299 500), of which
"blisko 226 tys. zł" regranting (225 500 ≤ part < 226 000).

Each grant has its application in one of the four 2017 rounds (demo.ROUNDS_2017), with
its budget, schedule and expected results, the two demo reviewers' scores, a history dated
in 2017 from the submission to the settled final report; beside them the applications that
got nothing (rejected formally or on merit, left on the reserve list, withdrawn, one grant
given up). Grassroots initiatives have no application.

Deterministic and idempotent: an organisation is found by its KRS (an informal group by
its name), a project by its kind and title, and every field is set again on each load; an
application is found by its number and, once made, left as it is.
"""

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from decimal import ROUND_CEILING, Decimal

from centres.models import Area, Centre
from organisations.demo import nip_with_checksum, regon_with_checksum
from organisations.models import InformalGroupMember, Organisation

from ._demo import WARSAW, history, scores
from .demo import POINTS_NEEDED, ROUNDS_2017, Round
from .models import (
    Application,
    ApplicationEvent,
    BudgetLine,
    Call,
    ConflictDeclaration,
    ExpectedResult,
    FinalReport,
    Message,
    NumberSequence,
    Project,
    ReportCost,
    ReportResult,
    Review,
    ReviewerAssignment,
    ScheduleItem,
    Score,
)

YEAR = 2017
GRANT_MAX = Decimal("5000.00")  # the 2017 micro-grant call's largest grant
OWN_SHARE = Decimal("0.10")  # and its required own contribution
REGRANTING_COST = Decimal("225780.00")
TOTAL_COST = Decimal("299180.00")
STEP = Decimal("10.00")
TASKS_END = date(YEAR, 12, 15)  # the call's latest end of a task
REGRANTING_CENTRE = "regrantingowe-bukowska"

A, F, G = "association", "foundation", "informal_group"
# name, legal form (registered ones get a KRS, NIP and REGON made from their position)
ORGANISATIONS = [
    ("Stowarzyszenie Przyjaciół Jeżyc", A),
    ("Fundacja Ogrody Sąsiedzkie", F),
    ("Stowarzyszenie Seniorzy w Akcji", A),
    ("Fundacja Kultura na Podwórku", F),
    ("Stowarzyszenie Rowerowy Poznań", A),
    ("Fundacja Pamięć Miejsca", F),
    ("Stowarzyszenie Teatralne Trzepak", A),
    ("Fundacja Czytamy Razem", F),
    ("Stowarzyszenie Rodzin Ratajskich", A),
    ("Fundacja Młodzi Odkrywcy", F),
    ("Stowarzyszenie Aktywni Razem Naramowice", A),
    ("Fundacja Zielony Poznań", F),
    ("Stowarzyszenie Muzyczne Grunwald", A),
    ("Fundacja Integracji Rodzin", F),
    ("Stowarzyszenie Miłośników Gier Planszowych", A),
    ("Fundacja Wielu Kultur", F),
    ("Stowarzyszenie Śródka Wczoraj i Dziś", A),
    ("Fundacja Filmowa Kadr", F),
    ("Stowarzyszenie Sportowe Kosz na Osiedlu", A),
    ("Fundacja Bezpieczny Senior", F),
    ("Stowarzyszenie Sąsiedzi z Winiar", A),
    ("Fundacja Archiwum Społeczne", F),
    ("Grupa nieformalna Sąsiedzi z Naramowic", G),
    ("Grupa nieformalna Mamy z Piątkowa", G),
    ("Grupa nieformalna Ogrodnicy z Sołacza", G),
    ("Grupa nieformalna Chór Sąsiedzki", G),
    ("Grupa nieformalna Repair Café Poznań", G),
    ("Grupa nieformalna Zielony Skwer Kwiatowe", G),
    # These applied in 2017 and got no grant.
    ("Stowarzyszenie Przyjaciół Podolan", A),
    ("Fundacja Dobre Sąsiedztwo", F),
    ("Stowarzyszenie Kulturalne Ławica", A),
    ("Grupa nieformalna Sąsiedzi z Woli", G),
    ("Fundacja Rozwoju Junikowa", F),
    ("Fundacja Taniec w Mieście", F),
]

MEMBERS = ["Anna Kowalska", "Piotr Nowak", "Maria Wiśniewska", "Tomasz Zieliński"]
# Who an organisation's applications name as the contact person, by its position.
CONTACTS = [
    "Anna Kowalska",
    "Piotr Nowak",
    "Maria Wiśniewska",
    "Tomasz Zieliński",
    "Katarzyna Wójcik",
    "Michał Lewandowski",
    "Agnieszka Kamińska",
    "Paweł Dąbrowski",
]

# title, organisation (position in ORGANISATIONS), area (None: the whole city), start
# month, length in days.
REGRANTING = [
    ("Sąsiedzki ogród na Wildzie", 1, "Wilda", 4, 60),
    ("Kino plenerowe na Jeżycach", 0, "Jeżyce", 6, 75),
    ("Senioralne warsztaty cyfrowe", 2, None, 4, 90),
    ("Podwórkowa liga piłkarska na Ratajach", 8, "Rataje", 5, 70),
    ("Festyn rodzinny na Nowych Winogradach", 10, "Nowe Winogrady Północ", 6, 20),
    ("Warsztaty kulinarne kuchni wielkopolskiej", 15, None, 9, 45),
    ("Rowerowe odkrywanie Strzeszyna", 4, "Strzeszyn", 5, 40),
    ("Historia mojej ulicy – spacery po Łazarzu", 5, "Św. Łazarz", 4, 80),
    ("Teatr przy trzepaku", 6, "Górczyn", 6, 60),
    ("Biblioteka sąsiedzka na Piątkowie", 7, "Piątkowo", 4, 120),
    ("Międzypokoleniowe warsztaty rękodzieła", 2, "Stare Miasto", 10, 40),
    ("Zielone podwórko na Sołaczu", 24, "Sołacz", 4, 50),
    ("Potańcówki na Starym Rynku", 3, "Stare Miasto", 7, 45),
    ("Klub młodego odkrywcy", 9, "Grunwald Południe", 9, 80),
    ("Wakacje z robotyką", 9, None, 7, 50),
    ("Akademia aktywnego seniora", 19, "Grunwald Północ", 4, 150),
    ("Murale na Zawadach", 3, "Ostrów Tumski-Śródka-Zawady-Komandoria", 6, 35),
    ("Dzień sąsiada na Górczynie", 20, "Górczyn", 5, 15),
    ("Szachy w parku", 14, "Jeżyce", 6, 90),
    ("Ekologiczne warsztaty dla dzieci z Naramowic", 22, "Naramowice", 5, 40),
    ("Spotkania z poezją w kawiarni osiedlowej", 0, "Jeżyce", 9, 70),
    ("Nordic walking nad Maltą", 2, "Warszawskie-Pomet-Maltańskie", 4, 100),
    ("Piknik dla rodzin z dziećmi z niepełnosprawnościami", 13, None, 6, 10),
    ("Fotograficzny portret Dębca", 5, "Zielony Dębiec", 8, 60),
    ("Warsztaty pierwszej pomocy dla mieszkańców", 19, None, 10, 30),
    ("Muzyczne podwórka Grunwaldu", 12, "Stary Grunwald", 6, 60),
    ("Festiwal gier planszowych", 14, None, 11, 20),
    ("Ogród deszczowy przy szkole", 11, "Winiary", 4, 90),
    ("Śniadanie na trawie w Parku Sołackim", 24, "Sołacz", 6, 5),
    ("Kuchnia bez granic – spotkania wielokulturowe", 15, "Stare Miasto", 9, 60),
    ("Naprawiamy razem – repair café", 26, None, 5, 150),
    ("Letnie czytanie w parku", 7, "Piątkowo Północ", 7, 45),
    ("Gra miejska o historii Śródki", 16, "Ostrów Tumski-Śródka-Zawady-Komandoria", 9, 30),
    ("Warsztaty filmowe dla młodzieży", 17, "Stare Miasto", 10, 45),
    ("Domki dla owadów na Morasku", 11, "Morasko-Radojewo", 4, 40),
    ("Zajęcia taneczne dla seniorów", 2, "Rataje", 9, 90),
    ("Mapa wspomnień Świerczewa", 21, "Świerczewo", 5, 120),
    ("Kiermasz świąteczny rękodzieła", 3, "Stare Winogrady", 11, 25),
    ("Bezpieczny rowerzysta – warsztaty dla dzieci", 4, None, 4, 45),
    ("Osiedlowy chór sąsiedzki", 25, "Wilda", 4, 200),
    ("Joga w parku na Wildzie", 1, "Wilda", 6, 70),
    ("Skwer sąsiedzki na Kwiatowym", 27, "Kwiatowe", 5, 100),
    ("Warsztaty z wikliny", 23, "Piątkowo", 10, 30),
    ("Turniej koszykówki ulicznej", 18, "Rataje", 7, 30),
    ("Seniorzy w sieci – bezpieczny internet", 19, None, 9, 60),
    ("Wieczory gier na Winiarach", 20, "Winiary", 10, 50),
    ("Opowieści z Głównej – archiwum społeczne", 21, "Główna", 4, 180),
    ("Sąsiedzka wymiana ubrań i książek", 23, "Piątkowo", 11, 15),
]

# The grassroots initiatives each neighbourhood centre supported, by the centre's slug:
# title and the month it took place in.
GRASSROOTS = {
    "osiedle-kiekrz": [
        ("Sprzątanie brzegów Jeziora Kierskiego", 4),
        ("Wspólne sadzenie drzew przy szkole", 4),
        ("Kiekrzański piknik sąsiedzki", 6),
        ("Warsztaty wędkarskie dla dzieci", 7),
        ("Sąsiedzki turniej siatkówki plażowej", 8),
        ("Kącik wymiany książek w świetlicy", 9),
        ("Spacer historyczny po Kiekrzu", 10),
        ("Spotkanie wigilijne mieszkańców Kiekrza", 12),
    ],
    "chartowo": [
        ("Wspólne kolędowanie na Chartowie", 1),
        ("Warsztaty robienia karmników", 2),
        ("Zajęcia ruchowe dla seniorów", 3),
        ("Ławki na skwerze przy os. Czecha", 5),
        ("Dzień sąsiada na os. Czecha", 5),
        ("Podwórkowa olimpiada dzieci", 6),
        ("Kino podwórkowe na Chartowie", 8),
        ("Sąsiedzka zbiórka dla schroniska", 11),
    ],
    "mlodziezowy-klub-filmowy": [
        ("Dyskusyjny klub filmowy", 2),
        ("Warsztaty montażu wideo", 3),
        ("Spotkanie z reżyserem", 4),
        ("Młodzieżowy przegląd etiud", 6),
        ("Kino letnie na dziedzińcu", 7),
        ("Filmowy portret kamienicy", 9),
        ("Pokaz filmów o Starym Mieście", 10),
        ("Nocny maraton filmów krótkometrażowych", 11),
    ],
    "wil-da-sie": [
        ("Wildeckie opowieści – wieczór wspomnień", 2),
        ("Wspólne malowanie klatki schodowej", 3),
        ("Odnowienie podwórka przy ul. Rolnej", 4),
        ("Sąsiedzkie śniadanie na Rynku Wildeckim", 5),
        ("Wildecka potańcówka", 6),
        ("Wildecki spacer architektoniczny", 9),
        ("Warsztaty z ceramiki", 10),
        ("Kiermasz sąsiedzki na Wildzie", 12),
    ],
    "lazanka": [
        ("Seniorzy opowiadają dzieciom", 3),
        ("Sąsiedzki ogródek przy ul. Głogowskiej", 4),
        ("Warsztaty plastyczne na skwerze", 5),
        ("Łazarskie lato na podwórkach", 7),
        ("Podwórkowe granie na Łazarzu", 8),
        ("Podwórkowe kino objazdowe", 8),
        ("Festyn przy Rynku Łazarskim", 9),
        ("Mikołajki na podwórku", 12),
    ],
}


def _organisations() -> list[Organisation]:
    result = []
    for number, (name, form) in enumerate(ORGANISATIONS, start=1):
        if form == G:
            organisation, created = Organisation.objects.get_or_create(
                name=name, legal_form=form, defaults={"city": "Poznań"}
            )
            if created:
                InformalGroupMember.objects.bulk_create(
                    InformalGroupMember(organisation=organisation, full_name=m) for m in MEMBERS[:3]
                )
        else:
            nip = _nip(number)
            organisation, _ = Organisation.objects.update_or_create(
                krs=f"00003{number:05d}",
                defaults={
                    "name": name,
                    "legal_form": form,
                    "nip": nip,
                    "regon": regon_with_checksum(f"3081{number:04d}"),
                    "city": "Poznań",
                    "email": f"kontakt@{nip}.example.org",
                },
            )
        organisation.full_clean()
        result.append(organisation)
    return result


def _nip(number: int) -> str:
    base = 781200000 + number * 100
    while True:
        try:
            return nip_with_checksum(str(base))
        except ValueError:
            base += 1


def _spread(costs: list[Decimal], target: Decimal) -> list[Decimal]:
    """Add the difference to `target` in steps of 10 zł, one project after another."""
    costs = list(costs)
    missing = target - sum(costs)
    if missing < 0 or missing % STEP:
        raise ValueError(f"the base costs cannot reach {target}: {missing} to go")
    i = 0
    while missing:
        costs[i % len(costs)] += STEP
        missing -= STEP
        i += 1
    return costs


def regranting_amounts() -> list[tuple[Decimal, Decimal]]:
    """(grant, total cost) of each regranting project: a grant of 3 400–5 000 zł, and an
    own contribution of a ninth of the grant or more, so at least 10% of the cost."""
    grants = [GRANT_MAX - Decimal(100) * ((i * 7) % 17) for i in range(len(REGRANTING))]
    own = [(g / 9 / STEP).to_integral_value(rounding="ROUND_CEILING") * STEP for g in grants]
    totals = _spread([g + o for g, o in zip(grants, own, strict=True)], REGRANTING_COST)
    return list(zip(grants, totals, strict=True))


def grassroots_costs() -> list[Decimal]:
    count = sum(len(titles) for titles in GRASSROOTS.values())
    base = [Decimal(900) + Decimal(100) * ((i * 11) % 19) for i in range(count)]
    return _spread(base, TOTAL_COST - REGRANTING_COST)


@dataclass(frozen=True)
class Grant:
    """A regranting project as realised: REGRANTING's row with its dates and figures."""

    number: int  # its position in REGRANTING, from 1
    title: str
    organisation: int
    area: str | None
    starts_on: date
    ends_on: date
    grant: Decimal
    total: Decimal
    participants: int


def regranting_grants() -> list[Grant]:
    result = []
    for number, ((title, org, area, month, days), (grant, total)) in enumerate(
        zip(REGRANTING, regranting_amounts(), strict=True), start=1
    ):
        starts_on = date(YEAR, month, 1 + (number * 3) % 27)
        result.append(
            Grant(
                number=number,
                title=title,
                organisation=org,
                area=area,
                starts_on=starts_on,
                ends_on=min(starts_on + timedelta(days=days), TASKS_END),
                grant=grant,
                total=total,
                participants=20 + (number * 13) % 130,
            )
        )
    return result


# --- the 2017 rounds' applications ------------------------------------------------------

FUNDED, FORMAL, LATE, MERIT, RESERVE, WITHDRAWN, RESIGNED = (
    "funded",  # awarded, and realised as one of the projects above
    "formal",  # rejected on formal grounds
    "late",  # asked for a correction that never came, then rejected on formal grounds
    "merit",  # rejected on merit
    "reserve",  # left on the reserve list
    "withdrawn",  # withdrawn by the applicant before the deadline
    "resigned",  # awarded, then given up by the applicant
)

# The applications that got no grant: round (position in ROUNDS_2017), what happened, task
# title, organisation (position in ORGANISATIONS), area (None: the whole city), grant
# requested, and the official's reason where it is the application's own.
UNFUNDED = [
    (
        0,
        FORMAL,
        "Wycieczka rowerowa do Kórnika",
        29,
        None,
        "3000",
        "Zadanie odbywa się poza Poznaniem, a nabór wspiera działania w mieście.",
    ),
    (0, MERIT, "Warsztaty fotografii smartfonowej dla młodzieży", 17, "Stare Miasto", "4500", ""),
    (0, MERIT, "Osiedlowy turniej tenisa stołowego", 18, "Rataje", "3200", ""),
    (0, MERIT, "Festyn na Podolanach", 28, "Podolany", "5000", ""),
    (0, RESERVE, "Sąsiedzkie warsztaty szycia", 22, "Naramowice", "2800", ""),
    (
        0,
        WITHDRAWN,
        "Kawiarenka językowa dla seniorów",
        15,
        "Stare Miasto",
        "3000",
        "Wycofujemy ofertę: złożymy ją poprawioną w kolejnym naborze.",
    ),
    (
        1,
        FORMAL,
        "Kurs tańca towarzyskiego",
        33,
        None,
        "5000",
        "Zajęcia są odpłatne dla uczestników, a nabór wspiera tylko działania nieodpłatne.",
    ),
    (
        1,
        LATE,
        "Mural na garażach przy ul. Świt",
        30,
        "Ławica",
        "4000",
        "Proszę uzupełnić harmonogram o terminy prac i dołączyć zgodę właściciela garaży.",
    ),
    (1, MERIT, "Dzień dziecka na Ratajach", 8, "Rataje", "5000", ""),
    (1, MERIT, "Spacery przyrodnicze doliną Bogdanki", 20, "Winiary", "2600", ""),
    (1, MERIT, "Sąsiedzkie grillowanie na Woli", 31, "Wola", "2200", ""),
    (
        1,
        RESIGNED,
        "Koncerty na podwórkach Grunwaldu",
        12,
        "Stary Grunwald",
        "4500",
        "Rezygnujemy z dotacji: muzycy nie mogą zagrać w maju; złożymy ofertę latem.",
    ),
    (
        2,
        FORMAL,
        "Namiot na osiedlowe festyny",
        10,
        "Nowe Winogrady Północ",
        "5000",
        "Kosztorys to wyłącznie zakup sprzętu, a nabór finansuje działania z mieszkańcami.",
    ),
    (
        2,
        LATE,
        "Letnie kino na Junikowie",
        32,
        "Junikowo",
        "3800",
        "Proszę uzupełnić kosztorys o opłatę licencyjną za publiczne pokazy filmów.",
    ),
    (2, MERIT, "Rodzinne warsztaty ekologiczne", 13, "Starołęka-Minikowo", "3300", ""),
    (2, MERIT, "Wakacyjne podwórko na Podolanach", 28, "Podolany", "4200", ""),
    (2, MERIT, "Fotograficzna historia ratajskich bloków", 8, "Rataje", "4000", ""),
    (2, RESERVE, "Wakacyjne warsztaty teatralne", 6, "Górczyn", "4600", ""),
    (
        3,
        FORMAL,
        "Bal jesienny stowarzyszenia",
        30,
        "Ławica",
        "3500",
        "Bal jest tylko dla członków stowarzyszenia, a nabór wspiera działania otwarte.",
    ),
    (3, MERIT, "Andrzejki sąsiedzkie na Woli", 31, "Wola", "2000", ""),
    (3, MERIT, "Warsztaty ceramiki dla seniorów", 29, "Św. Łazarz", "3900", ""),
    (3, RESERVE, "Zimowe karmniki dla ptaków na Sołaczu", 24, "Sołacz", "2400", ""),
]
# Among the grants: those first asked for a correction, those whose final report was
# returned once, and the one awarded from the reserve list after RESIGNED gave its up.
CORRECTED = {
    "Podwórkowa liga piłkarska na Ratajach",
    "Historia mojej ulicy – spacery po Łazarzu",
    "Szachy w parku",
    "Fotograficzny portret Dębca",
    "Gra miejska o historii Śródki",
}
REPORT_RETURNED = {
    "Sąsiedzki ogród na Wildzie",
    "Murale na Zawadach",
    "Śniadanie na trawie w Parku Sołackim",
}
FROM_RESERVE = "Joga w parku na Wildzie"
# The second reviewer is a member of this organisation and said so in the last round.
CONFLICT = (3, 1, 16)  # round, reviewer, organisation
CORRECTION_NOTE = "Proszę rozpisać koszt usług w kosztorysie na godziny pracy prowadzących."
LATE_NOTE = "Oferty nie uzupełniono w wyznaczonym terminie."
RESERVE_NOTE = "Lista rezerwowa (średnio {mean} z 35 punktów): dotacja, jeśli zwolnią się środki."
MERIT_NOTE = (
    "Za mało punktów w ocenie merytorycznej: średnio {mean} z 35, a dotację może otrzymać "
    "oferta z co najmniej {needed} punktami."
)
RETURN_NOTE = "Prosimy dołączyć listy obecności i zdjęcia z działań."
COMMENTS = {
    FUNDED: [
        "Pomysł dobrze odpowiada na potrzeby osiedla, budżet realny.",
        "Jasno opisane działania i rezultaty, duży wkład wolontariuszy.",
        "Dobre partnerstwa lokalne, przemyślany harmonogram.",
    ],
    RESERVE: ["Wartościowy pomysł, słabiej opisane rezultaty i sposób ich sprawdzenia."],
    MERIT: [
        "Budżet i harmonogram wymagają dopracowania.",
        "Niejasne, kto skorzysta z działań; rezultaty trudne do sprawdzenia.",
        "Koszty usług wysokie w stosunku do skali działań.",
    ],
}
# (materials, services, promotion): the grant's lines in the budget.
LINES = [
    ("Materiały do zajęć i drobne wyposażenie", "Wynagrodzenie prowadzących zajęcia", "Plakaty"),
    ("Materiały plastyczne i biurowe", "Honoraria animatorów", "Druk zaproszeń i plakatów"),
    ("Zakup materiałów", "Usługa prowadzenia warsztatów", "Ulotki i plakaty na osiedlu"),
    ("Materiały i nagrody dla uczestników", "Wynagrodzenie instruktora", "Plakaty i ulotki"),
]


@dataclass(frozen=True)
class Offer:
    """An application in a 2017 round and what happened to it, day by day."""

    round: int
    outcome: str
    title: str
    organisation: int
    area: str | None
    requested: Decimal
    total: Decimal
    starts_on: date
    ends_on: date
    participants: int  # expected, or for a grant the participants it had
    note: str = ""
    position: int = 0  # in the order of submission, from 0
    mean: int = 0  # the reviewers' average points, where they scored it
    steps: tuple = ()  # (transition, when, note)
    agreement_number: str = ""

    @property
    def number(self) -> str:
        return f"CIL/{YEAR}/R/{self.position + 1:03d}"

    def at(self, transition: str) -> datetime | None:
        """When the transition was last made."""
        times = [when for name, when, _ in self.steps if name == transition]
        return times[-1] if times else None


def _when(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=WARSAW)


def _own(requested: Decimal) -> Decimal:
    """The least own contribution, in tens of złoty, that is 10% of the cost or more."""
    return (requested / 9 / STEP).to_integral_value(rounding=ROUND_CEILING) * STEP


def rounds_of(grants: list[Grant]) -> dict[int, int]:
    """Which round each grant's application went to: of the rounds whose task period
    includes the project's start, the one with the fewest grants so far (the later one
    on a tie), never one where its organisation already applied."""
    taken, counts, result = set(), [0] * len(ROUNDS_2017), {}
    for grant in sorted(grants, key=lambda g: (g.starts_on, g.number)):
        fits = [
            i
            for i, r in enumerate(ROUNDS_2017)
            if r.task_start <= grant.starts_on and (grant.organisation, i) not in taken
        ]
        if not fits:
            raise ValueError(f"no round fits {grant.title}")
        chosen = min(fits, key=lambda i: (counts[i], -i))
        taken.add((grant.organisation, chosen))
        counts[chosen] += 1
        result[grant.number] = chosen
    return result


def _submitted(r: Round, organisation: int) -> datetime:
    """When the organisation submitted in the round: spread over the weeks the round is
    open, with a rush on its last day."""
    days = (r.closes_at.date() - r.opens_at.date()).days
    day = r.opens_at.date() + timedelta(days=min(days, 1 + (organisation * 5) % (days + 4)))
    return _when(day, 9 + (organisation * 5) % 6, (organisation * 13) % 60)


def _mean(outcome: str, title: str, k: int, grant: Grant | None) -> int:
    """The reviewers' average for an application that reached the merit review: the
    grants ahead, then the reserve list, then those rejected on merit."""
    if title == FROM_RESERVE:
        return 24
    if grant is not None:
        return 25 + (grant.number * 5) % 8
    return {RESIGNED: 27, RESERVE: 22 + k % 2, MERIT: 13 + (k * 3) % 8}.get(outcome, 0)


def _steps(offer: Offer, k: int) -> list[tuple[str, datetime, str]]:
    """The application's history from its submission, each step on its day."""
    r = ROUNDS_2017[offer.round]
    submitted = _submitted(r, offer.organisation)
    steps = [("submit", submitted, "")]
    checked = _when(r.checked, 10, k % 60)
    if offer.outcome == WITHDRAWN:
        return [*steps, ("withdraw", submitted + (r.closes_at - submitted) / 2, offer.note)]
    if offer.outcome == FORMAL:
        return [*steps, ("reject_formally", checked, offer.note)]
    if offer.outcome == LATE or offer.title in CORRECTED:
        steps.append(("request_correction", checked, offer.note or CORRECTION_NOTE))
        if offer.outcome == LATE:
            late = _when(r.corrections_due.date() + timedelta(days=1), 10, k % 60)
            return [*steps, ("reject_formally", late, LATE_NOTE)]
        corrected = r.checked + timedelta(days=3)
        steps += [
            ("correct", _when(corrected, 11, k % 60), ""),
            ("accept_formally", _when(corrected, 15, k % 60), ""),
        ]
    else:
        steps.append(("accept_formally", checked, ""))
    decided = _when(r.decided, 12, k % 60)
    if offer.outcome == MERIT:
        note = MERIT_NOTE.format(mean=offer.mean, needed=POINTS_NEEDED)
        return [*steps, ("reject_on_merit", decided, note)]
    if offer.outcome == RESERVE:
        return [*steps, ("put_on_reserve", decided, RESERVE_NOTE.format(mean=offer.mean))]
    if offer.outcome == RESIGNED:
        resigned = _when(r.decided + timedelta(days=4), 9, 15)
        return [*steps, ("award", decided, ""), ("resign", resigned, offer.note)]
    if offer.title == FROM_RESERVE:
        steps.append(("put_on_reserve", decided, RESERVE_NOTE.format(mean=offer.mean)))
        decided = _when(r.decided + timedelta(days=5), 11)
    steps.append(("award", decided, ""))
    signed = min(decided.date() + timedelta(days=4 + k % 3), offer.starts_on - timedelta(days=2))
    paid = min(signed + timedelta(days=1 + k % 2), offer.starts_on - timedelta(days=1))
    reported = min(offer.ends_on + timedelta(days=7 + k % 10), date(YEAR, 12, 20))
    steps += [
        ("sign_agreement", _when(signed, 11, k % 60), ""),
        ("pay", _when(paid, 9, 30), ""),
        ("submit_report", _when(reported, 19, k % 60), ""),
    ]
    if offer.title in REPORT_RETURNED:
        return [
            *steps,
            ("return_report", _when(reported + timedelta(days=4), 10), RETURN_NOTE),
            ("submit_report", _when(reported + timedelta(days=9), 18, k % 60), ""),
            ("settle", _when(reported + timedelta(days=12), 12), ""),
        ]
    settled = min(reported + timedelta(days=5 + k % 4), date(YEAR, 12, 29))
    return [*steps, ("settle", _when(settled, 12, k % 60), "")]


def offers() -> list[Offer]:
    """Every application of the 2017 rounds in the order they were submitted (numbered
    so), the grants' agreements numbered in the order they were signed."""
    grants = regranting_grants()
    rounds = rounds_of(grants)
    rows = [
        (rounds[g.number], FUNDED, g.title, g.organisation, g.area, g.grant, "", g) for g in grants
    ]
    rows += [(r, o, t, org, a, Decimal(amount), n, None) for r, o, t, org, a, amount, n in UNFUNDED]
    applied = [(row[0], row[3]) for row in rows]
    if len(set(applied)) != len(applied):
        raise ValueError("an organisation applies once in a round")
    rows.sort(key=lambda row: (_submitted(ROUNDS_2017[row[0]], row[3]), row[2]))
    result = []
    for k, (r, outcome, title, org, area, requested, note, grant) in enumerate(rows):
        if grant is None:
            starts_on = ROUNDS_2017[r].task_start + timedelta(days=(k * 9) % 40)
            ends_on = min(starts_on + timedelta(days=30 + (k * 7) % 60), TASKS_END)
            total, participants = requested + _own(requested), 30 + (k * 7) % 60
        else:
            starts_on, ends_on = grant.starts_on, grant.ends_on
            total, participants = grant.total, grant.participants
        offer = Offer(
            round=r,
            outcome=outcome,
            title=title,
            organisation=org,
            area=area,
            requested=requested,
            total=total,
            starts_on=starts_on,
            ends_on=ends_on,
            participants=participants,
            note=note,
            position=k,
            mean=_mean(outcome, title, k, grant),
        )
        result.append(replace(offer, steps=tuple(_steps(offer, k))))
    signed = sorted(
        (o for o in result if o.at("sign_agreement")), key=lambda o: o.at("sign_agreement")
    )
    numbers = {o.position: f"UM/R/{i:03d}/{YEAR}" for i, o in enumerate(signed, start=1)}
    return [replace(o, agreement_number=numbers.get(o.position, "")) for o in result]


def _reviews(offer: Offer) -> list[tuple[int, list[int], datetime, str]]:
    """Each reviewer's points (their average is the offer's mean), day and comment."""
    if not offer.mean:
        return []
    r = ROUNDS_2017[offer.round]
    k = offer.position
    span = (r.decided - r.declared).days - 1
    comments = COMMENTS.get(offer.outcome, COMMENTS[FUNDED])
    result = []
    for i, total in enumerate([offer.mean + k % 3, offer.mean - k % 3]):
        if (offer.round, i, offer.organisation) == CONFLICT:
            continue
        day = r.declared + timedelta(days=(k + i) % span)
        result.append(
            (
                i,
                _points(total, k + i),
                _when(day, 10 + 3 * i, k % 60),
                comments[(k + i) % 3 % len(comments)],
            )
        )
    return result


def _points(total: int, k: int) -> list[int]:
    """`total` points (at most 35) over the criteria of 10, 10, 10 and 5 points."""
    last = min(5, round(total * 5 / 35))
    rest = total - last
    return [rest // 3 + (1 if (i + k) % 3 < rest % 3 else 0) for i in range(3)] + [last]


def _topic(title: str) -> str:
    lower = title.lower()
    if "senior" in lower:
        return "Seniorzy i ich bliscy"
    if any(w in lower for w in ("dzieci", "młodzież", "dziecka", "odkrywc", "robotyk")):
        return "Dzieci i młodzież z rodzicami"
    if "rodzin" in lower:
        return "Rodziny z dziećmi"
    return "Sąsiedzi w każdym wieku"


def _budget(application: Application, offer: Offer) -> list[BudgetLine]:
    """The grant over materials, services and promotion; the own contribution as
    volunteer hours at 20 zł (and, to make it add up, a room lent for two days)."""
    grant, own = offer.requested, offer.total - offer.requested
    materials_name, services_name, promotion_name = LINES[offer.position % len(LINES)]
    materials = (grant * Decimal("0.45") / STEP).to_integral_value() * STEP
    promotion = Decimal(200) + STEP * (offer.position % 16)
    services = grant - materials - promotion
    room = Decimal(150) if own % 20 else Decimal(0)
    rows = [
        (materials_name, "materials", "komplet", materials, 1, materials, Decimal(0)),
        (services_name, "services", "godz.", services / 20, 20, services, Decimal(0)),
        (promotion_name, "promotion", "szt.", promotion / 100, 100, promotion, Decimal(0)),
        (
            "Praca wolontariuszy",
            "personnel",
            "godz.",
            Decimal(20),
            (own - room) / 20,
            0,
            own - room,
        ),
    ]
    if room:
        rows.append(
            ("Udostępnienie sali (wkład rzeczowy)", "other", "dzień", Decimal(75), 2, 0, room)
        )
    return [
        BudgetLine(
            application=application,
            position=i,
            name=name,
            category=category,
            unit=unit,
            unit_cost=unit_cost,
            quantity=Decimal(quantity),
            requested=Decimal(requested),
            own_non_financial=own_part,
        )
        for i, (name, category, unit, unit_cost, quantity, requested, own_part) in enumerate(rows)
    ]


def _schedule(application: Application, offer: Offer) -> list[ScheduleItem]:
    start, end = offer.starts_on, offer.ends_on
    prepared = min(start + timedelta(days=(end - start).days // 5), end)
    return [
        ScheduleItem(
            application=application,
            position=0,
            activity="Przygotowanie i promocja działań",
            starts_on=start,
            ends_on=prepared,
        ),
        ScheduleItem(
            application=application,
            position=1,
            activity="Działania z mieszkańcami",
            starts_on=prepared,
            ends_on=end,
        ),
        ScheduleItem(
            application=application,
            position=2,
            activity="Podsumowanie i rozliczenie",
            starts_on=end,
            ends_on=end,
        ),
    ]


def _results(application: Application, offer: Offer) -> list[ExpectedResult]:
    people = max(10, int(offer.participants * 0.8) // 5 * 5)
    meetings = min(10, 1 + (offer.ends_on - offer.starts_on).days // 14)
    return [
        ExpectedResult(
            application=application,
            position=0,
            description="Uczestnicy działań",
            target_value=people,
            measured_by="listy obecności",
        ),
        ExpectedResult(
            application=application,
            position=1,
            description="Spotkania, warsztaty i wydarzenia",
            target_value=meetings,
            measured_by="harmonogram i dokumentacja zdjęciowa",
        ),
    ]


def _summary(title: str) -> str:
    return f"{title}: działania przygotowane z sąsiadami, otwarte dla wszystkich."


def _contact_email(organisation: Organisation, position: int) -> str:
    return organisation.email or f"grupa{position + 1:02d}@grupy.example.org"


def _make(offers_to_make: list[Offer], calls, organisations, officer, reviewers) -> None:
    """The offers as submitted and handled: their parts, histories, reviews and final
    reports, saved a kind of row at a time (a round's worth in a few queries)."""
    areas = {a.name: a for a in Area.objects.all()}
    criteria = {c.pk: list(c.criteria.all()) for c in calls}
    made, events, messages = [], [], []
    for offer in offers_to_make:
        organisation = organisations[offer.organisation]
        application = Application(
            call=calls[offer.round],
            organisation=organisation,
            number=offer.number,
            contact_name=CONTACTS[offer.organisation % len(CONTACTS)],
            contact_email=_contact_email(organisation, offer.organisation),
            title=offer.title,
            place="" if offer.area else "Różne miejsca w Poznaniu",
            start_date=offer.starts_on,
            end_date=offer.ends_on,
            summary=_summary(offer.title),
            target_group=_topic(offer.title),
            total_cost=offer.total,
            requested_amount=offer.requested,
            declaration=True,
            rodo_consent=True,
        )
        steps, notes = history(
            application,
            list(offer.steps),
            officer=officer,
            amount=offer.requested,
            agreement_number=offer.agreement_number,
            correction_sections=["budget"] if offer.outcome == FUNDED else ["schedule", "budget"],
            correction_until=ROUNDS_2017[offer.round].corrections_due,
        )
        # The database holds the constraints; the fields are checked here.
        application.full_clean(exclude=["call", "organisation"], validate_constraints=False)
        made.append((offer, application))
        events += steps
        messages += notes
    Application.objects.bulk_create([a for _, a in made])
    for offer, application in made:
        application.created_at = offer.at("submit") - timedelta(days=3)
        application.updated_at = offer.steps[-1][1]
    Application.objects.bulk_update([a for _, a in made], ["created_at", "updated_at"])
    ApplicationEvent.objects.bulk_create(events)
    Message.objects.bulk_create(messages)
    Application.areas.through.objects.bulk_create(
        Application.areas.through(application_id=a.pk, area_id=areas[o.area].pk)
        for o, a in made
        if o.area
    )
    lines = {o.number: _budget(a, o) for o, a in made}
    results = {o.number: _results(a, o) for o, a in made}
    BudgetLine.objects.bulk_create([line for rows in lines.values() for line in rows])
    ExpectedResult.objects.bulk_create([r for rows in results.values() for r in rows])
    ScheduleItem.objects.bulk_create([item for o, a in made for item in _schedule(a, o)])

    reviews = []
    for offer, application in made:
        for i, points, when, comment in _reviews(offer):
            review = Review(
                application=application,
                reviewer=reviewers[i],
                comment=comment,
                total_points=sum(points),
            )
            reviews.append((review, points, when, criteria[application.call_id]))
    Review.objects.bulk_create([r for r, *_ in reviews])
    for review, _points, when, _criteria in reviews:
        review.created_at = review.updated_at = when
    Review.objects.bulk_update([r for r, *_ in reviews], ["created_at", "updated_at"])
    Score.objects.bulk_create([s for r, p, _, c in reviews for s in scores(r, c, p)])

    reported = [(o, a) for o, a in made if o.at("submit_report")]
    reports = [
        FinalReport(
            application=application,
            summary="Działania odbyły się zgodnie z harmonogramem; przyszli sąsiedzi, którzy "
            "wcześniej nie brali udziału w życiu osiedla.",
            participants=offer.participants,
            submitted_at=offer.at("submit_report"),
        )
        for offer, application in reported
    ]
    FinalReport.objects.bulk_create(reports)
    for report in reports:
        report.created_at = report.submitted_at - timedelta(days=5)
        report.updated_at = report.submitted_at
    FinalReport.objects.bulk_update(reports, ["created_at", "updated_at"])
    achieved, costs = [], []
    for (offer, _application), report in zip(reported, reports, strict=True):
        people, meetings = results[offer.number]
        achieved += [
            ReportResult(report=report, expected=people, achieved_value=offer.participants),
            ReportResult(report=report, expected=meetings, achieved_value=meetings.target_value),
        ]
        # Every line cost what the budget said, split as it said.
        costs += [
            ReportCost(
                report=report,
                line=line,
                from_grant=line.requested,
                own_financial=line.own_financial,
                own_non_financial=line.own_non_financial,
            )
            for line in lines[offer.number]
        ]
    ReportResult.objects.bulk_create(achieved)
    ReportCost.objects.bulk_create(costs)


def load_applications(
    all_offers: list[Offer], *, officer, reviewers, organisations
) -> dict[str, Application]:
    """The 2017 rounds' applications, made once; the grants' ones by task title."""
    calls = {c.slug: c for c in Call.objects.filter(slug__in=[r.slug for r in ROUNDS_2017])}
    calls = [calls[r.slug] for r in ROUNDS_2017]
    made = dict(
        Application.objects.filter(number__in=[o.number for o in all_offers]).values_list(
            "number", "pk"
        )
    )
    missing = [o for o in all_offers if o.number not in made]
    if missing:
        _make(missing, calls, organisations, officer, reviewers)
        _declarations(calls, all_offers, organisations, reviewers)
    for spec, call in zip(ROUNDS_2017, calls, strict=True):
        for reviewer in reviewers:
            ReviewerAssignment.objects.get_or_create(
                call=call,
                reviewer=reviewer,
                defaults={"assigned_by": officer, "assigned_at": spec.closes_at},
            )
    # Every application of a round was decided before its results were published.
    for spec, call in zip(ROUNDS_2017, calls, strict=True):
        if call.results_published_at != spec.results_published:
            Call.objects.filter(pk=call.pk).update(results_published_at=spec.results_published)
    last = len(all_offers)
    prefix = f"CIL/{YEAR}/R"
    sequence, _ = NumberSequence.objects.get_or_create(prefix=prefix, defaults={"last": last})
    if sequence.last < last:
        sequence.last = last
        sequence.save(update_fields=["last"])
    funded = {o.number: o.title for o in all_offers if o.outcome == FUNDED}
    return {
        funded[a.number]: a
        for a in Application.objects.filter(number__in=list(funded)).only("pk", "number")
    }


def _declarations(calls, all_offers, organisations, reviewers) -> None:
    """Each reviewer's declaration about every organisation that reached a round's merit
    review (one of them a conflict), made before any of its applications was shown."""
    wanted = {
        (offer.round, i, offer.organisation)
        for offer in all_offers
        if offer.at("accept_formally")
        for i in range(len(reviewers))
    }
    existing = set(
        ConflictDeclaration.objects.filter(call__in=calls).values_list(
            "call_id", "reviewer_id", "organisation_id"
        )
    )
    ConflictDeclaration.objects.bulk_create(
        ConflictDeclaration(
            call=calls[r],
            reviewer=reviewers[i],
            organisation=organisations[org],
            has_conflict=(r, i, org) == CONFLICT,
            explanation="Jestem członkiem tego stowarzyszenia." if (r, i, org) == CONFLICT else "",
            declared_at=_when(ROUNDS_2017[r].declared, 9),
        )
        for r, i, org in sorted(wanted)
        if (calls[r].pk, reviewers[i].pk, organisations[org].pk) not in existing
    )


def _save(kind: str, title: str, **fields) -> Project:
    """The project with its fields set. A grant's is found by its application, or, as a
    demo before the applications left it, by its title without one (a grant of the 2026
    round may have the same title); a grassroots initiative's by its title."""
    projects = Project.objects.filter(kind=kind, title=title)
    if "application" in fields:
        project = (
            Project.objects.filter(application=fields["application"]).first()
            or projects.filter(application__isnull=True).first()
        )
    else:
        project = projects.first()
    project = project or Project(kind=kind, title=title)
    for field, value in fields.items():
        setattr(project, field, value)
    project.full_clean()
    project.save()
    return project


def load(*, officer, reviewers: list) -> list[Project]:
    """The 88 projects, and the 2017 rounds' applications the 48 grants came from; the
    official handled them and the demo's reviewers scored them."""
    slugs = [*GRASSROOTS, REGRANTING_CENTRE]
    centres = {c.slug: c for c in Centre.objects.filter(slug__in=slugs)}
    organisations = _organisations()
    areas = {a.name: a for a in Area.objects.all()}
    all_offers = offers()
    applications = load_applications(
        all_offers, officer=officer, reviewers=reviewers, organisations=organisations
    )
    by_title = {o.title: o for o in all_offers if o.outcome == FUNDED}
    result = []
    for grant in regranting_grants():
        offer = by_title[grant.title]
        result.append(
            _save(
                Project.Kind.REGRANTING,
                grant.title,
                centre=centres[REGRANTING_CENTRE],
                organisation=organisations[grant.organisation],
                area=areas[grant.area] if grant.area else None,
                application=applications[grant.title],
                agreement_number=offer.agreement_number,
                starts_on=grant.starts_on,
                ends_on=grant.ends_on,
                grant_amount=grant.grant,
                total_cost=grant.total,
                participants=grant.participants,
                description=_summary(grant.title),
                paid_on=offer.at("pay").date(),
                paid_amount=grant.grant,
                settled_on=offer.at("settle").date(),
            )
        )
    costs = iter(grassroots_costs())
    number = 0
    for slug, initiatives in GRASSROOTS.items():
        centre = centres[slug]
        for title, month in initiatives:
            number += 1
            starts_on = date(YEAR, month, 1 + (number * 5) % 24)
            result.append(
                _save(
                    Project.Kind.GRASSROOTS,
                    title,
                    centre=centre,
                    organisation=None,
                    area=centre.area,
                    agreement_number="",
                    starts_on=starts_on,
                    ends_on=starts_on + timedelta(days=number % 4 * 2),
                    grant_amount=Decimal("0.00"),
                    total_cost=next(costs),
                    participants=15 + (number * 17) % 90,
                )
            )
    return result
