"""The people who sign in."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from expo.models.editions import MemberUnit
from expo.names import person_name


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
        """The name in the reader's order (``expo.names``): a Chinese name as 王磊 for Chinese
        readers and Lei Wang for others; Japanese and Korean names family name first, without
        a space; other names as their owner wrote them."""
        return person_name(family=self.last_name, given=self.first_name)

    def get_absolute_url(self):
        return reverse("admin:expo_user_change", args=[self.pk])

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None
