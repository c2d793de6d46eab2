from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from expo.seeding import register_seeder


class MatchmakingConfig(AppConfig):
    name = "matchmaking"
    verbose_name = _("Business matchmaking and leads")

    def ready(self):
        from matchmaking import demo  # the demo and scale data, for manage.py seed_demo and seed_scale

        register_seeder(demo.SEEDER)
