import gc
import io

import pypdf
import pytest

from cil_portal.pdf import _fetcher_class, html_to_pdf

PAGE = """<!DOCTYPE html><html lang="pl"><head><meta charset="utf-8">
<link rel="stylesheet" href="/static/css/print.css"></head>
<body><h1>Sprawozdanie</h1><p>Zażółć gęślą jaźń – ŁAZANKA, 225 870,00 zł</p>
<img src="https://tile.openstreetmap.org/0/0/0.png" alt=""></body></html>"""


def test_it_renders_polish_text_with_the_projects_own_font():
    pdf = pypdf.PdfReader(io.BytesIO(html_to_pdf(PAGE)))
    text = pdf.pages[0].extract_text()
    assert "Zażółć gęślą jaźń – ŁAZANKA, 225 870,00 zł" in text
    # Subset fonts are named "ABCDEF+Name": only the project's own font is embedded.
    fonts = {f["/BaseFont"].split("+", 1)[1] for f in _fonts(pdf)}
    assert fonts == {"CIL-Sans", "CIL-Sans-Bold"}, fonts


def _fonts(pdf):
    for page in pdf.pages:
        for font in page["/Resources"]["/Font"].values():
            yield font.get_object()


@pytest.mark.parametrize(
    "url",
    [
        "https://tile.openstreetmap.org/0/0/0.png",
        "file:///etc/passwd",
        "file:///static/../../etc/passwd",
    ],
)
def test_it_loads_nothing_but_the_portals_static_files(url):
    with pytest.raises(ValueError, match="static files"):
        _fetcher_class()().fetch(url)


def test_it_leaves_the_garbage_collector_as_it_found_it():
    assert gc.isenabled()
    html_to_pdf(PAGE)
    assert gc.isenabled()
    gc.disable()
    try:
        html_to_pdf(PAGE)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_in_production_it_reads_the_collected_hashed_style_sheet(tmp_path, settings):
    """With DEBUG off, {% static %} names the hashed copy that only STATIC_ROOT holds: the
    PDF must still get its style sheet and fonts, not fall back to the default font."""
    from django.core.management import call_command
    from django.templatetags.static import static

    settings.STATIC_ROOT = str(tmp_path)
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    # (Django's setting_changed handler builds the static files storage anew.)
    call_command("collectstatic", interactive=False, verbosity=0)
    href = static("css/print.css")
    assert href != "/static/css/print.css"  # the hashed name
    pdf = pypdf.PdfReader(io.BytesIO(html_to_pdf(PAGE.replace("/static/css/print.css", href))))
    assert {f["/BaseFont"].split("+", 1)[1] for f in _fonts(pdf)} == {"CIL-Sans", "CIL-Sans-Bold"}
