from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CentresConfig(AppConfig):
    name = "centres"
    verbose_name = _("Centres")

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
        from .collation import connect

        connect()
