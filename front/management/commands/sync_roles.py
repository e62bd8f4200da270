from django.core.management.base import BaseCommand

from front.roles import roles_sync


class Command(BaseCommand):
    help = "Create or update the officials' groups and their permissions."

    def handle(self, *args, **options):
        for name, count in roles_sync().items():
            self.stdout.write(f"{name}: {count} permissions")
