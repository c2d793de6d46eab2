from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DelegationsConfig(AppConfig):
    name = "delegations"
    verbose_name = _("Delegations and protocol")
