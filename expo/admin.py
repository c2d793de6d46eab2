from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from expo.enums import Office
from expo.models import Edition, MemberUnit, User
from expo.roles import in_office
from expo.services import edition_set_current


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = (
        "number",
        "display_name",
        "year",
        "start_date",
        "end_date",
        "display_city",
        "is_current",
        "status",
        "previous",
    )
    list_display_links = ("number", "display_name")
    list_filter = ("is_current", "status", "year")
    list_select_related = ("previous",)
    search_fields = ("name_zh", "name_en", "theme_zh", "theme_en", "city_zh", "city_en", "=number")
    autocomplete_fields = ("previous",)
    filter_horizontal = ("committee_units",)
    readonly_fields = ("is_current", "created_at", "updated_at")
    actions = ("make_current", "copy_forward")
    fieldsets = (
        (None, {"fields": ("number", "year", ("name_zh", "name_en"), ("theme_zh", "theme_en"))}),
        (
            _("Place and time"),
            {"fields": (("city_zh", "city_en"), ("venue_zh", "venue_en"), ("start_date", "end_date"))},
        ),
        (_("Pipeline registration"), {"fields": (("pipeline_opens_on", "pipeline_closes_on"),)}),
        (_("Comparison and committee"), {"fields": ("previous", "is_current", "committee_units")}),
        (_("Record"), {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )

    @admin.display(description=_("edition"), ordering="number")
    def display_name(self, obj):
        return obj.name

    @admin.display(description=_("city"), ordering="city_en")
    def display_city(self, obj):
        return obj.city

    @admin.action(description=_("Make the selected edition the current one"))
    def make_current(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Select exactly one edition to make current."), messages.ERROR)
            return
        edition = edition_set_current(edition=queryset.get())
        self.message_user(
            request, _("%(edition)s is now the current edition.") % {"edition": edition}, messages.SUCCESS
        )

    @admin.action(description=_("Copy the selected edition forward into a new edition"))
    def copy_forward(self, request, queryset):
        """The staff page's form, preview and confirmation (expo.views.edition_copy), which
        call the copy-forward service."""
        if queryset.count() != 1:
            self.message_user(request, _("Select exactly one edition to copy forward."), messages.ERROR)
            return None
        return redirect(f"{reverse('edition_copy')}?source={queryset.get().pk}")


@admin.register(MemberUnit)
class MemberUnitAdmin(admin.ModelAdmin):
    list_display = ("display_name", "code", "kind", "email", "user_count")
    list_filter = ("kind", "editions")
    search_fields = ("code", "name_zh", "name_en", "short_name_zh", "short_name_en", "email")
    ordering = ("sort_order", "code")
    readonly_fields = ("created_at", "updated_at")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(user_count=Count("users", distinct=True))

    @admin.display(description=_("member unit"), ordering="sort_order")
    def display_name(self, obj):
        return obj.name

    @admin.display(description=_("users"), ordering="user_count")
    def user_count(self, obj):
        return obj.user_count


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "get_full_name", "email", "member_unit", "is_staff", "is_active", "last_login")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups", "member_unit__kind")
    list_select_related = ("member_unit",)
    search_fields = ("username", "first_name", "last_name", "email", "member_unit__name_zh", "member_unit__name_en")
    autocomplete_fields = ("member_unit",)
    fieldsets = DjangoUserAdmin.fieldsets + ((_("Executive committee"), {"fields": ("member_unit",)}),)
    add_fieldsets = DjangoUserAdmin.add_fieldsets + ((_("Executive committee"), {"fields": ("member_unit",)}),)
    actions = ("deactivate",)

    @admin.action(description=_("Deactivate the selected users"))
    def deactivate(self, request, queryset):
        count = queryset.exclude(pk=request.user.pk).update(is_active=False)
        self.message_user(
            request,
            ngettext("%(count)d user was deactivated.", "%(count)d users were deactivated.", count) % {"count": count},
            messages.SUCCESS,
        )


# Executive committee ---------------------------------------------------------------------

from expo.models import Meeting, ProgressReport, ReportAttachment, ReportReminder, ReportStatus, WorkItem  # noqa: E402


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
    raw_id_fields = ("work_item", "unit", "submitted_by", "reviewed_by")
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


# Registered by importing: the activity log, report runs.
from expo import audit_admin, report_admin  # noqa: E402, F401, I001
