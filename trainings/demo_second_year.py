"""The second demo year (2018), modelled on the Słupsk seed: four training days for
representatives of NGOs, which 48 people attended. The training has neither a group nor a
sentence of its own, so the yearly report says it as "4 dni szkoleniowe, …".

Deterministic and idempotent, like trainings/demo.py.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from signups.demo import PEOPLE_2018, representative
from signups.models import Registration

from .models import Attendance, Session, Training

WARSAW = ZoneInfo("Europe/Warsaw")
SLUG = "szkolenia-dla-organizacji-pozarzadowych-2018"
DAYS = [(2018, 4, 14), (2018, 4, 21), (2018, 5, 12), (2018, 5, 19)]
# 48 of the year's 220 people, from all over the list.
PEOPLE = sorted({1 + (k * 9) % PEOPLE_2018 for k in range(48)})


def _at(day: tuple[int, int, int], hour: int) -> datetime:
    return datetime(*day, hour, 0, tzinfo=WARSAW)


def load() -> Training:
    training = Training.objects.filter(slug=SLUG).first() or Training(slug=SLUG)
    training.title = "Szkolenia dla przedstawicieli organizacji pozarządowych 2018"
    training.topic = "Finansowanie, współpraca i partnerstwo organizacji pozarządowych"
    training.audience = "Przedstawiciele poznańskich organizacji pozarządowych"
    training.trainer = "Zespół trenerów CIL"
    training.description = "Cztery dni szkoleniowe dla organizacji pozarządowych."
    training.capacity = 60
    training.signup_opens_at = _at(DAYS[0], 0).replace(month=3, day=1)
    training.signup_closes_at = _at(DAYS[0], 0).replace(day=10)
    training.place_name = "Centrum Inicjatyw Lokalnych – Regrantingowe"
    training.address = "ul. Bukowska 27/29, 60-501 Poznań"
    training.full_clean()
    training.save()
    sessions = [
        Session.objects.update_or_create(
            training=training,
            starts_at=_at(day, 10),
            defaults={"ends_at": _at(day, 16), "title": f"Dzień szkoleniowy {i}"},
        )[0]
        for i, day in enumerate(DAYS, start=1)
    ]
    training.sync_signup_list()
    emails = [representative(n)["email"] for n in PEOPLE]
    Registration.objects.filter(signup_list=training.signup_list).exclude(email__in=emails).delete()
    for n in PEOPLE:
        registration, _ = Registration.objects.get_or_create(
            signup_list=training.signup_list,
            email=representative(n)["email"],
            defaults={
                **representative(n),
                "consent": True,
                "status": Registration.Status.CONFIRMED,
                "confirmed_at": training.signup_closes_at,
            },
        )
        came = [s for i, s in enumerate(sessions) if (n + i) % 3 != 0]
        Attendance.objects.bulk_create(
            [Attendance(session=s, registration=registration) for s in came],
            ignore_conflicts=True,
        )
    Registration.objects.filter(signup_list=training.signup_list).update(
        created_at=training.signup_opens_at
    )
    return training
