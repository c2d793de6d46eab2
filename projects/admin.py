import io

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _

from expo.admin_imports import ImportAdminMixin
from expo.edition_guard import EditionWritableAdminMixin
from expo.models import Edition
from expo.selectors import current_edition
from projects import services
from projects.amounts import yuan
from projects.enums import DOMESTIC_COUNTRY
from projects.exports import export_filename, write_projects_xlsx
from projects.forms import ProjectImportForm
from projects.imports import COLUMNS as PROJECT_COLUMNS
from projects.imports import import_projects
from projects.models import Project, ProjectChange


class OriginFilter(admin.SimpleListFilter):
    title = _("partner")
    parameter_name = "origin"

    def lookups(self, request, model_admin):
        return (("international", _("international")), ("domestic", _("domestic")))

    def queryset(self, request, queryset):
        if self.value() == "international":
            return queryset.exclude(partner_country=DOMESTIC_COUNTRY)
        if self.value() == "domestic":
            return queryset.filter(partner_country=DOMESTIC_COUNTRY)
        return queryset


class ProjectChangeInline(admin.TabularInline):
    """The audit trail: read-only, written by the services only."""

    model = ProjectChange
    fields = ("changed_at", "changed_by", "field", "old_display", "new_display")
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ("changed_at", "pk")
    verbose_name = _("recorded change")
    verbose_name_plural = _("history of amount, type and stage")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by")

    @admin.display(description=_("old value"))
    def old_display(self, obj):
        return obj.old_display

    @admin.display(description=_("new value"))
    def new_display(self, obj):
        return obj.new_display

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Project)
class ProjectAdmin(EditionWritableAdminMixin, ImportAdminMixin, admin.ModelAdmin):
    import_form_class = ProjectImportForm
    import_title = _("Import cooperation projects")
    import_template = "projects/admin/project_import.html"
    import_columns = tuple(PROJECT_COLUMNS)
    import_kind = "projects"
    import_function = staticmethod(import_projects)
    list_display = (
        "title",
        "edition_number",
        "type",
        "stage",
        "investment",
        "industry",
        "host",
        "reporter",
        "partner_name",
        "partner_country",
        "signed_on",
    )
    list_filter = ("edition", "stage", "type", "industry", OriginFilter, "municipality", "signing_ceremony")
    list_select_related = ("edition", "municipality", "reporting_unit")
    search_fields = ("title", "partner_name")
    autocomplete_fields = ("reporting_unit",)
    readonly_fields = ("created_by", "created_at", "updated_at")
    date_hierarchy = "signed_on"
    inlines = (ProjectChangeInline,)
    change_list_template = "projects/admin/project_change_list.html"
    view_on_site = False  # the portal page is the reporting unit's, not the organizers'
    fieldsets = (
        (None, {"fields": ("edition", "title", ("type", "investment_yuan"), "industry")}),
        (_("Units"), {"fields": ("municipality", "reporting_unit")}),
        (_("Partner"), {"fields": ("partner_name", ("partner_country", "partner_province"))}),
        (_("Stage and signing"), {"fields": ("stage", "signed_on", "signing_ceremony")}),
        (_("Record"), {"fields": ("created_by", "created_at", "updated_at"), "classes": ("collapse",)}),
    )

    IMPORT_PERMISSIONS = ("projects.add_project",)

    @admin.display(description=_("edition"), ordering="edition__number")
    def edition_number(self, obj):
        return obj.edition.number

    @admin.display(description=_("investment"), ordering="investment_yuan")
    def investment(self, obj):
        return yuan(obj.investment_yuan)

    @admin.display(description=_("host"), ordering="municipality__sort_order")
    def host(self, obj):
        return obj.municipality.short_name

    @admin.display(description=_("reported by"), ordering="reporting_unit__sort_order")
    def reporter(self, obj):
        return obj.reporting_unit.short_name

    def save_model(self, request, obj, form, change):
        # Through the service, so that the change of amount, type or stage is recorded.
        try:
            services.project_save(project=obj, by=request.user)
        except ValidationError as exc:  # a rule broken between the form's check and the save
            raise PermissionDenied(" ".join(exc.messages)) from None
        except services.ProjectError as exc:
            raise PermissionDenied(exc.message) from None

    def get_urls(self):
        return [
            *self.import_urls(),
            path("export/", self.admin_site.admin_view(self.export_view), name="projects_project_export"),
            *super().get_urls(),
        ]

    def has_import_permission(self, request) -> bool:
        return request.user.has_perms(self.IMPORT_PERMISSIONS)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "has_import_permission": self.has_import_permission(request),
            "export_edition": request.GET.get("edition__id__exact", ""),
        }
        return super().changelist_view(request, extra_context=extra_context)

    def export_view(self, request):
        """The projects of the edition the list is filtered by (the current one otherwise)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        edition_id = request.GET.get("edition", "")
        edition = Edition.objects.filter(pk=edition_id).first() if edition_id.isdigit() else current_edition()
        if edition is None:
            self.message_user(request, _("There is no edition to export."), messages.ERROR)
            return redirect("admin:projects_project_changelist")
        output = io.BytesIO()
        write_projects_xlsx(edition=edition, output=output)
        response = HttpResponse(
            output.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="{export_filename(edition)}"'
        return response
