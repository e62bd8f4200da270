"""The one place that turns HTML into a PDF."""

from django.conf import settings


def html_to_pdf(html: str) -> bytes:
    # Imported here: WeasyPrint loads Pango on import, which only PDF work needs.
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
