from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from expo.seeding import register_seeder


class ExhibitorsConfig(AppConfig):
    name = "exhibitors"
    verbose_name = _("Exhibition")

    def ready(self):
        from exhibitors import (
            demo,  # the demo and scale data, for manage.py seed_demo and seed_scale
            signals,  # noqa: F401 - search vectors and the online exhibition's cache
        )

        register_seeder(demo.SEEDER)
