"""Every write of cooperation projects: registering, changing, the registration window.

Each change of a project's amount, type or stage is kept as a ProjectChange (who, when, old
and new value), written in the same transaction as the change; a new project records its
initial values the same way, so that its history starts at its registration.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from expo import audit
from expo.enums import MemberUnitKind
from expo.errors import DomainError, InvalidInput
from expo.locking import lock_row
from expo.models import Edition, MemberUnit
from expo.services import edition_require_writable
from projects.enums import DATED_STAGES, DOMESTIC_COUNTRY, AuditedField, ProjectAction, ProjectStage, ProjectType
from projects.models import Project, ProjectChange

# (month, day) of the first and of the last day member units may register and change their
# projects in the portal, in the edition's year; the window ends with the expo at the latest.
DEFAULT_REGISTRATION_WINDOW = ((5, 1), (8, 31))

# How long a change waits for another change of the same project (PostgreSQL), then gives up.

# What the portal and the admin may set; the edition and the reporting unit are fixed at creation
# in the portal, and may be changed by organizers in the admin.
EDITABLE_FIELDS = (
    "title",
    "type",
    "investment_yuan",
    "industry",
    "municipality",
    "reporting_unit",
    "partner_name",
    "partner_country",
    "partner_province",
    "stage",
    "signed_on",
    "signing_ceremony",
)
AUDITED_FIELDS = tuple(AuditedField.values)


class ProjectError(DomainError):
    """A change the rules do not allow; ``message`` says why in the user's language."""


class RegistrationClosed(ProjectError):
    pass


# The registration window ---------------------------------------------------------------


def registration_window(*, edition: Edition) -> tuple[datetime.date, datetime.date]:
    """The first and the last day on which member units register and change their pipeline in
    the portal: from May 1 to August 31 of the edition's year (the setting
    PROJECTS_REGISTRATION_WINDOW, ((month, day), (month, day)), moves both), and no later than
    the expo's last day. An edition held at another time of the year sets its own window
    (``Edition.pipeline_opens_on`` and ``pipeline_closes_on``: the months before the expo).
    Organizers change projects in the admin at any time."""
    (open_month, open_day), (close_month, close_day) = getattr(
        settings, "PROJECTS_REGISTRATION_WINDOW", DEFAULT_REGISTRATION_WINDOW
    )
    opens = edition.pipeline_opens_on or datetime.date(edition.year, open_month, open_day)
    closes = min(edition.pipeline_closes_on or datetime.date(edition.year, close_month, close_day), edition.end_date)
    return opens, closes


def registration_is_open(*, edition: Edition, today: datetime.date | None = None) -> bool:
    opens, closes = registration_window(edition=edition)
    return opens <= (today or timezone.localdate()) <= closes


def ensure_registration_open(*, edition: Edition, today: datetime.date | None = None) -> None:
    """Raise RegistrationClosed, with the window's dates, outside the registration window."""
    if registration_is_open(edition=edition, today=today):
        return
    opens, closes = registration_window(edition=edition)
    raise RegistrationClosed(
        _(
            "Projects of the %(edition)s are registered and changed in the portal from %(opens)s to %(closes)s. "
            "Outside these dates, write to the secretariat's investment office."
        )
        % {
            "edition": edition.name,
            "opens": date_format(opens, "DATE_FORMAT"),
            "closes": date_format(closes, "DATE_FORMAT"),
        }
    )


# Checking ------------------------------------------------------------------------------


