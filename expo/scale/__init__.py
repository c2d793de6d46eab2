"""A generated edition K times the 13th, for benchmarks: ``manage.py seed_scale``.

At factor 1: 1,001 offline and 1,832 online exhibitors, 16,600 exhibits, 20,000 merchants,
210,000 online visitors, about 300 delegates, about 1,000 pipeline and signed projects, the
47 member units with a season of progress reports. The factor may be fractional (0.01 for
tests). One generator per app (``committee``, ``exhibition``, ``programme``, ``delegations``,
``projects``), each with its own random stream of the seed, so that the same seed gives the
same rows (``edition_checksum`` proves it). Rows go in with PostgreSQL's COPY (plain inserts
on SQLite), in one transaction: a failure leaves nothing behind.
"""

import hashlib
import time
from collections.abc import Callable

from django.db import transaction
from django.utils.translation import gettext as _

from delegations.models import Delegate, Delegation, HotelStay, InvitationChange, Travel
from events.models import Attendee, CheckIn, Event, Registration
from exhibitors.models import Booth, BoothApplication, Exhibit, Exhibitor, Participation, Pavilion
from expo import reference
from expo.models import Edition, Meeting, ProgressReport, WorkItem
from expo.scale.base import Plan
from expo.scale.committee import member_units, seed_committee, seed_edition
from expo.scale.delegations import seed_delegations
from expo.scale.exhibition import email_domain, seed_exhibition
from expo.scale.programme import seed_programme
from expo.scale.projects import seed_projects
from projects.models import Project, ProjectChange

DEMO_EDITIONS = frozenset(reference.DEMO_EDITION_NUMBERS)


class ScaleRefused(Exception):
    """The edition number is taken: a demo edition, or an edition with data (without replace)."""


def edition_has_data(edition: Edition) -> bool:
    return any(
        qs.exists()
        for qs in (
            Participation.objects.filter(edition=edition),
            Pavilion.objects.filter(edition=edition),
            Attendee.objects.filter(edition=edition),
            Event.objects.filter(edition=edition),
            Delegation.objects.filter(edition=edition),
            Project.objects.filter(edition=edition),
            WorkItem.objects.filter(edition=edition),
            Meeting.objects.filter(edition=edition),
        )
    )


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
    units = member_units()
    edition = seed_edition(plan, edition)
    steps = [
        ("committee", lambda: seed_committee(plan, edition, units)),
        ("exhibitors", lambda: seed_exhibition(plan, edition)),
        ("events", lambda: seed_programme(plan, edition)),
        ("delegations", lambda: seed_delegations(plan, edition)),
        ("projects", lambda: seed_projects(plan, edition)),
    ]
    for name, step in steps:
        started = time.monotonic()
        counts = step()
        figures = ", ".join(f"{value:,} {key}" for key, value in counts.items())
        log(f"{name}: {figures} ({time.monotonic() - started:.1f} s)")
    return edition


def _raw_delete(queryset) -> None:
    # Straight DELETE statements: the collector of QuerySet.delete() would load millions of
    # rows to cascade. Dependents go first; foreign keys are checked at commit.
    queryset._raw_delete(queryset.db)


@transaction.atomic
def scale_edition_purge(*, edition: Edition) -> None:
    """Delete ``edition`` with everything of it, its own exhibitors included."""
    attendees = Attendee.objects.filter(edition=edition)
    for queryset in (
        CheckIn.objects.filter(attendee__edition=edition),
        Registration.objects.filter(attendee__edition=edition),
        Registration.objects.filter(event__edition=edition),
        Exhibit.objects.filter(pavilion__edition=edition),
        BoothApplication.objects.filter(booth__pavilion__edition=edition),
        ProjectChange.objects.filter(project__edition=edition),
        Travel.objects.filter(delegate__delegation__edition=edition),
        HotelStay.objects.filter(delegate__delegation__edition=edition),
        InvitationChange.objects.filter(delegation__edition=edition),
        ProgressReport.objects.filter(work_item__edition=edition),
        WorkItem.co_units.through.objects.filter(workitem__edition=edition),
    ):
        _raw_delete(queryset)
    _raw_delete(attendees)
    Project.objects.filter(edition=edition).delete()
    WorkItem.objects.filter(edition=edition).update(parent=None)
    WorkItem.objects.filter(edition=edition).delete()
    Meeting.objects.filter(edition=edition).delete()
    Participation.objects.filter(edition=edition).delete()
    Delegate.objects.filter(delegation__edition=edition).delete()
    Booth.objects.filter(pavilion__edition=edition).delete()
    Exhibitor.objects.filter(contact_email__endswith=f"@{email_domain(edition.number)}", participations=None).delete()
    Edition.objects.filter(following=edition).update(previous=None)
    edition.delete()


