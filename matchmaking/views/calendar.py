"""An agenda as a private iCalendar feed: whoever has the address reads it, no login."""

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from matchmaking.enums import BOOKED_STATUSES
from matchmaking.models import CalendarFeed, Meeting


def agenda_calendar(*, meetings, name: str, base_url: str, side: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//China-Northeast Asia Expo//Matchmaking//ZH-EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Shanghai")
    for meeting in meetings:
        item = CalendarEvent()
        item.add("uid", f"meeting-{meeting.pk}@expo-matchmaking")
        item.add("dtstamp", meeting.updated_at)
        item.add("dtstart", meeting.starts_at)
        item.add("dtend", meeting.ends_at)
        counterpart = (
            meeting.exhibitor.display_name
            if side == "merchant"
            else (meeting.merchant.organization or meeting.merchant.name)
        )
        item.add("summary", f"{counterpart}")
        item.add("location", str(meeting.place))
        calendar.add_component(item)
    return calendar.to_ical()


@require_GET
def feed(request, token):
    feed = CalendarFeed.objects.select_related("merchant", "exhibitor").filter(token=token).first()
    if feed is None:
        raise Http404
    meetings = Meeting.objects.filter(status__in=BOOKED_STATUSES).select_related("merchant", "exhibitor", "session")
    if feed.merchant_id:
        meetings, side, name = meetings.filter(merchant_id=feed.merchant_id), "merchant", feed.merchant.name
    else:
        meetings, side, name = meetings.filter(exhibitor_id=feed.exhibitor_id), "exhibitor", feed.exhibitor.display_name
    body = agenda_calendar(
        meetings=meetings.order_by("starts_at"), name=name, base_url=request.build_absolute_uri("/"), side=side
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
