from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    MAIN_FORUM = "main_forum", _("main forum")
    FORUM_EVENT = "forum_event", _("event of a forum")
    SUPPORTING_CONFERENCE = "supporting_conference", _("supporting conference")
    THEME_ACTIVITY = "theme_activity", _("theme activity")
    CULTURAL_EXCHANGE = "cultural_exchange", _("cultural exchange activity")
    SIGNING_CEREMONY = "signing_ceremony", _("signing ceremony")
    PRESS_CONFERENCE = "press_conference", _("press conference")
    EXHIBITION_OPENING = "exhibition_opening", _("exhibition opening")
    CONCURRENT = "concurrent", _("event held alongside the expo")


class RoleKind(models.TextChoices):
    SPEAKER = "speaker", _("speaker")
    MODERATOR = "moderator", _("moderator")


class AttendeeKind(models.TextChoices):
    MERCHANT = "merchant", _("merchant (trade visitor)")
    ONLINE_VISITOR = "online_visitor", _("online visitor")
    MEDIA = "media", _("media")
    GUEST = "guest", _("guest")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("confirmed")
    WAITLISTED = "waitlisted", _("on the waiting list")
    CANCELLED = "cancelled", _("cancelled")


# Kinds that come to the venue and get a badge.
ON_SITE_KINDS = (AttendeeKind.MERCHANT, AttendeeKind.MEDIA, AttendeeKind.GUEST)


class ProposalKind(models.TextChoices):
    """What a member unit may propose for the programme (the committee's requirements)."""

    THEME_ACTIVITY = EventKind.THEME_ACTIVITY.value, _("theme activity")
    CULTURAL_EXCHANGE = EventKind.CULTURAL_EXCHANGE.value, _("cultural exchange activity")
    SUPPORTING_CONFERENCE = EventKind.SUPPORTING_CONFERENCE.value, _("supporting conference")


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("returned for changes")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    WITHDRAWN = "withdrawn", _("withdrawn")


class ProgrammeAction(models.TextChoices):
    """What the activity log records of the programme (registered by ``events.apps``)."""

    PROPOSAL_CHANGE = "proposal_change", _("activity proposal changed")
    EVENT_CHANGE = "event_change", _("event changed by its organizing unit")
    INVITATION_TARGET = "invitation_target", _("invitation target set")
    AGENDA_ADD = "agenda_add", _("session added to a personal agenda")
    AGENDA_REMOVE = "agenda_remove", _("session removed from a personal agenda")
    AGENDA_FEED = "agenda_feed", _("personal calendar link made, renewed or turned off")
