"""Figures of the online exhibition: each exhibitor's own (exhibitor portal) and the whole
exhibition's (organizers)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from exhibitors import online_selectors as selectors
from exhibitors.views.portal import _exhibitor
from expo.models import Edition
from expo.roles import require_organizer


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
