"""The executive committee's records in the admin: configuration and the secretariat's reading."""

from django.contrib import admin

from expo.enums import Office
from expo.models import Meeting, ProgressReport, ReportAttachment, ReportReminder, ReportStatus, WorkItem
from expo.roles import in_office


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("edition", "number", "date", "place_zh", "chair_zh")
    list_select_related = ("edition",)
    list_filter = ("edition",)
    filter_horizontal = ("attending_units",)


@admin.register(WorkItem)
class WorkItemAdmin(admin.ModelAdmin):
    list_display = ("code", "title_zh", "title_en", "lead_unit", "deadline", "status", "edition")
    list_select_related = ("lead_unit", "edition")
    list_filter = ("edition", "status")
    search_fields = ("code", "title_zh", "title_en")
    filter_horizontal = ("co_units",)
    raw_id_fields = ("parent",)


class ReportAttachmentInline(admin.TabularInline):
    model = ReportAttachment
    extra = 0
    readonly_fields = ("original_name", "content_type", "size", "uploaded_at")
    fields = ("original_name", "content_type", "size", "uploaded_at")
    can_delete = False


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ("work_item", "unit", "period", "percent", "status", "submitted_at", "reviewed_at")
    list_select_related = ("work_item", "unit")
    list_filter = ("status", "period", "work_item__edition")
    search_fields = ("work_item__code", "work_item__title_zh", "unit__name_zh", "unit__name_en")
    raw_id_fields = ("work_item", "unit")
    # Submitting, accepting and returning are the committee services' (audit row, mail to
    # the unit): the secretariat does them on the committee pages, not by editing here.
    readonly_fields = (
        "status",
        "secretariat_comment",
        "submitted_by",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
    )
    inlines = [ReportAttachmentInline]

    # The committee's reports are the secretariat's to read, and a unit's draft is its own
    # until it is submitted: other offices see none, nobody sees drafts here.
    def get_queryset(self, request):
        return super().get_queryset(request).exclude(status=ReportStatus.DRAFT)

    def has_view_permission(self, request, obj=None):
        return in_office(request.user, Office.SECRETARIAT) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return in_office(request.user, Office.SECRETARIAT) and super().has_change_permission(request, obj)

    def has_add_permission(self, request):
        return in_office(request.user, Office.SECRETARIAT) and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return in_office(request.user, Office.SECRETARIAT) and super().has_delete_permission(request, obj)


@admin.register(ReportReminder)
class ReportReminderAdmin(admin.ModelAdmin):
    list_display = ("unit", "period", "kind", "sent_at")
    list_select_related = ("unit",)
    list_filter = ("kind", "period")
