from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from expo.seeding import register_seeder


class MatchmakingConfig(AppConfig):
    name = "matchmaking"
    verbose_name = _("Business matchmaking and leads")

    def ready(self):
        # Imported here, not above: an AppConfig module is imported before the models load.
        from expo import audit
        from expo.navigation import register_workspace
        from matchmaking import (
            demo,  # the demo and scale data, for manage.py seed_demo and seed_scale
            navigation,
        )
        from matchmaking.enums import MatchmakingAction

        register_seeder(demo.SEEDER)
        audit.register_actions(MatchmakingAction)
        register_workspace(navigation.merchant_workspace)
