"""The report's style sheets and templates agree: no rule styles nothing, no class is
left over that nothing styles."""

import re
from pathlib import Path

from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"
STATIC = Path(settings.BASE_DIR) / "static"
REPORTS = sorted((TEMPLATES / "reports").glob("*.html"))
# Every PDF that links print.css.
PRINTED = [
    *REPORTS,
    TEMPLATES / "grants" / "application_pdf.html",
    TEMPLATES / "trainings" / "certificate.html",
]
CHARTS = Path(settings.BASE_DIR) / "reports" / "charts.py"


def _without_nested_blocks(css: str) -> str:
    """The style sheet without comments, @font-face and @page (their blocks nest or name
    no element)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    out, depth, at_rule = [], 0, False
    i = 0
    while i < len(css):
        if depth == 0 and css[i] == "@":
            at_rule = True
        if css[i] == "{":
            depth += 1
        elif css[i] == "}":
            depth -= 1
            if depth == 0 and at_rule:
                at_rule = False
                i += 1
                continue
        if not at_rule:
            out.append(css[i])
        i += 1
    return "".join(out)


def selectors(css: str) -> list[str]:
    return [
        s.strip()
        for block in re.findall(r"([^{}]+)\{[^{}]*\}", _without_nested_blocks(css))
        for s in block.split(",")
    ]


def pdf_style() -> str:
    html = (TEMPLATES / "reports" / "pdf.html").read_text(encoding="utf-8")
    style = html.split("<style>")[1].split("</style>")[0]
    return re.sub(r"{%.*?%}", "", style, flags=re.S)


def markup(paths) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in paths) + CHARTS.read_text()


def classes_in(html: str) -> set[str]:
    found = set()
    for value in re.findall(r'class="([^"]*)"', html):
        found |= set(re.sub(r"{%.*?%}|{{.*?}}", " ", value).split())
    return found


def test_every_rule_of_the_pdf_style_sheets_styles_something():
    used = markup(PRINTED)
    css = pdf_style() + (STATIC / "css" / "print.css").read_text(encoding="utf-8")
    dead = []
    for selector in selectors(css):
        names = re.findall(r"\.([a-zA-Z][\w-]*)", selector)
        elements = re.findall(r"(?:^|[\s>+~])([a-z][a-z0-9]*)", selector)
        if any(n not in classes_in(used) for n in names) or any(
            f"<{e}" not in used and not (re.fullmatch(r"h[1-6]", e) and "<h{{ level }}" in used)
            for e in elements
            if e != "html"
        ):
            dead.append(selector)
    assert dead == []


def test_every_class_of_the_report_templates_is_styled():
    css = (
        (STATIC / "vendor" / "bootstrap-5.3.9" / "bootstrap.min.css").read_text(encoding="utf-8")
        + (STATIC / "css" / "portal.css").read_text(encoding="utf-8")
        + (STATIC / "css" / "print.css").read_text(encoding="utf-8")
        + pdf_style()
    )
    styled = set(re.findall(r"\.([a-zA-Z][\w-]*)", re.sub(r"url\([^)]*\)", "", css)))
    # Classes that tests find the page's parts by.
    hooks = {"report-summary"}
    unstyled = classes_in(markup(REPORTS)) - styled - hooks
    assert unstyled == set()
