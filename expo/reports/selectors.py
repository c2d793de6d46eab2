from django.db.models import Prefetch, QuerySet

from expo.report_models import ReportFile, ReportRun


def report_run_list() -> QuerySet[ReportRun]:
    """Runs, newest first, with their edition, requester and files. Two queries."""
    return ReportRun.objects.select_related("edition", "requested_by").prefetch_related(
        Prefetch("files", queryset=ReportFile.objects.order_by("format"))
    )
