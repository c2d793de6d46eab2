"""The executive committee in the department portal (a unit's own work items and reports;
anything else answers 404) and for the secretariat (the matrix, reviewing reports)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from expo import uploads
from expo.committee import periods
from expo.committee import selectors as committee_selectors
from expo.committee import services as committee
from expo.committee.forms import ProgressReportForm, ReportCommentForm, ReviewForm
from expo.enums import Office
from expo.errors import DomainError
from expo.kept_pages import kept_page
from expo.models import Edition, MemberUnit, ProgressReport, ReportAttachment, ReportStatus, WorkItem
from expo.roles import in_office, require_member_unit
from expo.selectors import current_edition


def require_secretariat(user) -> None:
    if not in_office(user, Office.SECRETARIAT):
        raise PermissionDenied


# Department portal -------------------------------------------------------------------------


@login_required
@require_GET
def item_detail(request, pk: int):
    unit = require_member_unit(request.user)
    item = get_object_or_404(
        committee_selectors.unit_work_item(unit=unit, pk=pk).select_related("lead_unit", "meeting")
    )
    reports = list(committee_selectors.unit_reports(unit=unit).filter(work_item=item).order_by("-period"))
    period = periods.current_period()
    context = {
        "unit": unit,
        "item": item,
        "co_units": list(item.co_units.all()),
        "reports": reports,
        "period": period,
        "deadline": periods.period_deadline(period),
        "current": next((r for r in reports if r.period == period), None),
    }
    return render(request, "expo/committee_item.html", context)


def _report_form(request, *, unit, item, report):
    form = ProgressReportForm(request.POST or None, request.FILES or None, instance=report)
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") == "submit"
        try:
            report = committee.report_save(
                work_item=item,
                unit=unit,
                by=request.user,
                narrative=form.cleaned_data["narrative"],
                percent=form.cleaned_data["percent"],
                problems=form.cleaned_data["problems"],
                attachments=form.cleaned_data.get("attachment") or [],
                submit=submit,
                period=report.period if report else None,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The report is submitted.") if submit else _("The draft is saved."))
            return redirect("portal:committee_report", pk=report.pk)
    period = report.period if report else periods.current_period()
    context = {"unit": unit, "item": item, "report": report, "form": form, "period": period}
    return render(request, "expo/committee_report_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def report_write(request, pk: int):
    """The current period's report on an item: a new one, or the existing draft."""
    unit = require_member_unit(request.user)
    item = get_object_or_404(committee_selectors.unit_work_item(unit=unit, pk=pk))
    report = committee_selectors.unit_reports(unit=unit).filter(work_item=item, period=periods.current_period()).first()
    if report is not None and not report.is_editable:
        return redirect("portal:committee_report", pk=report.pk)
    return _report_form(request, unit=unit, item=item, report=report)


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request, pk: int):
    unit = require_member_unit(request.user)
    report = get_object_or_404(committee_selectors.unit_reports(unit=unit), pk=pk)
    if not report.is_editable:
        messages.error(request, _("This report was already submitted; it can no longer be changed."))
        return redirect("portal:committee_report", pk=report.pk)
    return _report_form(request, unit=unit, item=report.work_item, report=report)


@login_required
@require_GET
def report_detail(request, pk: int):
    unit = require_member_unit(request.user)
    report = get_object_or_404(committee_selectors.unit_reports(unit=unit), pk=pk)
    context = {"unit": unit, "report": report, "portal": True, "comment_form": ReportCommentForm()}
    context.update(committee_selectors.report_history(report=report))
    return render(request, "expo/committee_report.html", context)


