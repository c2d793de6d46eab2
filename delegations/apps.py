from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from expo.seeding import register_seeder


class DelegationsConfig(AppConfig):
    name = "delegations"
    verbose_name = _("Delegations and protocol")

    def ready(self):
        # Imported here, not above: an AppConfig module is imported before the models load.
        from delegations import (
            demo,  # the demo and scale data, for manage.py seed_demo and seed_scale
            protection,
        )
        from delegations.enums import ProtocolAction
        from expo import audit

        register_seeder(demo.SEEDER)
        audit.register_actions(ProtocolAction)
        audit.register_masker(lambda field: field == "passport_number", protection.mask_passport)
        audit.register_masker(lambda field: field == "date_of_birth", protection.mask_date)
        audit.register_masker(lambda field: field == "phone" or field.endswith("_phone"), protection.mask_phone)
