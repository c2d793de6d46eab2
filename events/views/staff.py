"""The check-in desk for organizers: scan or type a badge code, see who arrived, and the
attendance figures of the current edition."""

from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from events import selectors
from events.enums import AttendeeKind, RegistrationStatus
from events.models import Event
from events.services import CheckInRefused, check_in
from expo.enums import Office
from expo.errors import EditionClosed
from expo.figures_cache import FIGURES_KEPT_SECONDS, cached_figures
from expo.kept_pages import kept_page
from expo.models import Edition
from expo.roles import in_office, require_organizer
from expo.selectors import current_edition


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Badge code"),
        max_length=300,
        error_messages={"required": gettext_lazy("Scan a badge or type its code first.")},
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "enterkeyhint": "go",
                "class": "scan__input",
                "placeholder": gettext_lazy("Scan the badge or type its code"),
            }
        ),
    )


def _day_of_expo(day, edition) -> int | None:
    """1 for the edition's first day, None for a day outside the expo (a rehearsal, say)."""
    return (day - edition.start_date).days + 1 if edition.start_date <= day <= edition.end_date else None


def _figures(*, edition) -> dict:
    """The attendance tables under the form: four queries whatever the numbers, counted at most
    once per FIGURES_REFRESH_SECONDS for the whole site (expo.figures_cache)."""
    figures = cached_figures("check-in", edition_id=edition.pk, compute=lambda: _count_figures(edition=edition))
    return {**figures.value, "counted": figures}


def _count_figures(*, edition) -> dict:
    today = timezone.localdate()
    by_day = [
        {
            **row,
            "number": _day_of_expo(row["day"], edition),
            "today": row["day"] == today,
        }
        for row in selectors.check_ins_by_day(edition=edition)
    ]
    counts = selectors.attendee_counts(edition=edition)
    summary = selectors.merchants_summary(edition=edition)
    units = list(selectors.merchants_by_inviting_unit(edition=edition))
    return {
        "by_day": by_day,
        "by_day_total": sum(row["total"] for row in by_day),
        "by_day_merchants": sum(row["merchants"] for row in by_day),
        "today": next((row for row in by_day if row["today"]), None),
        "kinds": [(label, counts.get(kind, 0)) for kind, label in AttendeeKind.choices],
        "kinds_total": sum(counts.values()),
        "merchants": summary,
        "units": units,
        "uninvited_merchants": summary["count"] - sum(unit.merchant_count for unit in units),
    }


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
@kept_page(Edition, seconds=FIGURES_KEPT_SECONDS)
def check_in_desk(request):
    """GET: the form and the attendance figures. POST: check the code in and answer on the
    same page, with the form again, empty and focused, for the next badge, without the
    figures (a scan sent by htmx gets that part of the page alone): counting the edition's attendance took 22 of 26 s of ten scans in the profile
    of the morning rush (docs/benchmarks/2026-12-02-expo-day.md); the desk links to them. A reload that posts
    again is refused as "already checked in today", so it records nothing twice."""
    require_organizer(request.user)
    edition = current_edition()
    if edition is None:
        raise Http404(_("There is no edition yet."))
    result = None
    form = CheckInForm()
    if request.method == "POST":
        posted = CheckInForm(request.POST)
        if posted.is_valid():
            try:
                done = check_in(code=posted.cleaned_data["code"], edition=edition, by=request.user)
                result = {"ok": True, "attendee": done.attendee, "at": done.at}
            except (CheckInRefused, EditionClosed) as refusal:
                result = {"ok": False, "message": refusal.message, "attendee": getattr(refusal, "attendee", None)}
        else:
            form = posted
    context = {"edition": edition, "form": form, "result": result}
    template = "events/staff_check_in.html"
    if request.method == "POST" and request.htmx:
        # The desk's page sends each scan with htmx: the answer is the result and the form
        # for the next badge alone, without the layout, the menus and the figures.
        template = "events/_check_in_scan.html"
    elif request.method != "POST":
        context.update(_figures(edition=edition), figures=True)
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


# Attendees and registrations: the organizers' search ------------------------------------------

PAGE_SIZE = 50


@login_required
@require_GET
def registration_search(request):
    """Find an attendee's registrations: the secretariat and the protocol office."""
    if not (in_office(request.user, Office.SECRETARIAT) or in_office(request.user, Office.PROTOCOL)):
        raise PermissionDenied
    edition = current_edition()
    if edition is None:
        raise Http404(_("There is no edition yet."))
    q = request.GET.get("q", "").strip()[:100]
    status = request.GET.get("status", "")
    status = status if status in RegistrationStatus.values else ""
    kind = request.GET.get("kind", "")
    kind = kind if kind in AttendeeKind.values else ""
    events = list(Event.objects.filter(edition=edition).only("pk", "title_zh", "title_en", "starts_at"))
    event_id = request.GET.get("event", "")
    event_id = int(event_id) if event_id.isdigit() and any(e.pk == int(event_id) for e in events) else None
    rows = selectors.staff_registrations(edition=edition, q=q, status=status, kind=kind, event_id=event_id)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "edition": edition,
        "page": page,
        "q": q,
        "status": status,
        "kind": kind,
        "event_id": event_id,
        "events": events,
        "statuses": RegistrationStatus.choices,
        "kinds": AttendeeKind.choices,
        "filtered": bool(q or status or kind or event_id),
        "filters": urlencode({k: v for k, v in request.GET.items() if k != "page" and v}),
    }
    partial = request.htmx and not request.htmx.history_restore_request
    template = "events/_staff_registrations_results.html" if partial else "events/staff_registrations.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response
