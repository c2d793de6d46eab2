"""A visitor's personal agenda on the public programme: the star button of each session, the
agenda page (sessions starred and registered for, in time order, clashes marked), its secret
iCalendar feed (no login: the token is the key) and the calendar file of one event."""

import re

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from events import agenda
from events.calendar import agenda_calendar, event_calendar, feed_language
from events.models import Event
from expo.errors import DomainError
from expo.selectors import current_edition

STAR_TEMPLATE = "events/_agenda_star.html"
# Where the star buttons go in the cached programme: the cached body is the same for every
# reader, the buttons (and the CSRF token in them) are each reader's own.
STAR_MARK = re.compile(r"<!--agenda-star:(\d+)-->")
# Stands for an event's id in the two buttons rendered once per request (on and off), which each
# mark then gets with its own id: no template is rendered per event.
STAR_SENTINEL = "4611686018427387903"


def safe_next(request, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def star_context(request, *, event_pk: int, starred: bool, next_url: str) -> dict:
    """What ``_agenda_star.html`` needs, without the request's context processors (the
    programme renders it once per session)."""
    authenticated = request.user.is_authenticated
    context = {
        "event_pk": event_pk,
        "starred": starred,
        "authenticated": authenticated,
        "next": next_url,
        "star_url": reverse("programme:agenda_star", args=[event_pk]),
        "join_url": reverse("programme:agenda"),
    }
    if authenticated:
        context["csrf_token"] = get_token(request)
    return context


def with_stars(request, html: str, *, starred: set[int]) -> str:
    """The cached programme body with each reader's star buttons in place of its marks. The
    button is rendered at most twice (in the agenda or not) with a stand-in id, then copied
    with each event's id: a programme of a thousand sessions costs two renderings, not a
    thousand."""
    template = get_template(STAR_TEMPLATE)
    next_url = request.get_full_path()

    def render(pk, on: bool) -> str:
        return template.render(star_context(request, event_pk=pk, starred=on, next_url=next_url))

    if STAR_SENTINEL in next_url:  # the stand-in must appear only where the id goes
        return STAR_MARK.sub(lambda match: render(int(match.group(1)), int(match.group(1)) in starred), html)
    pieces: dict[bool, list[str]] = {}

    def button(match):
        pk = int(match.group(1))
        on = pk in starred
        if on not in pieces:
            pieces[on] = render(int(STAR_SENTINEL), on).split(STAR_SENTINEL)
        return str(pk).join(pieces[on])

    return STAR_MARK.sub(button, html)


@require_POST
def star(request, pk: int):
    """Add a session to the visitor's agenda (``action=add``) or take it out
    (``action=remove``). htmx gets the button back; a plain form goes back to ``next``."""
    back = safe_next(request, reverse("programme:event", args=[pk]))
    if not request.user.is_authenticated:
        login = f"{reverse('login')}?{_next_query(back)}"
        return HttpResponseClientRedirect(login) if request.htmx else redirect(login)
    event = Event.objects.select_related("edition").filter(pk=pk).first()
    if event is None:
        raise Http404
    action = request.POST.get("action")
    if action not in ("add", "remove"):
        return redirect(back)
    try:
        if action == "add":
            agenda.agenda_add(user=request.user, event=event)
        else:
            agenda.agenda_remove(user=request.user, event=event)
    except DomainError as error:
        if request.htmx:  # the button as it was, with the reason beside it
            context = star_context(
                request, event_pk=pk, starred=agenda.is_starred(user=request.user, event=event), next_url=back
            )
            response = render(request, STAR_TEMPLATE, {**context, "error": error.message})
            patch_vary_headers(response, ("HX-Request",))
            return response
        messages.error(request, error.message)
        return redirect(back)
    starred = action == "add"
    if request.htmx:
        response = render(request, STAR_TEMPLATE, star_context(request, event_pk=pk, starred=starred, next_url=back))
        patch_vary_headers(response, ("HX-Request",))
        return response
    if starred:
        messages.success(request, _("“%(event)s” is in your agenda.") % {"event": event.title})
    else:
        messages.success(request, _("“%(event)s” was taken out of your agenda.") % {"event": event.title})
    return redirect(back)


def _next_query(url: str) -> str:
    return urlencode({"next": url})


@never_cache
@require_GET
def agenda_page(request):
    """The visitor's agenda; an anonymous visitor is offered to log in or register, and
    comes back where they were."""
    edition = current_edition()
    if edition is None:
        raise Http404
    if not request.user.is_authenticated:
        back = safe_next(request, reverse("programme:agenda"))
        context = {"edition": edition, "next_query": _next_query(back)}
        return render(request, "events/agenda_join.html", context)
    items = agenda.agenda_items(user=request.user, edition=edition)
    feed = agenda.feed_of(user=request.user)
    here = reverse("programme:agenda")
    for item in items:
        item.star = star_context(request, event_pk=item.event.pk, starred=item.starred, next_url=here)
    language = get_language()
    context = {
        "edition": edition,
        "items": items,
        "days": _by_day(items),
        "clash_count": sum(1 for item in items if item.clashes),
        "feed": feed,
        "feed_url": request.build_absolute_uri(f"{feed.get_absolute_url()}?lang={language}") if feed else "",
        "language": language,
    }
    return render(request, "events/agenda.html", context)


def _by_day(items):
    days: dict = {}
    for item in items:
        days.setdefault(timezone.localdate(item.event.starts_at), []).append(item)
    return list(days.items())


@require_POST
def feed_renew(request):
    if not request.user.is_authenticated:
        return redirect(f"{reverse('login')}?{_next_query(reverse('programme:agenda'))}")
    had = agenda.feed_of(user=request.user) is not None
    agenda.agenda_feed_renew(user=request.user)
    if had:
        messages.success(request, _("Your calendar link was renewed. The old link no longer works."))
    else:
        messages.success(request, _("Your calendar link is ready. Add it to your calendar application."))
    return redirect("programme:agenda")


@require_POST
def feed_revoke(request):
    if not request.user.is_authenticated:
        return redirect(f"{reverse('login')}?{_next_query(reverse('programme:agenda'))}")
    if agenda.agenda_feed_revoke(user=request.user):
        messages.success(request, _("Your calendar link was turned off. Calendars that used it stop updating."))
    return redirect("programme:agenda")


@require_GET
def feed(request, token: str):
    """The agenda as an iCalendar feed, by its secret address: no login (calendar
    applications cannot log in), 404 for an unknown, renewed or turned-off token."""
    found = agenda.feed_by_token(token)
    edition = current_edition()
    if found is None or edition is None:
        raise Http404
    language = feed_language(request.GET.get("lang")) or get_language()
    items = agenda.agenda_items(user=found.user, edition=edition)
    body = agenda_calendar(edition=edition, items=items, base_url=request.build_absolute_uri("/"), language=language)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="my-agenda-{edition.number}.ics"'
    response["Content-Language"] = language
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_GET
def event_ics(request, pk: int):
    """One event as a calendar file to download."""
    event = Event.objects.select_related("edition", "room__venue", "organizer").filter(pk=pk).first()
    if event is None:
        raise Http404
    language = feed_language(request.GET.get("lang")) or get_language()
    body = event_calendar(event=event, base_url=request.build_absolute_uri("/"), language=language)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="expo-event-{event.pk}.ics"'
    response["Content-Language"] = language
    return response
