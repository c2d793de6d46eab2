from django.db.models import Prefetch, QuerySet

from expo.enums import Office
from expo.models import ReportFile, ReportKind, ReportRun
from expo.roles import in_office

# The committee's progress digest holds the member units' narratives and problems: the
# secretariat's to read, not every organizer's.
SECRETARIAT_KINDS = (ReportKind.PROGRESS,)


def report_kinds_for(user) -> list[str]:
    """The kinds of report ``user`` (an organizer) may ask for and read."""
    secretariat = in_office(user, Office.SECRETARIAT)
    return [kind for kind in ReportKind.values if secretariat or kind not in SECRETARIAT_KINDS]


def report_run_list() -> QuerySet[ReportRun]:
    """Runs, newest first, with their edition, requester and files. Two queries."""
    return ReportRun.objects.select_related("edition", "requested_by").prefetch_related(
        Prefetch("files", queryset=ReportFile.objects.order_by("format"))
    )
