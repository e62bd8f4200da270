"""The one place the portal turns HTML into PDF (WeasyPrint).

Pages for print link their style sheets and fonts as ordinary `{% static %}` URLs; the
fetcher below reads those from the portal's own static files, so rendering makes no HTTP
request and never reaches outside the machine.
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Documents are rendered as if they lived at the site's root, so "/static/…" links work.
_BASE_URL = "file:///"


class StaticFilesFetcher(URLFetcher):
    """Serves /static/… from the portal's static files and data: URLs; refuses the rest."""

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parsed = urlparse(url)
        path = unquote(parsed.path)
        if parsed.scheme == "file" and path.startswith(settings.STATIC_URL):
            try:
                found = finders.find(path[len(settings.STATIC_URL) :])
            except SuspiciousFileOperation:
                found = None
            if found:
                content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
                # The response keeps the /static/ URL so that relative links inside a
                # style sheet (fonts) resolve back into the static files.
                return URLFetcherResponse(
                    url, Path(found).read_bytes(), {"Content-Type": content_type}
                )
        raise ValueError(f"PDFs may only load the portal's static files, not {url!r}")


def html_to_pdf(html: str) -> bytes:
    """Render a complete HTML document to PDF bytes."""
    return HTML(string=html, base_url=_BASE_URL, url_fetcher=StaticFilesFetcher()).write_pdf()
