"""The protocol office's pages for organizers: the desk of a day, the delegates' workbook and
the letters of invitation. Protected fields are in clear for the protocol office only, and
every clear reading is logged (delegations.protection)."""

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from delegations import protection, selectors, services
from delegations.enums import INVITATION_STEPS, AccessAction, InvitationStatus, OriginKind, ProtectedField
from delegations.exports import delegates_xlsx
from delegations.forms import DeskDayForm
from delegations.letters import addressee, invitation_letter_pdf, letter_languages
from delegations.models import Delegate, Delegation, EventAttendance, HotelStay, LeaderMeeting, Travel
from delegations.views import desk_markup
from events.models import Event
from expo.enums import Office
from expo.errors import DomainError
from expo.kept_pages import kept_page
from expo.models import Edition
from expo.names import person_name
from expo.roles import in_office, require_organizer
from expo.selectors import current_edition

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The desk offers the days around the expo: delegations arrive early and leave late.
DAYS_BEFORE, DAYS_AFTER = 2, 1


def _edition(number: int | None) -> Edition:
    edition = Edition.objects.filter(number=number).first() if number else current_edition()
    if edition is None:
        raise Http404(_("There is no such edition."))
    return edition


PAGED = ("arrivals", "departures", "warnings", "guests")


def _query(kept: dict, **changes) -> str:
    """The desk's query string with ``changes``; empty values are left out."""
    values = {**kept, **changes}
    return "?" + urlencode({k: v for k, v in values.items() if v not in (None, "")})


def _pager(page, name: str, kept: dict) -> dict | None:
    """The links of a paged list, or None when the list fits on one page."""
    if page is None or page.pages < 2:
        return None
    return {
        "number": page.number,
        "pages": page.pages,
        "previous": _query(kept, **{name: page.number - 1}) + f"#{name}" if page.has_previous else None,
        "next": _query(kept, **{name: page.number + 1}) + f"#{name}" if page.has_next else None,
    }


def _desk_days(edition: Edition) -> list[datetime.date]:
    first = edition.start_date - datetime.timedelta(days=DAYS_BEFORE)
    last = edition.end_date + datetime.timedelta(days=DAYS_AFTER)
    return [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]


def _default_day(days: list[datetime.date]) -> datetime.date:
    """Today while the expo's days are on; before or after them, their first day."""
    today = timezone.localdate()
    return today if days[0] <= today <= days[-1] else days[0] + datetime.timedelta(days=DAYS_BEFORE)


def _log_desk_access(request, kept) -> None:
    """A kept protocol desk was seen again: recorded as each view is."""
    protection.log_access(user=request.user, action=AccessAction.VIEW, fields=[ProtectedField.PHONE], **kept)


@never_cache
@login_required
@require_GET
# Not the record of who saw protected data (ProtectedDataAccess): each view writes it.
@kept_page(
    Delegation, Delegate, Travel, HotelStay, LeaderMeeting, EventAttendance, Event, Edition, replay=_log_desk_access
)
def protocol_desk(request):
    """The day's arrivals and departures in time order with their pick-ups, the hotel
    occupancy of the night, and the edition's schedule warnings."""
    require_organizer(request.user)
    form = DeskDayForm(request.GET)
    form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    edition = _edition(cleaned.get("edition"))
    days = _desk_days(edition)
    day = cleaned.get("day") or _default_day(days)
    hotel = request.GET.get("hotel") or None
    pages = {name: request.GET.get(name) for name in PAGED}
    desk = selectors.protocol_desk(edition=edition, day=day, pages=pages, hotel=hotel)

    user = request.user
    travel = desk["arrivals"] + desk["departures"]
    for item in travel:
        item.phone_shown = protection.shown(user, item.delegate, ProtectedField.PHONE)
    seen = {
        "where": f"protocol desk {day.isoformat()}",
        "delegate_ids": [item.delegate_id for item in travel if item.delegate.phone],
    }
    _log_desk_access(request, seen)
    request.kept_page_replay = seen
    # What every link of the page keeps: the edition asked for, the day, the hotel open, the pages.
    kept = {"day": day.isoformat(), "hotel": desk["hotel"]["hotel"] if desk["hotel"] else None}
    if cleaned.get("edition"):
        kept["edition"] = edition.number
    for name in PAGED:
        page = desk[f"{name}_page"]
        kept[name] = page.number if page and page.number > 1 else None
    context = {
        "edition": edition,
        "day": day,
        "days": days,
        "day_number": (day - edition.start_date).days + 1 if edition.start_date <= day <= edition.end_date else None,
        "form": form,
        "sees_protected": protection.can_see_protected(user),
        **desk,
    }
    for name in PAGED:
        context[f"{name}_pager"] = _pager(desk[f"{name}_page"], name, kept)
    context["hotel_links"] = [(row, _query(kept, hotel=row["hotel"], guests=None)) for row in desk["hotels"]]
    context["hotel_close"] = _query(kept, hotel=None, guests=None)
    origins = desk_markup.Origins()
    context["arrival_rows"] = desk_markup.travel_rows(desk["arrivals"], origins)
    context["departure_rows"] = desk_markup.travel_rows(desk["departures"], origins)
    if desk["guests_page"] is not None:
        context["guest_rows"] = desk_markup.stay_rows(desk["guests_page"].items, origins)
    return render(request, "delegations/protocol_desk.html", context)