def project_problems(project: Project) -> dict[str, str]:
    """What is wrong with ``project`` beyond its fields' own validation, by field. The model's
    ``clean`` (so the forms and the admin) and the services share these rules."""
    problems: dict[str, str] = {}
    if project.stage == ProjectStage.SIGNED and project.signed_on is None:
        problems["signed_on"] = _("Give the signing date of a signed project.")
    elif project.signed_on is not None and project.stage not in DATED_STAGES:
        problems["signed_on"] = _("Give a signing date only when the project is signed.")
    if (
        "signed_on" not in problems
        and project.signed_on is not None
        and project.edition_id
        and (problem := signing_date_problem(edition=project.edition, signed_on=project.signed_on))
    ):
        problems["signed_on"] = problem
    country = str(project.partner_country or "")
    if country == DOMESTIC_COUNTRY and not project.partner_province:
        problems["partner_province"] = _("Give the province of a domestic partner.")
    elif country and country != DOMESTIC_COUNTRY and project.partner_province:
        problems["partner_province"] = _("Leave the province empty for a partner outside mainland China.")
    if project.municipality_id and project.municipality.kind != MemberUnitKind.MUNICIPALITY:
        problems["municipality"] = _("Choose a municipality or prefecture.")
    ceremony = project.signing_ceremony
    if ceremony is not None and (ceremony.kind != "signing_ceremony" or ceremony.edition_id != project.edition_id):
        problems["signing_ceremony"] = _("Choose a signing ceremony of the project's edition.")
    return problems


def signing_date_problem(*, edition: Edition, signed_on: datetime.date) -> str | None:
    """Why a project of ``edition`` cannot have been signed on ``signed_on``, if it cannot: an
    edition's projects are signed from the January two years before it (the expo is held every
    other year, so since the previous edition) to the end of its year."""
    first, last = datetime.date(edition.year - 2, 1, 1), datetime.date(edition.year, 12, 31)
    if first <= signed_on <= last:
        return None
    return _("The signing date %(date)s is outside the %(edition)s's cycle, %(first)s to %(last)s.") % {
        "date": signed_on.isoformat(),
        "edition": edition.name,
        "first": first.isoformat(),
        "last": last.isoformat(),
    }


def title_taken(*, edition: Edition, title: str, exclude_pk: int | None = None) -> bool:
    return Project.objects.filter(edition=edition, title=title).exclude(pk=exclude_pk).exists()


def title_taken_problem() -> str:
    """The problem of a title the edition already has (the service's and the import's)."""
    return _("The edition already has a project with this title.")


def investment_problem(amount: Decimal | None) -> str | None:
    """Why ``amount`` cannot be a project's investment, if it cannot (the field's own
    validation reads the number; the service and the import share this rule)."""
    if amount is not None and amount < 0:
        return _("The investment cannot be negative.")
    return None


def _validate(project: Project) -> None:
    problems = project_problems(project)
    if problem := investment_problem(project.investment_yuan):
        problems["investment_yuan"] = problem
    if project.edition_id and title_taken(edition=project.edition, title=project.title, exclude_pk=project.pk):
        problems["title"] = title_taken_problem()
    if problems:
        raise InvalidInput(problems)


def _audit_value(project: Project, field: str) -> str:
    value = getattr(project, field)
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal("0.01")))
    return str(value or "")


def _save(project: Project) -> None:
    try:
        with transaction.atomic():
            project.save()
    except IntegrityError:
        # A project of the same title was registered meanwhile, or a rule was broken in between.
        _validate(project)
        raise InvalidInput(_("The project changed while it was being saved. Please try again.")) from None


# Writing -------------------------------------------------------------------------------


@transaction.atomic
def project_create(
    *,
    edition: Edition,
    reporting_unit: MemberUnit,
    title: str,
    type: str = ProjectType.CONTRACT,
    investment_yuan: Decimal,
    industry: str,
    municipality: MemberUnit,
    partner_name: str,
    partner_country: str,
    partner_province: str = "",
    stage: str = ProjectStage.NEGOTIATING,
    signed_on: datetime.date | None = None,
    signing_ceremony=None,
    by=None,
) -> Project:
    """Register a project and record its initial amount, type and stage in its history.
    Raises InvalidInput (by field) when a rule is broken."""
    project = Project(
        edition=edition,
        reporting_unit=reporting_unit,
        title=title,
        type=type,
        investment_yuan=investment_yuan,
        industry=industry,
        municipality=municipality,
        partner_name=partner_name,
        partner_country=partner_country,
        partner_province=partner_province,
        stage=stage,
        signed_on=signed_on,
        signing_ceremony=signing_ceremony,
        created_by=by,
    )
    return project_save(project=project, by=by)


