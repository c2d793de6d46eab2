from django.db import models
from django.utils.translation import gettext_lazy as _


class OriginKind(models.TextChoices):
    """Where a delegation comes from; the results count leaders by these three kinds."""

    FOREIGN = "foreign", _("foreign country or region")
    CENTRAL = "central", _("central ministry, commission or institution")
    PROVINCIAL = "provincial", _("another province or equivalent unit")


class Rank(models.IntegerChoices):
    """The ordered rank scale of VIP delegates, highest first (shared/REFERENCE.md)."""

    STATE_LEADER = 1, _("state leader")
    VICE_STATE_LEADER = 2, _("vice state leader")
    MINISTERIAL = 3, _("ministerial or provincial")
    VICE_MINISTERIAL = 4, _("vice-ministerial or vice-provincial")
    DEPARTMENT = 5, _("department or bureau")
    OTHER = 6, _("other")


# A "leader" in the results: rank at or above vice-ministerial (vice-provincial) level.
LEADER_MAX_RANK = Rank.VICE_MINISTERIAL


class InvitationStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SENT = "sent", _("sent")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    CONFIRMED = "confirmed", _("confirmed")
    CANCELLED = "cancelled", _("cancelled")


# The legal steps of an invitation. Declined and cancelled are final; a confirmed visit can
# still be cancelled, since it has not happened yet.
INVITATION_STEPS: dict[str, tuple[str, ...]] = {
    InvitationStatus.DRAFT: (InvitationStatus.SENT, InvitationStatus.CANCELLED),
    InvitationStatus.SENT: (InvitationStatus.ACCEPTED, InvitationStatus.DECLINED, InvitationStatus.CANCELLED),
    InvitationStatus.ACCEPTED: (InvitationStatus.CONFIRMED, InvitationStatus.CANCELLED),
    InvitationStatus.CONFIRMED: (InvitationStatus.CANCELLED,),
    InvitationStatus.DECLINED: (),
    InvitationStatus.CANCELLED: (),
}
OPEN_INVITATION_STATUSES = tuple(s for s, steps in INVITATION_STEPS.items() if steps)


class SecurityLevel(models.TextChoices):
    STANDARD = "standard", _("standard")
    ENHANCED = "enhanced", _("enhanced")
    HIGH = "high", _("high (guard of honour, escort)")


class Gender(models.TextChoices):
    FEMALE = "female", _("female")
    MALE = "male", _("male")


class Direction(models.TextChoices):
    ARRIVAL = "arrival", _("arrival")
    DEPARTURE = "departure", _("departure")


class TravelMode(models.TextChoices):
    FLIGHT = "flight", _("flight")
    TRAIN = "train", _("train")
    ROAD = "road", _("road")


class ProtectedField(models.TextChoices):
    """The personal data only the protocol office may see and export."""

    PASSPORT_NUMBER = "passport_number", _("passport number")
    DATE_OF_BIRTH = "date_of_birth", _("date of birth")
    PHONE = "phone", _("phone")


class AccessAction(models.TextChoices):
    VIEW = "view", _("viewed")
    EXPORT = "export", _("exported")


class ProtocolAction(models.TextChoices):
    """What the activity log records of delegations and protected data (registered by ``delegations.apps``)."""

    DELEGATION_CREATE = "delegation_create", _("delegation created")
    DELEGATION_CHANGE = "delegation_change", _("delegation changed")
    INVITATION_CHANGE = "invitation_change", _("invitation changed")
    DELEGATE_CHANGE = "delegate_change", _("delegate changed")
    PROTECTED_VIEW = "protected_view", _("protected data viewed")
    PROTECTED_EXPORT = "protected_export", _("protected data exported")
    PROTECTED_LOOKUP = "protected_lookup", _("protected data searched")
