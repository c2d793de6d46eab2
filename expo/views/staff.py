from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django_celery_results.models import TaskResult

from events.selectors import municipalities_without_theme_activity, theme_activity_proposals_pending
from expo.enums import MemberUnitKind, Office
from expo.health import BROKER_ERRORS, background_status, service_status
from expo.roles import office_names, require_organizer
from expo.selectors import edition_list, member_unit_counts_by_kind
from expo.tasks import ping

# Names people read for the background tasks; the apps' tasks add theirs here.
TASK_LABELS = {"expo.ping": gettext_lazy("Worker check")}
TASK_STATE_LABELS = {
    "PENDING": gettext_lazy("waiting"),
    "RECEIVED": gettext_lazy("received"),
    "STARTED": gettext_lazy("running"),
    "SUCCESS": gettext_lazy("done"),
    "FAILURE": gettext_lazy("failed"),
    "RETRY": gettext_lazy("to be retried"),
    "REVOKED": gettext_lazy("cancelled"),
}


@login_required
@require_GET
def dashboard(request):
    require_organizer(request.user)
    editions = list(edition_list())
    counts = member_unit_counts_by_kind()
    current = next((e for e in editions if e.is_current), editions[0] if editions else None)
    status = service_status()
    context = {
        "editions": editions,
        "current": current,
        "without_theme_activity": list(municipalities_without_theme_activity(edition=current)) if current else [],
        "theme_proposals_pending": theme_activity_proposals_pending(edition=current) if current else 0,
        "unit_kinds": [(kind, label, counts.get(kind, 0)) for kind, label in MemberUnitKind.choices],
        "unit_total": sum(counts.values()),
        "offices": [label for value, label in Office.choices if value in office_names(request.user)],
        "status": status,
        "background": background_status()
        if status["broker"] == "ok"
        else {"workers": "unknown", "worker_names": [], "beat": "unknown", "beat_seen": None},
        "task_results": [
            {
                "name": TASK_LABELS.get(r.task_name, r.task_name or r.task_id),
                "state": TASK_STATE_LABELS.get(r.status, r.status),
                "failed": r.status == "FAILURE",
                "created": r.date_created,
                "done": r.date_done,
            }
            for r in TaskResult.objects.exclude(task_name="expo.beat_heartbeat").order_by("-date_created")[:8]
        ],
    }
    return render(request, "expo/staff_dashboard.html", context)


@login_required
@require_POST
def worker_check(request):
    """Send a ping task; its answer appears in the dashboard's list of task results."""
    require_organizer(request.user)
    try:
        ping.delay()
    except BROKER_ERRORS:
        messages.error(request, _("The task queue cannot be reached: no check could be sent to the workers."))
    else:
        messages.success(
            request, _("A check was sent to the workers. Reload the page in a few seconds to see their answer.")
        )
    return redirect("staff:dashboard")
