import os
import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from events.enums import AttendeeKind, EventKind, ProposalKind, ProposalStatus, RegistrationStatus, RoleKind
from expo.enums import Industry
from expo.i18n import BilingualName, Translatable, localized
from expo.models import TimeStamped

# Badge codes: unguessable, short enough to type, no look-alike letters.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


def new_badge_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_badge_codes(count: int) -> list[str]:
    """Many codes at once, for bulk imports: 32 letters, so a random byte modulo 32 is uniform."""
    assert len(CODE_ALPHABET) == 32
    # Each byte turned into its letter (byte % 32) in one C call, then cut into codes.
    text = os.urandom(count * CODE_LENGTH).translate(_CODE_OF_BYTE).decode("ascii")
    return [text[i : i + CODE_LENGTH] for i in range(0, len(text), CODE_LENGTH)]


_CODE_OF_BYTE = bytes(ord(CODE_ALPHABET[b % 32]) for b in range(256))


class Venue(BilingualName, Translatable, TimeStamped):
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name_en"]


class Room(BilingualName, Translatable, TimeStamped):
    venue = models.ForeignKey(Venue, verbose_name=_("venue"), on_delete=models.CASCADE, related_name="rooms")
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    capacity = models.PositiveIntegerField(_("capacity"))

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["venue", "name_en"]
        constraints = [models.UniqueConstraint(fields=["venue", "name_en"], name="room_name_unique_in_venue")]


class Person(BilingualName, TimeStamped):
    """A speaker or moderator."""

    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    title_zh = models.CharField(_("title (Chinese)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    country = CountryField(_("country or region"), default="CN")

    class Meta:
        verbose_name = _("speaker or moderator")
        verbose_name_plural = _("speakers and moderators")
        ordering = ["name_en", "name_zh"]
        constraints = [models.CheckConstraint(condition=~Q(name_zh="", name_en=""), name="person_has_a_name")]

    @property
    def title(self):
        return localized(self, "title")


class Event(Translatable, TimeStamped):
    """Anything on the programme: the main forum and its events, conferences, activities."""

    edition = models.ForeignKey(
        "expo.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=EventKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("part of"), on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    title_zh = models.CharField(_("title (Chinese)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    organizer = models.ForeignKey(
        "expo.MemberUnit",
        verbose_name=_("organizing member unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organized_events",
    )
    room = models.ForeignKey(
        Room, verbose_name=_("room"), on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(
        _("seats"), null=True, blank=True, help_text=_("Empty: as many as the room holds.")
    )
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("Public events take registrations on the programme; the others are by invitation."),
    )
    is_notable = models.BooleanField(
        _("notable event"),
        default=False,
        help_text=_("Named with its attendance in the results report's section of notable events."),
    )
    agenda_zh = models.TextField(_("agenda (Chinese)"), blank=True)
    agenda_en = models.TextField(_("agenda (English)"), blank=True)
    people = models.ManyToManyField(
        Person, through="EventRole", verbose_name=_("speakers and moderators"), related_name="events", blank=True
    )

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "title_en"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="event_ends_after_start",
                violation_error_message=_("An event must end after it starts."),
            ),
        ]
        indexes = [models.Index(fields=["edition", "starts_at"], name="event_edition_start")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("programme:event", args=[self.pk])

    @property
    def title(self):
        return localized(self, "title")

    @property
    def description(self):
        return localized(self, "description")

    @property
    def agenda(self):
        return localized(self, "agenda")

    @property
    def seats(self) -> int | None:
        """How many can register: the event's own limit, else its room's capacity."""
        if self.capacity is not None:
            return self.capacity
        return self.room.capacity if self.room_id else None


class EventRole(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="roles")
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=20, choices=RoleKind.choices, default=RoleKind.SPEAKER)

    class Meta:
        verbose_name = _("speaker or moderator")
        verbose_name_plural = _("speakers and moderators")
        ordering = ["role", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "person"], name="person_once_per_event")]

    def __str__(self):
        return f"{self.person} · {self.get_role_display()}"


