from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from centres.services import areas_import, areas_parse


class Command(BaseCommand):
    help = (
        "Import the city's auxiliary units (osiedla) from a GeoJSON FeatureCollection in "
        "EPSG:4326 with properties.name on each Polygon or MultiPolygon feature. Areas are "
        "matched by name: re-running updates boundaries and never duplicates. A file with "
        "any error imports nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the GeoJSON file")

    def handle(self, *args, file: Path, **options):
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": file, "error": e}
            ) from e
        result = self.import_text(text)
        self.stdout.write(
            self.style.SUCCESS(
                _("Areas from %(file)s: %(created)d created, %(updated)d updated.")
                % {"file": file.name, "created": result.created, "updated": result.updated}
            )
        )

    def import_text(self, text: str):
        try:
            return areas_import(features=areas_parse(text))
        except ValidationError as e:
            raise CommandError(
                _("Nothing was imported:") + "\n" + "\n".join(f"- {m}" for m in e.messages)
            ) from e
