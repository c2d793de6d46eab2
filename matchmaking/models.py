import datetime
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from expo.enums import Industry
from expo.i18n import BilingualName
from expo.models import TimeStamped
from expo.names import reader_part
from matchmaking.enums import BOOKED_STATUSES, OPEN_STATUSES, Initiator, MeetingMode, MeetingStatus, Outcome


def new_token() -> str:
    return secrets.token_urlsafe(24)


class MerchantInterest(models.Model):
    """An industry field a merchant (an attendee with an account) wants to meet exhibitors of."""

    attendee = models.ForeignKey(
        "events.Attendee", verbose_name=_("merchant"), on_delete=models.CASCADE, related_name="interests"
    )
    industry = models.CharField(_("industry field"), max_length=30, choices=Industry.choices)

    class Meta:
        verbose_name = _("industry of interest")
        verbose_name_plural = _("industries of interest")
        ordering = ["attendee", "industry"]
        constraints = [models.UniqueConstraint(fields=["attendee", "industry"], name="interest_once_per_merchant")]

    def __str__(self):
        return self.get_industry_display()


class MatchmakingSession(BilingualName, TimeStamped):
    """Tables in a hall or room where merchants and exhibitors meet, in slots of fixed length."""

    edition = models.ForeignKey(
        "expo.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="matchmaking_sessions"
    )
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    location = models.CharField(_("hall or room"), max_length=200)
    tables = models.PositiveSmallIntegerField(_("tables"), validators=[MinValueValidator(1), MaxValueValidator(500)])
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    slot_minutes = models.PositiveSmallIntegerField(
        _("slot length (minutes)"), default=30, validators=[MinValueValidator(5), MaxValueValidator(240)]
    )

    class Meta:
        verbose_name = _("matchmaking session")
        verbose_name_plural = _("matchmaking sessions")
        ordering = ["edition", "starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="matchmaking_session_ends_after_start",
                violation_error_message=_("A session must end after it starts."),
            ),
            models.CheckConstraint(condition=Q(tables__gte=1), name="matchmaking_session_has_tables"),
            models.CheckConstraint(condition=Q(slot_minutes__gte=5), name="matchmaking_session_slot_length"),
        ]

    @property
    def slot_length(self) -> datetime.timedelta:
        return datetime.timedelta(minutes=self.slot_minutes)

    def slot_starts(self) -> list[datetime.datetime]:
        """The start of every whole slot between the session's start and end."""
        starts, at = [], self.starts_at
        while at + self.slot_length <= self.ends_at:
            starts.append(at)
            at += self.slot_length
        return starts

    def is_slot_start(self, at: datetime.datetime) -> bool:
        if at < self.starts_at or at + self.slot_length > self.ends_at:
            return False
        return (at - self.starts_at) % self.slot_length == datetime.timedelta(0)


BOOKED = Q(status__in=BOOKED_STATUSES)


