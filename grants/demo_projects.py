"""Demo projects: the 88 projects realised in Poznań in 2017 (seed 000_9ee58bf6781bd0d5.txt).

48 regranting grants from the regranting centre's micro-grant call (at most 5 000 zł, with
an own contribution of at least 10% of the cost) and 40 grassroots initiatives supported
by the five neighbourhood centres in their osiedla. The amounts are made up, but add up
to the seed's figures: 299 tys. zł in all (299 000 ≤ total < 299 500), of which "blisko
226 tys. zł" regranting (225 500 ≤ part < 226 000).

Deterministic and idempotent: an organisation is found by its KRS (an informal group by
its name), a project by its kind and title, and every field is set again on each load.
"""

from datetime import date, timedelta
from decimal import Decimal

from centres.models import Area, Centre
from organisations.demo import nip_with_checksum, regon_with_checksum
from organisations.models import InformalGroupMember, Organisation

from .models import Project

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
]

MEMBERS = ["Anna Kowalska", "Piotr Nowak", "Maria Wiśniewska", "Tomasz Zieliński"]

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


def _save(kind: str, title: str, **fields) -> Project:
    # Not a project of an application: a grant of the 2026 round may have the same title.
    project = Project.objects.filter(kind=kind, title=title, application__isnull=True).first()
    project = project or Project(kind=kind, title=title)
    for field, value in fields.items():
        setattr(project, field, value)
    project.full_clean()
    project.save()
    return project


def load() -> list[Project]:
    slugs = [*GRASSROOTS, REGRANTING_CENTRE]
    centres = {c.slug: c for c in Centre.objects.filter(slug__in=slugs)}
    organisations = _organisations()
    areas = {a.name: a for a in Area.objects.all()}
    result = []
    for number, ((title, org, area, month, days), (grant, total)) in enumerate(
        zip(REGRANTING, regranting_amounts(), strict=True), start=1
    ):
        starts_on = date(YEAR, month, 1 + (number * 3) % 27)
        result.append(
            _save(
                Project.Kind.REGRANTING,
                title,
                centre=centres[REGRANTING_CENTRE],
                organisation=organisations[org],
                area=areas[area] if area else None,
                agreement_number=f"CIL/{YEAR}/R/{number:03d}",
                starts_on=starts_on,
                ends_on=min(starts_on + timedelta(days=days), TASKS_END),
                grant_amount=grant,
                total_cost=total,
                participants=20 + (number * 13) % 130,
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
