import copy

from django import forms
from django.contrib import admin, messages
from django.forms.models import construct_instance
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events import services
from events.models import Attendee, CheckIn, Event, EventRole, Person, Registration, Room, Venue
from expo.admin_lists import InvitingUnitKindFilter, LargeChangeListMixin, PresentCountryFilter
from expo.edition_guard import EditionWritableAdminMixin
from expo.errors import DomainError, EditionClosed
from expo.models import Edition, MemberUnit


class RoomInline(admin.TabularInline):
    model = Room
    extra = 1


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ("name_zh", "name_en", "address")
    search_fields = ("name_zh", "name_en", "address")
    inlines = (RoomInline,)


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ("name_zh", "name_en", "venue", "capacity")
    list_filter = ("venue",)
    list_select_related = ("venue",)
    search_fields = ("name_zh", "name_en", "venue__name_zh", "venue__name_en")


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("name_zh", "name_en", "title_zh", "country")
    search_fields = ("name_zh", "name_en", "title_zh", "title_en")
    list_filter = ("country",)


class EventRoleFormSet(forms.BaseInlineFormSet):
    """A speaker or moderator may not be in two events at overlapping times: the rule, the
    lock and the message are the events service's (``event_role_check``, which keeps the
    person locked until the admin's transaction commits)."""

    def clean(self):
        super().clean()
        event = self.instance
        if not (event.starts_at and event.ends_at) or any(self.errors):
            return
        for form in self.forms:
            person = form.cleaned_data.get("person") if hasattr(form, "cleaned_data") else None
            if person is None or form.cleaned_data.get("DELETE") or not form.has_changed():
                continue
            try:
                services.event_role_check(event=event, person=person)
            except DomainError as exc:
                form.add_error("person", exc.message)


class EventRoleInline(admin.TabularInline):
    model = EventRole
    formset = EventRoleFormSet
    extra = 1
    autocomplete_fields = ("person",)


class EventForm(forms.ModelForm):
    """The rules of an event (ends after it starts, its room free, its speakers free) are
    the events service's: ``clean`` asks ``services.event_check`` about the event as the form
    would save it, which also locks the room until the admin's transaction commits, so that
    ``EventAdmin.save_model`` saves it through ``services.event_save`` without a race."""

    class Meta:
        model = Event
        fields = [
            "edition",
            "kind",
            "parent",
            "title_zh",
            "title_en",
            "description_zh",
            "description_en",
            "organizer",
            "room",
            "starts_at",
            "ends_at",
            "capacity",
            "is_notable",
            "is_public",
            "translations",
        ]

    def clean(self):
        data = super().clean()
        if self.errors or not (data.get("starts_at") and data.get("ends_at")):
            return data
        try:
            services.event_check(event=construct_instance(self, copy.copy(self.instance)))
        except DomainError as exc:
            raise forms.ValidationError(exc.message, code="programme") from exc
        return data


@admin.register(Event)
class EventAdmin(EditionWritableAdminMixin, admin.ModelAdmin):
    form = EventForm
    list_display = (
        "title_zh",
        "title_en",
        "kind",
        "edition",
        "starts_at",
        "room",
        "organizer",
        "is_public",
        "is_notable",
    )
    list_filter = ("edition", "kind", "is_public", "is_notable", "room__venue", "organizer__kind")
    list_select_related = ("edition", "room", "organizer")
    search_fields = ("title_zh", "title_en", "organizer__name_zh", "organizer__name_en")
    autocomplete_fields = ("parent", "organizer", "room")
    date_hierarchy = "starts_at"
    inlines = (EventRoleInline,)

    def save_model(self, request, obj, form, change):
        services.event_save(event=obj)

    def save_formset(self, request, form, formset, change):
        """Speakers and moderators through the events service (its lock and rule); the
        formset's ``clean`` has already shown any refusal as the form's error."""
        if formset.model is not EventRole:
            return super().save_formset(request, form, formset, change)
        deleted = formset.deleted_forms
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for role_form in formset.initial_forms:
            if role_form in deleted or "person" in role_form.changed_data:
                services.event_role_remove(event_role=role_form.instance)
                if role_form in deleted:
                    formset.deleted_objects.append(role_form.instance)
        for role_form in formset.forms:
            data = getattr(role_form, "cleaned_data", None) or {}
            if role_form in deleted or not role_form.has_changed() or not data.get("person"):
                continue
            role = services.event_role_add(event=form.instance, person=data["person"], role=data["role"])
            if role_form in formset.initial_forms:
                formset.changed_objects.append((role, role_form.changed_data))
            else:
                formset.new_objects.append(role)


@admin.register(Attendee)
class AttendeeAdmin(EditionWritableAdminMixin, LargeChangeListMixin, admin.ModelAdmin):
    list_display = ("name", "organization", "kind", "country_name", "invited_by", "edition", "code")
    list_filter = ("edition", "kind", ("invited_by__kind", InvitingUnitKindFilter), PresentCountryFilter)
    list_select_related = ("edition", "invited_by")
    # What the list shows and filters on: not the check-ins and registrations of the expo day.
    kept_sources = (Attendee, Edition, MemberUnit)
    search_fields = ("name", "organization", "email", "=code")
    autocomplete_fields = ("invited_by",)
    readonly_fields = ("code", "created_at", "updated_at")
    # The rows are most of a change list's time (docs/benchmarks/2026-12-02-expo-day.md).
    list_per_page = 25
    # Newest first by the primary key: the model's ordering (edition number, name) can use no
    # index and sorted every attendee of every edition for each page (3-4 s at K=10).
    ordering = ("-pk",)


@admin.register(Registration)
class RegistrationAdmin(EditionWritableAdminMixin, admin.ModelAdmin):
    edition_path = "event__edition"
    list_display = ("attendee", "event", "status", "created_at", "promoted_at")
    list_filter = ("status", "event__edition", "event")
    list_select_related = ("attendee", "event")
    search_fields = ("attendee__name", "attendee__email", "event__title_zh", "event__title_en")
    actions = ("cancel_selected",)
    # Seats and the waiting list are the registration service's: the status changes only by
    # the cancel action (which moves the waiting list up), and a registration is cancelled,
    # never deleted (a deleted seat would not go to the first on the waiting list).
    readonly_fields = ("attendee", "event", "status", "created_at", "promoted_at", "cancelled_at")

    def has_add_permission(self, request):
        return False  # registrations come through the programme's registration service

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(
        description=_("Cancel the selected registrations (the waiting list moves up)"), permissions=["change"]
    )
    def cancel_selected(self, request, queryset):
        done = promoted = 0
        for registration in queryset.order_by("pk"):
            try:
                moved_up = services.cancel_registration(registration=registration)
            except (services.RegistrationError, EditionClosed) as exc:
                self.message_user(request, f"{registration}: {exc.message}", messages.WARNING)
                continue
            done += 1
            promoted += moved_up is not None
        self.message_user(
            request,
            ngettext("%(count)d registration was cancelled", "%(count)d registrations were cancelled", done)
            % {"count": done}
            + "; "
            + ngettext(
                "%(count)d moved up from the waiting list.", "%(count)d moved up from the waiting list.", promoted
            )
            % {"count": promoted},
            messages.SUCCESS,
        )


@admin.register(CheckIn)
class CheckInAdmin(EditionWritableAdminMixin, admin.ModelAdmin):
    edition_path = "attendee__edition"
    list_display = ("attendee", "day", "at", "by")
    list_filter = ("day", "attendee__kind")
    list_select_related = ("attendee", "by")
    search_fields = ("attendee__name", "=attendee__code")
    date_hierarchy = "day"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
