from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from expo import committee
from expo.committee_selectors import latest_reports_by_item, unit_work_items
from expo.roles import require_member_unit
from expo.selectors import current_edition, member_unit_colleagues


@login_required
@require_GET
def portal_home(request):
    unit = require_member_unit(request.user)
    edition = current_edition()
    items = list(unit_work_items(unit=unit, edition=edition)) if edition else []
    latest = latest_reports_by_item(unit=unit, items=items) if items else {}
    period = committee.current_period()
    context = {
        "unit": unit,
        "edition": edition,
        "colleagues": member_unit_colleagues(unit=unit),
        "work_items": [{"item": item, "report": latest.get(item.pk)} for item in items],
        "period": period,
        "deadline": committee.period_deadline(period),
    }
    return render(request, "expo/portal_home.html", context)
