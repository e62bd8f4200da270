from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrontConfig(AppConfig):
    name = "front"
    verbose_name = _("Public pages")

    def ready(self):
        # Every write must renew its table's generation for the page cache, including on
        # a connection opened before this module was imported.
        from django.db import connections

        from cil_portal import caching

        for connection in connections.all(initialized_only=True):
            caching.track_writes(connection)
