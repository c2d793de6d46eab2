"""The exhibition office's pages for organizers: the figures of an edition's exhibition."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from exhibitors.statistics import exhibition_summary
from expo.models import Edition
from expo.roles import require_organizer
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
def exhibition_edition(request, number: int):
    require_organizer(request.user)
    edition = get_object_or_404(Edition, number=number)
    context = {
        "edition": edition,
        "editions": Edition.objects.only("number", "name_zh", "name_en", "is_current").order_by("-number"),
        "summary": exhibition_summary(edition=edition),
    }
    return render(request, "exhibitors/staff_exhibition.html", context)