@never_cache
@login_required
@require_GET
def delegates_export(request):
    """The delegates of an edition (``?edition=N``, else the current one) as XLSX."""
    require_organizer(request.user)
    form = DeskDayForm(request.GET)
    form.is_valid()
    edition = _edition(getattr(form, "cleaned_data", {}).get("edition"))
    content = delegates_xlsx(edition=edition, user=request.user)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="delegates-{edition.number}.xlsx"'
    return response


@login_required
@require_GET
def invitation_letter(request, pk: int):
    """The delegation's letter of invitation, in Chinese and English, and in the delegation's
    language for Russia, Japan, Korea and Mongolia."""
    require_organizer(request.user)
    delegation = get_object_or_404(Delegation.objects.select_related("edition", "host_unit"), pk=pk)
    pdf = invitation_letter_pdf(delegation=delegation, languages=letter_languages(delegation))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="invitation-{delegation.edition.number}-{delegation.pk}.pdf"'
    return response


# Delegations: the list and each delegation's dossier -----------------------------------------

PAGE_SIZE = 50
# The buttons of the invitation's next steps, in the order people take them.
STEP_LABELS = {
    InvitationStatus.SENT: gettext_lazy("Mark the invitation as sent"),
    InvitationStatus.ACCEPTED: gettext_lazy("Record: accepted"),
    InvitationStatus.DECLINED: gettext_lazy("Record: declined"),
    InvitationStatus.CONFIRMED: gettext_lazy("Confirm the visit"),
    InvitationStatus.CANCELLED: gettext_lazy("Cancel the invitation"),
}


def _require_protocol_office(user) -> None:
    if not in_office(user, Office.PROTOCOL):
        raise PermissionDenied


@login_required
@require_GET
def delegation_list(request):
    _require_protocol_office(request.user)
    edition = _edition(None)
    status = request.GET.get("status", "")
    status = status if status in InvitationStatus.values else ""
    origin = request.GET.get("origin", "")
    origin = origin if origin in OriginKind.values else ""
    q = request.GET.get("q", "").strip()[:100]
    rows = selectors.staff_delegations(edition=edition, status=status, origin_kind=origin, q=q)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "edition": edition,
        "page": page,
        "status": status,
        "origin": origin,
        "q": q,
        "statuses": InvitationStatus.choices,
        "origins": OriginKind.choices,
        "filtered": bool(status or origin or q),
        "filters": urlencode({k: v for k, v in request.GET.items() if k != "page" and v}),
    }
    return render(request, "delegations/staff_delegations.html", context)


def _events_attended(delegates) -> list[dict]:
    """One line per event, with the delegates who attend it (and their seats)."""
    by_event: dict[int, dict] = {}
    for delegate in delegates:
        for attendance in delegate.event_attendances.all():
            entry = by_event.setdefault(
                attendance.event_id,
                {"at": attendance.event.starts_at, "kind": "event", "row": attendance, "people": []},
            )
            entry["people"].append((delegate, attendance.seat))
    return list(by_event.values())


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def delegation_detail(request, pk: int):
    """Read first: the delegation's dossier. Each change is an action: the invitation's next
    step through the delegations' services; the details are edited in the administration."""
    _require_protocol_office(request.user)
    if request.method == "POST":
        delegation = get_object_or_404(Delegation, pk=pk)
        to_status = request.POST.get("to_status", "")
        note = request.POST.get("note", "").strip()[:500]
        try:
            services.invitation_transition(delegation=delegation, to_status=to_status, by=request.user, note=note)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("The invitation of %(delegation)s is now %(status)s.")
                % {"delegation": delegation.origin_name, "status": InvitationStatus(to_status).label},
            )
        return redirect("protocol:delegation", pk=pk)
    delegation = selectors.delegation_dossier(pk=pk)
    if delegation is None:
        raise Http404(_("There is no such delegation."))
    language = request.LANGUAGE_CODE
    delegates = list(delegation.delegates.all())
    for delegate in delegates:
        # The title as the reader's language writes it, else what is stored (the name: the
        # ``person`` filter, in the reader's order and script).
        delegate.shown_title = addressee(delegate, language)["title"] or delegate.title
    steps = [
        {"status": step, "label": STEP_LABELS[step], "destructive": step == InvitationStatus.CANCELLED}
        for step in INVITATION_STEPS.get(delegation.status, ())
    ]
    context = {
        "delegation": delegation,
        "delegates": delegates,
        "head": next((d for d in delegates if d.is_head), None),
        # Arrivals, departures, meetings and events in one line of time.
        "itinerary": sorted(
            [{"at": t.at, "kind": "travel", "delegate": d, "row": t} for d in delegates for t in d.travels.all()]
            + [{"at": m.starts_at, "kind": "meeting", "row": m} for m in delegation.meetings.all()]
            + _events_attended(delegates),
            key=lambda entry: entry["at"],
        ),
        "stays": [(d, s) for d in delegates for s in d.hotel_stays.all()],
        "changes": list(delegation.invitation_changes.all()),
        "steps": steps,
        "liaison": person_name(delegation.liaison_name, latin=delegation.liaison_name_latin),
        "interpreter": person_name(delegation.interpreter_name),
    }
    return render(request, "delegations/staff_delegation.html", context)
