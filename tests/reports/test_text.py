from decimal import Decimal

import pytest
from django.utils import translation

from reports import text
from reports.summary import Activity, YearSummary

PROJECTS = {
    1: "zrealizowano 1 projekt",
    2: "zrealizowano 2 projekty",
    4: "zrealizowano 4 projekty",
    5: "zrealizowano 5 projektów",
    12: "zrealizowano 12 projektów",
    22: "zrealizowano 22 projekty",
    25: "zrealizowano 25 projektów",
    112: "zrealizowano 112 projektów",
}
GRANTS = {
    1: "przyznano 1 dotację",
    2: "przyznano 2 dotacje",
    4: "przyznano 4 dotacje",
    5: "przyznano 5 dotacji",
    12: "przyznano 12 dotacji",
    22: "przyznano 22 dotacje",
    25: "przyznano 25 dotacji",
    112: "przyznano 112 dotacji",
}
PEOPLE = {
    1: "w których łącznie uczestniczyła 1 osoba",
    2: "w których łącznie uczestniczyły 2 osoby",
    4: "w których łącznie uczestniczyły 4 osoby",
    5: "w których łącznie uczestniczyło 5 osób",
    12: "w których łącznie uczestniczyło 12 osób",
    22: "w których łącznie uczestniczyły 22 osoby",
    25: "w których łącznie uczestniczyło 25 osób",
    108: "w których łącznie uczestniczyło 108 osób",
    112: "w których łącznie uczestniczyło 112 osób",
}


@pytest.mark.parametrize("n,expected", PROJECTS.items())
def test_projects_take_the_right_polish_form(n, expected):
    assert text.projects_realised(n) == expected


@pytest.mark.parametrize("n,expected", GRANTS.items())
def test_grants_take_the_right_polish_form(n, expected):
    assert text.grants_awarded(n) == expected


@pytest.mark.parametrize("n,expected", PEOPLE.items())
def test_participants_take_the_right_polish_form(n, expected):
    assert text.in_which_people_took_part(n) == expected


@pytest.mark.parametrize(
    "n,expected",
    [(130, "udział wzięło ponad 130 osób"), (22, "udział wzięły ponad 22 osoby")],
)
def test_estimates_say_more_than(n, expected):
    assert text.more_than_people_took_part(n) == expected


@pytest.mark.parametrize(
    "amount,value,nearly",
    [
        ("299000.00", 299, False),
        ("299123.45", 299, False),
        ("225870.00", 226, True),
        ("225500.00", 226, True),
        ("225499.99", 225, False),
        ("999.99", 1, True),
        ("0", 0, False),
    ],
)
def test_amounts_round_to_thousands_and_say_nearly_when_rounded_up(amount, value, nearly):
    assert text.to_thousands(Decimal(amount)) == text.Thousands(value, nearly)


def test_the_seed_amounts_read_as_the_2017_report_does():
    assert text.thousands_of_zloty(Decimal("299123.45")) == "299 tys. zł"
    assert text.thousands_of_zloty(Decimal("225870.00")) == "blisko 226 tys. zł"


def test_large_amounts_are_grouped():
    assert text.thousands_of_zloty(Decimal("12345678")) == "blisko 12\xa0346 tys. zł"


def test_english_reads_naturally():
    with translation.override("en"):
        assert text.projects_realised(1) == "1 project was realised"
        assert text.grants_awarded(48) == "48 grants were awarded"
        assert text.thousands_of_zloty(Decimal("225870")) == "nearly 226 thousand zł"


