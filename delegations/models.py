"""VIP delegations of an edition: delegates and their ranks, the invitation and its history,
travel, hotel stays, meetings with provincial leaders, attendance at events, and the log
of every reading of the delegates' protected personal data."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from delegations.enums import (
    LEADER_MAX_RANK,
    AccessAction,
    Direction,
    Gender,
    InvitationStatus,
    OriginKind,
    Rank,
    SecurityLevel,
    TravelMode,
)
from expo.dates import validate_birth_date
from expo.enums import Province
from expo.i18n import localized, prefers_chinese
from expo.models import TimeStamped


class Delegation(TimeStamped):
    """The delegation of one origin (a foreign country or region, a central institution, or
    another province) to one edition, with its invitation."""

    edition = models.ForeignKey(
        "expo.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="delegations"
    )
    origin_kind = models.CharField(_("origin"), max_length=20, choices=OriginKind.choices)
    country = CountryField(_("country or region"), blank=True, help_text=_("For foreign delegations."))
    institution_zh = models.CharField(_("institution (Chinese)"), max_length=200, blank=True)
    institution_en = models.CharField(
        _("institution (English)"),
        max_length=200,
        blank=True,
        help_text=_("For central delegations: the ministry, commission or institution, as used in imports."),
    )
    province = models.CharField(
        _("province"),
        max_length=30,
        choices=Province.choices,
        blank=True,
        help_text=_("For delegations of another province or equivalent unit."),
    )
    host_unit = models.ForeignKey(
        "expo.MemberUnit",
        verbose_name=_("host member unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_delegations",
    )
    liaison_name = models.CharField(_("liaison officer"), max_length=100, blank=True)
    liaison_name_latin = models.CharField(
        _("liaison officer in Latin letters"),
        max_length=100,
        blank=True,
        help_text=_("For letters in other languages; empty: romanized from the Chinese name (pinyin)."),
    )
    liaison_phone = models.CharField(_("liaison officer's phone"), max_length=40, blank=True)
    interpreter_name = models.CharField(_("interpreter"), max_length=100, blank=True)
    interpreter_phone = models.CharField(_("interpreter's phone"), max_length=40, blank=True)
    interpreter_languages = models.CharField(_("interpreter's languages"), max_length=100, blank=True)
    security_level = models.CharField(
        _("security level"), max_length=20, choices=SecurityLevel.choices, default=SecurityLevel.STANDARD
    )
    status = models.CharField(
        _("invitation"), max_length=20, choices=InvitationStatus.choices, default=InvitationStatus.DRAFT
    )
    sent_at = models.DateTimeField(_("invitation sent at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["edition", "origin_kind", "country", "province", "institution_en"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "origin_kind", "country", "province", "institution_en"],
                name="delegation_origin_once_per_edition",
                violation_error_message=_("This origin already has a delegation in this edition."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(origin_kind=OriginKind.FOREIGN, province="", institution_en="", institution_zh="")
                    & ~Q(country="")
                )
                | (Q(origin_kind=OriginKind.CENTRAL, country="", province="") & ~Q(institution_en=""))
                | (
                    Q(origin_kind=OriginKind.PROVINCIAL, country="", institution_en="", institution_zh="")
                    & ~Q(province="")
                ),
                name="delegation_origin_matches_kind",
                violation_error_message=_(
                    "A foreign delegation needs a country or region, a central one its institution, "
                    "a provincial one its province, and nothing else."
                ),
            ),
        ]
        indexes = [models.Index(fields=["status", "sent_at"], name="delegation_status_sent")]

    def __str__(self):
        return self.origin_name

    def get_absolute_url(self):
        return reverse("admin:delegations_delegation_change", args=[self.pk])

    @property
    def origin_name(self) -> str:
        if self.origin_kind == OriginKind.FOREIGN:
            return str(self.country.name)
        if self.origin_kind == OriginKind.CENTRAL:
            return localized(self, "institution")
        return str(self.get_province_display())

    @property
    def institution(self) -> str:
        return localized(self, "institution")


class Delegate(TimeStamped):
    """A member of a delegation. ``passport_number``, ``date_of_birth`` and ``phone`` are
    protected: only the protocol office sees them (delegations.protection)."""

    delegation = models.ForeignKey(
        Delegation, verbose_name=_("delegation"), on_delete=models.CASCADE, related_name="delegates"
    )
    name_original = models.CharField(
        _("name (original script)"), max_length=200, blank=True, help_text=_("As in the passport's own script.")
    )
    name_latin = models.CharField(_("name (Latin letters)"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    # Letters address the delegate in the letter's language: the name as written in Chinese
    # characters, and the title in Chinese and in English.
    name_zh = models.CharField(
        _("name in Chinese"),
        max_length=200,
        blank=True,
        help_text=_("As Chinese letters write it, e.g. 德米特里·扎伊采夫; for Chinese delegates the name itself."),
    )
    title_zh = models.CharField(_("title in Chinese"), max_length=300, blank=True)
    title_en = models.CharField(_("title in English"), max_length=300, blank=True)
    organization = models.CharField(_("organization"), max_length=300, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    languages = models.CharField(_("languages"), max_length=100, blank=True, help_text=_("E.g. Russian, English."))
    rank = models.PositiveSmallIntegerField(_("rank"), choices=Rank.choices, default=Rank.OTHER)
    is_head = models.BooleanField(_("head of delegation"), default=False)
    attended = models.BooleanField(
        _("attended"),
        default=False,
        help_text=_(
            "Set when the protocol office receives the delegate on site. Planned arrivals and "
            "event bookings do not count: only delegates who attended count in the results."
        ),
    )
    passport_number = models.CharField(_("passport number"), max_length=30, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True, validators=[validate_birth_date])
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("delegate")
        verbose_name_plural = _("delegates")
        ordering = ["delegation", "-is_head", "rank", "name_latin", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["delegation"],
                condition=Q(is_head=True),
                name="delegate_one_head_per_delegation",
                violation_error_message=_("A delegation has only one head."),
            ),
            models.CheckConstraint(
                condition=Q(rank__gte=Rank.STATE_LEADER, rank__lte=Rank.OTHER), name="delegate_rank_on_the_scale"
            ),
            models.CheckConstraint(
                condition=~Q(name_original="", name_latin=""),
                name="delegate_has_a_name",
                violation_error_message=_("Give the delegate's name in the original script or in Latin letters."),
            ),
        ]
        indexes = [models.Index(fields=["delegation", "attended", "rank"], name="delegate_results")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("admin:delegations_delegate_change", args=[self.pk])

    @property
    def name(self) -> str:
        """Both forms of the name when they differ, the Latin letters first for most readers
        and the original script first for Chinese readers."""
        if self.name_original and self.name_latin and self.name_original != self.name_latin:
            if prefers_chinese():
                return f"{self.name_original} ({self.name_latin})"
            return f"{self.name_latin} ({self.name_original})"
        return self.name_latin or self.name_original

    @property
    def is_leader(self) -> bool:
        return self.rank <= LEADER_MAX_RANK


class InvitationChange(models.Model):
    """One step of a delegation's invitation, kept for good: who, when, from and to what."""

    delegation = models.ForeignKey(
        Delegation, verbose_name=_("delegation"), on_delete=models.CASCADE, related_name="invitation_changes"
    )
    from_status = models.CharField(_("from"), max_length=20, choices=InvitationStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=InvitationStatus.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("invitation change")
        verbose_name_plural = _("invitation changes")
        ordering = ["delegation", "changed_at", "pk"]

    def __str__(self):
        return f"{self.delegation}: {self.get_from_status_display() or '—'} → {self.get_to_status_display()}"


class InvitationReminder(models.Model):
    """A reminder mailed about an unanswered invitation: at most one a day for each."""

    delegation = models.ForeignKey(
        Delegation, verbose_name=_("delegation"), on_delete=models.CASCADE, related_name="reminders"
    )
    sent_on = models.DateField(_("sent on"))
    recipients = models.TextField(_("recipients"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("invitation reminder")
        verbose_name_plural = _("invitation reminders")
        ordering = ["-sent_on", "delegation"]
        constraints = [
            models.UniqueConstraint(fields=["delegation", "sent_on"], name="reminder_once_a_day_per_invitation")
        ]

    def __str__(self):
        return f"{self.delegation} · {self.sent_on}"


class Travel(TimeStamped):
    """An arrival in or a departure from the expo's city."""

    delegate = models.ForeignKey(Delegate, verbose_name=_("delegate"), on_delete=models.CASCADE, related_name="travels")
    direction = models.CharField(_("arrival or departure"), max_length=10, choices=Direction.choices)
    mode = models.CharField(_("by"), max_length=10, choices=TravelMode.choices, default=TravelMode.FLIGHT)
    number = models.CharField(_("flight or train no."), max_length=20, blank=True)
    place = models.CharField(_("airport or station"), max_length=200)
    at = models.DateTimeField(_("date and time"))
    pickup_needed = models.BooleanField(_("pick-up needed"), default=True)
    notes = models.CharField(_("notes"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("arrival or departure")
        verbose_name_plural = _("arrivals and departures")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["direction", "at"], name="travel_direction_at")]

    def __str__(self):
        return f"{self.get_direction_display()} · {self.delegate} · {self.number or self.get_mode_display()}"


class HotelStay(TimeStamped):
    delegate = models.ForeignKey(
        Delegate, verbose_name=_("delegate"), on_delete=models.CASCADE, related_name="hotel_stays"
    )
    hotel = models.CharField(_("hotel"), max_length=200)
    room = models.CharField(_("room"), max_length=20, blank=True)
    check_in = models.DateField(_("check-in"))
    check_out = models.DateField(_("check-out"))

    class Meta:
        verbose_name = _("hotel stay")
        verbose_name_plural = _("hotel stays")
        ordering = ["check_in", "hotel", "room", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(check_out__gt=F("check_in")),
                name="hotel_stay_at_least_one_night",
                violation_error_message=_("The check-out must be after the check-in."),
            )
        ]

    def __str__(self):
        return f"{self.hotel} {self.room} · {self.delegate}"

    @property
    def nights(self) -> int:
        if self.check_in is None or self.check_out is None:
            return 0
        return (self.check_out - self.check_in).days


class LeaderMeeting(TimeStamped):
    """A meeting of a delegation with leaders of Jilin Province."""

    delegation = models.ForeignKey(
        Delegation, verbose_name=_("delegation"), on_delete=models.CASCADE, related_name="meetings"
    )
    provincial_leader = models.CharField(_("provincial leader"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    topic = models.CharField(_("topic"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("meeting with a provincial leader")
        verbose_name_plural = _("meetings with provincial leaders")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="leader_meeting_ends_after_start",
                violation_error_message=_("A meeting must end after it starts."),
            )
        ]

    def __str__(self):
        return f"{self.delegation} · {self.provincial_leader}"


class EventAttendance(TimeStamped):
    """A delegate booked into an event of the programme."""

    delegate = models.ForeignKey(
        Delegate, verbose_name=_("delegate"), on_delete=models.CASCADE, related_name="event_attendances"
    )
    event = models.ForeignKey(
        "events.Event", verbose_name=_("event"), on_delete=models.CASCADE, related_name="delegate_attendances"
    )
    seat = models.CharField(_("seat"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("event attendance")
        verbose_name_plural = _("event attendances")
        ordering = ["event__starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["delegate", "event"],
                name="delegate_once_per_event",
                violation_error_message=_("This delegate is already booked into this event."),
            )
        ]

    def __str__(self):
        return f"{self.delegate} · {self.event}"


class ProtectedDataAccess(models.Model):
    """Who saw or exported which delegates' protected fields, and when. Written by
    delegations.protection only; the admin can read it but not change or delete it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=10, choices=AccessAction.choices)
    where = models.CharField(_("where"), max_length=100)
    fields = models.JSONField(_("fields"), default=list)
    delegate_ids = models.JSONField(_("delegates"), default=list)
    delegate_count = models.PositiveIntegerField(_("number of delegates"), default=0)

    class Meta:
        verbose_name = _("protected data access")
        verbose_name_plural = _("protected data accesses")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.user} · {self.get_action_display()} · {self.where} · {self.at:%Y-%m-%d %H:%M}"
