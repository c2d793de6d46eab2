"""Writes to editions and member units. Every write is atomic."""

from django.db import transaction

from expo.models import Edition


@transaction.atomic
def edition_set_current(*, edition: Edition) -> Edition:
    """Make ``edition`` the one current edition. The rows are locked in a fixed order so
    that two organizers doing this at once end with exactly one current edition."""
    list(Edition.objects.select_for_update().order_by("pk").values_list("pk", flat=True))
    Edition.objects.filter(is_current=True).exclude(pk=edition.pk).update(is_current=False)
    Edition.objects.filter(pk=edition.pk).update(is_current=True)
    edition.is_current = True
    return edition
