from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from exhibitors.enums import (
    ACTIVE_STATUSES,
    ApplicationStatus,
    BoothKind,
    BroadcastStatus,
    ExhibitorKind,
    ParticipationMode,
    PavilionMode,
)
from exhibitors.validators import validate_image_upload
from expo import uploads
from expo.enums import Industry, Province
from expo.i18n import BilingualName, Translatable
from expo.models import TimeStamped

MONEY = {"max_digits": 18, "decimal_places": 2}
AREA = {"max_digits": 10, "decimal_places": 2}
LENGTH = {"max_digits": 8, "decimal_places": 2}


def upload_logo(instance, filename):
    """Random names with the extension of the detected type (expo.uploads)."""
    return uploads.stored_name(kind=uploads.LOGO, file=uploads.pending_file(instance, "logo"), filename=filename)


def upload_exhibit_image(instance, filename):
    return uploads.stored_name(
        kind=uploads.EXHIBIT_IMAGE, file=uploads.pending_file(instance, "image"), filename=filename
    )


class Pavilion(BilingualName, Translatable, TimeStamped):
    """A theme pavilion of an edition, with its hall and gross area; offline pavilions have a
    floor plan measured in metres (``plan_width`` x ``plan_depth``)."""

    edition = models.ForeignKey(
        "expo.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="pavilions"
    )
    code = models.SlugField(_("code"), max_length=40)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    mode = models.CharField(_("held"), max_length=10, choices=PavilionMode.choices, default=PavilionMode.BOTH)
    hall = models.CharField(_("hall"), max_length=50, blank=True)
    gross_area_m2 = models.DecimalField(_("gross area (m²)"), **AREA, default=0)
    booked_area_m2 = models.DecimalField(
        _("booked area (m²)"),
        **AREA,
        default=0,
        editable=False,
        help_text=_("Area of the booths held or confirmed; kept by the booking service."),
    )
    plan_width = models.DecimalField(_("floor plan width (m)"), **LENGTH, default=100)
    plan_depth = models.DecimalField(_("floor plan depth (m)"), **LENGTH, default=60)
    booking_open = models.BooleanField(
        _("booking open"), default=True, help_text=_("Exhibitors may hold booths of this pavilion in the portal.")
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("pavilion")
        verbose_name_plural = _("pavilions")
        ordering = ["edition", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="pavilion_code_unique_in_edition"),
            models.CheckConstraint(condition=Q(gross_area_m2__gte=0), name="pavilion_gross_area_not_negative"),
            models.CheckConstraint(
                condition=Q(booked_area_m2__gte=0) & Q(booked_area_m2__lte=F("gross_area_m2")),
                name="pavilion_booked_within_gross_area",
                violation_error_message=_("The booked area cannot exceed the pavilion's gross area."),
            ),
        ]

    @property
    def is_offline(self) -> bool:
        return self.mode in (PavilionMode.OFFLINE, PavilionMode.BOTH)


