from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from expo import accounts, otp
from expo.enums import Office
from expo.errors import DomainError
from expo.models import Edition, EnrolmentLink, MemberUnit, User
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
    """Accounts. The rights (superuser, staff, groups, permissions) are shown read-only to
    everybody but a superuser, and to a superuser on their own account; staff and superuser
    accounts, their passwords included, are changed by superusers only (``expo.accounts``).
    A forged form cannot get round it: the form has no such fields, and ``save_model``
    checks again against the database."""

    list_display = ("username", "get_full_name", "email", "member_unit", "is_staff", "is_active", "last_login")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups", "member_unit__kind")
    list_select_related = ("member_unit",)
    search_fields = ("username", "first_name", "last_name", "email", "member_unit__name_zh", "member_unit__name_en")
    autocomplete_fields = ("member_unit",)
    fieldsets = DjangoUserAdmin.fieldsets + (
        (_("Executive committee"), {"fields": ("member_unit",)}),
        (_("Email address"), {"fields": ("email_verified_at",)}),
    )
    add_fieldsets = DjangoUserAdmin.add_fieldsets + ((_("Executive committee"), {"fields": ("member_unit",)}),)
    readonly_fields = ("last_login", "date_joined", "email_verified_at")
    rights_fields = ("is_staff", "is_superuser", "groups", "user_permissions")
    actions = ("deactivate", "issue_enrolment_link")

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.is_superuser:
            actions.pop("issue_enrolment_link", None)
        return actions

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or accounts.may_change_account(request.user, obj))

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and not accounts.may_change_rights(request.user, obj):
            readonly += self.rights_fields
        return readonly

    def save_model(self, request, obj, form, change):
        if change:
            stored = User.objects.get(pk=obj.pk)
            if not accounts.may_change_account(request.user, stored):
                raise PermissionDenied
            rights_changed = any(getattr(stored, f) != getattr(obj, f) for f in accounts.RIGHTS)
            if rights_changed and not accounts.may_change_rights(request.user, stored):
                raise PermissionDenied
        elif not request.user.is_superuser and (obj.is_staff or obj.is_superuser):
            raise PermissionDenied
        else:
            # An account an organizer creates has an address the organizer vouches for.
            obj.email_verified_at = obj.email_verified_at or timezone.now()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if any(name in form.fields for name in ("groups", "user_permissions")) and not accounts.may_change_rights(
            request.user, form.instance
        ):
            raise PermissionDenied
        super().save_related(request, form, formsets, change)

    @admin.action(description=_("Deactivate the selected users"))
    def deactivate(self, request, queryset):
        count = 0
        # One by one through save(): each is logged and loses its sessions.
        for user in queryset.exclude(pk=request.user.pk).filter(is_active=True):
            if accounts.may_change_account(request.user, user):
                user.is_active = False
                user.save(update_fields=["is_active"])
                count += 1
        self.message_user(
            request,
            ngettext("%(count)d user was deactivated.", "%(count)d users were deactivated.", count) % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Issue a two-step enrolment link"))
    def issue_enrolment_link(self, request, queryset):
        if not request.user.is_superuser:
            raise PermissionDenied
        if queryset.count() != 1:
            self.message_user(request, _("Select exactly one staff user."), messages.ERROR)
            return None
        target = queryset.get()
        try:
            link, raw = otp.enrolment_link_issue(user=target, by=request.user)
        except DomainError as error:
            self.message_user(request, error.message, messages.ERROR)
            return None
        url = request.build_absolute_uri(otp.enrolment_path(raw))
        return TemplateResponse(
            request,
            "admin/expo/user/enrolment_link.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": _("Two-step enrolment link"),
                "target": target,
                "link": link,
                "url": url,
            },
        )


@admin.register(EnrolmentLink)
class EnrolmentLinkAdmin(admin.ModelAdmin):
    """Who issued which enrolment link, when, and whether it was opened: read-only (a link
    is issued from the user list, and only its hash is kept)."""

    list_display = ("user", "issued_by", "created_at", "expires_at", "used_at")
    list_select_related = ("user", "issued_by")
    list_filter = ("created_at",)
    search_fields = ("user__username",)
    fields = ("user", "issued_by", "created_at", "expires_at", "used_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def restrict_to_superusers(site=admin.site) -> None:
    """The admins of users' rights and of the task machinery (groups, two-step devices,
    periodic tasks, task results) are for superusers only, whatever permission an account
    was given. Called once the libraries' admins are registered (``expo.urls``)."""
    for model, model_admin in list(site._registry.items()):
        if model._meta.app_label in SUPERUSER_ONLY_APPS and not isinstance(model_admin, SuperuserOnlyAdminMixin):
            site.unregister(model)
            site.register(
                model,
                type(f"SuperuserOnly{type(model_admin).__name__}", (SuperuserOnlyAdminMixin, type(model_admin)), {}),
            )


SUPERUSER_ONLY_APPS = ("auth", "django_celery_beat", "django_celery_results", "otp_totp", "otp_static", "axes")


class SuperuserOnlyAdminMixin:
    def _superuser(self, request) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_module_permission(self, request):
        return self._superuser(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._superuser(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args, **kwargs):
        return self._superuser(request) and super().has_add_permission(request, *args, **kwargs)

    def has_change_permission(self, request, obj=None):
        return self._superuser(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._superuser(request) and super().has_delete_permission(request, obj)


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


# Registered by importing: the activity log, report runs.
from expo import audit_admin, report_admin  # noqa: E402, F401, I001
