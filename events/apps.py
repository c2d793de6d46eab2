from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Programme and attendance")

    def ready(self):
        # Imported here, not above: an AppConfig module is imported before the models load.
        from events import signals  # noqa: F401 - keeps the cached programme current
        from events.enums import ProgrammeAction
        from expo import audit

        audit.register_actions(ProgrammeAction)
