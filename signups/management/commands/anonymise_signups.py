from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from signups.services import registrations_anonymise_expired


class Command(BaseCommand):
    help = (
        "Remove the personal data of sign-ups for trainings and events that ended before the "
        "previous year, as the privacy notice promises (run daily by Celery beat)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count; change nothing.")

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            self.stdout.write(self.anonymise(dry_run=options["dry_run"]))

    def anonymise(self, *, dry_run: bool) -> str:
        n = registrations_anonymise_expired(dry_run=dry_run)
        if dry_run:
            message = ngettext(
                "%(n)d sign-up would have its personal data removed.",
                "%(n)d sign-ups would have their personal data removed.",
                n,
            )
        else:
            message = ngettext(
                "Removed the personal data of %(n)d sign-up.",
                "Removed the personal data of %(n)d sign-ups.",
                n,
            )
        return message % {"n": n} if n else _("No sign-up's personal data are due for removal.")
