"""Demo events: the 2017 campaign, conference and exhibition, and coming events.

Idempotent: every event is found by its slug and updated. The 2017 events are fixed; the
coming ones are dated from the day of loading, and a reload moves them on.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from centres.models import Centre

from .models import Event

WARSAW = ZoneInfo("Europe/Warsaw")
CITY_HALL = {
    "place_name": "Urząd Miasta Poznania",
    "address": "pl. Kolegiacki 17, 61-841 Poznań",
    "latitude": "52.408200",
    "longitude": "16.933500",
}

CONFERENCE_TITLE = (
    "Inspiruj. Działaj. Bądź aktywny lokalnie - program Urzędu Miasta Poznania. Regranting "
    "i CIL jako narzędzie rozwoju i aktywizacji wspólnot lokalnych"
)
CONFERENCE_SENTENCE = (
    'konferencję "Inspiruj. Działaj. Bądź aktywny lokalnie - program Urzędu Miasta Poznania. '
    'Regranting i CIL jako narzędzie rozwoju i aktywizacji wspólnot lokalnych". Konferencja '
    "popularyzowała zastosowanie równolegle 2 narzędzi rozwoju wspólnot lokalnych, tj.: "
    "regrantingu i organizowania społeczności lokalnej metodą pracy socjalnej, umożliwiła "
    "również wymianę poglądów na temat możliwości rozwoju wspólnot lokalnych i ich wpływu na "
    "kształtowanie rzeczywistości"
)
CAMPAIGN_SENTENCE = (
    "kampanię promocyjno-informacyjną mającą na celu przybliżenie istoty i sposobu działania "
    "CIL oraz zwiększenie świadomości wśród mieszkańców Poznania o działaniach aktualnie "
    "realizowanych w ramach programu CIL"
)


def _at(y: int, m: int, d: int, hour: int = 10) -> datetime:
    return datetime(y, m, d, hour, 0, tzinfo=WARSAW)


def _ahead(today: date, days: int, hour: int) -> datetime:
    return datetime.combine(today + timedelta(days=days), time(hour), tzinfo=WARSAW)


def _event(slug: str, *, former_slug: str = "", **fields) -> Event:
    # An earlier demo gave the coming events slugs with a year: take them over.
    event = Event.objects.filter(slug__in=[slug, former_slug]).first() or Event()
    event.slug = slug
    for field, value in fields.items():
        setattr(event, field, value)
    event.full_clean()
    event.save()
    return event


def load(*, organiser_organisation=None, organiser_centre=None) -> list[Event]:
    campaign = _event(
        "kampania-informacyjna-cil-2017",
        title="Kampania promocyjno-informacyjna programu CIL",
        kind=Event.Kind.CAMPAIGN,
        starts_at=_at(2017, 3, 1, 9),
        ends_at=_at(2017, 12, 15, 18),
        signups_enabled=False,
        description=(
            "Plakaty, ulotki i spotkania na osiedlach: czym jest Centrum Inicjatyw Lokalnych "
            "i jak z niego skorzystać."
        ),
        report_sentence=CAMPAIGN_SENTENCE,
    )
    conference = _event(
        "konferencja-inspiruj-dzialaj-2017",
        title=CONFERENCE_TITLE,
        kind=Event.Kind.CONFERENCE,
        starts_at=_at(2017, 11, 17, 9),
        ends_at=_at(2017, 11, 17, 16),
        signups_enabled=False,
        participants_recorded=130,
        participants_estimate=True,
        description=(
            "Konferencja dla przedstawicieli JST i organizacji pozarządowych o regrantingu i "
            "organizowaniu społeczności lokalnej."
        ),
        report_sentence=CONFERENCE_SENTENCE,
        **CITY_HALL,
    )
    exhibition = _event(
        "wystawa-projekty-cil-2017",
        title="Wystawa projektów i inicjatyw oddolnych programu CIL",
        kind=Event.Kind.EXHIBITION,
        starts_at=_at(2017, 11, 17, 9),
        ends_at=_at(2017, 11, 30, 17),
        signups_enabled=False,
        accompanies=conference,
        description=(
            "Wystawa w holu Urzędu Miasta Poznania przedstawiająca wybrane projekty i "
            "inicjatywy oddolne zrealizowane w ramach programu CIL."
        ),
        **{**CITY_HALL, "place_name": "Hol Urzędu Miasta Poznania"},
    )
    today = timezone.localdate()
    coming = [
        _event(
            "debata-sasiedztwa",
            former_slug="debata-sasiedztwa-2026",
            title="Debata: jak miasto może wspierać sąsiedztwa",
            kind=Event.Kind.DEBATE,
            starts_at=_ahead(today, 6, 17),
            ends_at=_ahead(today, 6, 19),
            capacity=60,
            signup_closes_at=_ahead(today, 6, 12),
            description="Rozmowa mieszkańców, radnych osiedli i urzędników.",
            organiser_centre=organiser_centre,
            **CITY_HALL,
        ),
        _event(
            "gala-sojusznikow-sasiedztw",
            former_slug="gala-sojusznikow-sasiedztw-2026",
            title="Gala sojuszników sąsiedztw",
            kind=Event.Kind.GALA,
            starts_at=_ahead(today, 16, 18),
            ends_at=_ahead(today, 16, 21),
            capacity=100,
            signup_closes_at=_ahead(today, 14, 23),
            description="Podsumowanie roku w programie CIL dla NGO, JST i grup nieformalnych.",
            organiser_organisation=organiser_organisation,
            place_name="Centrum Kultury Zamek",
            address="ul. Święty Marcin 80/82, 61-809 Poznań",
            latitude="52.406900",
            longitude="16.918900",
        ),
        _event(
            "dzien-aktywnosci-spolecznej",
            former_slug="dzien-aktywnosci-spolecznej-2027",
            title="Dzień Aktywności Społecznej",
            kind=Event.Kind.SOCIAL_ACTIVITY_DAY,
            starts_at=_ahead(today, 50, 11),
            ends_at=_ahead(today, 50, 16),
            signups_enabled=False,
            description="Stoiska organizacji, warsztaty dla rodzin, wolontariat na miejscu.",
            place_name="Stary Rynek",
            address="Stary Rynek, 61-772 Poznań",
            latitude="52.408600",
            longitude="16.934300",
        ),
    ]
    return [campaign, conference, exhibition, *coming, *_wilda(today)]


def _wilda(today: date) -> list[Event]:
    """Wilda's own events, one past and one coming, organised by CIL "WIL.DA.SIĘ" at places
    inside Wilda's boundary."""
    wilda = Centre.objects.filter(slug="wil-da-sie").first()
    if wilda is None:
        return []
    return [
        _event(
            "sniadanie-sasiedzkie-na-rynku-wildeckim",
            title="Śniadanie sąsiedzkie na Rynku Wildeckim",
            kind=Event.Kind.INTEGRATION,
            starts_at=_ahead(today, -24, 10),
            ends_at=_ahead(today, -24, 13),
            signups_enabled=False,
            participants_recorded=80,
            participants_estimate=True,
            description="Wspólne stoły, domowe wypieki i rozmowy o tym, co zmienić na Wildzie.",
            organiser_centre=wilda,
            place_name="Rynek Wildecki",
            address="Rynek Wildecki, 61-546 Poznań",
            latitude="52.396700",
            longitude="16.920300",
        ),
        _event(
            "spacer-badawczy-po-wildzie",
            title="Spacer badawczy po Wildzie: miejsca do zmiany",
            kind=Event.Kind.INTEGRATION,
            starts_at=_ahead(today, 10, 17),
            ends_at=_ahead(today, 10, 19),
            capacity=25,
            signup_closes_at=_ahead(today, 9, 20),
            description=(
                "Idziemy od Schronu Kultury Europa ulicami Wildy i zapisujemy, co mieszkańcy "
                "chcieliby zmienić; z notatek powstaną pomysły na inicjatywy oddolne."
            ),
            organiser_centre=wilda,
            place_name="CIL WIL.DA.SIĘ – Schron Kultury Europa",
            address="ul. Rolna 24, 61-487 Poznań",
            latitude="52.391500",
            longitude="16.918000",
        ),
    ]
