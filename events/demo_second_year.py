"""The second demo year (2018), modelled on the Słupsk seed (003_5856a9cb2eff4990.txt):
eleven integration meetings with organisations, the election of the council of NGOs
(30 representatives), the game "Gra o poznańskich NGO" and the closing Christmas meeting.
Who came is ticked per person, so the yearly report counts them: 220 representatives of
48 organisations over the year, with the training days (trainings/demo_second_year.py).

Deterministic and idempotent, like events/demo.py.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from signups.demo import PEOPLE_2018, representative
from signups.models import Registration

from .models import Event

WARSAW = ZoneInfo("Europe/Warsaw")
PLACE = {
    "place_name": "Centrum Inicjatyw Lokalnych – Regrantingowe",
    "address": "ul. Bukowska 27/29, 60-501 Poznań",
}
# The eleven meetings, each with one organisation (in the instrumental, as titles say it).
MEETINGS = [
    "Fundacją INDYGO",
    "Stowarzyszeniem INSPIRACJE",
    "Integracyjnym Klubem Sportowym ZRYW",
    "Bankiem Żywności",
    "Polskim Związkiem Niewidomych",
    "Stowarzyszeniem Horyzont",
    "Chrześcijańskim Stowarzyszeniem Dobroczynnym",
    "Fundacją Teatru Władca Lalek",
    "Towarzystwem Pomocy im. św. Brata Alberta",
    "Towarzystwem Kultury Teatralnej – Teatr Rondo",
    "Towarzystwem Opieki nad Zwierzętami",
]


def _at(y: int, m: int, d: int, hour: int) -> datetime:
    return datetime(y, m, d, hour, 0, tzinfo=WARSAW)


def _event(slug: str, people, **fields) -> Event:
    event = Event.objects.filter(slug=slug).first() or Event(slug=slug)
    for field, value in {**PLACE, "signups_enabled": False, **fields}.items():
        setattr(event, field, value)
    event.full_clean()
    event.save()
    people = list(people)
    emails = [representative(n)["email"] for n in people]
    Registration.objects.filter(signup_list=event.signup_list).exclude(email__in=emails).delete()
    for n in people:
        Registration.objects.update_or_create(
            signup_list=event.signup_list,
            email=representative(n)["email"],
            defaults={
                **representative(n),
                "consent": True,
                "status": Registration.Status.CONFIRMED,
                "confirmed_at": event.starts_at,
                "attended": True,
            },
        )
    Registration.objects.filter(signup_list=event.signup_list).update(created_at=event.starts_at)
    return event


def load() -> list[Event]:
    per_meeting = PEOPLE_2018 // len(MEETINGS)
    events = [
        _event(
            f"spotkanie-integracyjne-2018-{k + 1:02d}",
            range(k * per_meeting + 1, (k + 1) * per_meeting + 1),
            title=f"Spotkanie integracyjne z {partner}",
            kind=Event.Kind.INTEGRATION,
            starts_at=_at(2018, k + 1, 8 + k % 3 * 7, 17),
            ends_at=_at(2018, k + 1, 8 + k % 3 * 7, 19),
            description="Spotkanie organizacji pozarządowych: poznajemy się i szukamy "
            "wspólnych działań.",
        )
        for k, partner in enumerate(MEETINGS)
    ]
    events.append(
        _event(
            "wybory-rady-organizacji-pozarzadowych-2018",
            [1 + (k * 7) % PEOPLE_2018 for k in range(30)],
            title="Wybory do Poznańskiej Rady Organizacji Pozarządowych",
            kind=Event.Kind.ELECTION_MEETING,
            starts_at=_at(2018, 3, 20, 17),
            ends_at=_at(2018, 3, 20, 20),
            description="Zebranie wyborcze przedstawicieli organizacji pozarządowych.",
            report_sentence="wybory do Poznańskiej Rady Organizacji Pozarządowych",
        )
    )
    events.append(
        _event(
            "gra-o-poznanskich-ngo-2018",
            [1 + (k * 13) % PEOPLE_2018 for k in range(40)],
            title="Gra o poznańskich NGO",
            kind=Event.Kind.INTEGRATION,
            starts_at=_at(2018, 9, 22, 11),
            ends_at=_at(2018, 9, 22, 15),
            description="Gra terenowa, w której drużyny odwiedzają siedziby organizacji.",
            report_sentence="spotkanie integracyjne „Gra o poznańskich NGO”",
        )
    )
    events.append(
        _event(
            "wigilia-organizacji-pozarzadowych-2018",
            [1 + (k * 3) % PEOPLE_2018 for k in range(60)],
            title="Wigilia Poznańskich Organizacji Pozarządowych",
            kind=Event.Kind.OTHER,
            starts_at=_at(2018, 12, 14, 17),
            ends_at=_at(2018, 12, 14, 20),
            description="Spotkanie podsumowujące rok organizacji pozarządowych.",
            report_sentence="spotkanie podsumowujące „Wigilia Poznańskich Organizacji "
            "Pozarządowych”",
        )
    )
    return events
