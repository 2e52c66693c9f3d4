"""``manage.py import_postcodes <path>``: load postcode locations from an ONS Postcode Directory CSV
extract (columns pcds, oseast1m, osnrth1m), for straight-line distances on tailored lists. Row problems
are reported row by row; a file without the columns loads nothing and exits with an error."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from partnerships import rls
from placements import postcodes


class Command(BaseCommand):
    help = "Load postcode locations from an ONS Postcode Directory CSV extract."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The ONSPD CSV file (or an extract with pcds, oseast1m, osnrth1m)")

    def handle(self, *args, path: str, **options):
        source = Path(path)
        if not source.is_file():
            raise CommandError(f"{path} is not a file")
        with rls.system_scope(), source.open("rb") as handle:
            try:
                report = postcodes.import_locations(handle)
            except ValidationError as exc:
                raise CommandError("Nothing was imported: " + " ".join(exc.messages)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Read {report.rows} rows: {report.created} added, {report.updated} updated, "
                f"{report.unchanged} unchanged, {len(report.problems)} rows with problems."
            )
        )
        for row, postcode, message in report.problems:
            self.stdout.write(f"Row {row} ({postcode or 'no postcode'}): {message}")
