from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ExpoConfig(AppConfig):
    name = "expo"
    verbose_name = _("Expo and executive committee")

    def ready(self):
        from expo import (
            audit,  # noqa: F401 - connects the login signals to the activity log
            security,  # noqa: F401 - ends the sessions of disabled users, stamps logins
        )

        post_migrate.connect(_sync_groups_after_migrate, sender=self)


def _sync_groups_after_migrate(sender, using, **kwargs):
    from expo.roles import sync_office_groups

    sync_office_groups(using=using)
