from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingMode(models.TextChoices):
    ONSITE = "onsite", _("at the expo")
    ONLINE = "online", _("online")


class MeetingStatus(models.TextChoices):
    REQUESTED = "requested", _("requested by the merchant")
    INVITED = "invited", _("invited by the exhibitor")
    PROPOSED = "proposed", _("another time proposed")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    CANCELLED = "cancelled", _("cancelled")
    HELD = "held", _("held")


class Initiator(models.TextChoices):
    MERCHANT = "merchant", _("merchant")
    EXHIBITOR = "exhibitor", _("exhibitor")


class Outcome(models.TextChoices):
    NO_INTEREST = "no_interest", _("no interest")
    FOLLOW_UP = "follow_up", _("follow-up")
    INTENTION = "intention", _("intention to cooperate")
    PROJECT = "project", _("cooperation project")


# Waiting for the exhibitor's answer, or for the merchant's.
WAITING_FOR_EXHIBITOR = (MeetingStatus.REQUESTED,)
WAITING_FOR_MERCHANT = (MeetingStatus.INVITED, MeetingStatus.PROPOSED)
OPEN_STATUSES = (*WAITING_FOR_EXHIBITOR, *WAITING_FOR_MERCHANT)
# A meeting holds its time (and its table) in these states.
BOOKED_STATUSES = (MeetingStatus.ACCEPTED, MeetingStatus.HELD)


class MatchmakingAction(models.TextChoices):
    """What the activity log records of matchmaking (registered by ``matchmaking.apps``)."""

    MEETING_CHANGE = "meeting_change", _("business meeting requested or answered")
    LEAD_CHANGE = "lead_change", _("lead scanned or changed")
    MATCHMAKING_SESSION = "matchmaking_session", _("matchmaking session changed")
