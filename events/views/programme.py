"""The public programme: by day and time, each event's page, registration, iCalendar feed."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from events import agenda, selectors, services
from events.calendar import feed_language, programme_calendar
from events.enums import AttendeeKind, EventKind, RegistrationStatus
from events.forms import PublicRegistrationForm
from events.invitations import SESSION_KEY, invitation_by_code, inviting_unit_for
from events.models import Attendee, Event, EventRole, Person, Registration, Room, Venue
from events.signals import programme_version
from events.views.agenda import star_context, with_stars
from expo import kept_pages, ratelimit
from expo.errors import DomainError
from expo.local_pages import LocalPages
from expo.models import Edition, MemberUnit
from expo.ratelimit import Limit, RateLimited, too_many_requests
from expo.selectors import current_edition


def _edition():
    edition = current_edition()
    if edition is None:
        raise Http404
    return edition


# The session key of the registration just cancelled, offered back once ("undo").
UNDO_REGISTRATION = "programme_undo_registration"
PROGRAMME_CACHE_SECONDS = 60 * 60
# What the programme shows: its key changes after any write to these tables.
PROGRAMME_SOURCES = (Edition, Event, EventRole, Person, Room, Venue, MemberUnit)


SEARCH_MAX = 100
# The anonymous programme, whole, as this process last served it (no search: its text is the
# visitor's; only the filters' own parameters: made-up ones are not kept). Bounded by size.
ANONYMOUS_PARAMETERS = {"day", "kind", "venue"}
anonymous_pages = LocalPages()


def _anonymous(request) -> bool:
    """A reader who gets the page every anonymous reader of the language gets: no account, no
    message waiting (Django's cookie or session storage), no search, no other parameter."""
    return (
        not request.user.is_authenticated
        and "messages" not in request.COOKIES
        and "_messages" not in request.session
        and set(request.GET) <= ANONYMOUS_PARAMETERS
    )


@require_GET
def programme(request):
    """The programme by time, day by day, with filters (day, kind, venue) and a search. The
    same for every reader of a language and choice of filters: the days are rendered once and
    cached under a key that changes with the versions of the tables the programme reads
    (``expo.kept_pages.versions_of``: any write, bulk ones included, after its commit) and
    with the version events.signals bumps at once when events, speakers, rooms or organizers
    are saved. No query: the edition is the process's (``current_edition``). A search is
    rendered each time (its text is the visitor's: it would fill the cache).

    An anonymous reader's whole answer is kept in this process's memory under the same key and
    its address (``anonymous_pages``): a hit is the versions' cache read and a lookup, no
    rendering (0.7-0.8 ms of CPU instead of 4.2-4.4 for 60 events in-process:
    docs/benchmarks/2026-12-03-afternoon.md).

    Each session's star button (the reader's agenda) is put into the cached days at each
    request. With ``HX-Request`` (htmx: the filters changed) only the results are sent; the
    page and the fragment share the cached days, never a cached response (``Vary:
    HX-Request``), and htmx's history restore gets the whole page."""
    edition = current_edition()
    if edition is None:
        raise Http404
    tables = ":".join(map(str, kept_pages.versions_of(*PROGRAMME_SOURCES)))
    base = f"events:programme:{edition.pk}:{tables}:{programme_version()}:{get_language()}"
    partial = request.htmx and not request.htmx.history_restore_request
    anonymous = _anonymous(request)
    page_key = f"{base}:anonymous:{bool(partial)}:{request.get_full_path()}"
    if anonymous and (kept := anonymous_pages.get(page_key)) is not None:
        response = HttpResponse(kept[0])
        patch_vary_headers(response, ("HX-Request",))
        return response
    choices = cache.get(f"{base}:filters")
    if choices is None:
        choices = _programme_filters(edition)
        cache.set(f"{base}:filters", choices, PROGRAMME_CACHE_SECONDS)
    chosen = {
        name: request.GET.get(name, "") if request.GET.get(name, "") in dict(options) else ""
        for name, options in choices.items()
    }
    q = " ".join(request.GET.get("q", "").split())[:SEARCH_MAX]
    filtered = bool(any(chosen.values()) or q)
    key = f"{base}:days:{chosen['day']}:{chosen['kind']}:{chosen['venue']}"
    days_html = None if q else cache.get(key)
    if days_html is None:
        days = _programme_days(edition, q=q, **chosen)
        days_html = render_to_string(
            "events/_programme_days.html",
            {"days": days, "filtered": filtered, "count": sum(len(events) for _day, events in days)},
            request,
        )
        if not q:
            cache.set(key, days_html, PROGRAMME_CACHE_SECONDS)
    starred = agenda.starred_event_ids(user=request.user, edition=edition)
    context = {
        "edition": edition,
        "days_html": mark_safe(with_stars(request, days_html, starred=starred)),  # noqa: S308 - our own templates
        "choices": choices,
        "chosen": chosen,
        "q": q,
        "filtered": filtered,
        "starred_count": len(starred),
    }
    response = render(request, "events/_programme_results.html" if partial else "events/programme.html", context)
    patch_vary_headers(response, ("HX-Request",))
    if anonymous and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # no token of its own inside
        anonymous_pages.set(page_key, response.content, timeout=PROGRAMME_CACHE_SECONDS)
    return response


def _programme_filters(edition) -> dict[str, list[tuple[str, str]]]:
    """The options of the programme's filters: its days, the kinds of its events and its
    venues, in the reader's language. Two queries."""
    first, last = edition.start_date, edition.end_date
    days = [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]
    kinds = set(selectors.programme(edition=edition).values_list("kind", flat=True).distinct())
    venues = Venue.objects.filter(rooms__events__edition=edition).distinct()
    return {
        "day": [(day.isoformat(), date_format(day, "DATE_FORMAT")) for day in days],
        "kind": [(value, label) for value, label in EventKind.choices if value in kinds],
        "venue": sorted(((str(v.pk), v.name) for v in venues), key=lambda pair: pair[1]),
    }


def _programme_days(edition, *, day="", kind="", venue="", q=""):
    """The events day by day in the order of their start, each with its room; ``q`` finds
    words of their titles, descriptions, speakers, organizers and places (Chinese or English)."""
    events = selectors.programme(edition=edition)
    if q:
        events = selectors.programme_search(events, q)
    if kind:
        events = events.filter(kind=kind)
    if venue:
        events = events.filter(room__venue_id=venue)
    days = selectors.programme_by_day(events)
    return [
        (when, sorted(day_events, key=lambda e: (e.starts_at, e.ends_at, e.pk)))
        for when, day_events in days.items()
        if not day or when.isoformat() == day
    ]


@require_GET
def calendar(request):
    """The feed in the language its address asks for (``?lang=en``), else the request's."""
    edition = _edition()
    language = feed_language(request.GET.get("lang")) or get_language()
    body = programme_calendar(
        edition=edition,
        events=selectors.programme(edition=edition),
        base_url=request.build_absolute_uri("/"),
        language=language,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="expo-{edition.number}-{language}.ics"'
    response["Content-Language"] = language
    return response


def _registration_limits() -> tuple[Limit, Limit, int]:
    per_address, per_email = settings.EVENTS_REGISTRATION_PER_ADDRESS, settings.EVENTS_REGISTRATION_PER_EMAIL
    return Limit(*per_address), Limit(*per_email), settings.EVENTS_KNOWN_EMAIL_MAIL_MINUTES * 60


def _limit_client(request) -> None:
    """Every registration POST counts against the client's address (RateLimited when over)."""
    ratelimit.hit_client(request, scope="registration-address", limit=_registration_limits()[0])


def _register(request, form, *, edition, event=None):
    """Register the person through the registration service, which holds the rules and
    mails the link after the commit; the answer is the same whether the address was new or
    known. Raises RateLimited and the service's DomainError."""
    data = form.cleaned_data
    ratelimit.hit(scope="registration-email", value=data["email"], limit=_registration_limits()[1])
    services.registration_submit(
        edition=edition,
        event=event,
        base_url=request.build_absolute_uri("/"),
        language=get_language(),
        kind=data["kind"],
        name=data["name"],
        email=data["email"],
        country=data["country"],
        organization=data["organization"],
        industry=data["industry"],
        phone=data["phone"],
        invited_by=inviting_unit_for(session=request.session, edition=edition)
        if data["kind"] == AttendeeKind.MERCHANT
        else None,
    )
    messages.success(
        request,
        _(
            "Thank you. We sent the link to your badge and your registrations to %(email)s: open it to see them. "
            "If no mail arrives within a few minutes, look in the spam folder."
        )
        % {"email": data["email"]},
    )
    return redirect(event.get_absolute_url() if event else "programme:index")


@require_GET
def invitation(request, code):
    """A member unit's invitation link: remembered for this visitor, then the registration
    form, which credits the merchant to the unit."""
    found = invitation_by_code(code)
    if found is None:
        messages.error(request, _("This invitation link is not valid any more. You can still register below."))
        return redirect("programme:register")
    request.session[SESSION_KEY] = found.code
    messages.info(
        request,
        _("You were invited by %(unit)s to the %(edition)s. Register below as a merchant.")
        % {"unit": found.unit.name, "edition": found.edition.name},
    )
    return redirect("programme:register")


@require_http_methods(["GET", "POST"])
def register(request):
    edition = _edition()
    form = PublicRegistrationForm(request.POST or None)
    if request.method == "POST":
        try:
            _limit_client(request)
            if form.is_valid():
                return _register(request, form, edition=edition)
        except RateLimited as error:
            return too_many_requests(request, error)
    return render(request, "events/register.html", {"edition": edition, "form": form})


@require_http_methods(["GET", "POST"])
def event(request, pk):
    event = selectors.event_detail(pk=pk)
    if event is None:
        raise Http404
    form = PublicRegistrationForm(request.POST or None) if event.is_public or request.method == "POST" else None
    if request.method == "POST":
        # The rules (invitation only, begun, seats, closed edition) are the service's. An
        # event closed to registration shows no form: its refusal is a message above the event.
        try:
            _limit_client(request)
            if form.is_valid():
                return _register(request, form, edition=event.edition, event=event)
        except RateLimited as error:
            return too_many_requests(request, error)
        except services.RegistrationClosed as exc:
            messages.error(request, exc.message)
            return redirect(event.get_absolute_url())
        except DomainError as exc:
            form.add_error(None, exc.message)
    context = {
        "event": event,
        "form": form,
        "children": list(selectors.programme(edition=event.edition).filter(parent=event)),
        "seats": event.seats,
        "seats_left": None if event.seats is None else max(event.seats - event.confirmed_count, 0),
        "registration_closed": event.starts_at <= timezone.now(),
        "star": star_context(
            request,
            event_pk=event.pk,
            starred=agenda.is_starred(user=request.user, event=event),
            next_url=event.get_absolute_url(),
        ),
        "language": get_language(),
    }
    return render(request, "events/event.html", context)


@never_cache
@require_GET
def my_registrations(request, code):
    attendee = get_object_or_404(Attendee.objects.select_related("edition"), code=code)
    registrations = (
        Registration.objects.filter(attendee=attendee).select_related("event__room__venue").order_by("event__starts_at")
    )
    undo = request.session.pop(UNDO_REGISTRATION, None)
    context = {
        "attendee": attendee,
        "registrations": registrations,
        # The registration just cancelled, offered back once (the undo of the cancellation).
        "undo": next((r for r in registrations if r.pk == undo and r.status == RegistrationStatus.CANCELLED), None),
    }
    return render(request, "events/my_registrations.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def cancel(request, code, pk):
    """GET: what cancelling means, and a button to confirm it; POST: cancel (the freed seat
    goes to the first on the waiting list), then offer to register again."""
    registration = get_object_or_404(Registration.objects.select_related("event"), pk=pk, attendee__code=code)
    if request.method == "GET":
        return render(request, "events/registration_cancel.html", {"registration": registration, "code": code})
    try:
        services.cancel_registration(registration=registration)
    except services.RegistrationError as exc:  # a closed edition answers its 409 page
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your registration for “%(event)s” was cancelled.") % {"event": registration.event})
        request.session[UNDO_REGISTRATION] = registration.pk
    return redirect("programme:mine", code=code)


@require_POST
def register_again(request, code, pk):
    """The undo of a cancellation: register the same person for the same event again, a seat
    if one is still free, else a place on the waiting list."""
    registration = get_object_or_404(
        Registration.objects.select_related("event", "attendee"), pk=pk, attendee__code=code
    )
    if registration.event.starts_at <= timezone.now():
        messages.error(request, _("This event has begun; registration has closed."))
        return redirect("programme:mine", code=code)
    try:
        again = services.register_for_event(event=registration.event, attendee=registration.attendee)
    except services.RegistrationError as exc:  # a closed edition answers its 409 page
        messages.error(request, exc.message)
    else:
        if again.status == RegistrationStatus.CONFIRMED:
            messages.success(request, _("You are registered for “%(event)s” again.") % {"event": registration.event})
        else:
            messages.warning(
                request,
                _("Your seat at “%(event)s” was taken meanwhile: you are on the waiting list.")
                % {"event": registration.event},
            )
    return redirect("programme:mine", code=code)
