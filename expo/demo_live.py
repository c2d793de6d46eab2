"""The demo lives: the 12th and 13th editions closed with their published results frozen, and
the 14th edition, current and in preparation, copied forward from the 13th.

The 14th's dates are relative to the day the demo is first loaded (its "today"): the expo
opens about four months later, and the pipeline registration window runs from two months
before that day to the eve of the expo. That day is not stored apart: it is the 14th's first
day less ``LEAD_DAYS``, so a second run of ``seed_demo`` finds the same day and keeps every
date. Run by ``manage.py seed_demo`` after the apps' demo modules loaded the past editions;
the apps' ``seed_current`` then add what happens in the 14th today. Top layer: it uses the
lifecycle and copy-forward services.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from expo import reference
from expo.copy_forward import edition_copy_forward
from expo.enums import EditionStatus
from expo.lifecycle import edition_close, edition_reopen
from expo.models import Edition
from expo.reports.figures import results_json
from expo.services import edition_set_current

LEAD_DAYS = 120  # from the demo's first day to the expo's opening: about four months
EXPO_DAYS = 5
RELOAD_REASON = "seed_demo loaded the demo records of a closed demo edition (a full run after a light one)."
PAST = [e["number"] for e in reference.EDITIONS]


def ready() -> bool:
    return Edition.objects.filter(number=PAST[-1]).exists()


def demo_today(edition: Edition) -> datetime.date:
    """The day the demo was first loaded, as the current edition's dates keep it."""
    return edition.start_date - datetime.timedelta(days=LEAD_DAYS)


@transaction.atomic
def seed_current(*, today: datetime.date | None = None, log=print) -> tuple[Edition, datetime.date]:
    """Close the past editions (their results frozen as loaded) and make the current one.
    Returns it with the demo's day. ``today`` counts only when the 14th edition is made."""
    for number in PAST:
        edition = Edition.objects.get(number=number)
        if edition.status != EditionStatus.CLOSED:
            edition_close(edition=edition)
        elif edition.results_snapshot != results_json(edition=edition):
            # A light demo closed it before a full run loaded its crowds: freeze the figures
            # again, in the open, through the lifecycle (reopened by the demo's superuser).
            organizer = get_user_model().objects.filter(username="organizer", is_superuser=True).first()
            if organizer is not None:
                edition_reopen(edition=edition, by=organizer, reason=RELOAD_REASON)
                edition_close(edition=edition, by=organizer)
                log(f"editions: the {number}th's results frozen again after seed_demo loaded more of its records")
    current = Edition.objects.filter(number=reference.CURRENT["number"]).first()
    if current is None:
        today = today or timezone.localdate()
        start = today + datetime.timedelta(days=LEAD_DAYS)
        current = edition_copy_forward(
            source=Edition.objects.get(number=PAST[-1]),
            number=reference.CURRENT["number"],
            year=start.year,
            name_zh=reference.CURRENT["name_zh"],
            name_en=reference.CURRENT["name_en"],
            start_date=start,
            end_date=start + datetime.timedelta(days=EXPO_DAYS - 1),
        )
        # The expo is not held in autumn this time: the pipeline is registered in the months
        # before it, not from May to August.
        current.pipeline_opens_on = today - datetime.timedelta(days=60)
        current.pipeline_closes_on = start - datetime.timedelta(days=1)
        current.save(update_fields=["pipeline_opens_on", "pipeline_closes_on", "updated_at"])
    edition_set_current(edition=current)
    today = demo_today(current)
    log(
        f"editions: the {' and '.join(f'{n}th' for n in PAST)} closed; the {current.number}th current, "
        f"{current.start_date:%Y-%m-%d} to {current.end_date:%Y-%m-%d} (demo day {today:%Y-%m-%d})"
    )
    return current, today
