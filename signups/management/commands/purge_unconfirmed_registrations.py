from django.core.management.base import BaseCommand

from signups.services import registrations_purge_unconfirmed


class Command(BaseCommand):
    help = "Delete sign-ups never confirmed by e-mail within a week (run daily, e.g. from cron)."

    def handle(self, *args, **options):
        deleted = registrations_purge_unconfirmed()
        self.stdout.write(f"Deleted {deleted} unconfirmed sign-ups.")
