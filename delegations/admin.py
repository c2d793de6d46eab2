from django.contrib import admin, messages
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from delegations import protection, services
from delegations.enums import AccessAction, InvitationStatus, ProtocolAction
from delegations.forms import DelegateImportForm
from delegations.imports import COLUMNS as DELEGATE_COLUMNS
from delegations.imports import import_delegates
from delegations.models import (
    Delegate,
    Delegation,
    EventAttendance,
    HotelStay,
    InvitationChange,
    InvitationReminder,
    LeaderMeeting,
    ProtectedDataAccess,
    Travel,
)
from expo import audit
from expo.admin_imports import ImportAdminMixin
from expo.edition_guard import EditionWritableAdminMixin
from expo.errors import EditionClosed


class ProtectedLookupsMixin:
    """Filters on the delegates' protected fields (``?passport_number__startswith=R9``,
    ``?delegate__date_of_birth__year=1965``) are refused (400) to whoever sees them masked;
    for the protocol office they work and are logged, with the value masked, as are its
    searches, which reach the passport number and phone."""

    protected_where = "admin"

    def lookup_allowed(self, lookup, value, request=None):
        protected = protection.protected_lookup_field(self.model, lookup) is not None
        if protected and (request is None or not protection.can_see_protected(request.user)):
            return False
        return super().lookup_allowed(lookup, value, request)

    def _where(self, request, what: str) -> str:
        return f"{self.protected_where}: {self.opts.model_name} {what}"

    def get_search_results(self, request, queryset, search_term):
        # The changelist's search box and the autocomplete of other admins both come here.
        results = super().get_search_results(request, queryset, search_term)
        query = search_term.strip()
        if query and protection.can_see_protected(request.user):
            names = (name.lstrip("=^@") for name in self.get_search_fields(request))
            fields = sorted({f for name in names if (f := protection.protected_lookup_field(self.model, name))})
            lookups = [
                {"field": f, "lookup": "search", "value": protection.mask_lookup_value(f, query)} for f in fields
            ]
            what = "autocomplete" if request.path.rstrip("/").endswith("autocomplete") else "list"
            protection.log_lookups(
                user=request.user, request=request, where=self._where(request, what), lookups=lookups
            )
        return results

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context=extra_context)
        if getattr(response, "status_code", None) == 200 and protection.can_see_protected(request.user):
            lookups = []
            for key in sorted(request.GET):
                field = protection.protected_lookup_field(self.model, key)
                for value in request.GET.getlist(key) if field else ():
                    masked = protection.mask_lookup_value(field, value)
                    lookups.append({"field": field, "lookup": key, "value": masked})
            protection.log_lookups(
                user=request.user, request=request, where=self._where(request, "list"), lookups=lookups
            )
        return response


