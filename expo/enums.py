from django.db import models
from django.utils.translation import gettext_lazy as _


class MemberUnitKind(models.TextChoices):
    PROVINCIAL_DEPARTMENT = "provincial_department", _("Provincial department")
    MUNICIPALITY = "municipality", _("Municipality or prefecture")
    AGENCY = "agency", _("Central or other agency")


class Office(models.TextChoices):
    """The organizer's offices; each is a Django group of staff users."""

    SECRETARIAT = "secretariat", _("Secretariat")
    EXHIBITION = "exhibition", _("Exhibition office")
    PROTOCOL = "protocol", _("Protocol office")
    INVESTMENT = "investment", _("Investment office")
