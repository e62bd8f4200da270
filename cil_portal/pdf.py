"""HTML to PDF, the portal's one place that calls WeasyPrint.

It lives in the project package, below every app, so that trainings (certificates),
grants and reports can all use it without breaking the one-way dependency rule.
"""

from django.conf import settings


def html_to_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """Render an HTML document to PDF bytes.

    `base_url` resolves relative links (images, style sheets); by default the static
    folder, so templates may refer to the portal's own files. Nothing is fetched from
    outside: WeasyPrint only reads the files the document names.
    """
    # Imported here: WeasyPrint loads Pango at import time, which most requests never need.
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url or str(settings.BASE_DIR / "static")).write_pdf()
