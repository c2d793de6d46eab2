from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from expo.committee import notifications, periods
from expo.committee.selectors import latest_reports_by_item, unit_reports_overview, unit_work_items
from expo.models import ReportReminder
from expo.roles import require_member_unit
from expo.selectors import current_edition, member_unit_colleagues


@login_required
@require_GET
def portal_home(request):
    unit = require_member_unit(request.user)
    edition = current_edition()
    items = list(unit_work_items(unit=unit, edition=edition)) if edition else []
    latest = latest_reports_by_item(unit=unit, items=items) if items else {}
    period = periods.current_period()
    context = {
        "unit": unit,
        "edition": edition,
        "colleagues": member_unit_colleagues(unit=unit),
        "work_items": [{"item": item, "report": latest.get(item.pk)} for item in items],
        "period": period,
        "deadline": periods.period_deadline(period),
        "work": unit_reports_overview(unit=unit, items=items, latest=latest, period=period, today=timezone.localdate()),
    }
    # The reminders of this period, as mailed; the items still owed only when there are some.
    context["reminders"] = list(ReportReminder.objects.filter(unit=unit, period=period).order_by("-sent_at"))
    context["missing_items"] = (
        notifications.units_missing_reports(edition=edition, period=period).get(unit.pk, [])
        if edition and context["reminders"]
        else []
    )
    return render(request, "expo/portal_home.html", context)
