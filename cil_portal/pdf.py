"""The one place the portal turns HTML into PDF (WeasyPrint).

It lives in the project package, below every app, so that grants, trainings and reports
can all use it. Pages for print link their style sheets and fonts as ordinary
`{% static %}` URLs ("/static/…"); the fetcher reads those from the portal's own static
files, so rendering makes no HTTP request and never reaches outside the machine.
"""

import contextlib
import functools
import gc
import mimetypes
import threading
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.utils._os import safe_join

# Documents are rendered as if they lived at the site's root, so "/static/…" links work.
_BASE_URL = "file:///"


def static_file_for(url: str) -> Path | None:
    """The static file a /static/… URL names, or None for any other address.

    In development the finders know the apps' files; in production `{% static %}` names
    the collected, hashed copy (css/print.3f2a….css), which only STATIC_ROOT holds.
    """
    parsed = urlparse(url)
    path = unquote(parsed.path)
    if parsed.scheme != "file" or not path.startswith(settings.STATIC_URL):
        return None
    name = path[len(settings.STATIC_URL) :]
    try:
        found = finders.find(name)
        if not found and settings.STATIC_ROOT:
            collected = Path(safe_join(settings.STATIC_ROOT, name))
            found = collected if collected.is_file() else None
    except SuspiciousFileOperation:
        return None
    return Path(found) if found else None


@functools.cache
def _fetcher_class():
    # WeasyPrint loads Pango when imported, which most requests never need.
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            found = static_file_for(url)
            if found is None:
                raise ValueError(f"PDFs may only load the portal's static files, not {url!r}")
            content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
            # The response keeps the /static/ URL so that relative links inside a style
            # sheet (its fonts) resolve back into the static files.
            return URLFetcherResponse(url, found.read_bytes(), {"Content-Type": content_type})

    return StaticFilesFetcher


_local = threading.local()


def _font_config():
    """The thread's WeasyPrint font configuration, kept from one PDF to the next.

    A fresh one loads Fontconfig's configuration and registers the @font-face fonts again
    for every document, about half the time of a one-page PDF. Pango's font maps are not
    safe to share between threads, so each thread keeps its own.
    """
    if not hasattr(_local, "font_config"):
        from weasyprint.text.fonts import FontConfiguration

        _local.font_config = FontConfiguration()
    return _local.font_config


@contextlib.contextmanager
def _garbage_collection_paused():
    """Python's cycle collector paused while WeasyPrint builds its boxes.

    A long document makes millions of objects, and each full collection walks all of them
    again: a quarter of the time of a 60-page report. WeasyPrint leaves little cyclic
    garbage behind (a few MiB for that report), which the collector takes on its next round.
    It is switched back on only if it was on, so that overlapping renders in two threads
    leave it as they found it.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def html_to_pdf(html: str) -> bytes:
    """Render a complete HTML document to PDF bytes."""
    from weasyprint import HTML

    with _garbage_collection_paused():
        document = HTML(string=html, base_url=_BASE_URL, url_fetcher=_fetcher_class()())
        return document.write_pdf(font_config=_font_config())
