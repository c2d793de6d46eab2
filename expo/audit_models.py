"""The activity log: one append-only row for each action that matters (see ``expo.audit``).

A row is written once and never changed or deleted: the model, its queryset and the admin
refuse, and on PostgreSQL a trigger (migration ``expo.0003``) refuses UPDATE and DELETE even
to raw SQL. The actor is kept as an id without a foreign-key constraint, with the username
beside it, so that removing a user neither rewrites nor loses the rows about them.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    BOOTH_HOLD = "booth_hold", _("booth held")
    BOOTH_CONFIRM = "booth_confirm", _("booth confirmed")
    BOOTH_REJECT = "booth_reject", _("booth application rejected")
    BOOTH_CANCEL = "booth_cancel", _("booth application cancelled")
    BOOTH_EXPIRE = "booth_expire", _("booth hold expired")
    PROJECT_CREATE = "project_create", _("project registered")
    PROJECT_UPDATE = "project_update", _("project changed")
    DELEGATION_CREATE = "delegation_create", _("delegation created")
    DELEGATION_CHANGE = "delegation_change", _("delegation changed")
    INVITATION_CHANGE = "invitation_change", _("invitation changed")
    DELEGATE_CHANGE = "delegate_change", _("delegate changed")
    PROTECTED_VIEW = "protected_view", _("protected data viewed")
    PROTECTED_EXPORT = "protected_export", _("protected data exported")
    REPORT_ACCEPT = "report_accept", _("progress report accepted")
    REPORT_RETURN = "report_return", _("progress report returned")
    REPORT_RUN = "report_run", _("report run")
    IMPORT = "import", _("file imported")
    LOGIN = "login", _("logged in")
    LOGIN_FAILED = "login_failed", _("failed login")
    LOGOUT = "logout", _("logged out")
    EDITION_STATUS = "edition_status", _("edition status changed")
    EDITION_COPY = "edition_copy", _("edition copied forward")
    USER_CHANGE = "user_change", _("account changed")
    USER_RIGHTS = "user_rights", _("account rights changed")
    USER_PASSWORD = "user_password", _("password changed")
    OTP_DEVICE = "otp_device", _("two-step device changed")
    PROTECTED_LOOKUP = "protected_lookup", _("protected data searched")
    PROPOSAL_CHANGE = "proposal_change", _("activity proposal changed")
    EVENT_CHANGE = "event_change", _("event changed by its organizing unit")
    INVITATION_TARGET = "invitation_target", _("invitation target set")
    EXHIBITOR_CONFIRM = "exhibitor_confirm", _("self-registered exhibitor confirmed")
    EXHIBITOR_CHANGE = "exhibitor_change", _("exhibitor profile changed")


class ActivityLogImmutable(Exception):
    """Raised on any attempt to change or delete a row of the activity log."""


class ActivityLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ActivityLogImmutable("Activity log rows cannot be changed.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise ActivityLogImmutable("Activity log rows cannot be changed.")

    def update_or_create(self, defaults=None, create_defaults=None, **kwargs):
        raise ActivityLogImmutable("Activity log rows cannot be changed.")

    def delete(self):
        raise ActivityLogImmutable("Activity log rows cannot be deleted.")

    delete.queryset_only = True

    def _raw_delete(self, using):
        raise ActivityLogImmutable("Activity log rows cannot be deleted.")


class ActivityLog(models.Model):
    at = models.DateTimeField(_("time (UTC)"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_username = models.CharField(
        _("username"), max_length=150, blank=True, help_text=_("The actor's, or the one tried in a failed login.")
    )
    action = models.CharField(_("action"), max_length=30, choices=AuditAction.choices, db_index=True)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("object type"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    details = models.JSONField(_("details"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = ActivityLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity log entry")
        verbose_name_plural = _("activity log")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="activitylog_object")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_username or '—'} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ActivityLogImmutable("Activity log rows cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ActivityLogImmutable("Activity log rows cannot be deleted.")
