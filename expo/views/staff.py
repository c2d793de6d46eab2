import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django_celery_results.models import TaskResult

from delegations.selectors import invitations_unanswered
from events.selectors import (
    municipalities_without_theme_activity,
    registrations_waiting,
    theme_activity_proposals_pending,
)
from exhibitors.selectors import applications_to_decide
from expo.committee import periods
from expo.committee.selectors import reports_to_review
from expo.enums import MemberUnitKind, Office
from expo.health import BROKER_ERRORS, background_status, service_status
from expo.models import ImportRun, ReportRun, RunStatus
from expo.roles import in_office, office_names, require_organizer
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


# A hold that ends within this time is shown apart: decide it before the booth frees itself.
HOLD_ENDS_SOON = datetime.timedelta(days=1)
IN_PROGRESS = (RunStatus.QUEUED, RunStatus.RUNNING)


def _queue(label, count, url, *, urgent=False):
    return {"label": label, "count": count, "url": url, "urgent": urgent and count > 0}


def work_queues(user, edition) -> dict:
    """The organizer's work, office by office: what waits for a decision or an answer, what
    runs in the background, and the edition's next deadlines. A fixed number of queries
    (one or two per office), whatever the number of records."""
    if edition is None:
        return {"offices": [], "deadlines": []}
    now = timezone.now()
    today = timezone.localdate()
    offices = []
    if in_office(user, Office.EXHIBITION):
        apps = applications_to_decide(edition=edition, expiring_before=now + HOLD_ENDS_SOON)
        applications_url = reverse("exhibition:applications")
        offices.append(
            {
                "name": Office.EXHIBITION.label,
                "queues": [
                    _queue(_("Booth applications to decide"), apps["waiting"], f"{applications_url}?status=held"),
                    _queue(
                        _("Holds ending within a day"),
                        apps["expiring"],
                        f"{applications_url}?status=held&ending=soon",
                        urgent=True,
                    ),
                ],
            }
        )
    if in_office(user, Office.SECRETARIAT):
        offices.append(
            {
                "name": Office.SECRETARIAT.label,
                "queues": [
                    _queue(
                        _("Progress reports to review"),
                        reports_to_review(edition=edition),
                        f"{reverse('staff:committee')}#to-review",
                    ),
                    _queue(
                        _("Theme activity proposals to decide"),
                        theme_activity_proposals_pending(edition=edition),
                        f"{reverse('staff_units:proposals')}?status=submitted&kind=theme_activity",
                    ),
                ],
            }
        )
    if in_office(user, Office.PROTOCOL):
        offices.append(
            {
                "name": Office.PROTOCOL.label,
                "queues": [
                    _queue(
                        _("Invitations unanswered"),
                        invitations_unanswered(edition=edition).count(),
                        f"{reverse('protocol:delegations')}?status=sent",
                    ),
                ],
            }
        )
    if in_office(user, Office.SECRETARIAT) or in_office(user, Office.PROTOCOL):
        offices[-1]["queues"].append(
            _queue(
                _("Registrations on a waiting list"),
                registrations_waiting(edition=edition),
                f"{reverse('attendance:registrations')}?status=waitlisted",
            )
        )
    background = [
        _queue(
            _("Report runs in progress"),
            ReportRun.objects.filter(status__in=IN_PROGRESS).count(),
            reverse("staff:report_runs"),
        ),
        _queue(
            _("Imports in progress"),
            ImportRun.objects.filter(status__in=IN_PROGRESS, requested_by=user).count(),
            "",
        ),
    ]
    offices.append({"name": _("Background work"), "queues": background})
    period = periods.current_period()
    deadlines = [{"label": _("Opening day"), "date": edition.start_date}]
    if in_office(user, Office.SECRETARIAT):
        deadlines.append({"label": _("Progress reports of the month due"), "date": periods.period_deadline(period)})
    if edition.pipeline_closes_on and (in_office(user, Office.SECRETARIAT) or in_office(user, Office.INVESTMENT)):
        deadlines.append({"label": _("Project registration closes"), "date": edition.pipeline_closes_on})
    for deadline in deadlines:
        deadline["days"] = (deadline["date"] - today).days
    return {
        "offices": offices,
        "deadlines": sorted((d for d in deadlines if d["days"] >= 0), key=lambda d: d["date"]),
    }


@login_required
@require_GET
def dashboard(request):
    require_organizer(request.user)
    editions = list(edition_list())
    counts = member_unit_counts_by_kind()
    current = next((e for e in editions if e.is_current), editions[0] if editions else None)
    status = service_status()
    secretariat = in_office(request.user, Office.SECRETARIAT)
    context = {
        "work": work_queues(request.user, current),
        "secretariat": secretariat,
        "exhibition_office": in_office(request.user, Office.EXHIBITION),
        "editions": editions,
        "current": current,
        "without_theme_activity": list(municipalities_without_theme_activity(edition=current))
        if current and secretariat
        else [],
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
