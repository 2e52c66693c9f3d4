"""``manage.py load_standards``: load the national SEND standards seed file as version 1 (idempotent)."""

from django.core.management.base import BaseCommand

from placements import services_standards


class Command(BaseCommand):
    help = (
        "Load placements/standards/england.toml as the first published version of the national SEND "
        "standards catalogue. Does nothing once any version exists: later versions are made in the service."
    )

    def handle(self, *args, **options):
        version = services_standards.standards_seed()
        if version is None:
            self.stdout.write("The national SEND standards catalogue is already loaded: nothing to do.")
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Loaded {version} with {version.standards.count()} standards.")
            )
