from django.db import models
from django.utils.translation import gettext_lazy as _


class PavilionMode(models.TextChoices):
    OFFLINE = "offline", _("offline")
    ONLINE = "online", _("online")
    BOTH = "both", _("offline and online")


class BoothKind(models.TextChoices):
    STANDARD = "standard", _("standard shell scheme")
    RAW_SPACE = "raw_space", _("raw space")


class ExhibitorKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("enterprise")
    INSTITUTION = "institution", _("institution")


class ParticipationMode(models.TextChoices):
    OFFLINE = "offline", _("offline")
    ONLINE = "online", _("online")
    BOTH = "both", _("offline and online")


class ApplicationStatus(models.TextChoices):
    REQUESTED = "requested", _("requested")
    HELD = "held", _("held")
    CONFIRMED = "confirmed", _("confirmed")
    REJECTED = "rejected", _("rejected")
    CANCELLED = "cancelled", _("cancelled")
    EXPIRED = "expired", _("expired")


# A booth is taken while one of its applications is in one of these states.
ACTIVE_STATUSES = (ApplicationStatus.HELD, ApplicationStatus.CONFIRMED)
OFFLINE_MODES = (ParticipationMode.OFFLINE, ParticipationMode.BOTH)
ONLINE_MODES = (ParticipationMode.ONLINE, ParticipationMode.BOTH)


class BroadcastStatus(models.TextChoices):
    PROPOSED = "proposed", _("awaiting approval")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class ExhibitionAction(models.TextChoices):
    """What the activity log records of the exhibition (registered by ``exhibitors.apps``)."""

    BOOTH_HOLD = "booth_hold", _("booth held")
    BOOTH_CONFIRM = "booth_confirm", _("booth confirmed")
    BOOTH_REJECT = "booth_reject", _("booth application rejected")
    BOOTH_CANCEL = "booth_cancel", _("booth application cancelled")
    BOOTH_EXPIRE = "booth_expire", _("booth hold expired")
    EXHIBITOR_CONFIRM = "exhibitor_confirm", _("self-registered exhibitor confirmed")
    BROADCAST_DECIDE = "broadcast_decide", _("live broadcast approved or rejected")
    EXHIBITOR_CHANGE = "exhibitor_change", _("exhibitor profile changed")