@transaction.atomic
def project_update(*, project: Project, by=None, **values) -> Project:
    """Change the fields ``values`` names (of EDITABLE_FIELDS) and keep each change of amount,
    type or stage in the history. Raises InvalidInput (by field) when a rule is broken."""
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"project_update() cannot change {', '.join(sorted(unknown))}")
    for name, value in values.items():
        setattr(project, name, value)
    return project_save(project=project, by=by)


@transaction.atomic
def project_save(*, project: Project, by=None) -> Project:
    """Save ``project`` as it is (a new one, or one whose fields a form has set) and write the
    changes of its amount, type and stage, compared with the stored row, which is locked first
    so that two simultaneous changes are both recorded in order. Raises InvalidInput (by
    field) when a rule is broken, LockTimeout when the row stays locked too long."""
    edition_require_writable(project.edition_id)
    _validate(project)
    now = timezone.now()
    if project.pk is None:
        stored = None
    else:
        stored = lock_row(Project.objects.only("edition_id", *AUDITED_FIELDS), pk=project.pk)
        if stored.edition_id != project.edition_id:
            edition_require_writable(stored.edition_id)
    changes = project_history(project=project, stored=stored, by=by, now=now)
    _save(project)
    for change in changes:
        change.project = project
    ProjectChange.objects.bulk_create(changes)
    if stored is None or changes:
        audit.record(
            action=ProjectAction.PROJECT_CREATE if stored is None else ProjectAction.PROJECT_UPDATE,
            actor=by,
            obj=project,
            changes=_audit_changes(changes, created=stored is None),
        )
    return project


def project_history(*, project: Project, stored: Project | None, by, now: datetime.datetime) -> list[ProjectChange]:
    """The history entries (not saved yet, nor tied to the project) of the change from
    ``stored`` (None: a new project, every audited field from nothing) to ``project``."""
    changes = []
    for field in AUDITED_FIELDS:
        old = _audit_value(stored, field) if stored is not None else ""
        new = _audit_value(project, field)
        if old != new:
            changes.append(ProjectChange(field=field, old_value=old, new_value=new, changed_by=by, changed_at=now))
    return changes


def _audit_changes(changes: list[ProjectChange], *, created: bool) -> dict[str, list]:
    return {c.field: [None if created else c.old_value, c.new_value] for c in changes}


@transaction.atomic
def projects_create_many(*, projects: list[Project], by=None, batch_size: int = 500) -> list[Project]:
    """Register new projects of one edition at once (an import): one bulk insert, each
    project's initial amount, type and stage in its history and a row for each in the activity
    log, as ``project_save`` writes them for one. The caller has checked every project with
    the service's rules (``project_problems``, ``investment_problem``, the titles); the
    database refuses a title registered meanwhile (IntegrityError)."""
    if not projects:
        return projects
    edition_require_writable(projects[0].edition_id)
    now = timezone.now()
    for project in projects:
        project.created_at = project.updated_at = now
    Project.objects.bulk_create(projects, batch_size=batch_size)
    if any(p.pk is None for p in projects):  # a database that does not return the new ids
        ids = dict(
            Project.objects.filter(
                edition_id=projects[0].edition_id, title__in=[p.title for p in projects]
            ).values_list("title", "pk")
        )
        for project in projects:
            project.pk = ids[project.title]
    history = {}
    for project in projects:
        history[project.pk] = project_history(project=project, stored=None, by=by, now=now)
        for change in history[project.pk]:
            change.project = project
    ProjectChange.objects.bulk_create([c for changes in history.values() for c in changes], batch_size=batch_size)
    audit.record_many(
        action=ProjectAction.PROJECT_CREATE,
        objects=projects,
        actor=by,
        changes=lambda project: _audit_changes(history[project.pk], created=True),
        details={"source": "import"},
    )
    return projects
