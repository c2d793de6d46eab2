"""Reads of cooperation projects that views, exports and reports share."""

from django.db.models import Count, Q, QuerySet

from events.models import Event
from expo.enums import MemberUnitKind
from expo.models import Edition, MemberUnit
from projects.enums import ProjectStage
from projects.models import Project, ProjectChange

LIST_RELATED = ("edition", "municipality", "reporting_unit", "signing_ceremony")


def unit_projects(*, unit: MemberUnit, edition: Edition) -> QuerySet[Project]:
    """The projects ``unit`` reports in ``edition``, newest first, ready for a list."""
    return (
        Project.objects.filter(reporting_unit=unit, edition=edition)
        .select_related(*LIST_RELATED)
        .order_by("-created_at", "-pk")
    )


def unit_project(*, unit: MemberUnit) -> QuerySet[Project]:
    """The projects ``unit`` may open in the portal (of any edition): its own only."""
    return Project.objects.filter(reporting_unit=unit).select_related(*LIST_RELATED)


def project_history(*, project: Project) -> QuerySet[ProjectChange]:
    """Every recorded change of ``project``, oldest first, with who made it."""
    return project.changes.select_related("changed_by").order_by("changed_at", "pk")


def edition_projects(*, edition: Edition) -> QuerySet[Project]:
    """Every project of ``edition`` for lists and exports, by title."""
    return Project.objects.filter(edition=edition).select_related(*LIST_RELATED).order_by("title", "pk")


def municipalities() -> QuerySet[MemberUnit]:
    """The host municipalities and prefectures, in the committee's order."""
    return MemberUnit.objects.filter(kind=MemberUnitKind.MUNICIPALITY).order_by("sort_order", "code")


def signing_ceremonies(*, edition: Edition) -> QuerySet:
    """The signing ceremonies of ``edition``, in time order."""
    return Event.objects.filter(edition=edition, kind="signing_ceremony").select_related("room").order_by("starts_at")


def ready_to_sign_by_ceremony(*, edition: Edition) -> tuple[list, list[Project]]:
    """The signing ceremonies of ``edition``, each with ``ready`` (its projects ready to sign,
    largest first) and ``signed`` (the count signed there), and the projects ready to sign
    that no ceremony has yet. Two queries."""
    ready = Project.objects.filter(edition=edition, stage=ProjectStage.READY_TO_SIGN).select_related(
        "municipality", "reporting_unit"
    )
    ceremonies = list(
        signing_ceremonies(edition=edition).annotate(
            signed_count=Count("projects", filter=Q(projects__stage=ProjectStage.SIGNED))
        )
    )
    ready = list(ready.order_by("-investment_yuan", "title"))
    by_ceremony: dict[int, list[Project]] = {}
    unassigned = []
    for project in ready:
        if project.signing_ceremony_id is None:
            unassigned.append(project)
        else:
            by_ceremony.setdefault(project.signing_ceremony_id, []).append(project)
    for ceremony in ceremonies:
        ceremony.ready = by_ceremony.get(ceremony.pk, [])
        ceremony.ready_total = sum(p.investment_yuan for p in ceremony.ready)
    return ceremonies, unassigned
