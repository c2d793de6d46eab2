from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Programme and attendance")

    def ready(self):
        from events import signals  # noqa: F401 - keeps the cached programme current
