"""The report's SVG charts: every label fits its column, the full name stays readable."""

import re
from decimal import Decimal

from reports import charts

LONG = "Ostrów Tumski-Śródka-Zawady-Komandoria"


def labels(svg: str) -> list[tuple[str, str]]:
    """(full name where cut, else "", x where it ends, text) of every label on the left."""
    found = re.findall(
        r'(?:<g><title>([^<]*)</title>)?<text x="([\d.]+)" y="[\d.]+" text-anchor="end"[^>]*>'
        r"([^<]*)</text>",
        svg,
    )
    return [(title, x, text) for title, x, text in found]


def test_a_long_area_name_is_cut_to_fit_with_the_full_name_as_its_title():
    svg = charts.bar_chart(
        chart_id="area-money",
        title="Koszt projektów według osiedli w 2017 r.",
        description="Te same dane są w tabeli pod wykresami.",
        bars=[
            charts.Bar("Wilda", Decimal("31650"), "31 650 zł"),
            charts.Bar(LONG, Decimal("9740"), "9 740 zł"),
        ],
    )
    [(title_short, x_short, short), (title_long, x_long, cut)] = labels(svg)
    assert (title_short, short) == ("", "Wilda")
    assert title_long == LONG
    assert cut.endswith("…") and LONG.startswith(cut[:-1])
    # The label ends at x and must start inside the picture, in DejaVu Sans (the widest
    # font the chart names) as in the PDF.
    assert float(x_long) - charts.text_width(cut) >= charts.PAD
    assert float(x_long) - charts.text_width(LONG) < 0  # uncut, it would run off the left


def test_every_demo_area_fits_or_is_cut():
    areas = ["całe miasto", "Nowe Winogrady Północ", "Warszawskie-Pomet-Maltańskie", LONG]
    svg = charts.bar_chart(
        chart_id="a",
        title="t",
        description="d",
        bars=[charts.Bar(a, 1, "1") for a in areas],
    )
    for title, x, text in labels(svg):
        assert float(x) - charts.text_width(text) >= charts.PAD, text
        assert (title or text) in areas
