"""Where a login lands: each role on its work, not on a page of links."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from exhibitors.selectors import exhibitor_of
from expo import roles


def workspace_url_name(user) -> str:
    """The name of the page where ``user``'s work is: the organizer's queues, the member
    unit's items, the exhibitor's next step, a merchant's meetings, or the home page."""
    if roles.is_organizer(user):
        return "staff:dashboard"
    if roles.member_unit_of(user) is not None:
        return "portal:home"
    if exhibitor_of(user) is not None:
        return "exhibitor:home"
    if user.attendances.exists():
        return "matchmaking:agenda"
    return "home"


@login_required
@require_GET
def workspace(request):
    return redirect(workspace_url_name(request.user))
