"""The exhibition office's pages for organizers: the figures of an edition's exhibition, and
the booth applications to decide (through the exhibition's services)."""

import datetime
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods

from exhibitors import selectors, services
from exhibitors.enums import ApplicationStatus
from exhibitors.models import BoothApplication, Pavilion
from exhibitors.statistics import exhibition_summary
from expo.enums import Office
from expo.errors import DomainError
from expo.figures_cache import FIGURES_KEPT_SECONDS, cached_figures
from expo.kept_pages import kept_page
from expo.models import Edition
from expo.roles import in_office, require_organizer
from expo.selectors import current_edition


@login_required
@require_GET
def exhibition_current(request):
    """The figures of the current edition (or the latest one when none is marked current)."""
    require_organizer(request.user)
    edition = current_edition()
    if edition is None:
        raise Http404(_("There is no edition yet."))
    return redirect("exhibition:edition", number=edition.number)


@login_required
@require_GET
@kept_page(Edition, seconds=FIGURES_KEPT_SECONDS)
def exhibition_edition(request, number: int):
    require_organizer(request.user)
    edition = get_object_or_404(Edition, number=number)
    # Counted over every participation and exhibit of the edition: once per refresh period.
    counted = cached_figures("exhibition", edition_id=edition.pk, compute=lambda: exhibition_summary(edition=edition))
    context = {
        "edition": edition,
        "editions": Edition.objects.only("number", "name_zh", "name_en", "is_current").order_by("-number"),
        "summary": counted.value,
        "counted": counted,
    }
    return render(request, "exhibitors/staff_exhibition.html", context)


# Booth applications: the exhibition office decides ------------------------------------------

PAGE_SIZE = 50
HOLD_ENDS_SOON = datetime.timedelta(days=1)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason the exhibitor reads"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Shown in the exhibitor portal and sent by email with the decision."),
    )


def _require_exhibition_office(user) -> None:
    if not in_office(user, Office.EXHIBITION):
        raise PermissionDenied


def _current_or_404() -> Edition:
    edition = current_edition()
    if edition is None:
        raise Http404(_("There is no edition yet."))
    return edition


def _decide(request, applications, action: str, reason: str) -> int:
    """Confirm or reject ``applications`` through the exhibition's services, all or none:
    the first refusal undoes the others and is shown. Returns how many were decided."""
    try:
        with transaction.atomic():
            for application in applications:
                if action == "confirm":
                    services.confirm_application(application=application, user=request.user)
                else:
                    services.reject_application(application=application, user=request.user, reason=reason)
    except DomainError as error:
        messages.error(
            request,
            _("Booth %(booth)s of %(exhibitor)s: %(error)s Nothing was changed.")
            % {"booth": application.booth.code, "exhibitor": application.exhibitor.display_name, "error": error},
        )
        return 0
    return len(applications)


@login_required
@require_http_methods(["GET", "POST"])
def application_list(request):
    """The booth applications of the current edition: filters, and the decision in bulk."""
    _require_exhibition_office(request.user)
    edition = _current_or_404()
    if request.method == "POST":
        return _bulk_decision(request, edition)
    status = request.GET.get("status", "")
    status = status if status in ApplicationStatus.values else ""
    pavilions = list(Pavilion.objects.filter(edition=edition).order_by("sort_order", "code"))
    pavilion_id = request.GET.get("pavilion", "")
    pavilion_id = (
        int(pavilion_id) if pavilion_id.isdigit() and any(p.pk == int(pavilion_id) for p in pavilions) else None
    )
    q = request.GET.get("q", "").strip()[:100]
    rows = selectors.staff_applications(edition=edition, status=status, pavilion_id=pavilion_id, q=q)
    ending_soon = request.GET.get("ending") == "soon"
    if ending_soon:
        rows = rows.filter(status=ApplicationStatus.HELD, held_until__lt=timezone.now() + HOLD_ENDS_SOON)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "edition": edition,
        "page": page,
        "status": status,
        "statuses": ApplicationStatus.choices,
        "pavilions": pavilions,
        "pavilion_id": pavilion_id,
        "q": q,
        "ending_soon": ending_soon,
        "reject_form": RejectForm(),
        "filtered": bool(status or pavilion_id or q or ending_soon),
        "query": request.GET.urlencode(),
        "filters": urlencode({k: v for k, v in request.GET.items() if k != "page" and v}),
    }
    partial = request.htmx and not request.htmx.history_restore_request
    template = "exhibitors/_staff_applications_results.html" if partial else "exhibitors/staff_applications.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


def _back_to_list(request):
    query = request.POST.get("query", "")
    url = reverse("exhibition:applications")
    # Back to the same filters: the list's own query string, on the list's own path.
    return redirect(f"{url}?{query}" if query else url)


def _bulk_decision(request, edition):
    action = request.POST.get("action")
    ids = [int(pk) for pk in request.POST.getlist("ids") if pk.isdigit()]
    if action not in ("confirm", "reject") or not ids:
        messages.error(request, _("Tick at least one application, then choose Confirm or Reject."))
        return _back_to_list(request)
    reason = ""
    if action == "reject":
        form = RejectForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Write the reason the exhibitors will read before rejecting."))
            return _back_to_list(request)
        reason = form.cleaned_data["reason"]
    applications = list(
        BoothApplication.objects.filter(pk__in=ids, booth__pavilion__edition=edition)
        .select_related("booth", "exhibitor")
        .order_by("pk")
    )
    done = _decide(request, applications, action, reason)
    if done:
        if action == "confirm":
            text = ngettext(
                "%(count)d application confirmed; the exhibitor is told by email.",
                "%(count)d applications confirmed; the exhibitors are told by email.",
                done,
            )
        else:
            text = ngettext(
                "%(count)d application rejected; the exhibitor reads the reason in the portal.",
                "%(count)d applications rejected; the exhibitors read the reason in the portal.",
                done,
            )
        messages.success(request, text % {"count": done})
    return _back_to_list(request)


@login_required
@require_http_methods(["GET", "POST"])
def application_detail(request, pk: int):
    """One application: the exhibitor, the booth, its history; confirm, or reject with a reason."""
    _require_exhibition_office(request.user)
    application = get_object_or_404(
        BoothApplication.objects.select_related(
            "booth__pavilion__edition", "exhibitor", "requested_by", "confirmed_by", "rejected_by", "cancelled_by"
        ),
        pk=pk,
    )
    form = RejectForm(request.POST if request.POST.get("action") == "reject" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "confirm" or (action == "reject" and form.is_valid()):
            reason = form.cleaned_data["reason"] if action == "reject" else ""
            if _decide(request, [application], action, reason):
                messages.success(
                    request,
                    (
                        _("Booth %(booth)s is confirmed for %(exhibitor)s.")
                        if action == "confirm"
                        else _(
                            "The application for booth %(booth)s is rejected; %(exhibitor)s reads your reason in the portal."
                        )
                    )
                    % {"booth": application.booth.code, "exhibitor": application.exhibitor.display_name},
                )
            return redirect("exhibition:application", pk=application.pk)
    context = {
        "application": application,
        "reject_form": form,
        "decidable": application.status in selectors.TO_DECIDE,
        "confirmable": application.status == ApplicationStatus.HELD,
    }
    return render(request, "exhibitors/staff_application.html", context)
