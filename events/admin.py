from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events import services
from events.models import Attendee, CheckIn, Event, EventRole, Person, Registration, Room, Venue
from expo.admin_lists import LargeChangeListMixin
from expo.edition_guard import EditionWritableAdminMixin
from expo.errors import EditionClosed


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
    """A speaker or moderator may not be in two events at overlapping times."""

    def clean(self):
        super().clean()
        event = self.instance
        if not (event.starts_at and event.ends_at):
            return
        for form in self.forms:
            person = form.cleaned_data.get("person") if hasattr(form, "cleaned_data") else None
            if person is None or form.cleaned_data.get("DELETE"):
                continue
            other = services.person_conflict(
                person=person, starts_at=event.starts_at, ends_at=event.ends_at, exclude_pk=event.pk
            )
            if other:
                form.add_error(
                    "person",
                    _("%(person)s also speaks at “%(event)s”, which overlaps this event.")
                    % {"person": person, "event": other},
                )


class EventRoleInline(admin.TabularInline):
    model = EventRole
    formset = EventRoleFormSet
    extra = 1
    autocomplete_fields = ("person",)


class EventForm(forms.ModelForm):
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
        room, starts_at, ends_at = data.get("room"), data.get("starts_at"), data.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            raise forms.ValidationError(_("An event must end after it starts."))
        if room and starts_at and ends_at:
            clash = services.room_conflict(room=room, starts_at=starts_at, ends_at=ends_at, exclude_pk=self.instance.pk)
            if clash:
                self.add_error(
                    "room", _("%(room)s is already taken by “%(event)s” at that time.") % {"room": room, "event": clash}
                )
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


@admin.register(Attendee)
class AttendeeAdmin(EditionWritableAdminMixin, LargeChangeListMixin, admin.ModelAdmin):
    list_display = ("name", "organization", "kind", "country_name", "invited_by", "edition", "code")
    list_filter = ("edition", "kind", "invited_by__kind", "country")
    list_select_related = ("edition", "invited_by")
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
    raw_id_fields = ("attendee",)
    actions = ("cancel_selected",)
    readonly_fields = ("promoted_at", "cancelled_at")

    def has_add_permission(self, request):
        return False  # registrations come through the programme's registration service

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
