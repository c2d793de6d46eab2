from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from expo.roles import require_member_unit
from expo.selectors import current_edition, member_unit_colleagues


@login_required
@require_GET
def portal_home(request):
    unit = require_member_unit(request.user)
    context = {
        "unit": unit,
        "edition": current_edition(),
        "colleagues": member_unit_colleagues(unit=unit),
    }
    return render(request, "expo/portal_home.html", context)
