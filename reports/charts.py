"""The report's charts as SVG drawn on the server: vector in the PDF, no script on the page.

A horizontal bar chart is all the report needs, so it is written here in a few lines
rather than pulled in with a charting library. Each chart is an image with a title and a
description for screen readers; the page and the PDF put the same numbers in a table
beside it.

A label too long for its column (an osiedle such as "Ostrów Tumski-Śródka-Zawady-Komandoria")
is cut with "…" where DejaVu Sans, the widest of the fonts the chart names, would run past
the column; the full name is the label's <title> and stands in the table beside the chart.
"""

import functools
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH = 720
LABEL_WIDTH = 250
VALUE_WIDTH = 100
ROW = 22
BAR = 14
PAD = 6
FONT_SIZE = 12
FONT = "static/vendor/dejavu-fonts-2.37/DejaVuSans.ttf"
COLOUR = "#0b4f8a"  # the portal's blue: 8.6:1 on white


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | int
    text: str  # the value as the reader sees it, "12 500 zł"


@functools.cache
def _advances() -> tuple[dict[str, int], int, int]:
    """DejaVu Sans's advance width of every character, its fallback width and its units
    per em (fontTools comes with WeasyPrint)."""
    from fontTools.ttLib import TTFont

    font = TTFont(settings.BASE_DIR / FONT, lazy=True)
    widths = font["hmtx"].metrics
    cmap = font.getBestCmap()
    advances = {chr(code): widths[glyph][0] for code, glyph in cmap.items() if glyph in widths}
    return advances, widths[".notdef"][0], font["head"].unitsPerEm


def text_width(label: str, size: float = FONT_SIZE) -> float:
    """How wide `label` is in DejaVu Sans at `size` pixels."""
    advances, fallback, per_em = _advances()
    return sum(advances.get(c, fallback) for c in label) * size / per_em


def _short(label: str, room: float = LABEL_WIDTH - 2 * PAD) -> str:
    """The label, cut with "…" so that it fits `room` pixels."""
    if text_width(label) <= room:
        return label
    cut = label
    while cut and text_width(cut.rstrip() + "…") > room:
        cut = cut[:-1]
    return cut.rstrip() + "…"


def _label(x: float, y: float, label: str) -> SafeString:
    short = _short(label)
    text = format_html(
        '<text x="{}" y="{}" text-anchor="end" dominant-baseline="middle">{}</text>', x, y, short
    )
    if short == label:
        return text
    return format_html("<g><title>{}</title>{}</g>", label, text)


def bar_chart(*, chart_id: str, title: str, description: str, bars: list[Bar]) -> SafeString:
    largest = max((b.value for b in bars), default=0) or 1
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH - 2 * PAD
    height = PAD * 2 + ROW * max(len(bars), 1)
    rows = []
    for i, bar in enumerate(bars):
        y = PAD + i * ROW
        length = float(bar.value) / float(largest) * span
        rows.append(
            (
                _label(LABEL_WIDTH - PAD, y + ROW / 2, bar.label),
                LABEL_WIDTH,
                y + (ROW - BAR) / 2,
                f"{max(length, 0):.1f}",
                BAR,
                COLOUR,
                LABEL_WIDTH + max(length, 0) + PAD,
                y + ROW / 2,
                bar.text,
            )
        )
    body = format_html_join(
        "",
        '{}<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>'
        '<text x="{}" y="{}" dominant-baseline="middle">{}</text>',
        rows,
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" viewBox="0 0 {w} {h}" '
        'width="{w}" height="{h}" role="img" aria-labelledby="{id}-title {id}-desc" '
        'font-family="CIL Sans, DejaVu Sans, sans-serif" font-size="{size}" fill="#1a1a1a">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        w=WIDTH,
        h=height,
        size=FONT_SIZE,
        id=chart_id,
        title=title,
        desc=description,
        body=body,
    )
