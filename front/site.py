"""The Site that django-allauth names in its e-mails and builds links from."""

from urllib.parse import urlsplit

from django.conf import settings


def site_values() -> dict:
    """The programme's name and SITE_URL's host: what e-mails say and link to."""
    return {"domain": urlsplit(settings.SITE_URL).netloc, "name": settings.PROGRAMME_NAME}


def site_sync(*, using: str = "default") -> None:
    """Make the current Site match the settings; run after migrate and by load_demo."""
    from django.contrib.sites.models import Site

    Site.objects.using(using).update_or_create(pk=settings.SITE_ID, defaults=site_values())
    Site.objects.clear_cache()