class Meeting(TimeStamped):
    """A merchant and an exhibitor meeting, online or at a table of a matchmaking session.

    The life cycle is in ``matchmaking.services``: a request (by the merchant) or an
    invitation (by the exhibitor), then an answer, then what came of it."""

    edition = models.ForeignKey(
        "expo.Edition",
        verbose_name=_("edition"),
        on_delete=models.CASCADE,
        related_name="business_meetings",
    )
    merchant = models.ForeignKey(
        "events.Attendee",
        verbose_name=_("merchant"),
        on_delete=models.CASCADE,
        related_name="business_meetings",
    )
    exhibitor = models.ForeignKey(
        "exhibitors.Exhibitor",
        verbose_name=_("exhibitor"),
        on_delete=models.CASCADE,
        related_name="business_meetings",
    )
    initiated_by = models.CharField(_("asked by"), max_length=10, choices=Initiator.choices)
    mode = models.CharField(_("where"), max_length=10, choices=MeetingMode.choices)
    message = models.TextField(_("message"), max_length=2000, blank=True)
    proposed_times = models.JSONField(_("proposed times"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=MeetingStatus.choices)
    starts_at = models.DateTimeField(_("time"), null=True, blank=True)
    ends_at = models.DateTimeField(_("until"), null=True, blank=True)
    session = models.ForeignKey(
        MatchmakingSession,
        verbose_name=_("matchmaking session"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="business_meetings",
    )
    table = models.PositiveSmallIntegerField(_("table"), null=True, blank=True)
    answer = models.TextField(_("answer"), max_length=2000, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("what came of it"), max_length=2000, blank=True)
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("cooperation project"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="business_meetings",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("asked by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "-created_at", "pk"]
        constraints = [
            # Neither a table nor a person is in two meetings at once (the services check
            # overlaps first, under locks; these are the backstop for equal slot starts).
            models.UniqueConstraint(
                fields=["session", "starts_at", "table"],
                condition=BOOKED & Q(session__isnull=False),
                name="meeting_table_once_per_slot",
                violation_error_message=_("This table is already taken at this time."),
            ),
            models.UniqueConstraint(
                fields=["merchant", "starts_at"],
                condition=BOOKED,
                name="meeting_merchant_once_per_slot",
                violation_error_message=_("The merchant already has a meeting at this time."),
            ),
            models.UniqueConstraint(
                fields=["exhibitor", "starts_at"],
                condition=BOOKED,
                name="meeting_exhibitor_once_per_slot",
                violation_error_message=_("The exhibitor already has a meeting at this time."),
            ),
            models.UniqueConstraint(
                fields=["merchant", "exhibitor"],
                condition=Q(status__in=OPEN_STATUSES),
                name="meeting_one_open_request_per_pair",
                violation_error_message=_("There is already an open request between this merchant and exhibitor."),
            ),
            models.CheckConstraint(
                condition=~BOOKED | (Q(starts_at__isnull=False) & Q(ends_at__gt=F("starts_at"))),
                name="meeting_booked_has_time",
            ),
            models.CheckConstraint(
                condition=~BOOKED | Q(mode=MeetingMode.ONLINE) | (Q(session__isnull=False) & Q(table__isnull=False)),
                name="meeting_onsite_booked_has_table",
            ),
        ]
        indexes = [
            models.Index(fields=["edition", "status"], name="meeting_edition_status"),
            models.Index(fields=["exhibitor", "status"], name="meeting_exhibitor_status"),
            models.Index(fields=["merchant", "status"], name="meeting_merchant_status"),
        ]

    def __str__(self):
        return f"{self.merchant} · {self.exhibitor}"

    def get_absolute_url(self):
        return reverse("matchmaking:meeting", args=[self.pk])

    @property
    def proposed_datetimes(self) -> list[datetime.datetime]:
        return [datetime.datetime.fromisoformat(t) for t in self.proposed_times]

    @property
    def is_booked(self) -> bool:
        return self.status in BOOKED_STATUSES

    @property
    def place(self) -> str:
        if self.mode == MeetingMode.ONLINE:
            return str(MeetingMode.ONLINE.label)
        if self.session_id and self.table:
            # The hall as the reader reads it, when it was written in both languages.
            location = reader_part(self.session.location)
            return _("%(location)s, table %(table)s") % {"location": location, "table": self.table}
        return str(MeetingMode.ONSITE.label)


class Lead(TimeStamped):
    """A visitor an exhibitor's staff met at the booth: their badge scanned (or typed)."""

    exhibitor = models.ForeignKey(
        "exhibitors.Exhibitor", verbose_name=_("exhibitor"), on_delete=models.CASCADE, related_name="leads"
    )
    attendee = models.ForeignKey(
        "events.Attendee", verbose_name=_("visitor"), on_delete=models.CASCADE, related_name="leads"
    )
    scanned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("scanned by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    note = models.TextField(_("note"), max_length=2000, blank=True)
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("cooperation project"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="leads",
    )

    class Meta:
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["exhibitor", "attendee"], name="lead_once_per_exhibitor"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | (Q(rating__gte=1) & Q(rating__lte=5)), name="lead_rating_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.exhibitor} · {self.attendee}"


class CalendarFeed(models.Model):
    """The private address of an agenda's iCalendar feed: a merchant's, or an exhibitor's."""

    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token, editable=False)
    merchant = models.OneToOneField(
        "events.Attendee", on_delete=models.CASCADE, null=True, blank=True, related_name="calendar_feed"
    )
    exhibitor = models.OneToOneField(
        "exhibitors.Exhibitor", on_delete=models.CASCADE, null=True, blank=True, related_name="calendar_feed"
    )

    class Meta:
        verbose_name = _("agenda calendar feed")
        verbose_name_plural = _("agenda calendar feeds")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(merchant__isnull=True) ^ Q(exhibitor__isnull=True), name="calendar_feed_has_one_owner"
            )
        ]

    def __str__(self):
        return str(self.merchant or self.exhibitor)

    def get_absolute_url(self):
        return reverse("matchmaking:calendar", args=[self.token])
