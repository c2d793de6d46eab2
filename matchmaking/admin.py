from django.contrib import admin

from matchmaking.models import Lead, MatchmakingSession, Meeting


@admin.register(MatchmakingSession)
class MatchmakingSessionAdmin(admin.ModelAdmin):
    list_display = ("name_en", "name_zh", "edition", "location", "tables", "starts_at", "ends_at", "slot_minutes")
    list_filter = ("edition",)
    list_select_related = ("edition",)
    search_fields = ("name_en", "name_zh", "location")


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    """Meetings change through the portals' services; here organizers read them and link the
    cooperation project a meeting led to."""

    list_display = ("merchant", "exhibitor", "mode", "status", "starts_at", "session", "table", "outcome", "project")
    list_filter = ("edition", "status", "mode", "outcome")
    list_select_related = ("merchant", "exhibitor", "session", "project")
    search_fields = ("merchant__name", "merchant__organization", "exhibitor__name", "exhibitor__name_en")
    autocomplete_fields = ("project",)
    fields = (
        "edition",
        "merchant",
        "exhibitor",
        "initiated_by",
        "mode",
        "status",
        "message",
        "proposed_times",
        "starts_at",
        "ends_at",
        "session",
        "table",
        "answer",
        "outcome",
        "outcome_note",
        "project",
    )
    readonly_fields = tuple(f for f in fields if f != "project")

    def has_add_permission(self, request):
        return False


@admin.register(Lead)
class LeadAdmin(admin.ModelAdmin):
    list_display = ("exhibitor", "attendee", "rating", "created_at")
    list_filter = ("attendee__edition",)
    list_select_related = ("exhibitor", "attendee")
    search_fields = ("exhibitor__name", "attendee__name")
    readonly_fields = ("exhibitor", "attendee", "scanned_by", "rating", "note")

    def has_add_permission(self, request):
        return False
