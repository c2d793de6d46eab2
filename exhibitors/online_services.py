"""Writes of the public online exhibition."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from exhibitors.models import OnlineSearchMiss


def search_miss_record(*, edition, query: str) -> None:
    """Count one search of ``edition`` that found nothing (the query text only)."""
    query = query[: OnlineSearchMiss._meta.get_field("query").max_length]
    updated = OnlineSearchMiss.objects.filter(edition=edition, query=query).update(
        count=F("count") + 1, last_searched_at=timezone.now()
    )
    if not updated:
        try:
            with transaction.atomic():
                OnlineSearchMiss.objects.create(edition=edition, query=query, count=1)
        except IntegrityError:  # a parallel first miss of the same text
            OnlineSearchMiss.objects.filter(edition=edition, query=query).update(count=F("count") + 1)
