from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchmakingConfig(AppConfig):
    name = "matchmaking"
    verbose_name = _("Business matchmaking and leads")

    def ready(self):
        # Imported here, not above: an AppConfig module is imported before the models load.
        from expo import audit
        from expo.navigation import register_workspace
        from matchmaking import navigation
        from matchmaking.enums import MatchmakingAction

        audit.register_actions(MatchmakingAction)
        register_workspace(navigation.merchant_workspace)
