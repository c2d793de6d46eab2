"""The activity log in the admin: read only, for everyone, superusers included."""

import json

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from expo.models import ActivityLog


def _shown(value) -> str:
    return "—" if value in (None, "") else str(value)


@admin.register(ActivityLog)
class ActivityLogAdmin(admin.ModelAdmin):
    list_display = ("at", "action", "display_actor", "content_type", "object_repr", "display_changes", "ip_address")
    list_filter = (
        "action",
        ("actor", admin.RelatedOnlyFieldListFilter),
        ("content_type", admin.RelatedOnlyFieldListFilter),
        "at",
    )
    list_select_related = ("actor", "content_type")
    search_fields = ("actor_username", "object_repr", "=object_id", "=ip_address")
    date_hierarchy = "at"
    list_per_page = 100
    show_full_result_count = False
    fields = (
        "at",
        "action",
        "actor",
        "actor_username",
        "content_type",
        "object_id",
        "object_repr",
        "display_changes",
        "display_details",
        "ip_address",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("actor"), ordering="actor_username")
    def display_actor(self, obj):
        if obj.actor_id is None and not obj.actor_username:
            return _("system")  # a scheduled task, e.g. the expiry of booth holds
        return obj.actor_username

    @admin.display(description=_("changes"))
    def display_changes(self, obj):
        if not obj.changes:
            return "—"
        return format_html(
            "<code>{}</code>",
            "; ".join(f"{field}: {_shown(old)} → {_shown(new)}" for field, (old, new) in obj.changes.items()),
        )

    @admin.display(description=_("details"))
    def display_details(self, obj):
        if not obj.details:
            return "—"
        return format_html("<code>{}</code>", json.dumps(obj.details, ensure_ascii=False))
