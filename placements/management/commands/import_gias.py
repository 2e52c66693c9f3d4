"""``manage.py import_gias <path> --partnership <slug>``: load a GIAS CSV into a partnership's register.

The same service as the upload page, run as the system (no person): the import is recorded with an empty
``uploaded_by`` and source "command". A fatal problem loads nothing and exits with an error.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from partnerships.models import Partnership
from placements import services
from placements.models import SettingImport


class Command(BaseCommand):
    help = "Import a Get Information About Schools CSV into a partnership's settings register."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The GIAS CSV file")
        parser.add_argument("--partnership", required=True, help="The partnership's slug")

    def handle(self, *args, path: str, partnership: str, **options):
        try:
            target = Partnership.objects.get(slug=partnership)
        except Partnership.DoesNotExist as exc:
            raise CommandError(f"No partnership has the slug {partnership!r}") from exc
        source = Path(path)
        if not source.is_file():
            raise CommandError(f"{path} is not a file")
        with source.open("rb") as handle:
            try:
                record = services.settings_import(
                    actor=None,
                    partnership=target,
                    upload=File(handle, name=source.name),
                    source=SettingImport.Source.COMMAND,
                    system=True,
                )
            except ValidationError as exc:
                raise CommandError("Nothing was imported: " + " ".join(exc.messages)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {record.file_name} into {target.name}: {record.created_count} added, "
                f"{record.updated_count} updated, {record.unchanged_count} unchanged, "
                f"{record.skipped_count} skipped, {record.rejected_count} rows with problems."
            )
        )
        for problem in record.problems:
            self.stdout.write(
                f"Row {problem['row']} (URN {problem['urn'] or 'none'}) {problem['field']}: {problem['message']}"
            )
