"""The online exhibition in the portals: each exhibitor's own figures and live broadcasts
(exhibitor portal), and the whole exhibition's figures (organizers)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from exhibitors import online_selectors as selectors
from exhibitors import online_services
from exhibitors.models import LiveBroadcast
from exhibitors.portal_forms import BroadcastForm
from exhibitors.views.portal import _exhibitor
from expo.errors import DomainError
from expo.models import Edition
from expo.roles import require_organizer
from expo.selectors import current_edition


@login_required
@never_cache
@require_safe
def exhibitor_analytics(request):
    exhibitor = _exhibitor(request)
    edition = selectors.online_edition()
    figures = selectors.exhibitor_analytics(exhibitor=exhibitor, edition=edition) if edition else None
    return render(
        request,
        "exhibitors/portal_online_analytics.html",
        {"exhibitor": exhibitor, "edition": edition, "figures": figures},
    )


@login_required
@never_cache
@require_safe
def organizer_analytics(request, number: int):
    require_organizer(request.user)
    edition = get_object_or_404(Edition, number=number)
    return render(
        request,
        "exhibitors/staff_online_analytics.html",
        {"edition": edition, "figures": selectors.organizer_analytics(edition=edition)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def broadcasts(request):
    """The exhibitor's live broadcasts: scheduled here, shown once an organizer approved them."""
    exhibitor = _exhibitor(request)
    edition = current_edition()
    form = BroadcastForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and edition is not None:
        try:
            online_services.broadcast_schedule(exhibitor=exhibitor, edition=edition, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your broadcast was sent to the organizer for approval."))
            return redirect("exhibitor:broadcasts")
    rows = LiveBroadcast.objects.filter(exhibitor=exhibitor).select_related("edition").order_by("-starts_at", "-pk")
    return render(
        request,
        "exhibitors/portal_broadcasts.html",
        {"exhibitor": exhibitor, "edition": edition, "form": form, "broadcasts": rows},
    )
