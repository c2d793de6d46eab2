"""The investment office's pages for organizers: an edition's cooperation projects in figures."""

import io

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from expo.models import Edition
from expo.roles import require_organizer
from expo.selectors import current_edition
from projects.exports import export_filename, write_projects_xlsx
from projects.selectors import municipalities, ready_to_sign_by_ceremony
from projects.services import registration_window
from projects.statistics import pipeline_statistics, signed_statistics

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def statistics_current(request):
    """The figures of the current edition (or the latest one when none is marked current)."""
    require_organizer(request.user)
    edition = current_edition()
    if edition is None:
        raise Http404(_("There is no edition yet."))
    return redirect("staff_projects:edition", number=edition.number)


@login_required
@require_GET
def statistics_edition(request, number: int):
    require_organizer(request.user)
    edition = get_object_or_404(Edition.objects.select_related("previous"), number=number)
    units = list(municipalities())
    ceremonies, unassigned = ready_to_sign_by_ceremony(edition=edition)
    opens, closes = registration_window(edition=edition)
    context = {
        "edition": edition,
        "editions": Edition.objects.only("number", "name_zh", "name_en", "is_current").order_by("-number"),
        "signed": signed_statistics(edition=edition, units=units),
        "pipeline": pipeline_statistics(edition=edition, units=units),
        "ceremonies": ceremonies,
        "unassigned": unassigned,
        "window": {"opens": opens, "closes": closes},
    }
    return render(request, "projects/staff_statistics.html", context)


@login_required
@require_GET
def export_xlsx(request, number: int):
    require_organizer(request.user)
    edition = get_object_or_404(Edition, number=number)
    output = io.BytesIO()
    write_projects_xlsx(edition=edition, output=output)
    response = HttpResponse(output.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{export_filename(edition)}"'
    return response
