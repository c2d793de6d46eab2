"""A generated edition K times the 13th, for benchmarks: ``manage.py seed_scale``.

At factor 1: 1,001 offline and 1,832 online exhibitors, 16,600 exhibits, 20,000 merchants,
210,000 online visitors, about 300 delegates, about 1,000 pipeline and signed projects, the
47 member units with a season of progress reports. The factor may be fractional (0.01 for
tests). Each app's part is the generator of its demo data (``<app>/demo.py``), registered in
``expo.seeding``: the core imports no app. Each part has its own random stream of the seed,
so that the same seed gives the same rows (``edition_checksum`` proves it). Rows go in with
PostgreSQL's COPY (plain inserts on SQLite), in one transaction: a failure leaves nothing
behind.
"""

import hashlib
import time
from collections.abc import Callable

from django.db import connection, transaction
from django.utils.translation import gettext as _

from expo import reference
from expo.demo import edition_seed
from expo.models import Edition, ReportFile, ReportRun
from expo.seeding import Plan, seeders

DEMO_EDITIONS = frozenset(reference.DEMO_EDITION_NUMBERS)


class ScaleRefused(Exception):
    """The edition number is taken: a demo edition, or an edition with data (without replace)."""


def edition_has_data(edition: Edition) -> bool:
    return any(s.has_data(edition) for s in seeders() if s.has_data)


@transaction.atomic
def scale_edition_seed(
    *, number: int, factor: float, seed: int = 0, replace: bool = False, log: Callable[[str], None] = print
) -> Edition:
    """Generate edition ``number`` at ``factor`` times the 13th edition.

    Refuses (``ScaleRefused``) a demo edition's number, and an edition that has data unless
    ``replace``, which deletes that edition and everything of it first."""
    if number in DEMO_EDITIONS:
        raise ScaleRefused(
            _("Edition %(number)s belongs to the demo data; choose another number.") % {"number": number}
        )
    if factor <= 0:
        raise ScaleRefused(_("The factor must be greater than zero."))
    edition = Edition.objects.filter(number=number).first()
    if edition is not None and edition_has_data(edition):
        if not replace:
            raise ScaleRefused(
                _("Edition %(number)s already has data; pass --replace to delete it and generate it again.")
                % {"number": number}
            )
        started = time.monotonic()
        scale_edition_purge(edition=edition)
        log(f"deleted edition {number} in {time.monotonic() - started:.1f} s")
        edition = None
    plan = Plan(number=number, factor=factor, seed=seed)
    edition = edition_seed(plan, edition)
    for seeder in seeders():
        if seeder.scale is None:
            continue
        started = time.monotonic()
        counts = seeder.scale(plan, edition)
        figures = ", ".join(f"{value:,} {key}" for key, value in counts.items())
        log(f"{seeder.name}: {figures} ({time.monotonic() - started:.1f} s)")
    return edition


@transaction.atomic
def scale_edition_purge(*, edition: Edition) -> None:
    """Delete ``edition`` with everything of it, its own exhibitors included: each app's rows,
    the last app's first, then its report runs with their files (a bench's report runs protect
    the edition), then the edition (the editions compared with it lose the comparison)."""
    for seeder in reversed(seeders()):
        if seeder.purge is not None:
            seeder.purge(edition)
    files = list(ReportFile.objects.filter(run__edition=edition))
    ReportRun.objects.filter(edition=edition).delete()
    for report_file in files:
        transaction.on_commit(lambda f=report_file.file: f.delete(save=False) if f else None)
    Edition.objects.filter(previous=edition).update(previous=None)
    edition.delete()


def edition_checksum(*, edition: Edition) -> str:
    """SHA-256 of every generated row of ``edition`` in a stable order, by natural keys
    (never primary keys, which differ between runs)."""
    digest = hashlib.sha256()
    for seeder in seeders():
        for model, edition_path, fields, order in seeder.checksum:
            digest.update(model._meta.label.encode())
            rows = model.objects.filter(**{edition_path: edition}).order_by(*order).values_list(*fields)
            for row in rows.iterator(chunk_size=10000):
                digest.update(repr(row).encode())
    return digest.hexdigest()


def analyze_after_bulk_load() -> float:
    """PostgreSQL's advice after a bulk load: ANALYZE, so that the planner (and the admin's
    estimated counts, expo.admin_lists) know the new sizes at once instead of after
    autovacuum's next round. Returns the seconds it took; nothing to do on SQLite."""
    if connection.vendor != "postgresql":
        return 0.0
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.monotonic() - started
