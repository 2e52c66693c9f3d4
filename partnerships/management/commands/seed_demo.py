"""``manage.py seed_demo``: demonstration partnerships with fictional children and a person in every role."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from dashboards.services import partnership_rollup_all
from ehcp.demo import demo_cases_seed
from partnerships import demo
from placements import demo as placements_demo


class Command(BaseCommand):
    help = (
        "Load the reference data, then create (or refresh) three demo partnerships – Leeds, Devon and "
        "Camden – with fictional settings and children and a demo sign-in for every role. Deterministic "
        "and safe to rerun. Refused where settings.DEMO_DATA_ALLOWED is False (production)."
    )

    def handle(self, *args, **options):
        if not getattr(settings, "DEMO_DATA_ALLOWED", False):
            raise CommandError(
                "Demo data is not allowed here: settings.DEMO_DATA_ALLOWED is False (the production profile). "
                "Seed demo data only in development, test or a demonstration environment."
            )
        call_command("load_reference_data", stdout=self.stdout, stderr=self.stderr)
        call_command("load_standards", stdout=self.stdout, stderr=self.stderr)
        result = demo.demo_data_seed()
        cases = sum(demo_cases_seed(partnership=partnership) for partnership in result.partnerships)
        for partnership, stage in zip(result.partnerships, placements_demo.STAGES, strict=False):
            placements_demo.demo_inclusion_plan_seed(partnership=partnership, stage=stage)
            placements_demo.demo_locations_seed(partnership=partnership)
            placements_demo.demo_lists_seed(partnership=partnership)
        rolled_up = partnership_rollup_all()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(result.partnerships)} partnerships "
                f"({', '.join(p.name for p in result.partnerships)}); {cases} new assessment cases; "
                f"{rolled_up} dashboard snapshots refreshed."
            )
        )
        self._print_sign_ins(result)

    def _print_sign_ins(self, result: demo.DemoSeedResult) -> None:
        role_width = max(len(s.role) for s in result.sign_ins)
        email_width = max(len(s.email) for s in result.sign_ins)
        self.stdout.write("")
        self.stdout.write("Demo sign-ins")
        self.stdout.write(f"{'Role':<{role_width}}  {'Email':<{email_width}}  Organisation")
        self.stdout.write(f"{'-' * role_width}  {'-' * email_width}  {'-' * 12}")
        for sign_in in result.sign_ins:
            self.stdout.write(
                f"{sign_in.role:<{role_width}}  {sign_in.email:<{email_width}}  {sign_in.organisation}"
            )
        self.stdout.write("")
        self.stdout.write(f"Password for every demo account: {demo.DEMO_PASSWORD}")
        self.stdout.write(
            f"Staff second factor: add this TOTP secret to an authenticator app: {demo.totp_secret_base32()} "
            "(the same for every demo staff account; parents and young people do not need one)"
        )
        self.stdout.write(f"Current code, valid for up to 30 seconds: {demo.totp_code_now()}")
