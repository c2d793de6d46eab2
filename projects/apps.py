from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Cooperation projects")

    def ready(self):
        # Imported here, not above: an AppConfig module is imported before the models load.
        from expo import audit
        from projects.enums import ProjectAction

        audit.register_actions(ProjectAction)
