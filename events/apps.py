from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from expo.seeding import register_seeder


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Programme and attendance")

    def ready(self):
        # Imported here, not above: an AppConfig module is imported before the models load.
        from events import (
            demo,  # the demo and scale data, for manage.py seed_demo and seed_scale
            signals,  # noqa: F401 - keeps the cached programme current
        )
        from events.enums import ProgrammeAction
        from expo import audit

        register_seeder(demo.SEEDER)
        audit.register_actions(ProgrammeAction)
