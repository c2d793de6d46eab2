"""Reads of the executive committee's work: a unit's items and reports, the secretariat's matrix."""

import datetime

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from expo.committee.periods import period_deadline
from expo.models import (
    MemberUnit,
    ProgressReport,
    ProgressReportVersion,
    ReportAttachment,
    ReportComment,
    ReportStatus,
    WorkItem,
    WorkItemStatus,
)

REVIEWED_STATES = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED, ReportStatus.RETURNED)


def unit_work_items(*, unit: MemberUnit, edition) -> QuerySet[WorkItem]:
    """The work items of ``edition`` that ``unit`` leads or co-works on."""
    return (
        WorkItem.objects.filter(edition=edition)
        .filter(Q(lead_unit=unit) | Q(co_units=unit))
        .distinct()
        .select_related("lead_unit", "parent")
    )


def unit_work_item(*, unit: MemberUnit, pk: int) -> QuerySet[WorkItem]:
    return WorkItem.objects.filter(pk=pk).filter(Q(lead_unit=unit) | Q(co_units=unit)).distinct()


def unit_reports(*, unit: MemberUnit) -> QuerySet[ProgressReport]:
    """Only ever the unit's own reports: another unit's answer 404 through this."""
    return ProgressReport.objects.filter(unit=unit).select_related("work_item", "unit", "reviewed_by")


def report_history(*, report: ProgressReport) -> dict:
    """A report's submissions, newest first, each with the attachments that came with it and
    the thread's messages about it; the draft's own attachments and the messages about no
    version. Three queries."""
    versions = list(report.versions.select_related("submitted_by").order_by("-number"))
    attachments = list(ReportAttachment.objects.filter(report=report).order_by("uploaded_at", "pk"))
    comments = list(ReportComment.objects.filter(report=report).select_related("author", "version"))
    if not versions and report.submitted_at and report.status != ReportStatus.DRAFT:
        # A report loaded without its history (demo, scale data, reports from before versions):
        # its submitted state is its one version, the secretariat's comment its answer.
        legacy = ProgressReportVersion(
            report=report,
            number=1,
            narrative=report.narrative,
            percent=report.percent,
            problems=report.problems,
            submitted_by=report.submitted_by,
            submitted_at=report.submitted_at,
        )
        versions = [legacy]
        if report.reviewed_at and report.status in (ReportStatus.ACCEPTED, ReportStatus.RETURNED):
            comments.append(
                ReportComment(
                    report=report,
                    author=report.reviewed_by,
                    from_secretariat=True,
                    kind=report.status,
                    text=report.secretariat_comment,
                    created_at=report.reviewed_at,
                )
            )
    legacy = bool(versions) and versions[0].pk is None
    for version in versions:
        if legacy:
            version.files = attachments
            version.thread = sorted(comments, key=lambda c: c.created_at)
        else:
            version.files = [a for a in attachments if a.version_id == version.pk]
            version.thread = [c for c in comments if c.version_id == version.pk]
    latest = versions[0] if versions else None
    return {
        "versions": versions,
        "latest_version": latest,
        "pending_files": [] if legacy else [a for a in attachments if a.version_id is None],
        "loose_comments": [] if legacy else [c for c in comments if c.version_id is None],
    }


def latest_reports_by_item(*, unit: MemberUnit, items: list[WorkItem]) -> dict[int, ProgressReport]:
    latest: dict[int, ProgressReport] = {}
    for report in ProgressReport.objects.filter(unit=unit, work_item__in=items).order_by("work_item_id", "-period"):
        latest.setdefault(report.work_item_id, report)
    return latest


def secretariat_reports() -> QuerySet[ProgressReport]:
    """Reports the secretariat may read: never a unit's drafts."""
    return (
        ProgressReport.objects.filter(status__in=REVIEWED_STATES)
        .select_related("work_item__edition", "unit", "submitted_by", "reviewed_by")
        .prefetch_related("attachments")
    )


# The matrix shows a page of work items (columns) at a time by the units of the edition's work
# (rows): an edition of 240 items renders no more cells than one of 24.
MATRIX_ITEMS_PAGE, OVERDUE_SHOWN = 12, 20


