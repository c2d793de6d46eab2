from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from expo.seeding import register_seeder


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Cooperation projects")

    def ready(self):
        from projects import demo  # the demo and scale data, for manage.py seed_demo and seed_scale

        register_seeder(demo.SEEDER)
