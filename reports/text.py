"""How the yearly summary says its numbers: Polish plural forms and rounded thousands.

Every count goes through ngettext, so the Polish catalogue's plural forms decide
"1 projekt / 2 projekty / 5 projektów"; amounts are said in whole thousands of złoty, with
"blisko" (nearly) where rounding went up, as the city's own reports do.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.translation import ngettext

THOUSAND = Decimal(1000)


@dataclass(frozen=True)
class Thousands:
    value: int
    nearly: bool


def to_thousands(amount: Decimal) -> Thousands:
    """225 870 zł -> 226 thousand, nearly; 299 123 zł -> 299 thousand."""
    rounded = (amount / THOUSAND).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return Thousands(int(rounded), rounded * THOUSAND > amount)


def _n(value: int) -> str:
    return number_format(value, force_grouping=True)


def thousands_of_zloty(amount: Decimal) -> str:
    t = to_thousands(amount)
    if t.nearly:
        return ngettext("nearly %(n)s thousand zł", "nearly %(n)s thousand zł", t.value) % {
            "n": _n(t.value)
        }
    return ngettext("%(n)s thousand zł", "%(n)s thousand zł", t.value) % {"n": _n(t.value)}


def projects_realised(n: int) -> str:
    return ngettext("%(n)s project was realised", "%(n)s projects were realised", n) % {"n": _n(n)}


def grants_awarded(n: int) -> str:
    return ngettext("%(n)s grant was awarded", "%(n)s grants were awarded", n) % {"n": _n(n)}


def in_which_people_took_part(n: int) -> str:
    return ngettext(
        "in which %(n)s person took part in total",
        "in which %(n)s people took part in total",
        n,
    ) % {"n": _n(n)}


def more_than_people_took_part(n: int) -> str:
    return ngettext("more than %(n)s person took part", "more than %(n)s people took part", n) % {
        "n": _n(n)
    }