INTEGRATION = {
    1: "1 spotkanie integracyjne",
    2: "2 spotkania integracyjne",
    4: "4 spotkania integracyjne",
    5: "5 spotkań integracyjnych",
    11: "11 spotkań integracyjnych",
    12: "12 spotkań integracyjnych",
    22: "22 spotkania integracyjne",
    25: "25 spotkań integracyjnych",
    112: "112 spotkań integracyjnych",
}
TRAINING_DAYS = {
    1: "1 dzień szkoleniowy",
    2: "2 dni szkoleniowe",
    4: "4 dni szkoleniowe",
    5: "5 dni szkoleniowych",
    12: "12 dni szkoleniowych",
    22: "22 dni szkoleniowe",
    25: "25 dni szkoleniowych",
    112: "112 dni szkoleniowych",
}
ORGANISATIONS = {
    1: "1 organizację",
    2: "2 organizacje",
    5: "5 organizacji",
    22: "22 organizacje",
    48: "48 organizacji",
    112: "112 organizacji",
}


@pytest.mark.parametrize("n,expected", INTEGRATION.items())
def test_events_counted_by_kind_take_the_right_polish_form(n, expected):
    assert text.counted("integration", n) == expected


@pytest.mark.parametrize("n,expected", TRAINING_DAYS.items())
def test_training_days_take_the_right_polish_form(n, expected):
    assert text.counted("training_days", n) == expected


def test_every_event_kind_has_its_words():
    from events.models import Event

    assert set(Event.Kind.values) <= set(text.COUNTED) & set(text.IN_ONE)
    assert text.counted("conference", 2) == "2 konferencje"
    assert text.counted("campaign", 5) == "5 kampanii"


def summary(**figures):
    base = {
        "year": 2017,
        "city_name": "Poznań",
        "city_locative": "Poznaniu",
        "centres": (),
        "activities": (),
        "projects": 0,
        "regranting": 0,
        "total_cost": Decimal(0),
        "regranting_cost": Decimal(0),
        "grant_amount": Decimal(0),
        "organisations_engaged": 0,
        "people_engaged": 0,
        "representatives": 0,
        "applications_received": 0,
        "applications_funded": 0,
        "by_area": (),
        "by_month": (),
        "years": (),
        "annex_projects": (),
        "annex_trainings": (),
        "annex_events": (),
    }
    return YearSummary(**{**base, **figures})


def activity(kind, sentence="", count=1, participants=None, estimate=False):
    return Activity(kind, sentence, count, participants, estimate, None)


@pytest.mark.parametrize(
    "item,expected",
    [
        (
            activity("training_group", "cykle szkoleń", 9, 108),
            "cykle szkoleń, w których łącznie uczestniczyło 108 osób",
        ),
        (
            activity("training_group", "cykle szkoleń", 1, 1),
            "cykle szkoleń, w których łącznie uczestniczyła 1 osoba",
        ),
        (
            activity("training_group", "cykle", 3, 40, True),
            "cykle, w których łącznie uczestniczyło ponad 40 osób",
        ),
        (
            activity("conference", "konferencję", 1, 130, True),
            "konferencję; w konferencji udział wzięło ponad 130 osób",
        ),
        (
            activity("election_meeting", "wybory", 1, 30),
            "wybory; w zebraniu wyborczym udział wzięło 30 osób",
        ),
        (
            activity("training", "szkolenie otwarte", 3, 22),
            "szkolenie otwarte; w szkoleniu udział wzięły 22 osoby",
        ),
        (activity("campaign", "kampanię"), "kampanię"),
        (
            activity("integration", "", 11, 220),
            "11 spotkań integracyjnych, w których łącznie uczestniczyło 220 osób",
        ),
        (
            activity("training_days", "", 4, 48),
            "4 dni szkoleniowe, w których łącznie uczestniczyło 48 osób",
        ),
        (activity("debate", "", 1, 45), "1 debatę; w debacie udział wzięło 45 osób"),
        (activity("gala", "", 2), "2 gale"),
    ],
)
def test_an_activity_reads_as_the_report_says_it(item, expected):
    assert text.activity(item) == expected


