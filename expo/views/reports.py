"""Executive committee reports for organizers: ask for one, watch it being built, download
its files. Only organizers see runs and files; files are served through this view only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from expo.errors import DomainError
from expo.kept_pages import kept_page
from expo.models import Edition, ReportFile, ReportFormat, ReportKind, ReportLanguage, ReportRun, RunSource
from expo.reports.forms import ReportRequestForm
from expo.reports.render import CONTENT_TYPES
from expo.reports.runs import TaskQueueUnavailable, report_run_rebuild, report_run_request_and_send
from expo.reports.selectors import report_kinds_for, report_run_list
from expo.roles import require_organizer
from expo.selectors import current_edition


def _require_kind(user, kind: str) -> None:
    if kind not in report_kinds_for(user):
        raise PermissionDenied


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
@kept_page(ReportRun, ReportFile, Edition)
def run_list(request):
    require_organizer(request.user)
    kinds = report_kinds_for(request.user)
    status = 200
    if request.method == "POST":
        form = ReportRequestForm(request.POST, kinds=kinds)
        if form.is_valid():
            try:
                run = report_run_request_and_send(**form.cleaned_data, requested_by=request.user, source=RunSource.PAGE)
            except TaskQueueUnavailable as error:
                form.add_error(None, error.message)
                status = 503
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The report is queued; this page follows its progress."))
                return redirect(run)
    else:
        edition = current_edition()
        form = ReportRequestForm(
            kinds=kinds,
            initial={
                "kind": ReportKind.RESULTS,
                "edition": edition.pk if edition else None,
                "language": ReportLanguage.CHINESE
                if request.LANGUAGE_CODE.startswith("zh")
                else ReportLanguage.ENGLISH,
                "formats": [ReportFormat.PDF, ReportFormat.XLSX],
            },
        )
    runs = report_run_list().filter(kind__in=kinds)[:50]
    return render(request, "expo/report_runs.html", {"form": form, "runs": runs}, status=status)


@login_required
@never_cache
@require_GET
def run_detail(request, pk: int):
    require_organizer(request.user)
    run = get_object_or_404(report_run_list(), pk=pk)
    _require_kind(request.user, run.kind)
    return render(request, "expo/report_run.html", {"run": run})


@login_required
@require_POST
def run_rebuild(request, pk: int):
    """Build a failed run, or one whose worker stopped responding, again (a new run)."""
    require_organizer(request.user)
    run = get_object_or_404(report_run_list(), pk=pk)
    _require_kind(request.user, run.kind)
    try:
        new_run = report_run_rebuild(run=run, requested_by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(run)
    messages.success(request, _("The report is queued again; this page follows its progress."))
    return redirect(new_run)


@login_required
@never_cache
@require_GET
def download(request, pk: int, fmt: str):
    require_organizer(request.user)
    if fmt not in ReportFormat.values:
        raise Http404
    report_file = get_object_or_404(ReportFile.objects.select_related("run__edition"), run_id=pk, format=fmt)
    run = report_file.run
    _require_kind(request.user, run.kind)
    try:
        handle = report_file.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    name = f"expo{run.edition.number}-{run.kind}-{run.language}-{run.pk}.{fmt}"
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=CONTENT_TYPES[fmt])
    response["X-Content-Type-Options"] = "nosniff"
    return response
