"""The report's charts as SVG drawn on the server: vector in the PDF, no script on the page.

A horizontal bar chart is all the report needs, so it is written here in a few lines
rather than pulled in with a charting library. Each chart is an image with a title and a
description for screen readers; the page and the PDF put the same numbers in a table
beside it.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH = 720
LABEL_WIDTH = 250
VALUE_WIDTH = 100
ROW = 22
BAR = 14
PAD = 6
MAX_LABEL = 38
COLOUR = "#0b4f8a"  # the portal's blue: 8.6:1 on white


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | int
    text: str  # the value as the reader sees it, "12 500 zł"


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1].rstrip() + "…"


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
                LABEL_WIDTH - PAD,
                y + ROW / 2,
                _short(bar.label),
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
        '<text x="{}" y="{}" text-anchor="end" dominant-baseline="middle">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>'
        '<text x="{}" y="{}" dominant-baseline="middle">{}</text>',
        rows,
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" viewBox="0 0 {w} {h}" '
        'width="{w}" height="{h}" role="img" aria-labelledby="{id}-title {id}-desc" '
        'font-family="CIL Sans, DejaVu Sans, sans-serif" font-size="12" fill="#1a1a1a">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        w=WIDTH,
        h=height,
        id=chart_id,
        title=title,
        desc=description,
        body=body,
    )
