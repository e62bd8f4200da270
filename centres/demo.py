"""Demo centres: the six centres active in Poznań in 2017 (seed 000_9ee58bf6781bd0d5.txt)
and the city's 42 auxiliary units by name.

Boundaries are not carried here: `manage.py import_areas poznan-osiedla.geojson` adds them.
Without them the map shows the centres only and a resident finds their centre by choosing
the osiedle.
"""

import datetime
from decimal import Decimal

from organisations.models import Organisation

from .models import Centre
from .services import area_ensure

# The 42 osiedla of Poznań, by their official names (after the 2021 renamings).
AREA_NAMES = [
    "Antoninek-Zieliniec-Kobylepole",
    "Chartowo",
    "Fabianowo-Kotowo",
    "Grunwald Południe",
    "Grunwald Północ",
    "Górczyn",
    "Głuszyna",
    "Główna",
    "Jeżyce",
    "Junikowo",
    "Kiekrz",
    "Krzesiny-Pokrzywno-Garaszewo",
    "Krzyżowniki-Smochowice",
    "Kwiatowe",
    "Morasko-Radojewo",
    "Naramowice",
    "Nowe Winogrady Południe",
    "Nowe Winogrady Północ",
    "Nowe Winogrady Wschód",
    "Ogrody",
    "Ostrów Tumski-Śródka-Zawady-Komandoria",
    "Piątkowo",
    "Piątkowo Północ",
    "Podolany",
    "Rataje",
    "Sołacz",
    "Stare Miasto",
    "Stare Winogrady",
    "Starołęka-Minikowo",
    "Stary Grunwald",
    "Strzeszyn",
    "Szczepankowo-Spławie-Krzesinki",
    "Umultowo",
    "Warszawskie-Pomet-Maltańskie",
    "Wilda",
    "Winiary",
    "Wola",
    "Zielony Dębiec",
    "Ławica",
    "Św. Łazarz",
    "Świerczewo",
    "Żegrze",
]

N, R = Centre.Kind.NEIGHBOURHOOD, Centre.Kind.REGRANTING
START = datetime.date(2017, 1, 1)

