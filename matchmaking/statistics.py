"""What came of matchmaking in an edition: meetings asked for, accepted and held, by the
merchant's country and the exhibitor's industry, their outcomes, and the cooperation
projects linked to them. Four queries, whatever the number of meetings."""

from decimal import Decimal

from django.db.models import Count, Q, Sum

from matchmaking.enums import BOOKED_STATUSES, MeetingStatus, Outcome
from matchmaking.models import Meeting
from projects.models import Project

_COUNTS = {
    "requested": Count("pk"),
    "accepted": Count("pk", filter=Q(status__in=BOOKED_STATUSES)),
    "held": Count("pk", filter=Q(status=MeetingStatus.HELD)),
}


def matchmaking_results(*, edition) -> dict:
    """The ``matchmaking`` key of the results report (JSON): counts, then rows by country
    (ISO code) and by industry (code), busiest first, outcomes by code, and the projects that
    came from meetings (each counted once, its investment summed once)."""
    meetings = Meeting.objects.filter(edition=edition)
    totals = meetings.aggregate(**_COUNTS, **{f"outcome_{o}": Count("pk", filter=Q(outcome=o)) for o in Outcome.values})
    by_country = meetings.values("merchant__country").annotate(**_COUNTS).order_by("-requested", "merchant__country")
    by_industry = (
        meetings.values("exhibitor__industry").annotate(**_COUNTS).order_by("-requested", "exhibitor__industry")
    )
    projects = Project.objects.filter(pk__in=meetings.filter(project__isnull=False).values("project_id")).aggregate(
        count=Count("pk"), investment=Sum("investment_yuan")
    )
    return {
        "meetings_requested": totals["requested"],
        "meetings_accepted": totals["accepted"],
        "meetings_held": totals["held"],
        "outcomes": {o: totals[f"outcome_{o}"] for o in Outcome.values},
        "by_country": [{"country": row["merchant__country"], **{k: row[k] for k in _COUNTS}} for row in by_country],
        "by_industry": [
            {"industry": row["exhibitor__industry"], **{k: row[k] for k in _COUNTS}} for row in by_industry
        ],
        "projects": {
            "count": projects["count"],
            "investment_yuan": str((projects["investment"] or Decimal(0)).quantize(Decimal("0.01"))),
        },
    }