# The rows of an edition, by natural keys (never primary keys, which differ between runs).
CHECKSUM = [
    (WorkItem, "edition", ["code", "title_en", "lead_unit__code", "deadline", "status"], ["code"]),
    (ProgressReport, "work_item__edition", ["work_item__code", "unit__code", "period", "percent", "status", "narrative", "submitted_at"], ["work_item__code", "unit__code", "period"]),
    (Pavilion, "edition", ["code", "gross_area_m2", "booked_area_m2", "plan_width", "plan_depth"], ["code"]),
    (Booth, "pavilion__edition", ["pavilion__code", "code", "kind", "area_m2", "x", "y", "price"], ["pavilion__code", "code"]),
    (Participation, "edition", ["exhibitor__name", "exhibitor__country", "exhibitor__province", "exhibitor__industry", "mode", "pavilion__code"], ["exhibitor__name"]),
    (BoothApplication, "booth__pavilion__edition", ["booth__pavilion__code", "booth__code", "exhibitor__name", "status", "confirmed_at"], ["booth__pavilion__code", "booth__code"]),
    (Exhibit, "pavilion__edition", ["exhibitor__name", "name", "category", "pavilion__code"], ["exhibitor__name", "name"]),
    (Event, "edition", ["kind", "title_en", "starts_at", "room__name_en", "capacity", "parent__title_en"], ["starts_at", "title_en"]),
    (Attendee, "edition", ["code", "kind", "name", "organization", "country", "industry", "invited_by__code"], ["code"]),
    (CheckIn, "attendee__edition", ["attendee__code", "day", "at"], ["attendee__code", "day"]),
    (Registration, "event__edition", ["event__title_en", "attendee__code", "status"], ["event__title_en", "attendee__code"]),
    (Delegation, "edition", ["origin_kind", "country", "province", "institution_en", "status", "host_unit__code"], ["origin_kind", "country", "province", "institution_en"]),
    (Delegate, "delegation__edition", ["delegation__origin_kind", "delegation__country", "delegation__province", "delegation__institution_en", "name_latin", "rank", "is_head", "attended", "passport_number", "date_of_birth"], ["delegation__origin_kind", "delegation__country", "delegation__province", "delegation__institution_en", "passport_number", "name_latin"]),
    (Project, "edition", ["title", "type", "investment_yuan", "industry", "municipality__code", "reporting_unit__code", "partner_name", "partner_country", "stage", "signed_on"], ["title"]),
    (ProjectChange, "project__edition", ["project__title", "field", "old_value", "new_value", "changed_at"], ["project__title", "changed_at", "field", "new_value"]),
]  # fmt: skip


def edition_checksum(*, edition: Edition) -> str:
    """SHA-256 of every generated row of ``edition`` in a stable order, by natural keys."""
    digest = hashlib.sha256()
    for model, edition_path, fields, order in CHECKSUM:
        digest.update(model._meta.label.encode())
        rows = model.objects.filter(**{edition_path: edition}).order_by(*order).values_list(*fields)
        for row in rows.iterator(chunk_size=10000):
            digest.update(repr(row).encode())
    return digest.hexdigest()


def analyze_after_bulk_load() -> float:
    """PostgreSQL's advice after a bulk load: ANALYZE, so that the planner (and the admin's
    estimated counts, expo.admin_lists) know the new sizes at once instead of after
    autovacuum's next round. Returns the seconds it took; nothing to do on SQLite."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.monotonic() - started