CENTRES = [
    {
        "slug": "regrantingowe-bukowska",
        "name": "Centrum Inicjatyw Lokalnych - Regrantingowe na ul. Bukowskiej w przestrzeni "
        "Poznańskie Centrum Wspierania Organizacji Pozarządowych i Wolontariatu",
        "kind": R,
        "area": None,
        "operator_krs": "0000523456",
        "street": "ul. Bukowska 27/29",
        "postal_code": "60-501",
        "latitude": "52.406300",
        "longitude": "16.883000",
        "opening_hours": "pon.–pt. 10:00–18:00",
        "accessibility": "Wejście z poziomu chodnika, winda na wszystkie piętra, toaleta "
        "dostosowana na parterze, pętla indukcyjna w sali szkoleniowej.",
        "description": "Centrum regrantingowe działające na rzecz całego miasta: ogłasza "
        "nabory na mikrodotacje dla organizacji pozarządowych i grup nieformalnych, "
        "doradza przy pisaniu wniosków i rozliczaniu projektów.",
    },
    {
        "slug": "osiedle-kiekrz",
        "name": "Centrum Inicjatyw Lokalnych: Osiedle Kiekrz",
        "kind": N,
        "area": "Kiekrz",
        "operator_krs": "0000634567",
        "street": "ul. Chojnicka 4",
        "postal_code": "62-090",
        "latitude": "52.472000",
        "longitude": "16.765000",
        "opening_hours": "wt. i czw. 15:00–19:00, sob. 10:00–13:00",
        "accessibility": "Parter, wejście bez progów od strony parkingu; toaleta dostosowana.",
        "description": "Sąsiedzkie centrum dla mieszkańców Kiekrza: spotkania nad jeziorem, "
        "wspólne porządki, inicjatywy rad osiedla i seniorów.",
    },
    {
        "slug": "chartowo",
        "name": "Centrum Inicjatyw Lokalnych na Chartowie",
        "kind": N,
        "area": "Chartowo",
        "operator_krs": "0000745678",
        "street": "os. Czecha 41",
        "postal_code": "61-287",
        "latitude": "52.388000",
        "longitude": "16.989000",
        "opening_hours": "pon.–pt. 12:00–19:00",
        "accessibility": "Wejście po trzech stopniach, podjazd dla wózków od strony podwórza; "
        "toaleta dostosowana na parterze.",
        "description": "Miejsce spotkań sąsiadów z osiedli Chartowa: organizowanie "
        "społeczności lokalnej, kluby zainteresowań, wsparcie inicjatyw oddolnych.",
    },
    {
        "slug": "mlodziezowy-klub-filmowy",
        "name": "Centrum Inicjatyw Lokalnych: Młodzieżowy Klub Filmowy",
        "kind": N,
        "area": "Stare Miasto",
        "operator_krs": "0000856789",
        "street": "ul. Ratajczaka 44",
        "postal_code": "61-728",
        "latitude": "52.405000",
        "longitude": "16.924000",
        "opening_hours": "pon.–pt. 14:00–20:00",
        "accessibility": "Sala na pierwszym piętrze bez windy; na prośbę spotkania odbywają się "
        "w sali na parterze.",
        "description": "Centrum dla młodzieży ze Starego Miasta: pokazy, warsztaty filmowe "
        "i wsparcie młodych w realizacji własnych projektów w okolicy.",
    },
    {
        "slug": "wil-da-sie",
        "name": 'Centrum Inicjatyw Lokalnych "WIL.DA.SIĘ"',
        "kind": N,
        "area": "Wilda",
        "operator_krs": "0000412345",
        "street": "ul. Rolna 24",
        "postal_code": "61-487",
        "latitude": "52.391500",
        "longitude": "16.918000",
        "opening_hours": "pon.–pt. 10:00–18:00",
        "accessibility": "Schron Kultury Europa: wejście po schodach w dół, platforma dla wózków "
        "na prośbę zgłoszoną dzień wcześniej; toaleta dostosowana.",
        "description": "Sąsiedzkie centrum Wildy w Schronie Kultury Europa: organizowanie "
        "społeczności lokalnej, spotkania sąsiedzkie i pomoc mieszkańcom w realizacji "
        "inicjatyw oddolnych.",
    },
    {
        "slug": "lazanka",
        "name": "Mobilne Centrum Inicjatyw Lokalnych ŁAZANKA",
        "kind": N,
        "area": "Św. Łazarz",
        "operator_krs": "0000967890",
        "mobile": True,
        "street": "",
        "postal_code": "",
        "latitude": "52.396700",
        "longitude": "16.895500",
        "opening_hours": "W różnych miejscach Łazarza; aktualny plan na stronie operatora.",
        "accessibility": "Spotkania w plenerze i w świetlicach osiedlowych; dostępność każdego "
        "miejsca podajemy w planie spotkań.",
        "description": "Mobilne centrum bez stałej siedziby: animatorzy przychodzą na "
        "podwórka, skwery i do świetlic Św. Łazarza i tam wspierają sąsiadów.",
    },
]


def load() -> list[Centre]:
    areas = {name: area_ensure(name=name) for name in AREA_NAMES}
    operators = {
        o.krs: o for o in Organisation.objects.filter(krs__in=[c["operator_krs"] for c in CENTRES])
    }
    result = []
    for spec in CENTRES:
        spec = dict(spec)
        slug = spec.pop("slug")
        area = spec.pop("area")
        operator = operators.get(spec.pop("operator_krs"))
        centre = Centre.objects.filter(slug=slug).first() or Centre(slug=slug)
        for field, value in spec.items():
            setattr(centre, field, value)
        centre.latitude = Decimal(spec["latitude"])
        centre.longitude = Decimal(spec["longitude"])
        centre.area = areas[area] if area else None
        centre.operator = operator
        centre.active_from = START
        centre.email = operator.email if operator else ""
        centre.full_clean()
        centre.save()
        result.append(centre)
    return result
