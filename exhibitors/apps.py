from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from expo.seeding import register_seeder


class ExhibitorsConfig(AppConfig):
    name = "exhibitors"
    verbose_name = _("Exhibition")

    def ready(self):
        # Imported here, not above: an AppConfig module is imported before the models load.
        from exhibitors import (
            demo,  # the demo and scale data, for manage.py seed_demo and seed_scale
            media_rules,
            navigation,
            signals,  # noqa: F401 - search vectors and the online exhibition's cache
        )
        from exhibitors.enums import ExhibitionAction
        from expo import audit
        from expo.navigation import register_workspace

        register_seeder(demo.SEEDER)
        audit.register_actions(ExhibitionAction)
        media_rules.register()
        register_workspace(navigation.exhibitor_workspace)
