from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from exhibitors import online_services, services
from exhibitors.enums import ACTIVE_STATUSES
from exhibitors.forms import BoothGridForm, ExhibitorImportForm
from exhibitors.imports import COLUMNS as EXHIBITOR_COLUMNS
from exhibitors.imports import import_exhibitors
from exhibitors.models import (
    Booth,
    BoothApplication,
    Exhibit,
    Exhibitor,
    ExhibitorMember,
    LiveBroadcast,
    Participation,
    Pavilion,
)
from expo.admin_imports import ImportAdminMixin
from expo.admin_lists import LargeChangeListMixin, PresentCountryFilter
from expo.edition_guard import EditionWritableAdminMixin, EditionWritableInlineMixin
from expo.errors import EditionClosed
from expo.models import Edition


@admin.register(Pavilion)
class PavilionAdmin(EditionWritableAdminMixin, admin.ModelAdmin):
    list_display = (
        "display_name",
        "edition",
        "mode",
        "hall",
        "gross_area_m2",
        "booked_area_m2",
        "booth_count",
        "booking_open",
        "grid_link",
    )
    list_filter = ("edition", "mode", "booking_open")
    list_select_related = ("edition",)
    search_fields = ("name_zh", "name_en", "code", "hall")
    readonly_fields = ("booked_area_m2", "created_at", "updated_at")
    ordering = ("-edition__number", "sort_order")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(booth_total=Count("booths"))

    def save_model(self, request, obj, form, change):
        """An edit saves every field but the booked area: holds and releases change it by their
        own UPDATE meanwhile (exhibitors.services), and the value this form read would undo them."""
        if change:
            obj.save(
                update_fields=[f.name for f in obj._meta.concrete_fields if f.name not in ("id", "booked_area_m2")]
            )
        else:
            super().save_model(request, obj, form, change)

    @admin.display(description=_("pavilion"), ordering="name_en")
    def display_name(self, obj):
        return obj.name

    @admin.display(description=_("booths"), ordering="booth_total")
    def booth_count(self, obj):
        return obj.booth_total

    @admin.display(description=_("grid"))
    def grid_link(self, obj):
        if not obj.is_offline:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:exhibitors_pavilion_booth_grid", args=[obj.pk]),
            _("Create a grid of booths"),
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/booth-grid/",
                self.admin_site.admin_view(self.booth_grid_view),
                name="exhibitors_pavilion_booth_grid",
            ),
            *super().get_urls(),
        ]

    def booth_grid_view(self, request, pk):
        pavilion = get_object_or_404(Pavilion, pk=pk)
        if not self.has_change_permission(request, pavilion) or not request.user.has_perm("exhibitors.add_booth"):
            raise PermissionDenied
        form = BoothGridForm(request.POST or None, pavilion=pavilion)
        if request.method == "POST" and form.is_valid():
            try:
                booths = services.booths_create_grid(pavilion=pavilion, **form.cleaned_data)
            except EditionClosed as exc:
                self.message_user(request, exc.message, messages.ERROR)
                return redirect(reverse("admin:exhibitors_pavilion_change", args=[pavilion.pk]))
            self.message_user(
                request,
                ngettext("%(count)d booth was created.", "%(count)d booths were created.", len(booths))
                % {"count": len(booths)},
                messages.SUCCESS,
            )
            return redirect(f"{reverse('admin:exhibitors_booth_changelist')}?pavilion__id__exact={pavilion.pk}")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Create a grid of booths"),
            "pavilion": pavilion,
            "form": form,
            "opts": self.model._meta,
        }
        return render(request, "admin/exhibitors/booth_grid.html", context)


class ActiveStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("free", _("free")), ("held", _("held")), ("confirmed", _("booked"))]

    def queryset(self, request, queryset):
        if self.value() == "free":
            return queryset.exclude(applications__status__in=ACTIVE_STATUSES)
        if self.value() in ("held", "confirmed"):
            return queryset.filter(applications__status=self.value())
        return queryset


