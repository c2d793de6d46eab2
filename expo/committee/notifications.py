"""The committee's mails: a returned report, reminders before the deadline, overdue notices."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from expo import mail
from expo.committee.periods import period_deadline, period_of
from expo.models import (
    MemberUnit,
    ProgressReport,
    ReminderKind,
    ReportReminder,
    ReportStatus,
    WorkItem,
    WorkItemStatus,
)
from expo.selectors import current_edition

# Emails --------------------------------------------------------------------------------


def unit_recipients(unit: MemberUnit) -> list[str]:
    emails = [unit.email, *unit.users.filter(is_active=True).values_list("email", flat=True)]
    return sorted({e for e in emails if e})


def _send(*, template: str, context: dict, recipients: list[str]) -> int:
    """The mail in each recipient's language (expo.mail), plain text and HTML."""
    return mail.send_templated_mail(template=f"expo/email/{template}", context=context, recipients=recipients)


def send_report_returned_email(*, report: ProgressReport) -> int:
    return _send(
        template="report_returned",
        context={
            "report": report,
            "item": report.work_item,
            "unit": report.unit,
            "link": mail.absolute_url(reverse("portal:committee_report_edit", args=[report.pk])),
        },
        recipients=unit_recipients(report.unit),
    )


# Reminders --------------------------------------------------------------------------------


def units_missing_reports(*, edition, period: datetime.date) -> dict[int, list[WorkItem]]:
    """For each unit (by pk), the open work items of ``edition`` it leads or co-works on and
    has not yet submitted a report on for ``period``. Three queries."""
    items = list(
        WorkItem.objects.filter(edition=edition)
        .exclude(status=WorkItemStatus.DONE)
        .select_related("lead_unit")
        .prefetch_related("co_units")
    )
    reported = set(
        ProgressReport.objects.filter(
            work_item__edition=edition,
            period=period,
            status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED],
        ).values_list("work_item_id", "unit_id")
    )
    missing: dict[int, list[WorkItem]] = {}
    for item in items:
        for unit_id in {item.lead_unit_id, *(u.pk for u in item.co_units.all())}:
            if (item.pk, unit_id) not in reported:
                missing.setdefault(unit_id, []).append(item)
    return missing


def reminder_kind_for(day: datetime.date) -> str | None:
    deadline = period_deadline(period_of(day))
    if day > deadline:
        return ReminderKind.OVERDUE
    if (deadline - day).days <= settings.COMMITTEE_REMIND_DAYS_BEFORE:
        return ReminderKind.REMINDER
    return None


def send_report_reminders(*, today: datetime.date | None = None) -> int:
    """Email each unit with reports still to send a reminder before the deadline, or an
    overdue notice after it: once per unit, period and kind (ReportReminder's unique
    constraint holds even when two runs overlap). Returns the number of emails sent."""
    today = today or timezone.localdate()
    kind = reminder_kind_for(today)
    edition = current_edition()
    if kind is None or edition is None:
        return 0
    period = period_of(today)
    missing = units_missing_reports(edition=edition, period=period)
    already = set(
        ReportReminder.objects.filter(period=period, kind=kind, unit_id__in=missing).values_list("unit_id", flat=True)
    )
    sent = 0
    for unit in MemberUnit.objects.filter(pk__in=set(missing) - already).prefetch_related("users"):
        try:
            with transaction.atomic():
                ReportReminder.objects.create(unit=unit, period=period, kind=kind)
                context = {
                    "unit": unit,
                    "items": missing[unit.pk],
                    "period": period,
                    "deadline": period_deadline(period),
                }
                context["link"] = mail.absolute_url(reverse("portal:home"))
                sent += _send(template=f"report_{kind}", context=context, recipients=unit_recipients(unit))
        except IntegrityError:
            continue
    return sent
