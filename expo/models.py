import re

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from expo.enums import MemberUnitKind
from expo.i18n import localized

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class Edition(TimeStamped):
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

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")

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


class MemberUnit(TimeStamped):
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

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def short_name(self) -> str:
        return localized(self, "short_name")


class User(AbstractUser):
    """A person who signs in: organizer staff, a member unit's user, or an exhibitor's user."""

    member_unit = models.ForeignKey(
        MemberUnit,
        verbose_name=_("member unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text=_("Set for users who report for an executive committee member unit."),
    )

    class Meta(AbstractUser.Meta):
        ordering = ["username"]

    def get_full_name(self):
        """Chinese, Japanese and Korean names read family name first, without a space."""
        first, last = self.first_name.strip(), self.last_name.strip()
        if _CJK.search(first + last):
            return f"{last}{first}"
        return f"{first} {last}".strip()

    def get_absolute_url(self):
        return reverse("admin:expo_user_change", args=[self.pk])
