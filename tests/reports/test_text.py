from decimal import Decimal

import pytest
from django.utils import translation

from reports import text

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
