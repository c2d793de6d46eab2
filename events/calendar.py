"""The programme as an iCalendar feed (RFC 5545), for calendar applications."""

from urllib.parse import urljoin

from icalendar import Calendar
from icalendar import Event as CalendarEvent

from expo.i18n import localized


def programme_calendar(*, edition, events, base_url: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//China-Northeast Asia Expo//Programme//ZH-EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", localized(edition, "name"))
    calendar.add("x-wr-timezone", "Asia/Shanghai")
    for event in events:
        item = CalendarEvent()
        item.add("uid", f"event-{event.pk}@expo-{edition.number}")
        item.add("dtstamp", event.updated_at)
        item.add("dtstart", event.starts_at)
        item.add("dtend", event.ends_at)
        item.add("summary", event.title)
        if event.description:
            item.add("description", event.description)
        if event.room_id:
            item.add("location", f"{event.room.venue.name} · {event.room.name}")
        item.add("url", urljoin(base_url, event.get_absolute_url()))
        calendar.add_component(item)
    return calendar.to_ical()
