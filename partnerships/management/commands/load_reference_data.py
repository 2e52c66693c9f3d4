"""``manage.py load_reference_data``: regions, local authorities, ICBs and the published SEN2 statistics."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from dashboards.services import published_statistics_load
from partnerships.reference import reference_data_load


class Command(BaseCommand):
    help = (
        "Load the reference data in REFERENCE_DATA_DIR: 9 regions, every upper-tier local authority "
        "(live and terminated), 42 ICBs with their sub-ICB locations, and the SEN2 statistics. Safe to rerun."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory", type=Path, help="Read the files from here instead of REFERENCE_DATA_DIR"
        )

    def handle(self, *args, directory: Path | None = None, **options):
        with transaction.atomic():
            result = reference_data_load(directory=directory)
            statistics = published_statistics_load(directory=directory)
        self.stdout.write(
            self.style.SUCCESS(
                f"Reference data loaded: {result.regions} regions, {result.local_authorities} local authorities "
                f"({result.live_local_authorities} live), {result.icbs} ICBs, "
                f"{result.sub_icb_locations} sub-ICB locations, {statistics} SEN2 rows."
            )
        )