@admin.register(Booth)
class BoothAdmin(EditionWritableAdminMixin, admin.ModelAdmin):
    edition_path = "pavilion__edition"
    list_display = ("code", "pavilion", "kind", "area_m2", "price", "is_bookable")
    list_filter = ("pavilion__edition", "pavilion", "kind", "is_bookable", ActiveStateFilter)
    list_select_related = ("pavilion",)
    search_fields = ("code", "pavilion__name_zh", "pavilion__name_en", "notes")
    autocomplete_fields = ("pavilion",)
    list_editable = ("price", "is_bookable")
    # What a hold or booking counted into its pavilion's booked area (the booking service's
    # sum) stays as it was counted while the booth is held or booked.
    ACTIVE_READONLY = ("pavilion", "area_m2", "width", "depth")

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        if obj is not None and obj.applications.filter(status__in=ACTIVE_STATUSES).exists():
            readonly += self.ACTIVE_READONLY
        return readonly


class ExhibitorMemberInline(admin.TabularInline):
    model = ExhibitorMember
    extra = 0
    autocomplete_fields = ("user",)


class ParticipationInline(EditionWritableInlineMixin, admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ("pavilion",)


@admin.register(Exhibitor)
class ExhibitorAdmin(ImportAdminMixin, LargeChangeListMixin, admin.ModelAdmin):
    import_form_class = ExhibitorImportForm
    import_title = _("Import exhibitors")
    import_template = "admin/exhibitors/exhibitor_import.html"
    import_columns = tuple(EXHIBITOR_COLUMNS)
    import_kind = "exhibitors"
    import_function = staticmethod(import_exhibitors)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("name", "name_en", "kind", "country_name", "province", "industry", "contact_email", "awaits")
    list_filter = ("kind", "industry", PresentCountryFilter, "province", "participations__edition", "self_registered")
    # What the list shows and filters on: not the booth holds of the morning rush.
    kept_sources = (Exhibitor, Participation, Edition)
    search_fields = ("name", "name_en", "contact_name", "contact_email", "city")
    inlines = (ParticipationInline, ExhibitorMemberInline)
    readonly_fields = ("created_at", "updated_at", "self_registered", "company_confirmed_at")
    actions = ("confirm_company",)
    # The unfiltered total would count every exhibitor a second time on each filtered page
    # (34 ms at ten times the 13th edition): the paginator's count is enough.
    show_full_result_count = False
    # The rows are most of a change list's time (docs/benchmarks/2026-12-02-expo-day.md).
    list_per_page = 25

    IMPORT_PERMISSIONS = (
        "exhibitors.add_exhibitor",
        "exhibitors.change_exhibitor",
        "exhibitors.add_participation",
        "exhibitors.change_participation",
    )

    def get_urls(self):
        return [
            *self.import_urls(),
            *super().get_urls(),
        ]

    def has_import_permission(self, request) -> bool:
        # An import creates exhibitors and updates existing ones, with their participations.
        return request.user.has_perms(self.IMPORT_PERMISSIONS)

    @admin.display(description=_("awaits confirmation"), boolean=True)
    def awaits(self, obj):
        return obj.awaits_confirmation

    @admin.action(description=_("Confirm as the company it names (imports may then update it)"), permissions=["change"])
    def confirm_company(self, request, queryset):
        count = sum(services.exhibitor_confirm_company(exhibitor=e, by=request.user, request=request) for e in queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d self-registered exhibitor confirmed: the next import of its name updates it.",
                "%(count)d self-registered exhibitors confirmed: the next import of their names updates them.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "has_import_permission": self.has_import_permission(request)}
        return super().changelist_view(request, extra_context=extra_context)

    def save_model(self, request, obj, form, change):
        """A change through the profile service (the lock, only the changed fields, the
        activity-log row), as in the portal; a new exhibitor is saved as the admin does."""
        if change:
            services.exhibitor_profile_update(exhibitor=obj, fields=form.changed_data, request=request)
        else:
            super().save_model(request, obj, form, change)


@admin.register(BoothApplication)
class BoothApplicationAdmin(EditionWritableAdminMixin, admin.ModelAdmin):
    edition_path = "booth__pavilion__edition"
    list_display = ("booth", "pavilion", "exhibitor", "status", "held_until", "requested_at", "confirmed_at")
    list_filter = ("status", "booth__pavilion__edition", "booth__pavilion")
    list_select_related = ("booth__pavilion", "exhibitor")
    search_fields = ("booth__code", "exhibitor__name", "exhibitor__name_en")
    date_hierarchy = "created_at"
    actions = ("confirm_selected", "reject_selected")
    readonly_fields = (
        "booth",
        "exhibitor",
        "status",
        "held_until",
        "requested_at",
        "requested_by",
        "held_at",
        "confirmed_at",
        "confirmed_by",
        "rejected_at",
        "rejected_by",
        "rejection_reason",
        "cancelled_at",
        "cancelled_by",
        "expired_at",
    )

    def has_add_permission(self, request):
        return False  # applications come from exhibitors through the booking service

    def has_delete_permission(self, request, obj=None):
        return False  # a deleted hold would stay counted in the pavilion's booked area: reject it

    @admin.display(description=_("pavilion"), ordering="booth__pavilion")
    def pavilion(self, obj):
        return obj.booth.pavilion

    def _bulk(self, request, queryset, step, done_message):
        done, refused = 0, []
        for application in queryset.order_by("pk"):
            try:
                step(application=application, user=request.user)
                done += 1
            except (services.ApplicationError, EditionClosed) as exc:
                refused.append(f"{application.booth}: {exc.message}")
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)
        for message in refused:
            self.message_user(request, message, messages.WARNING)

    @admin.action(description=_("Confirm the selected held applications"), permissions=["change"])
    def confirm_selected(self, request, queryset):
        self._bulk(
            request,
            queryset,
            services.confirm_application,
            lambda n: (
                ngettext("%(count)d application was confirmed.", "%(count)d applications were confirmed.", n)
                % {"count": n}
            ),
        )

    @admin.action(description=_("Reject the selected applications"), permissions=["change"])
    def reject_selected(self, request, queryset):
        self._bulk(
            request,
            queryset,
            services.reject_application,
            lambda n: (
                ngettext("%(count)d application was rejected.", "%(count)d applications were rejected.", n)
                % {"count": n}
            ),
        )


@admin.register(Exhibit)
class ExhibitAdmin(EditionWritableAdminMixin, admin.ModelAdmin):
    edition_path = "pavilion__edition"
    list_display = ("name", "exhibitor", "pavilion", "category", "is_published")
    list_filter = ("pavilion__edition", "pavilion", "is_published")
    list_select_related = ("exhibitor", "pavilion")
    search_fields = ("name", "category", "exhibitor__name", "exhibitor__name_en")
    autocomplete_fields = ("exhibitor", "pavilion")

    # Through the exhibit services, as in the portal: they keep the exhibitor's online
    # participation in the pavilion's edition and remove a deleted exhibit's picture.
    def save_model(self, request, obj, form, change):
        services.exhibit_update(exhibit=obj)  # a new one too: the form built it

    def delete_model(self, request, obj):
        services.exhibit_delete(exhibit=obj)

    def delete_queryset(self, request, queryset):
        for exhibit in queryset.select_related("pavilion"):
            services.exhibit_delete(exhibit=exhibit)


@admin.register(Participation)
class ParticipationAdmin(EditionWritableAdminMixin, admin.ModelAdmin):
    list_display = ("exhibitor", "edition", "mode", "pavilion")
    list_filter = ("edition", "mode", "pavilion")
    list_select_related = ("exhibitor", "edition", "pavilion")
    search_fields = ("exhibitor__name", "exhibitor__name_en")
    autocomplete_fields = ("exhibitor", "pavilion")


@admin.register(LiveBroadcast)
class LiveBroadcastAdmin(admin.ModelAdmin):
    list_display = ("title", "exhibitor", "edition", "starts_at", "ends_at", "status")
    list_filter = ("edition", "status")
    list_select_related = ("exhibitor", "edition")
    search_fields = ("title", "exhibitor__name", "exhibitor__name_en")
    autocomplete_fields = ("exhibitor",)
    readonly_fields = ("status", "decided_at", "decided_by", "decision_reason")
    # Rejecting says why, to the exhibitor: on the exhibition office's page
    # (/staff/exhibition/broadcasts/), one broadcast at a time.
    actions = ("approve_selected",)

    def _decide(self, request, queryset, approve: bool):
        done = 0
        for broadcast in queryset.order_by("pk"):
            try:
                online_services.broadcast_decide(
                    broadcast=broadcast, approve=approve, user=request.user, request=request
                )
                done += 1
            except online_services.BroadcastError as exc:
                self.message_user(request, f"{broadcast}: {exc.message}", messages.WARNING)
        if done:
            self.message_user(
                request,
                ngettext("%(count)d broadcast was decided.", "%(count)d broadcasts were decided.", done)
                % {"count": done},
                messages.SUCCESS,
            )

    @admin.action(description=_("Approve the selected broadcasts"), permissions=["change"])
    def approve_selected(self, request, queryset):
        self._decide(request, queryset, True)
