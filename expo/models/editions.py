"""Editions of the expo and the executive committee's member units."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from expo.enums import EditionStatus, MemberUnitKind
from expo.i18n import BilingualName, Translatable, localized
from expo.models.base import TimeStamped


class Edition(BilingualName, Translatable, TimeStamped):  # noqa: DJ008 - __str__ from BilingualName
    """One China-Northeast Asia Expo (the 12th, the 13th, ...)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    theme_zh = models.CharField(_("theme (Chinese)"), max_length=300, blank=True)
    theme_en = models.CharField(_("theme (English)"), max_length=300, blank=True)
    city_zh = models.CharField(_("city (Chinese)"), max_length=100)
    city_en = models.CharField(_("city (English)"), max_length=100)
    venue_zh = models.CharField(_("venue (Chinese)"), max_length=200, blank=True)
    venue_en = models.CharField(_("venue (English)"), max_length=200, blank=True)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous edition"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="following",
        help_text=_("The edition this one is compared with in year-over-year figures."),
    )
    is_current = models.BooleanField(_("current edition"), default=False)
    pipeline_opens_on = models.DateField(
        _("pipeline registration opens"),
        null=True,
        blank=True,
        help_text=_(
            "First day on which member units register pipeline projects in the portal (empty: May 1 of the expo's year)."
        ),
    )
    pipeline_closes_on = models.DateField(
        _("pipeline registration closes"),
        null=True,
        blank=True,
        help_text=_(
            "Last day of the pipeline registration (empty: August 31 of the expo's year, at the latest the expo's last day)."
        ),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=EditionStatus.choices, default=EditionStatus.PREPARATION
    )
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    results_snapshot = models.JSONField(
        _("results at closing"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The results report's figures as they stood when the edition was closed."),
    )
    results_snapshot_at = models.DateTimeField(_("results frozen at"), null=True, blank=True, editable=False)
    programme_frozen_at = models.DateTimeField(
        _("programme frozen at"),
        null=True,
        blank=True,
        help_text=_("From then on, member units no longer change the events they organize."),
    )
    committee_units = models.ManyToManyField(
        "MemberUnit",
        verbose_name=_("executive committee member units"),
        related_name="editions",
        blank=True,
    )

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="edition_one_current",
                violation_error_message=_("Only one edition can be the current one."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="edition_ends_after_start",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
            models.CheckConstraint(
                condition=~Q(previous=F("pk")),
                name="edition_previous_not_self",
                violation_error_message=_("An edition cannot be its own previous edition."),
            ),
        ]

    @property
    def theme(self) -> str:
        return localized(self, "theme")

    @property
    def city(self) -> str:
        return localized(self, "city")

    @property
    def venue(self) -> str:
        return localized(self, "venue")

    @property
    def duration_days(self) -> int:
        return (self.end_date - self.start_date).days + 1

    @property
    def is_closed(self) -> bool:
        return self.status == EditionStatus.CLOSED


class MemberUnit(BilingualName, TimeStamped):  # noqa: DJ008 - __str__ from BilingualName
    """A member unit of the executive committee: a provincial department, a municipality
    or prefecture, or a central or other agency."""

    code = models.SlugField(_("code"), max_length=50, unique=True, help_text=_("Short identifier, e.g. commerce."))
    kind = models.CharField(_("kind"), max_length=30, choices=MemberUnitKind.choices)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200, unique=True)
    short_name_zh = models.CharField(_("short name (Chinese)"), max_length=50)
    short_name_en = models.CharField(
        _("short name (English)"),
        max_length=80,
        help_text=_("For municipalities, the name used in imports, e.g. Changchun or Yanbian."),
    )
    email = models.EmailField(_("contact email"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("member unit")
        verbose_name_plural = _("member units")
        ordering = ["sort_order", "code"]

    @property
    def short_name(self) -> str:
        return localized(self, "short_name")