def test_the_summary_reads_as_the_2017_report():
    s = summary(
        centres=("CIL Regrantingowy", "Mobilne CIL ŁAZANKA"),
        activities=(
            activity("campaign", "kampanię"),
            activity("conference", "konferencję", 1, 130, True),
        ),
        projects=88,
        regranting=48,
        total_cost=Decimal("299180.00"),
        regranting_cost=Decimal("225780.00"),
    )
    assert text.summary_text(s).plain() == (
        "W 2017 r. w Poznaniu działały:\n\n• CIL Regrantingowy\n• Mobilne CIL ŁAZANKA.\n\n"
        "W 2017 r. zorganizowano następujące działania:\n\n• kampanię\n"
        "• konferencję; w konferencji udział wzięło ponad 130 osób.\n\n"
        "W 2017 r. w ramach regrantingu i inicjatyw oddolnych zrealizowano 88 projektów "
        "(w tym przyznano 48 dotacji na realizację zadań w formie regrantingu). Koszt "
        "realizacji projektów wyniósł 299 tys. zł, w tym w formie regrantingu - blisko 226 "
        "tys. zł."
    )


def test_an_empty_year_says_so():
    words = text.summary_text(summary(year=2030)).plain()
    assert words == (
        "W 2030 r. w Poznaniu nie działało żadne centrum.\n\n"
        "W 2030 r. nie odnotowano działań.\n\n"
        "W 2030 r. w ramach regrantingu i inicjatyw oddolnych nie zrealizowano projektów."
    )


@pytest.mark.parametrize("n,expected", ORGANISATIONS.items())
def test_organisations_engaged_take_the_right_polish_form(n, expected):
    assert text.engaged(summary(organisations_engaged=n, representatives=220)) == (
        f"W działania zaangażowano {expected} i 220 ich przedstawicieli."
    )


def test_english_names_the_city_and_keeps_the_numbers():
    s = summary(centres=("CIL",), projects=2, regranting=1, total_cost=Decimal("5500"))
    with translation.override("en"):
        t = text.summary_text(s)
    assert t.centres_heading == "In 2017 the following were active in Poznań:"
    assert "2 projects were realised (of which 1 grant was awarded" in t.projects
    assert "The projects cost nearly 6 thousand zł" in t.projects


def test_the_people_counted_say_they_are_those_on_the_attendance_lists():
    # 2017: 108 people on the trainings' lists, the conference counted by its organisers
    # ("ponad 130 osób"): "108 people took part in all" would contradict the conference.
    s = summary(
        activities=(
            activity("training_group", "cykle szkoleń", 9, 108),
            activity("conference", "konferencję", 1, 130, True),
        ),
        organisations_engaged=43,
        people_engaged=108,
        representatives=102,
    )
    t = text.summary_text(s)
    assert t.people == "Na listach obecności szkoleń i wydarzeń odnotowano 108 różnych osób."
    assert text.people(summary(people_engaged=1)) == (
        "Na listach obecności szkoleń i wydarzeń odnotowano 1 osobę."
    )
    assert text.people(summary(people_engaged=22)) == (
        "Na listach obecności szkoleń i wydarzeń odnotowano 22 różne osoby."
    )
    assert text.people(summary(people_engaged=220, representatives=220)) == ""


def test_a_year_without_regranting_does_not_say_zero_grants():
    s = summary(projects=5, regranting=0, total_cost=Decimal("15720.00"))
    assert text.projects_paragraph(s) == (
        "W 2017 r. w ramach regrantingu i inicjatyw oddolnych zrealizowano 5 projektów. "
        "Koszt realizacji projektów wyniósł blisko 16 tys. zł."
    )


@pytest.mark.parametrize(
    "amount,expected",
    [
        ("0.00", "0 tys. zł"),
        ("0.01", "poniżej 1 tys. zł"),
        ("499.99", "poniżej 1 tys. zł"),
        ("500.00", "blisko 1 tys. zł"),
        ("1000.00", "1 tys. zł"),
        ("1499.99", "1 tys. zł"),
    ],
)
def test_an_amount_below_half_a_thousand_is_not_said_as_nothing(amount, expected):
    assert text.thousands_of_zloty(Decimal(amount)) == expected