class ReadOnlyAdminMixin:
    """Records written by the services only: the admin shows them and changes nothing."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DelegateInline(admin.TabularInline):
    """The delegation's members without their protected fields (those are on the delegate's page)."""

    model = Delegate
    extra = 0
    fields = ("name_latin", "name_original", "name_zh", "title", "title_zh", "title_en", "rank", "is_head", "attended")
    show_change_link = True


class LeaderMeetingInline(admin.TabularInline):
    model = LeaderMeeting
    extra = 0
    fields = ("provincial_leader", "starts_at", "ends_at", "place", "topic")


class InvitationChangeInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = InvitationChange
    extra = 0
    fields = ("changed_at", "from_status", "to_status", "changed_by", "note")
    readonly_fields = fields
    verbose_name_plural = _("invitation history")


@admin.register(Delegation)
class DelegationAdmin(ProtectedLookupsMixin, EditionWritableAdminMixin, admin.ModelAdmin):
    list_display = (
        "display_origin",
        "origin_kind",
        "edition",
        "display_status",
        "host_unit",
        "security_level",
        "delegate_count",
        "attended_count",
        "letter_link",
    )
    list_display_links = ("display_origin",)
    view_on_site = False
    list_filter = ("edition", "origin_kind", "status", "security_level", "host_unit")
    list_select_related = ("edition", "host_unit")
    search_fields = (
        "institution_zh",
        "institution_en",
        "province",
        "=country",
        "liaison_name",
        "interpreter_name",
        "delegates__name_latin",
        "delegates__name_original",
    )
    autocomplete_fields = ("edition", "host_unit")
    readonly_fields = ("status", "sent_at", "answered_at", "confirmed_at", "cancelled_at", "created_at", "updated_at")
    inlines = (DelegateInline, LeaderMeetingInline, InvitationChangeInline)
    actions = ("send_invitations", "record_acceptance", "record_decline", "confirm_visits", "cancel_invitations")
    fieldsets = (
        (None, {"fields": ("edition", "origin_kind", "country", ("institution_zh", "institution_en"), "province")}),
        (
            _("Hosts"),
            {
                "fields": (
                    "host_unit",
                    ("liaison_name", "liaison_name_latin", "liaison_phone"),
                    ("interpreter_name", "interpreter_phone"),
                    "interpreter_languages",
                    "security_level",
                )
            },
        ),  # fmt: skip
        (_("Invitation"), {"fields": ("status", ("sent_at", "answered_at"), ("confirmed_at", "cancelled_at"))}),
        (_("Notes"), {"fields": ("notes", ("created_at", "updated_at"))}),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                delegates_total=Count("delegates", distinct=True),
                delegates_attended=Count("delegates", filter=Q(delegates__attended=True), distinct=True),
            )
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            services.invitation_history_start(delegation=obj, by=request.user)
        else:
            audit.record_form_save(
                action=ProtocolAction.DELEGATION_CHANGE, request=request, form=form, obj=obj, change=True
            )

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Delegate:
            audit.record_formset_save(action=ProtocolAction.DELEGATE_CHANGE, request=request, formset=formset)

    @admin.display(description=_("delegation"), ordering="country")
    def display_origin(self, obj):
        return obj.origin_name

    @admin.display(description=_("invitation"), ordering="status")
    def display_status(self, obj):
        return format_html('<span class="state state--{}">{}</span>', obj.status, obj.get_status_display())

    @admin.display(description=_("delegates"), ordering="delegates_total")
    def delegate_count(self, obj):
        return obj.delegates_total

    @admin.display(description=_("attended"), ordering="delegates_attended")
    def attended_count(self, obj):
        return obj.delegates_attended

    @admin.display(description=_("letter"))
    def letter_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("protocol:letter", args=[obj.pk]), _("PDF"))

    def _step(self, request, queryset, to_status, done_message):
        done, refused = 0, []
        for delegation in queryset.order_by("pk"):
            try:
                services.invitation_transition(delegation=delegation, to_status=to_status, by=request.user)
                done += 1
            except (services.InvitationError, EditionClosed) as exc:
                refused.append(exc.message)
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)
        for message in refused:
            self.message_user(request, message, messages.WARNING)

    @admin.action(description=_("Send the invitations of the selected delegations"), permissions=["change"])
    def send_invitations(self, request, queryset):
        self._step(
            request,
            queryset,
            InvitationStatus.SENT,
            lambda n: ngettext("%(count)d invitation was sent.", "%(count)d invitations were sent.", n) % {"count": n},
        )

    @admin.action(description=_("Record that the selected delegations accepted"), permissions=["change"])
    def record_acceptance(self, request, queryset):
        self._step(
            request,
            queryset,
            InvitationStatus.ACCEPTED,
            lambda n: ngettext("%(count)d acceptance recorded.", "%(count)d acceptances recorded.", n) % {"count": n},
        )

    @admin.action(description=_("Record that the selected delegations declined"), permissions=["change"])
    def record_decline(self, request, queryset):
        self._step(
            request,
            queryset,
            InvitationStatus.DECLINED,
            lambda n: ngettext("%(count)d decline recorded.", "%(count)d declines recorded.", n) % {"count": n},
        )

    @admin.action(description=_("Confirm the visits of the selected delegations"), permissions=["change"])
    def confirm_visits(self, request, queryset):
        self._step(
            request,
            queryset,
            InvitationStatus.CONFIRMED,
            lambda n: ngettext("%(count)d visit was confirmed.", "%(count)d visits were confirmed.", n) % {"count": n},
        )

    @admin.action(description=_("Cancel the invitations of the selected delegations"), permissions=["change"])
    def cancel_invitations(self, request, queryset):
        self._step(
            request,
            queryset,
            InvitationStatus.CANCELLED,
            lambda n: (
                ngettext("%(count)d invitation was cancelled.", "%(count)d invitations were cancelled.", n)
                % {"count": n}
            ),
        )


class TravelInline(admin.TabularInline):
    model = Travel
    extra = 0
    fields = ("direction", "mode", "number", "place", "at", "pickup_needed", "notes")


class HotelStayInline(admin.TabularInline):
    model = HotelStay
    extra = 0
    fields = ("hotel", "room", "check_in", "check_out", "nights")
    readonly_fields = ("nights",)

    @admin.display(description=_("nights"))
    def nights(self, obj):
        return obj.nights if obj.check_in and obj.check_out else "—"


class EventAttendanceInline(admin.TabularInline):
    model = EventAttendance
    extra = 0
    fields = ("event", "seat")
    autocomplete_fields = ("event",)


@admin.register(Delegate)
class DelegateAdmin(ProtectedLookupsMixin, EditionWritableAdminMixin, ImportAdminMixin, admin.ModelAdmin):
    edition_path = "delegation__edition"
    import_form_class = DelegateImportForm
    import_title = _("Import delegates")
    import_template = "admin/delegations/delegate_import.html"
    import_columns = tuple(DELEGATE_COLUMNS)
    import_kind = "delegates"
    import_function = staticmethod(import_delegates)
    """The protected fields (passport number, date of birth, phone) are in clear and editable
    for the protocol office only, and every page that shows them in clear is logged; other
    staff see them masked and read-only, cannot search or sort by them."""

    view_on_site = False
    # A page of Django's 100 delegates took 170 ms of CPU (docs/benchmarks/2026-12-02-expo-day.md).
    list_per_page = 25
    list_display_base = ("display_name", "delegation", "edition", "rank", "is_head", "attended", "title")
    list_filter = ("delegation__edition", "delegation__origin_kind", "rank", "attended", "is_head", "gender")
    list_select_related = ("delegation__edition",)
    search_fields_base = (
        "name_latin",
        "name_original",
        "title",
        "organization",
        "delegation__institution_en",
        "delegation__institution_zh",
        "=delegation__country",
    )
    search_fields = search_fields_base
    autocomplete_fields = ("delegation",)
    inlines = (TravelInline, HotelStayInline, EventAttendanceInline)
    actions = ("mark_attended", "mark_not_attended")
    readonly_fields_base = ("created_at", "updated_at")
    masked_fields = ("masked_passport_number", "masked_date_of_birth", "masked_phone")

    IMPORT_PERMISSIONS = ("delegations.add_delegate", "delegations.change_delegate", "delegations.add_delegation")

    def _clear(self, request) -> bool:
        return protection.can_see_protected(request.user)

    def get_list_display(self, request):
        protected = protection.PROTECTED_FIELDS if self._clear(request) else self.masked_fields
        return (*self.list_display_base, *protected)

    def get_search_fields(self, request):
        # Searching by a protected value would tell who has it, even with the column masked.
        if self._clear(request):
            return (*self.search_fields_base, "=passport_number", "phone")
        return self.search_fields_base

    def get_readonly_fields(self, request, obj=None):
        if self._clear(request):
            return self.readonly_fields_base
        return (*self.readonly_fields_base, *self.masked_fields)

    def get_fieldsets(self, request, obj=None):
        protected = protection.PROTECTED_FIELDS if self._clear(request) else self.masked_fields
        return (
            (
                None,
                {
                    "fields": (
                        "delegation",
                        ("name_latin", "name_original", "name_zh"),
                        ("title", "organization"),
                        ("title_zh", "title_en"),
                    )
                },
            ),
            (None, {"fields": (("rank", "is_head"), ("gender", "languages"), "attended")}),
            (_("Protected personal data"), {"fields": protected}),
            (_("Record"), {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
        )

    @admin.display(description=_("delegate"), ordering="name_latin")
    def display_name(self, obj):
        return obj.name

    @admin.display(description=_("edition"), ordering="delegation__edition__number")
    def edition(self, obj):
        return obj.delegation.edition.number

    @admin.display(description=_("passport number"))
    def masked_passport_number(self, obj):
        return protection.mask_passport(obj.passport_number) or "—"

    @admin.display(description=_("date of birth"))
    def masked_date_of_birth(self, obj):
        return protection.mask_date(obj.date_of_birth) or "—"

    @admin.display(description=_("phone"))
    def masked_phone(self, obj):
        return protection.mask_phone(obj.phone) or "—"

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "has_import_permission": self.has_import_permission(request)}
        response = super().changelist_view(request, extra_context=extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None and self._clear(request):
            # The page's rows, read once here and again from the same cache when rendered.
            ids = [d.pk for d in changelist.result_list if d.passport_number or d.date_of_birth or d.phone]
            protection.log_access(
                user=request.user, action=AccessAction.VIEW, where="admin: delegate list", delegate_ids=ids
            )
        return response

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and self._clear(request):
            protection.log_access(
                user=request.user, action=AccessAction.VIEW, where="admin: delegate page", delegate_ids=[obj.pk]
            )
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Protected values are masked by the activity log itself.
        audit.record_form_save(
            action=ProtocolAction.DELEGATE_CHANGE, request=request, form=form, obj=obj, change=change
        )

    @admin.action(description=_("Mark the selected delegates as attended"), permissions=["change"])
    def mark_attended(self, request, queryset):
        try:
            count = services.delegates_set_attended(
                delegate_ids=list(queryset.values_list("pk", flat=True)), by=request.user
            )
        except EditionClosed as exc:
            self.message_user(request, exc.message, messages.ERROR)
            return
        self.message_user(
            request,
            ngettext("%(count)d delegate marked as attended.", "%(count)d delegates marked as attended.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Mark the selected delegates as not attended"), permissions=["change"])
    def mark_not_attended(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        try:
            count = services.delegates_set_attended(delegate_ids=ids, attended=False, by=request.user)
        except EditionClosed as exc:
            self.message_user(request, exc.message, messages.ERROR)
            return
        self.message_user(
            request,
            ngettext("%(count)d delegate marked as not attended.", "%(count)d delegates marked as not attended.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    # Import ---------------------------------------------------------------------------

    def get_urls(self):
        return [
            *self.import_urls(),
            *super().get_urls(),
        ]

    def has_import_permission(self, request) -> bool:
        # An import writes protected fields: the protocol office's work.
        return self._clear(request) and request.user.has_perms(self.IMPORT_PERMISSIONS)


@admin.register(Travel)
class TravelAdmin(ProtectedLookupsMixin, admin.ModelAdmin):
    list_display = ("at", "direction", "delegate", "delegation", "mode", "number", "place", "pickup_needed")
    list_filter = ("direction", "mode", "pickup_needed", "delegate__delegation__edition")
    list_select_related = ("delegate__delegation",)
    search_fields = ("number", "place", "delegate__name_latin", "delegate__name_original")
    autocomplete_fields = ("delegate",)
    date_hierarchy = "at"

    @admin.display(description=_("delegation"), ordering="delegate__delegation")
    def delegation(self, obj):
        return obj.delegate.delegation


@admin.register(HotelStay)
class HotelStayAdmin(ProtectedLookupsMixin, admin.ModelAdmin):
    list_display = ("hotel", "room", "delegate", "check_in", "check_out", "nights")
    list_filter = ("hotel", "delegate__delegation__edition")
    list_select_related = ("delegate",)
    search_fields = ("hotel", "room", "delegate__name_latin", "delegate__name_original")
    autocomplete_fields = ("delegate",)
    date_hierarchy = "check_in"


@admin.register(LeaderMeeting)
class LeaderMeetingAdmin(admin.ModelAdmin):
    list_display = ("starts_at", "delegation", "provincial_leader", "place", "topic")
    list_filter = ("delegation__edition", "delegation__origin_kind")
    list_select_related = ("delegation",)
    search_fields = ("provincial_leader", "place", "topic", "delegation__institution_en")
    autocomplete_fields = ("delegation",)
    date_hierarchy = "starts_at"


@admin.register(EventAttendance)
class EventAttendanceAdmin(ProtectedLookupsMixin, admin.ModelAdmin):
    list_display = ("delegate", "event", "event_starts_at", "seat")
    list_filter = ("event__edition", "event__kind")
    list_select_related = ("delegate", "event")
    search_fields = ("delegate__name_latin", "delegate__name_original", "event__title_en", "event__title_zh")
    autocomplete_fields = ("delegate", "event")

    @admin.display(description=_("starts at"), ordering="event__starts_at")
    def event_starts_at(self, obj):
        return obj.event.starts_at


@admin.register(InvitationChange)
class InvitationChangeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("changed_at", "delegation", "from_status", "to_status", "changed_by", "note")
    list_filter = ("to_status", "delegation__edition")
    list_select_related = ("delegation", "changed_by")
    search_fields = ("delegation__institution_en", "delegation__institution_zh", "changed_by__username", "note")
    date_hierarchy = "changed_at"


@admin.register(InvitationReminder)
class InvitationReminderAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("sent_on", "delegation", "recipients")
    list_filter = ("sent_on",)
    list_select_related = ("delegation",)
    search_fields = ("recipients", "delegation__institution_en")


@admin.register(ProtectedDataAccess)
class ProtectedDataAccessAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The access log: the protocol office reads it; nobody changes or deletes a line."""

    list_display = ("at", "user", "action", "where", "display_fields", "delegate_count")
    list_filter = ("action", "at")
    list_select_related = ("user",)
    search_fields = ("user__username", "user__last_name", "where")
    date_hierarchy = "at"
    readonly_fields = ("at", "user", "action", "where", "fields", "delegate_ids", "delegate_count")

    def has_view_permission(self, request, obj=None):
        return protection.can_see_protected(request.user) and super().has_view_permission(request, obj)

    def has_module_permission(self, request):
        return protection.can_see_protected(request.user) and super().has_module_permission(request)

    @admin.display(description=_("fields"))
    def display_fields(self, obj):
        return ", ".join(obj.fields)