def committee_matrix(
    *,
    edition,
    period: datetime.date,
    today: datetime.date | None = None,
    page=1,
    size: int | None = MATRIX_ITEMS_PAGE,
) -> dict:
    """A page of work items by the units of the edition's work, with the latest non-draft report
    status per cell; the edition's overdue items (counted, the first few listed) and the
    units without a report for ``period``. A fixed number of queries and at most ``size``
    columns, whatever the size of the edition. ``size=None``: every work item and every overdue
    one (the committee's reports count them all), without the page's count."""
    today = today or timezone.localdate()
    all_items = WorkItem.objects.filter(edition=edition)
    ordered = all_items.order_by("sort_order", "pk").select_related("lead_unit").prefetch_related("co_units")
    if size is None:
        items = list(ordered)
        item_count, number, pages = len(items), 1, 1
    else:
        item_count = all_items.count()
        pages = max(1, -(-item_count // size))
        try:
            number = min(max(int(page or 1), 1), pages)
        except (TypeError, ValueError):
            number = 1
        offset = (number - 1) * size
        items = list(ordered[offset : offset + size])
    # Every unit of the edition's work is a row on every page (the member units are a fixed
    # list of about fifty): a page has at most size x units cells.
    units = list(
        MemberUnit.objects.filter(Q(led_work_items__edition=edition) | Q(co_work_items__edition=edition)).distinct()
    )
    latest: dict[tuple[int, int], dict] = {}
    rows = (
        ProgressReport.objects.filter(work_item__in=items, status__in=REVIEWED_STATES)
        .order_by("work_item_id", "unit_id", "-period")
        .values("pk", "work_item_id", "unit_id", "status", "period", "percent")
    )
    if connection.vendor == "postgresql":
        # Only the latest report of each cell leaves the database (a season has ~20 per cell).
        rows = rows.distinct("work_item_id", "unit_id")
    for row in rows:
        latest.setdefault((row["unit_id"], row["work_item_id"]), row)
    involved = {(item.lead_unit_id, item.pk) for item in items}
    involved |= {(unit.pk, item.pk) for item in items for unit in item.co_units.all()}
    labels = dict(ReportStatus.choices)
    matrix = []
    for unit in units:
        cells = []
        for item in items:
            key = (unit.pk, item.pk)
            if key not in involved:
                cells.append(None)
                continue
            report = latest.get(key)
            cells.append(
                {
                    "item": item,
                    "lead": item.lead_unit_id == unit.pk,
                    "report": report,
                    "label": labels[report["status"]] if report else None,
                }
            )
        matrix.append({"unit": unit, "cells": cells})
    # A unit owes a report while it works on an item that is not done; it has reported when a
    # report of the period on any of its items is submitted or accepted (not returned).
    open_items = all_items.exclude(status=WorkItemStatus.DONE)
    owes = Exists(open_items.filter(lead_unit=OuterRef("pk"))) | Exists(open_items.filter(co_units=OuterRef("pk")))
    reported = ProgressReport.objects.filter(
        unit=OuterRef("pk"),
        work_item__edition=edition,
        period=period,
        status__in=(ReportStatus.SUBMITTED, ReportStatus.ACCEPTED),
    )
    not_reported = list(MemberUnit.objects.filter(owes).exclude(Exists(reported)))
    overdue = all_items.filter(deadline__lt=today).exclude(status=WorkItemStatus.DONE)
    overdue = overdue.select_related("lead_unit").order_by("deadline", "sort_order", "pk")
    overdue_shown = list(overdue if size is None else overdue[: OVERDUE_SHOWN + 1])
    return {
        "items": items,
        "rows": matrix,
        "overdue": overdue_shown,
        "overdue_count": len(overdue_shown) if size is None else overdue.count(),
        "not_reported": not_reported,
        "period": period,
        "deadline": period_deadline(period),
        "page": {"number": number, "pages": pages, "items": item_count, "size": size},
    }


def problems_needing_coordination(*, edition) -> QuerySet[ProgressReport]:
    """The problems units raised in their latest submitted report on each work item that is not
    done, oldest work first. One query."""
    latest = (
        ProgressReport.objects.filter(
            work_item=OuterRef("work_item"), unit=OuterRef("unit"), status__in=REVIEWED_STATES
        )
        .order_by("-period", "-pk")
        .values("pk")[:1]
    )
    return (
        ProgressReport.objects.filter(work_item__edition=edition, status__in=REVIEWED_STATES, pk=Subquery(latest))
        .exclude(problems="")
        .exclude(work_item__status=WorkItemStatus.DONE)
        .select_related("work_item", "unit")
        .order_by("work_item__sort_order", "work_item__code", "unit__sort_order")
    )


def reports_to_review(*, edition) -> int:
    """Progress reports of an edition's work items submitted and not reviewed yet."""
    return ProgressReport.objects.filter(work_item__edition=edition, status=ReportStatus.SUBMITTED).count()


def unit_reports_overview(*, unit: MemberUnit, items: list[WorkItem], latest: dict, period, today) -> dict:
    """A unit's work for its workspace: the items still owed for ``period``, the reports
    returned for changes, and the items past their deadline and not done. No query: ``items``
    and ``latest`` (the latest report of each item) are already read."""
    due, returned, overdue = [], [], []
    for item in items:
        report = latest.get(item.pk)
        if report is not None and report.status == ReportStatus.RETURNED:
            returned.append({"item": item, "report": report})
        elif report is None or report.period < period or report.status == ReportStatus.DRAFT:
            due.append({"item": item, "report": report})
        if item.deadline and item.deadline < today and item.status != WorkItemStatus.DONE:
            overdue.append({"item": item, "report": report})
    return {"due": due, "returned": returned, "overdue": overdue}
