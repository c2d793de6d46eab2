"""The protocol office's pages for organizers: the desk of a day, the delegates' workbook and
the letters of invitation. Protected fields are in clear for the protocol office only, and
every clear reading is logged (delegations.protection)."""

import datetime
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from delegations import protection, selectors
from delegations.enums import AccessAction, ProtectedField
from delegations.exports import delegates_xlsx
from delegations.forms import DeskDayForm
from delegations.letters import invitation_letter_pdf, letter_languages
from delegations.models import Delegation
from delegations.views import desk_markup
from expo.models import Edition
from expo.roles import require_organizer
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


@never_cache
@login_required
@require_GET
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
    protection.log_access(
        user=user,
        action=AccessAction.VIEW,
        where=f"protocol desk {day.isoformat()}",
        delegate_ids=[item.delegate_id for item in travel if item.delegate.phone],
        fields=[ProtectedField.PHONE],
    )
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
