from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from expo.seeding import register_seeder


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Programme and attendance")

    def ready(self):
        from events import (
            demo,  # the demo and scale data, for manage.py seed_demo and seed_scale
            signals,  # noqa: F401 - keeps the cached programme current
        )

        register_seeder(demo.SEEDER)
