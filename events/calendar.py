"""The programme as an iCalendar feed (RFC 5545), for calendar applications.

The language is part of the feed's address (``/programme/calendar.ics?lang=en``): a
subscribed calendar asks again and again without the browser's Accept-Language, so the
address must say which language it wants. Without ``lang`` the request's language is used.
"""

from urllib.parse import urljoin

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Calendar, vCalAddress, vText
from icalendar import Event as CalendarEvent

from expo.i18n import localized

PRODID = "-//China-Northeast Asia Expo//Programme//ZH-EN"


def feed_language(requested: str | None) -> str | None:
    """``requested`` if it is one of the site's languages (``zh-hans``, ``zh``, ``en``)."""
    requested = (requested or "").strip().lower()
    if requested == "zh":
        requested = "zh-hans"
    return requested if requested in dict(settings.LANGUAGES) else None


def programme_calendar(*, edition, events, base_url: str, language: str | None = None) -> bytes:
    """The feed of ``events`` in ``language`` (the active language when None)."""
    with translation.override(language or translation.get_language()):
        return _calendar(edition=edition, events=events, base_url=base_url)


def _organizer(event) -> vCalAddress:
    unit = event.organizer
    email = (unit.email if unit is not None and unit.email else "") or settings.DEFAULT_FROM_EMAIL
    organizer = vCalAddress(f"mailto:{email}")
    organizer.params["cn"] = vText(
        str(unit.name) if unit is not None else _("Executive Committee of the China-Northeast Asia Expo")
    )
    return organizer


def _component(*, event, edition, base_url: str, language: str, status: str = "") -> CalendarEvent:
    """One VEVENT: times in UTC (``...Z``), the summary and description in ``language``,
    the venue and room as its location. ``status`` is the iCalendar STATUS when known
    (CONFIRMED, TENTATIVE for a place on the waiting list)."""
    url = urljoin(base_url, event.get_absolute_url())
    item = CalendarEvent()
    item.add("uid", f"event-{event.pk}@expo-{edition.number}")
    item.add("dtstamp", event.updated_at)
    item.add("dtstart", event.starts_at)
    item.add("dtend", event.ends_at)
    item.add("summary", localized(event, "title"), parameters={"language": language})
    description = localized(event, "description")
    lines = [description] if description else []
    if event.organizer_id:
        lines.append(_("Organized by %(unit)s.") % {"unit": event.organizer.name})
    lines.append(_("Registration and details: %(url)s") % {"url": url})
    item.add("description", "\n\n".join(lines), parameters={"language": language})
    item.add("categories", [str(event.get_kind_display())])
    item.add("organizer", _organizer(event))
    if event.room_id:
        item.add("location", f"{localized(event.room.venue, 'name')} · {localized(event.room, 'name')}")
    if status:
        item.add("status", status)
    item.add("url", url)
    return item


def _new_calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Shanghai")
    return calendar


def _calendar(*, edition, events, base_url: str) -> bytes:
    language = translation.get_language()
    calendar = _new_calendar(localized(edition, "name"))
    for event in events:
        calendar.add_component(_component(event=event, edition=edition, base_url=base_url, language=language))
    return calendar.to_ical()


# The iCalendar STATUS of an agenda item: a seat, or a place on the waiting list.
ITEM_STATUS = {"confirmed": "CONFIRMED", "waitlisted": "TENTATIVE"}


def agenda_calendar(*, edition, items, base_url: str, language: str | None = None) -> bytes:
    """A visitor's agenda (``events.agenda.AgendaItem`` list) as a feed in ``language``."""
    with translation.override(language or translation.get_language()):
        language = translation.get_language()
        name = _("My agenda · %(edition)s") % {"edition": localized(edition, "name")}
        calendar = _new_calendar(name)
        for item in items:
            calendar.add_component(
                _component(
                    event=item.event,
                    edition=edition,
                    base_url=base_url,
                    language=language,
                    status=ITEM_STATUS.get(item.status, ""),
                )
            )
        return calendar.to_ical()


def event_calendar(*, event, base_url: str, language: str | None = None) -> bytes:
    """One event as a calendar file, to download and open in a calendar application."""
    with translation.override(language or translation.get_language()):
        language = translation.get_language()
        calendar = _new_calendar(localized(event, "title"))
        calendar.add("method", "PUBLISH")
        calendar.add_component(_component(event=event, edition=event.edition, base_url=base_url, language=language))
        return calendar.to_ical()
