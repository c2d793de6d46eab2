"""The exhibition office's page of live broadcasts: those waiting for a decision first, each
approved, or rejected with a reason the exhibitor reads in its portal."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from exhibitors import online_services
from exhibitors.enums import BroadcastStatus
from exhibitors.models import LiveBroadcast
from exhibitors.online_forms import BroadcastDecisionForm
from expo.enums import Office
from expo.roles import in_office
from expo.selectors import current_edition

PAGE_SIZE = 50


def _require_exhibition_office(user) -> None:
    """The exhibition office (and superusers) decide which broadcasts visitors see."""
    if not in_office(user, Office.EXHIBITION):
        raise PermissionDenied


@login_required
@require_GET
def broadcast_list(request):
    _require_exhibition_office(request.user)
    edition = current_edition()
    if edition is None:
        raise Http404(_("There is no edition yet."))
    status = request.GET.get("status") or BroadcastStatus.PROPOSED
    rows = LiveBroadcast.objects.filter(edition=edition).select_related("exhibitor", "decided_by")
    if status in BroadcastStatus.values:
        rows = rows.filter(status=status)
    else:
        status = ""
    page = Paginator(rows.order_by("starts_at", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "edition": edition,
        "page": page,
        "status": status,
        "statuses": BroadcastStatus.choices,
        "now": timezone.now(),
        "waiting": LiveBroadcast.objects.filter(edition=edition, status=BroadcastStatus.PROPOSED).count(),
    }
    return render(request, "exhibitors/staff_broadcasts.html", context)


@login_required
@require_POST
def broadcast_decide(request, pk: int):
    _require_exhibition_office(request.user)
    broadcast = get_object_or_404(LiveBroadcast.objects.select_related("exhibitor"), pk=pk)
    form = BroadcastDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to approve or to reject."))
        return redirect("exhibition:broadcasts")
    approve = form.cleaned_data["decision"] == "approve"
    try:
        online_services.broadcast_decide(
            broadcast=broadcast, approve=approve, user=request.user, reason=form.cleaned_data["reason"], request=request
        )
    except online_services.BroadcastError as exc:
        messages.error(request, f"{broadcast.title}: {exc.message}")
    else:
        text = _("Approved: %(title)s. Visitors see it.") if approve else _("Rejected: %(title)s.")
        messages.success(request, text % {"title": broadcast.title})
    return redirect("exhibition:broadcasts")
