from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig, apps
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPDefaultConfig

from expo import kept_pages
from expo.seeding import register_seeder


class ExpoConfig(AppConfig):
    name = "expo"
    verbose_name = _("Expo and executive committee")

    def ready(self):
        # Imported here, not above: an AppConfig module is imported before the models load.
        from expo import (
            accounts,  # noqa: F401 - logs changes of accounts' rights, passwords and devices
            audit,  # noqa: F401 - connects the login signals to the activity log
            demo,  # the committee's demo and scale data, for manage.py seed_demo and seed_scale
            security,  # noqa: F401 - ends the sessions of disabled users, stamps logins
        )
        from expo.committee import admin as committee_admin  # noqa: F401 - the committee's admin
        from expo.committee import media_rules
        from expo.reports import admin as reports_admin  # noqa: F401 - report runs in the admin

        media_rules.register()
        _connect_edition_memo()
        connection_created.connect(kept_pages.install, dispatch_uid="expo.kept_pages.install")
        register_seeder(demo.SEEDER)

        post_migrate.connect(_sync_groups_after_migrate, dispatch_uid="expo.sync_office_groups")


def _connect_edition_memo():
    # Imported here: the models load after this module.
    from django.db.models.signals import post_delete, post_save

    from expo.edition_memo import _edition_saved_or_deleted
    from expo.models import Edition

    post_save.connect(_edition_saved_or_deleted, sender=Edition, dispatch_uid="expo.edition_memo.saved")
    post_delete.connect(_edition_saved_or_deleted, sender=Edition, dispatch_uid="expo.edition_memo.deleted")


def _sync_groups_after_migrate(sender, using, **kwargs):
    # After the last app's signal (only apps with models get one): Django creates each app's permissions in its own, and the
    # offices hold permissions of apps listed after this one. Imported here: this module loads
    # before the models, which expo.roles needs.
    from expo.roles import sync_office_groups

    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if sender is with_models[-1]:
        sync_office_groups(using=using)


class AxesConfig(AxesAppConfig):
    """django-axes under a name people read, in their language (the admin's index)."""

    verbose_name = _("Failed logins")


class TOTPConfig(TOTPDefaultConfig):
    """django-otp's TOTP devices under names people read, in their language: the library
    names its model in English only, outside gettext."""

    verbose_name = _("Two-step login")

    def ready(self):
        super().ready()
        model = self.get_model("TOTPDevice")
        model._meta.verbose_name = _("authenticator app")
        model._meta.verbose_name_plural = _("authenticator apps")
