"""Reads of editions and member units that views, reports and other apps share."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, QuerySet

from expo import edition_memo
from expo.models import ActivityLog, Edition, MemberUnit


def current_edition() -> Edition | None:
    """The current edition, or the latest one if none is marked current. Kept by the process
    until an edition changes (``expo.edition_memo``); a copy of its own for each caller."""
    return edition_memo.current(_load_current_edition)


def _load_current_edition() -> Edition | None:
    return Edition.objects.select_related("previous").order_by("-is_current", "-number").first()


def edition_list() -> QuerySet[Edition]:
    return Edition.objects.select_related("previous").annotate(
        committee_unit_count=Count("committee_units", distinct=True)
    )


def member_unit_counts_by_kind() -> dict[str, int]:
    rows = MemberUnit.objects.values_list("kind").annotate(n=Count("pk")).order_by()
    return dict(rows)


def member_unit_colleagues(*, unit: MemberUnit) -> QuerySet:
    """The active users who report for ``unit``."""
    return unit.users.filter(is_active=True).order_by("last_name", "first_name", "username")


def activity_of(obj, *, limit: int = 50) -> QuerySet:
    """The activity log of one record, newest first: who did what, when. One query."""
    return ActivityLog.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=str(obj.pk)
    ).order_by("-at", "-pk")[:limit]