def _comment(request, report, *, from_secretariat: bool, back: str):
    form = ReportCommentForm(request.POST)
    if form.is_valid():
        try:
            committee.report_comment_add(
                report=report, by=request.user, text=form.cleaned_data["text"], from_secretariat=from_secretariat
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Your message is added to the report's thread."))
    else:
        messages.error(request, _("Write a message first."))
    return redirect(back, pk=report.pk)


@login_required
@require_POST
def report_comment(request, pk: int):
    unit = require_member_unit(request.user)
    report = get_object_or_404(committee_selectors.unit_reports(unit=unit), pk=pk)
    return _comment(request, report, from_secretariat=False, back="portal:committee_report")


@login_required
@require_POST
def report_submit(request, pk: int):
    unit = require_member_unit(request.user)
    report = get_object_or_404(committee_selectors.unit_reports(unit=unit), pk=pk)
    try:
        committee.report_submit(report=report, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The report is submitted."))
    return redirect("portal:committee_report", pk=report.pk)


@login_required
@require_GET
def portal_attachment(request, pk: int):
    unit = require_member_unit(request.user)
    attachment = get_object_or_404(ReportAttachment.objects.filter(report__unit=unit), pk=pk)
    return _file(attachment)


def _file(attachment: ReportAttachment) -> FileResponse:
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=uploads.download_name(attachment.original_name, attachment.content_type),
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# Secretariat --------------------------------------------------------------------------------


@login_required
@require_GET
@kept_page(WorkItem, ProgressReport, MemberUnit, Edition)
def matrix(request):
    require_secretariat(request.user)
    edition = current_edition()
    context = {"edition": edition}
    if edition is not None:
        context.update(
            committee_selectors.committee_matrix(
                edition=edition, period=periods.current_period(), page=request.GET.get("page")
            )
        )
        # The oldest few and how many wait: at ten times the 13th edition 487 reports wait, and
        # listing 100 of them was a quarter of the page.
        context["to_review"] = list(
            committee_selectors.secretariat_reports()
            .filter(work_item__edition=edition, status=ReportStatus.SUBMITTED)
            .order_by("submitted_at", "pk")[:TO_REVIEW_SHOWN]
        )
        context["to_review_count"] = committee_selectors.reports_to_review(edition=edition)
        review_prefix, review_suffix = reverse("staff:committee_review", args=[_SENTINEL_PK]).split(str(_SENTINEL_PK))
        labels: dict = {}  # each status's translated label, escaped once per page
        for row in context["rows"]:
            row["cells_html"] = _matrix_cells(row["cells"], review_prefix, review_suffix, labels)
    return render(request, "expo/committee_matrix.html", context)


_SENTINEL_PK = 987654321
TO_REVIEW_SHOWN = 20


def _matrix_cells(cells, review_prefix: str, review_suffix: str, labels: dict) -> str:
    """One row of the matrix as markup: a page has units x work items cells (about 2,000),
    which cost the template language about 0.1 ms each. The review URLs come from one
    reversed prefix."""
    parts = []
    for cell in cells:
        if cell is None:
            parts.append('<td class="none"></td>')
            continue
        css = "lead" if cell["lead"] else ""
        report = cell["report"]
        if report:
            label = labels.get(report["status"])
            if label is None:
                label = labels[report["status"]] = escape(str(cell["label"]))
            parts.append(
                f'<td class="{css}"><a class="state state--{escape(report["status"])}" '
                f'href="{review_prefix}{report["pk"]}{review_suffix}" title="{report["period"]:%Y-%m}">'
                f"{label}</a></td>"
            )
        else:
            parts.append(f'<td class="{css}">—</td>')
    return mark_safe("\n".join(parts))  # noqa: S308 - every value above is escaped or a number


@login_required
@require_http_methods(["GET", "POST"])
def review(request, pk: int):
    require_secretariat(request.user)
    report = get_object_or_404(committee_selectors.secretariat_reports(), pk=pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "accept":
                committee.report_accept(report=report, by=request.user, comment=form.cleaned_data["comment"])
                messages.success(request, _("The report is accepted."))
            else:
                committee.report_return(report=report, by=request.user, comment=form.cleaned_data["comment"])
                messages.success(request, _("The report is returned to the unit, which is told by email."))
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("staff:committee")
    context = {
        "report": report,
        "form": form,
        "can_review": committee.reviewable(report),
        "portal": False,
        "comment_form": ReportCommentForm(),
    }
    context.update(committee_selectors.report_history(report=report))
    return render(request, "expo/committee_report.html", context)


@login_required
@require_POST
def staff_comment(request, pk: int):
    require_secretariat(request.user)
    report = get_object_or_404(committee_selectors.secretariat_reports(), pk=pk)
    return _comment(request, report, from_secretariat=True, back="staff:committee_review")


@login_required
@require_GET
def staff_attachment(request, pk: int):
    require_secretariat(request.user)
    attachment = get_object_or_404(
        ReportAttachment.objects.filter(report__status__in=committee_selectors.REVIEWED_STATES), pk=pk
    )
    return _file(attachment)
