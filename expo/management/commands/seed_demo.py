import importlib
import os

from django.apps import apps
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Load the demo data: the 12th and 13th editions with everything each app adds, "
        "and the demo accounts. Idempotent. Passwords come from DEMO_PASSWORD."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--light",
            action="store_true",
            help="Leave out the generated crowds (exhibitors, exhibits, merchants, visitors): for tests and quick looks.",
        )

    def handle(self, *args, **options):
        password = os.environ.get("DEMO_PASSWORD") or None
        # Each app of the product may have a demo module with a seed() function; they run
        # in INSTALLED_APPS order, so expo's editions and units exist before the others.
        for config in apps.get_app_configs():
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            module.seed(password=password, log=self.stdout.write, light=options["light"])
        if not password:
            self.stdout.write(self.style.WARNING("DEMO_PASSWORD is not set: the demo accounts cannot log in."))
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