class Booth(TimeStamped):
    """A bookable space in an offline pavilion, a rectangle on its floor plan (metres)."""

    pavilion = models.ForeignKey(Pavilion, verbose_name=_("pavilion"), on_delete=models.CASCADE, related_name="booths")
    code = models.CharField(_("code"), max_length=20)
    kind = models.CharField(_("kind"), max_length=20, choices=BoothKind.choices, default=BoothKind.STANDARD)
    area_m2 = models.DecimalField(_("area (m²)"), **AREA)
    x = models.DecimalField(_("x (m)"), **LENGTH, default=0)
    y = models.DecimalField(_("y (m)"), **LENGTH, default=0)
    width = models.DecimalField(_("width (m)"), **LENGTH)
    depth = models.DecimalField(_("depth (m)"), **LENGTH)
    price = models.DecimalField(_("price (yuan)"), **MONEY, default=0)
    is_bookable = models.BooleanField(
        _("bookable"), default=True, help_text=_("Untick to keep the booth off the market, e.g. for the organizer.")
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("booth")
        verbose_name_plural = _("booths")
        ordering = ["pavilion", "code"]
        constraints = [
            models.UniqueConstraint(fields=["pavilion", "code"], name="booth_code_unique_in_pavilion"),
            models.CheckConstraint(condition=Q(area_m2__gt=0), name="booth_area_positive"),
            models.CheckConstraint(condition=Q(width__gt=0) & Q(depth__gt=0), name="booth_size_positive"),
            models.CheckConstraint(
                condition=Q(x__gte=0) & Q(y__gte=0) & Q(price__gte=0), name="booth_position_and_price_not_negative"
            ),
        ]

    def __str__(self):
        return self.code


class Exhibitor(Translatable, TimeStamped):
    """An enterprise or institution that exhibits, domestic (province, city) or foreign."""

    # The name as registered (and the description) stand for the Chinese text.
    translated_fields = {"name": {"zh-hans": "name", "en": "name_en"}, "description": {"zh-hans": "description"}}

    kind = models.CharField(_("kind"), max_length=20, choices=ExhibitorKind.choices, default=ExhibitorKind.ENTERPRISE)
    name = models.CharField(_("name"), max_length=200, unique=True, help_text=_("As registered, in its own language."))
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    country = CountryField(_("country or region"), default="CN")
    province = models.CharField(_("province"), max_length=30, choices=Province.choices, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    industry = models.CharField(_("industry field"), max_length=30, choices=Industry.choices)
    contact_name = models.CharField(_("contact person"), max_length=100)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("contact email"))
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    logo = models.ImageField(_("logo"), upload_to=upload_logo, blank=True, validators=[validate_image_upload])
    self_registered = models.BooleanField(
        _("registered itself"),
        default=False,
        editable=False,
        help_text=_("Signed up in the exhibitor portal: nobody has checked yet that it is the company it names."),
    )
    company_confirmed_at = models.DateTimeField(
        _("confirmed as the company at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When an organizer confirmed that a self-registered exhibitor is the company it names."),
    )
    # PostgreSQL only (exhibitors.search): names and description segmented by jieba; NULL on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    # The names alone, so that matches in a name are found through an index of their own.
    name_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("exhibitor")
        verbose_name_plural = _("exhibitors")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(country="CN") | Q(province=""),
                name="exhibitor_province_only_for_domestic",
                violation_error_message=_("Only domestic exhibitors have a province."),
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.translated("name").text

    @property
    def display_description(self) -> str:
        return self.translated("description").text

    @property
    def is_domestic(self) -> bool:
        return self.country.code == "CN"

    @property
    def awaits_confirmation(self) -> bool:
        """Self-registered and not yet confirmed: imports do not merge into it."""
        return self.self_registered and self.company_confirmed_at is None


class ExhibitorMember(TimeStamped):
    """A user who acts for an exhibitor in the exhibitor portal."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="exhibitor_member"
    )
    exhibitor = models.ForeignKey(
        Exhibitor, verbose_name=_("exhibitor"), on_delete=models.CASCADE, related_name="members"
    )

    class Meta:
        verbose_name = _("exhibitor user")
        verbose_name_plural = _("exhibitor users")
        ordering = ["exhibitor", "user"]

    def __str__(self):
        return f"{self.user} @ {self.exhibitor}"


class Participation(TimeStamped):
    """An exhibitor's taking part in an edition: offline (booths), online (exhibits) or both."""

    exhibitor = models.ForeignKey(
        Exhibitor, verbose_name=_("exhibitor"), on_delete=models.CASCADE, related_name="participations"
    )
    edition = models.ForeignKey(
        "expo.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="participations"
    )
    mode = models.CharField(_("takes part"), max_length=10, choices=ParticipationMode.choices)
    pavilion = models.ForeignKey(
        Pavilion,
        verbose_name=_("pavilion"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participations",
        help_text=_("The theme pavilion the exhibitor belongs to."),
    )

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["edition", "exhibitor"]
        constraints = [models.UniqueConstraint(fields=["exhibitor", "edition"], name="participation_once_per_edition")]

    def __str__(self):
        return f"{self.exhibitor} · {self.edition}"


class BoothApplication(TimeStamped):
    """An exhibitor's application for a booth, with who did each step and when."""

    booth = models.ForeignKey(Booth, verbose_name=_("booth"), on_delete=models.PROTECT, related_name="applications")
    exhibitor = models.ForeignKey(
        Exhibitor, verbose_name=_("exhibitor"), on_delete=models.PROTECT, related_name="applications"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.REQUESTED
    )
    held_until = models.DateTimeField(_("held until"), null=True, blank=True)
    requested_at = models.DateTimeField(_("requested at"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    held_at = models.DateTimeField(_("held at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    rejected_at = models.DateTimeField(_("rejected at"), null=True, blank=True)
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rejected by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cancelled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    expired_at = models.DateTimeField(_("expired at"), null=True, blank=True)

    class Meta:
        verbose_name = _("booth application")
        verbose_name_plural = _("booth applications")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["booth"],
                condition=Q(status__in=ACTIVE_STATUSES),
                name="booth_one_active_application",
                violation_error_message=_("This booth is already held or booked."),
            ),
            models.CheckConstraint(
                condition=~Q(status=ApplicationStatus.HELD) | Q(held_until__isnull=False),
                name="held_application_has_expiry",
            ),
        ]
        indexes = [models.Index(fields=["status", "held_until"], name="application_status_expiry")]

    def __str__(self):
        return f"{self.booth} · {self.exhibitor} · {self.get_status_display()}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


class Exhibit(Translatable, TimeStamped):
    """A product shown in the online exhibition."""

    translated_fields = {
        "name": {"zh-hans": "name", "en": "name_en"},
        "description": {"zh-hans": "description", "en": "description_en"},
    }

    exhibitor = models.ForeignKey(
        Exhibitor, verbose_name=_("exhibitor"), on_delete=models.CASCADE, related_name="exhibits"
    )
    pavilion = models.ForeignKey(
        Pavilion, verbose_name=_("pavilion"), on_delete=models.PROTECT, related_name="exhibits"
    )
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    category = models.CharField(_("category"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    image = models.ImageField(
        _("image"), upload_to=upload_exhibit_image, blank=True, validators=[validate_image_upload]
    )
    is_published = models.BooleanField(_("published"), default=True)
    search_vector = SearchVectorField(null=True, editable=False)
    name_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("exhibit")
        verbose_name_plural = _("exhibits")
        ordering = ["exhibitor", "name"]

    def __str__(self):
        return self.name

    @property
    def display_name(self) -> str:
        return self.translated("name").text

    @property
    def display_description(self) -> str:
        return self.translated("description").text


class OnlineSearchMiss(models.Model):
    """A search of the online exhibition that found nothing: only the query text and how
    often, for the organizers (no visitor data)."""

    edition = models.ForeignKey(
        "expo.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="online_search_misses"
    )
    query = models.CharField(_("search text"), max_length=100)
    count = models.PositiveIntegerField(_("searches"), default=0)
    last_searched_at = models.DateTimeField(_("last searched at"), auto_now=True)

    class Meta:
        verbose_name = _("search that found nothing")
        verbose_name_plural = _("searches that found nothing")
        ordering = ["-count", "query"]
        constraints = [models.UniqueConstraint(fields=["edition", "query"], name="search_miss_once_per_query")]

    def __str__(self):
        return self.query


class OnlineVisitorProfile(TimeStamped):
    """What an online visitor who registered said about their interests (industry fields),
    beside their ``events.Attendee`` of each edition."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="online_visitor"
    )
    interests = models.JSONField(_("interests"), default=list, blank=True, help_text=_("Industry fields."))

    class Meta:
        verbose_name = _("online visitor profile")
        verbose_name_plural = _("online visitor profiles")
        ordering = ["user"]

    def __str__(self):
        return str(self.user)


class Favourite(models.Model):
    """An exhibitor or an exhibit that a registered online visitor keeps."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="online_favourites"
    )
    edition = models.ForeignKey("expo.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="+")
    exhibitor = models.ForeignKey(
        Exhibitor, verbose_name=_("exhibitor"), on_delete=models.CASCADE, related_name="favourites"
    )
    exhibit = models.ForeignKey(
        Exhibit, verbose_name=_("exhibit"), on_delete=models.CASCADE, null=True, blank=True, related_name="favourites"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("favourite")
        verbose_name_plural = _("favourites")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "edition", "exhibitor"],
                condition=Q(exhibit__isnull=True),
                name="favourite_exhibitor_once",
            ),
            models.UniqueConstraint(
                fields=["user", "exhibit"], condition=Q(exhibit__isnull=False), name="favourite_exhibit_once"
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.exhibit or self.exhibitor}"


class OnlineVisitorDay(models.Model):
    """How many different visitors the online exhibition of an edition had on a day. Only
    the count is stored (``exhibitors.online_services.visit_record``)."""

    edition = models.ForeignKey("expo.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    visitors = models.PositiveIntegerField(_("visitors"), default=0)

    class Meta:
        verbose_name = _("online visitors of a day")
        verbose_name_plural = _("online visitors by day")
        ordering = ["edition", "day"]
        constraints = [models.UniqueConstraint(fields=["edition", "day"], name="online_visitor_day_once")]

    def __str__(self):
        return f"{self.day}: {self.visitors}"


class OnlineViewDay(models.Model):
    """Views of an exhibitor's page (``exhibit`` empty) or of one exhibit's page, by day."""

    edition = models.ForeignKey("expo.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    exhibitor = models.ForeignKey(Exhibitor, verbose_name=_("exhibitor"), on_delete=models.CASCADE, related_name="+")
    exhibit = models.ForeignKey(
        Exhibit, verbose_name=_("exhibit"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    views = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("online page views of a day")
        verbose_name_plural = _("online page views by day")
        ordering = ["edition", "day"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "day", "exhibitor"],
                condition=Q(exhibit__isnull=True),
                name="online_exhibitor_views_once_a_day",
            ),
            models.UniqueConstraint(
                fields=["day", "exhibit"], condition=Q(exhibit__isnull=False), name="online_exhibit_views_once_a_day"
            ),
        ]
        indexes = [models.Index(fields=["exhibitor", "day"], name="online_views_exhibitor_day")]

    def __str__(self):
        return f"{self.day}: {self.views}"


class LiveBroadcast(TimeStamped):
    """A live broadcast that an exhibitor streams on its own platform (New Media Live
    Broadcast Pavilion); shown to visitors once an organizer approved it."""

    exhibitor = models.ForeignKey(
        Exhibitor, verbose_name=_("exhibitor"), on_delete=models.CASCADE, related_name="broadcasts"
    )
    edition = models.ForeignKey(
        "expo.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="broadcasts"
    )
    title = models.CharField(pgettext_lazy("broadcast", "title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    stream_url = models.URLField(
        _("link to the stream"), max_length=500, help_text=_("The page of the broadcast on the platform you use.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=BroadcastStatus.choices, default=BroadcastStatus.PROPOSED
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)
    decision_reason = models.TextField(
        _("reason"), max_length=1000, blank=True, help_text=_("Why the broadcast was rejected; the exhibitor sees it.")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("live broadcast")
        verbose_name_plural = _("live broadcasts")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="broadcast_ends_after_start",
                violation_error_message=_("A broadcast ends after it starts."),
            )
        ]
        indexes = [models.Index(fields=["edition", "status", "starts_at"], name="broadcast_schedule")]

    def __str__(self):
        return self.title
