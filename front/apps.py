from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_site(sender, using="default", **kwargs):
    from .site import site_sync

    site_sync(using=using)


class FrontConfig(AppConfig):
    name = "front"
    verbose_name = _("Public pages")

    def ready(self):
        # After every migrate (and flush), when django.contrib.sites creates its example.com:
        # for the same sender, and connected after it (front comes later), so this runs next.
        # (front has no models, so post_migrate is never sent for it.)
        sites = self.apps.get_app_config("sites")
        post_migrate.connect(_sync_site, sender=sites, dispatch_uid="front-site-sync")

        # Every write must renew its table's generation for the page cache, including on
        # a connection opened before this module was imported.
        from django.db import connections

        from cil_portal import caching

        for connection in connections.all(initialized_only=True):
            caching.track_writes(connection)
