"""The people who sign in."""

import re

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from expo.models.editions import MemberUnit

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


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
    email_verified_at = models.DateTimeField(
        _("email verified at"),
        null=True,
        blank=True,
        help_text=_("When the user opened the verification link sent to their email address (expo.verification)."),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("The language the user last signed in with: mails to the user are written in it."),
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

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None
