from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from expo.seeding import register_seeder


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Cooperation projects")

    def ready(self):
        # Imported here, not above: an AppConfig module is imported before the models load.
        from expo import audit
        from projects import demo  # the demo and scale data, for manage.py seed_demo and seed_scale
        from projects.enums import ProjectAction

        register_seeder(demo.SEEDER)
        audit.register_actions(ProjectAction)
