from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# The site's main sections; a section appears once its app serves its URL.
MAIN_MENU = [
    ("centres:list", _("Centres")),
    ("grants:call_list", _("Grant calls")),
    ("trainings:list", _("Trainings")),
    ("events:list", _("Events")),
    ("reports:list", _("Reports")),
]


def _menu(path: str) -> list[dict]:
    items = []
    for name, label in MAIN_MENU:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "active": path.startswith(url)})
    return items


def portal(request):
    return {
        "CITY_NAME": settings.CITY_NAME,
        "PROGRAMME_NAME": settings.PROGRAMME_NAME,
        "CONTACT_EMAIL": settings.CONTACT_EMAIL,
        "CONTACT_PHONE": settings.CONTACT_PHONE,
        "MAIN_MENU": _menu(request.path),
    }
