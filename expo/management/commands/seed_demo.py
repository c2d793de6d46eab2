import datetime
import os

from django.core.management.base import BaseCommand, CommandError

from expo import demo_live
from expo.seeding import seeders


class Command(BaseCommand):
    help = (
        "Load the demo data: the 12th and 13th editions, closed, with everything each app adds, the 14th "
        "edition (current, in preparation) copied forward from the 13th and dated relative to the day the demo "
        "is first loaded, and the demo accounts. Idempotent: a second run keeps the dates. Passwords come "
        "from DEMO_PASSWORD."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--light",
            action="store_true",
            help="Leave out the generated crowds (exhibitors, exhibits, merchants, visitors): for tests and quick looks.",
        )
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="The day the current edition's dates are relative to, YYYY-MM-DD (default: the machine's date). "
            "Used only when the 14th edition does not exist yet.",
        )

    def handle(self, *args, **options):
        password = os.environ.get("DEMO_PASSWORD") or None
        light = options["light"]
        # Each app of the product registers its demo data (expo.seeding). The apps' demo()
        # load the past editions in their order (the committee's editions and units before
        # the others); then the current edition is made (expo.demo_live), and each app's
        # current() adds what happens in it today.
        for seeder in seeders():
            if seeder.demo is not None:
                seeder.demo(password=password, log=self.stdout.write, light=light)
        if not demo_live.ready():
            raise CommandError("The demo's past editions are missing: no app loaded the 13th edition.")
        current, today = demo_live.seed_current(today=options["today"], log=self.stdout.write)
        for seeder in seeders():
            if seeder.current is not None:
                seeder.current(edition=current, today=today, password=password, log=self.stdout.write, light=light)
        if not password:
            self.stdout.write(self.style.WARNING("DEMO_PASSWORD is not set: the demo accounts cannot log in."))
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
