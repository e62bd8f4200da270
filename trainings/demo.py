"""Demo trainings: the two 2017 cycles (108 distinct participants) and coming ones.

Idempotent: every row is found by a natural key and updated. The 2017 data is fixed; the
coming trainings are dated from the day of loading, and a reload moves them on.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from centres.models import Centre
from signups.models import Registration

from .models import Attendance, Session, Training, TrainingGroup

WARSAW = ZoneInfo("Europe/Warsaw")

GROUP_2017_NAME = "Cykle szkoleń 2017"
GROUP_2017_SENTENCE = (
    "cykle szkoleń dotyczących organizowania społeczności lokalnej (adresowane do osób i "
    "instytucji, których celem jest dokonywanie zmiany społecznej poprzez podejmowanie "
    "działań ukierunkowanych na aktywizacje i rozwój społeczności lokalnych) oraz współpracy "
    "Miasta Poznania z organizacjami pozarządowymi (adresowane do osób i instytucji, które "
    'realizują zadania publiczne zlecane przez JST - otwarte konkursy ofert, "małe granty")'
)

FIRST_NAMES = [
    "Anna", "Piotr", "Katarzyna", "Tomasz", "Magdalena", "Michał", "Agnieszka", "Paweł",
    "Joanna", "Krzysztof", "Ewa", "Marcin", "Monika", "Łukasz", "Aleksandra", "Jakub",
    "Barbara", "Grzegorz",
]  # fmt: skip
LAST_NAMES = [
    "Nowak", "Kowalczyk", "Wiśniewska", "Wójcik", "Kamińska", "Lewandowski", "Zielińska",
    "Szymański", "Woźniak", "Dąbrowski", "Kozłowska", "Jankowski",
]  # fmt: skip
ORGANISATIONS = [
    "Stowarzyszenie Sąsiedzka Wilda", "Fundacja Aktywne Osiedla", "Rada Osiedla Kiekrz",
    "Fundacja Chartowo Razem", "Stowarzyszenie Młodzieżowy Klub Filmowy",
    "Fundacja Łazarz Mobilny", "Centrum Inicjatyw Senioralnych", "Poznańskie Centrum "
    "Wspierania Organizacji Pozarządowych", "Miejski Ośrodek Pomocy Rodzinie",
    "Stowarzyszenie Na Rzecz Dzieci i Młodzieży", "Fundacja Nasze Podwórko",
    "Rada Osiedla Wilda", "Rada Osiedla Chartowo", "Klub Seniora Jeżyce",
    "Stowarzyszenie Kulturalne Łazarz", "",
]  # fmt: skip

PEOPLE = 108
# Cycle 1: people 1–64; cycle 2: people 55–108; ten people took both, so 108 distinct.
CYCLES_2017 = [
    {
        "slug": "organizowanie-spolecznosci-lokalnej-2017",
        "title": "Organizowanie społeczności lokalnej – cykl szkoleń 2017",
        "topic": "Organizowanie społeczności lokalnej (OSL)",
        "audience": (
            "Osoby i instytucje, których celem jest dokonywanie zmiany społecznej poprzez "
            "aktywizację i rozwój społeczności lokalnych"
        ),
        "trainer": "Zespół trenerów CIL",
        "people": range(1, 65),
        "days": [(2017, 4, 8), (2017, 4, 22), (2017, 5, 13), (2017, 5, 27), (2017, 6, 10)],
    },
    {
        "slug": "wspolpraca-miasta-z-ngo-2017",
        "title": "Współpraca Miasta Poznania z organizacjami pozarządowymi – cykl szkoleń 2017",
        "topic": 'Otwarte konkursy ofert i "małe granty"',
        "audience": (
            "Osoby i instytucje, które realizują zadania publiczne zlecane przez JST – "
            'otwarte konkursy ofert, "małe granty"'
        ),
        "trainer": "Wydział Zdrowia i Spraw Społecznych UMP",
        "people": range(55, PEOPLE + 1),
        "days": [(2017, 9, 16), (2017, 9, 30), (2017, 10, 14), (2017, 10, 28)],
    },
]

# Coming trainings, dated from the day the demo is loaded (so the calendar stays alive):
# `days` are days after that day. Their slugs carry no year; `former_slug` is the slug an
# earlier demo gave the same training, taken over so that reloading never duplicates it.
COMING = [
    {
        "slug": "jak-napisac-wniosek-o-mikrogrant",
        "former_slug": "jak-napisac-wniosek-o-mikrogrant-2026",
        "title": "Jak napisać wniosek o mikrogrant",
        "topic": "Regranting: wniosek, kosztorys, wkład własny",
        "audience": "Grupy nieformalne i małe organizacje",
        "trainer": "Anna Organizatorka",
        "capacity": 12,
        "days": [9],
        "online_url": "",
    },
    {
        "slug": "organizowanie-spolecznosci-lokalnej-nowy-cykl",
        "former_slug": "organizowanie-spolecznosci-lokalnej-2027",
        "title": "Organizowanie społeczności lokalnej – nowy cykl szkoleń",
        "topic": "Organizowanie społeczności lokalnej (OSL)",
        "audience": "Liderzy osiedli, animatorzy, członkowie rad osiedli",
        "trainer": "Zespół trenerów CIL",
        "capacity": 20,
        "days": [30, 44, 58],
        "online_url": "",
    },
    {
        "slug": "wspolpraca-z-rada-osiedla-online",
        "former_slug": "wspolpraca-z-rada-osiedla-online-2027",
        "title": "Współpraca z radą osiedla – szkolenie online",
        "topic": "Jak inicjatywa oddolna współpracuje z radą osiedla",
        "audience": "Mieszkańcy i grupy nieformalne",
        "trainer": "Piotr Kowalski",
        "capacity": 40,
        "days": [75],
        "online_url": "https://spotkania.example.org/cil-rada-osiedla",
    },
]

# Wilda's own: organised by CIL "WIL.DA.SIĘ" at its seat (inside Wilda's boundary).
WILDA_CENTRE_SLUG = "wil-da-sie"
WILDA_SEAT = {
    "place_name": "CIL WIL.DA.SIĘ – Schron Kultury Europa",
    "address": "ul. Rolna 24, 61-487 Poznań",
    "latitude": "52.391500",
    "longitude": "16.918000",
}
WILDA_COMING = {
    "slug": "podworka-wildy-warsztaty-dla-liderow",
    "title": "Podwórka Wildy – warsztaty dla liderów sąsiedzkich",
    "topic": "Jak zebrać sąsiadów i zmienić wspólne podwórko",
    "audience": "Mieszkańcy Wildy, rady kamienic, grupy nieformalne",
    "trainer": "Zespół CIL WIL.DA.SIĘ",
    "capacity": 16,
    "days": [12, 19],
}


def person(n: int) -> dict:
    first = FIRST_NAMES[n % len(FIRST_NAMES)]
    last = LAST_NAMES[(n * 7) % len(LAST_NAMES)]
    return {
        "full_name": f"{first} {last}",
        "email": f"uczestnik{n:03d}@example.org",
        "organisation": ORGANISATIONS[n % len(ORGANISATIONS)],
    }


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=WARSAW)


def _training(spec: dict, days: list[date], *, closes_hour: int = 0, **extra) -> Training:
    training = (
        Training.objects.filter(slug__in=[spec["slug"], spec.get("former_slug", "")]).first()
        or Training()
    )
    training.slug = spec["slug"]
    for field in ("title", "topic", "audience", "trainer"):
        setattr(training, field, spec[field])
    training.description = extra.pop("description", "")
    training.signup_opens_at = _at(days[0] - timedelta(days=45), 0)
    training.signup_closes_at = _at(days[0] - timedelta(days=1), closes_hour)
    if spec.get("online_url"):
        training.place_name = training.address = ""
        training.latitude = training.longitude = None
    else:
        training.place_name = "Centrum Inicjatyw Lokalnych – Regrantingowe"
        training.address = "ul. Bukowska 27/29, 60-501 Poznań"
        training.latitude, training.longitude = "52.406300", "16.883000"
    for field, value in extra.items():
        setattr(training, field, value)
    training.full_clean()
    training.save()
    _sessions(training, days)
    training.sync_signup_list()
    return training


def _sessions(training: Training, days: list[date]) -> None:
    """One session per day, 10:00–15:00; a reload moves the same sessions to new days."""
    existing = list(training.sessions.order_by("starts_at", "pk"))
    for number, day in enumerate(days, start=1):
        session = existing[number - 1] if number <= len(existing) else Session(training=training)
        session.title = f"Spotkanie {number}"
        session.starts_at, session.ends_at = _at(day, 10), _at(day, 15)
        session.full_clean()
        session.save()
    for session in existing[len(days) :]:
        session.delete()


def load(*, organiser_organisation=None, organiser_centre=None) -> list[Training]:
    group, _ = TrainingGroup.objects.update_or_create(
        name=GROUP_2017_NAME, defaults={"report_sentence": GROUP_2017_SENTENCE}
    )
    result = []
    for spec in CYCLES_2017:
        training = _training(
            spec,
            [date(*day) for day in spec["days"]],
            group=group,
            capacity=70,
            description=(
                "Cykl szkoleń programu Centrum Inicjatyw Lokalnych, prowadzony przez Miasto "
                "Poznań w 2017 roku."
            ),
        )
        _attendance(training, spec["people"])
        result.append(training)
    today = timezone.localdate()
    for number, spec in enumerate(COMING):
        result.append(
            _training(
                spec,
                [today + timedelta(days=n) for n in spec["days"]],
                closes_hour=20,
                capacity=spec["capacity"],
                online_url=spec["online_url"],
                organiser_organisation=organiser_organisation if number == 1 else None,
                organiser_centre=organiser_centre if number == 0 else None,
                description=(
                    "Zajęcia są bezpłatne. Zapewniamy tłumacza języka migowego na życzenie "
                    "zgłoszone przy zapisie."
                ),
            )
        )
    wilda = Centre.objects.filter(slug=WILDA_CENTRE_SLUG).first()
    if wilda is not None:
        result.append(
            _training(
                WILDA_COMING,
                [today + timedelta(days=n) for n in WILDA_COMING["days"]],
                closes_hour=20,
                capacity=WILDA_COMING["capacity"],
                organiser_centre=wilda,
                organiser_organisation=None,
                description=(
                    "Dwa spotkania w Schronie Kultury Europa: mapujemy podwórka Wildy i "
                    "planujemy pierwsze sąsiedzkie działanie. Zajęcia bezpłatne."
                ),
                **WILDA_SEAT,
            )
        )
    return result


def _attendance(training: Training, people: range) -> None:
    """Confirmed registrations and a deterministic pattern of who came to which session."""
    sessions = list(training.sessions.order_by("starts_at"))
    closed = training.signup_closes_at
    for n in people:
        registration, _ = Registration.objects.get_or_create(
            signup_list=training.signup_list,
            email=person(n)["email"],
            defaults={
                **person(n),
                "consent": True,
                "status": Registration.Status.CONFIRMED,
                "confirmed_at": closed,
            },
        )
        came = [s for i, s in enumerate(sessions) if (n + i) % 4 != 0] or sessions[:1]
        Attendance.objects.bulk_create(
            [Attendance(session=s, registration=registration) for s in came],
            ignore_conflicts=True,
        )
    # Registrations made years ago keep their dates stable between loads.
    Registration.objects.filter(signup_list=training.signup_list).update(
        created_at=closed - timedelta(days=7) if closed else timezone.now()
    )