class Attendee(TimeStamped):
    """A person who comes to an edition (or visits it online), with a personal badge code."""

    edition = models.ForeignKey(
        "expo.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="attendees"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AttendeeKind.choices)
    name = models.CharField(_("name"), max_length=200)
    organization = models.CharField(_("organization"), max_length=200, blank=True)
    country = CountryField(_("country or region"))
    industry = models.CharField(_("industry field"), max_length=30, choices=Industry.choices, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    invited_by = models.ForeignKey(
        "expo.MemberUnit",
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invited_attendees",
        help_text=_("The member unit that invited this merchant."),
    )
    code = models.CharField(_("badge code"), max_length=20, unique=True, default=new_badge_code, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attendances",
        help_text=_("The sign-in account of a merchant or online visitor who registered with one."),
    )

    class Meta:
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        ordering = ["edition", "name"]
        constraints = [
            # One person per address and edition whatever the letter case, as registration
            # finds them (``events.services.attendee_by_email``).
            models.UniqueConstraint(
                "edition",
                Lower("email"),
                condition=~Q(email=""),
                name="attendee_email_once_per_edition",
                violation_error_message=_("Someone with this email address is already registered for this edition."),
            ),
            models.UniqueConstraint(
                fields=["edition", "user"],
                condition=Q(user__isnull=False),
                name="attendee_account_once_per_edition",
                violation_error_message=_("This account is already registered for this edition."),
            ),
        ]
        indexes = [
            models.Index(fields=["edition", "kind"], name="attendee_edition_kind"),
            models.Index(fields=["edition", "kind", "country"], name="attendee_edition_country"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("badges:badge", args=[self.code])


class Registration(TimeStamped):
    """An attendee's seat at an event, or place on its waiting list."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations")
    attendee = models.ForeignKey(
        Attendee, verbose_name=_("attendee"), on_delete=models.CASCADE, related_name="registrations"
    )
    status = models.CharField(_("status"), max_length=20, choices=RegistrationStatus.choices)
    promoted_at = models.DateTimeField(_("moved up from the waiting list at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "attendee"],
                condition=~Q(status=RegistrationStatus.CANCELLED),
                name="registration_once_per_event",
                violation_error_message=_("This attendee is already registered for this event."),
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"], name="registration_queue")]

    def __str__(self):
        return f"{self.attendee} · {self.event}"


class CheckIn(models.Model):
    """An attendee's arrival at the venue on a day (one per day), scanned or typed by staff."""

    attendee = models.ForeignKey(
        Attendee, verbose_name=_("attendee"), on_delete=models.CASCADE, related_name="check_ins"
    )
    day = models.DateField(_("day"))
    at = models.DateTimeField(_("checked in at"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked in by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-at"]
        constraints = [models.UniqueConstraint(fields=["attendee", "day"], name="check_in_once_per_day")]
        indexes = [models.Index(fields=["day"], name="check_in_day")]

    def __str__(self):
        return f"{self.attendee} · {self.at:%Y-%m-%d %H:%M}"


# Member units' part of the programme and of the merchants ---------------------------------


class ActivityProposal(TimeStamped):
    """A theme activity, cultural exchange activity or supporting conference that a member
    unit proposes for an edition's programme; the secretariat accepts (it becomes an event),
    returns it with a comment, or declines it."""

    edition = models.ForeignKey(
        "expo.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="activity_proposals"
    )
    unit = models.ForeignKey(
        "expo.MemberUnit", verbose_name=_("member unit"), on_delete=models.PROTECT, related_name="activity_proposals"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=ProposalKind.choices)
    title_zh = models.CharField(_("title (Chinese)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    wished_start = models.DateTimeField(_("wished start"))
    wished_end = models.DateTimeField(_("wished end"))
    wished_room = models.ForeignKey(
        Room, verbose_name=_("wished room"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    own_venue = models.CharField(
        _("own venue"), max_length=300, blank=True, help_text=_("If the unit holds it at a place of its own.")
    )
    expected_participants = models.PositiveIntegerField(_("expected participants"))
    partners = models.TextField(_("partners"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=100)
    contact_phone = models.CharField(_("contact phone"), max_length=40)
    contact_email = models.EmailField(_("contact email"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.SUBMITTED
    )
    secretariat_comment = models.TextField(_("secretariat's comment"), blank=True)
    event = models.OneToOneField(
        Event, verbose_name=_("event"), on_delete=models.SET_NULL, null=True, blank=True, related_name="proposal"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("activity proposal")
        verbose_name_plural = _("activity proposals")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(wished_end__gt=F("wished_start")),
                name="proposal_ends_after_start",
                violation_error_message=_("An activity must end after it starts."),
            ),
        ]
        indexes = [models.Index(fields=["edition", "status"], name="proposal_edition_status")]

    def __str__(self):
        return self.title

    @property
    def title(self):
        return localized(self, "title")

    @property
    def description(self):
        return localized(self, "description")

    @property
    def is_editable(self) -> bool:
        return self.status in (ProposalStatus.SUBMITTED, ProposalStatus.RETURNED)


def new_invitation_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))


class MerchantInvitation(TimeStamped):
    """A link or code a member unit gives the merchants it invites: whoever registers with it
    for the edition is credited to the unit (``Attendee.invited_by``)."""

    edition = models.ForeignKey(
        "expo.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="merchant_invitations"
    )
    unit = models.ForeignKey(
        "expo.MemberUnit", verbose_name=_("member unit"), on_delete=models.CASCADE, related_name="merchant_invitations"
    )
    code = models.CharField(_("code"), max_length=20, unique=True, default=new_invitation_code, editable=False)
    label = models.CharField(
        _("label"), max_length=120, blank=True, help_text=_("For the unit: whom this link was given to.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("merchant invitation")
        verbose_name_plural = _("merchant invitations")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.code

    def get_absolute_url(self):
        return reverse("programme:invitation", args=[self.code])


class MerchantInvitationTarget(models.Model):
    """How many merchants the secretariat expects a unit to invite to an edition."""

    edition = models.ForeignKey("expo.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(
        "expo.MemberUnit", verbose_name=_("member unit"), on_delete=models.CASCADE, related_name="invitation_targets"
    )
    target = models.PositiveIntegerField(_("target"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("invitation target")
        verbose_name_plural = _("invitation targets")
        ordering = ["edition", "unit"]
        constraints = [models.UniqueConstraint(fields=["edition", "unit"], name="invitation_target_once")]

    def __str__(self):
        return f"{self.unit} · {self.target}"


# A visitor's personal agenda ---------------------------------------------------------------


def new_agenda_token() -> str:
    return secrets.token_urlsafe(32)


class AgendaEntry(models.Model):
    """A session a signed-in visitor starred for their own agenda (``events.agenda``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.CASCADE, related_name="agenda_entries"
    )
    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="agenda_entries")
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("agenda entry")
        verbose_name_plural = _("agenda entries")
        ordering = ["user", "event"]
        constraints = [models.UniqueConstraint(fields=["user", "event"], name="agenda_entry_once")]

    def __str__(self):
        return f"{self.user} · {self.event}"


class AgendaFeed(models.Model):
    """The secret address of a visitor's agenda as an iCalendar feed: calendar applications
    fetch it without a login, so the token is the key. Renewing it makes a new token (the old
    address answers 404); turning it off deletes the row."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.CASCADE, related_name="agenda_feed"
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_agenda_token, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("renewed at"), auto_now=True)

    class Meta:
        verbose_name = _("agenda calendar link")
        verbose_name_plural = _("agenda calendar links")
        ordering = ["-updated_at"]

    def __str__(self):
        return str(self.user)

    def get_absolute_url(self):
        return reverse("programme:agenda_feed", args=[self.token])
