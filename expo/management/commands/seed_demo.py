import datetime
import importlib
import os

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from expo import demo_live


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
        # Each app of the product may have a demo module. Its seed() loads the past editions
        # (in INSTALLED_APPS order, so expo's editions and units exist before the others);
        # then the current edition is made (expo.demo_live), and each module's optional
        # seed_current() adds what happens in it today.
        modules = [module for config in apps.get_app_configs() if (module := _demo_module(config.name))]
        for module in modules:
            module.seed(password=password, log=self.stdout.write, light=light)
        if not demo_live.ready():
            raise CommandError("The demo's past editions are missing: no app loaded the 13th edition.")
        current, today = demo_live.seed_current(today=options["today"], log=self.stdout.write)
        for module in modules:
            if hasattr(module, "seed_current"):
                module.seed_current(edition=current, today=today, password=password, log=self.stdout.write, light=light)
        if not password:
            self.stdout.write(self.style.WARNING("DEMO_PASSWORD is not set: the demo accounts cannot log in."))
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))


def _demo_module(app: str):
    try:
        return importlib.import_module(f"{app}.demo")
    except ModuleNotFoundError as exc:
        if exc.name != f"{app}.demo":
            raise
        return None
