from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from expo.seeding import register_seeder


class DelegationsConfig(AppConfig):
    name = "delegations"
    verbose_name = _("Delegations and protocol")

    def ready(self):
        from delegations import demo  # the demo and scale data, for manage.py seed_demo and seed_scale

        register_seeder(demo.SEEDER)
