"""The projects app's part of a scale edition: about 1,000 cooperation projects at factor 1,
60% signed (most at the signing ceremony, 85% contract projects), the rest negotiating, ready
to sign or withdrawn, across the 12 industry fields and the 10 municipalities and prefectures,
amounts in multiples of 10 million yuan; each with its history of changes."""

import datetime
from decimal import Decimal

from events.models import Event
from expo.models import Edition, MemberUnit
from expo.scale.base import Plan, moment, write_rows
from projects.demo import CHANGE_FIELDS, DOMESTIC_PARTNERS, FOREIGN_PARTNERS, INDUSTRY_WEIGHTS, PHRASES, PLACES
from projects.demo import PROJECT_FIELDS as _PROJECT_FIELDS
from projects.enums import AuditedField, ProjectStage, ProjectType
from projects.models import Project, ProjectChange

PROJECTS = 1000
STAGES = [
    (ProjectStage.SIGNED, 60),
    (ProjectStage.NEGOTIATING, 20),
    (ProjectStage.READY_TO_SIGN, 12),
    (ProjectStage.WITHDRAWN, 8),
]
PROJECT_FIELDS = tuple(f for f in _PROJECT_FIELDS if f != "created_by")
STEP = Decimal("10000000")


def seed_projects(plan: Plan, edition: Edition) -> dict[str, int]:
    rng = plan.rng("projects")
    places = list(MemberUnit.objects.filter(code__in=PLACES).order_by("sort_order", "code"))
    commerce = MemberUnit.objects.filter(code="commerce").first()
    ceremony = Event.objects.filter(edition=edition, kind="signing_ceremony").order_by("starts_at").first()
    if not places:
        return {"projects": 0}
    fields, weights = list(INDUSTRY_WEIGHTS), list(INDUSTRY_WEIGHTS.values())
    stages = [stage for stage, _w in STAGES]
    stage_weights = [w for _s, w in STAGES]
    registered = moment(edition.start_date - datetime.timedelta(days=110), 9)
    rows, history = [], []
    for n in range(plan.count(PROJECTS, at_least=1)):
        place = places[n % len(places)]
        industry = fields[n % len(fields)] if n < len(fields) else rng.choices(fields, weights)[0]
        stage = ProjectStage.SIGNED if n == 0 else rng.choices(stages, stage_weights)[0]
        kind = ProjectType.CONTRACT if rng.random() < 0.85 else ProjectType.AGREEMENT
        amount = STEP * int(rng.lognormvariate(3.5, 1.0) + 1)
        if rng.random() < 0.45:
            partner, country = rng.choice(FOREIGN_PARTNERS)
            province = ""
        else:
            partner, province = rng.choice(DOMESTIC_PARTNERS)
            country = "CN"
        created = registered + datetime.timedelta(days=rng.randint(0, 90), hours=rng.randint(0, 8))
        signed_on, at_ceremony = None, None
        if stage == ProjectStage.SIGNED:
            at_ceremony = ceremony if ceremony is not None and rng.random() < 0.8 else None
            signed_on = (
                edition.start_date if at_ceremony else edition.start_date + datetime.timedelta(days=rng.randint(0, 4))
            )
        reporter = commerce if commerce is not None and n % 6 == 5 else place
        phrase = PHRASES[industry][n % len(PHRASES[industry])]
        title = f"{PLACES[place.code]}{phrase}项目（{n + 1:05d}）"
        updated = moment(signed_on, 16) if signed_on else created + datetime.timedelta(days=20)
        rows.append(
            (
                edition.pk,
                title,
                kind,
                amount,
                industry,
                place.pk,
                reporter.pk,
                partner,
                country,
                province,
                stage,
                signed_on,
                at_ceremony.pk if at_ceremony else None,
                created,
                updated,
            )
        )
        steps = [
            (AuditedField.TYPE, "", kind, created),
            (AuditedField.INVESTMENT, "", str(amount), created),
            (AuditedField.STAGE, "", ProjectStage.NEGOTIATING, created),
        ]
        if stage in (ProjectStage.READY_TO_SIGN, ProjectStage.SIGNED):
            steps.append(
                (
                    AuditedField.STAGE,
                    ProjectStage.NEGOTIATING,
                    ProjectStage.READY_TO_SIGN,
                    created + datetime.timedelta(days=10),
                )
            )
        if stage == ProjectStage.SIGNED:
            steps.append((AuditedField.STAGE, ProjectStage.READY_TO_SIGN, ProjectStage.SIGNED, updated))
        if stage == ProjectStage.WITHDRAWN:
            steps.append((AuditedField.STAGE, ProjectStage.NEGOTIATING, ProjectStage.WITHDRAWN, updated))
        history.append((title, steps))
    write_rows(Project, PROJECT_FIELDS, rows)
    ids = dict(Project.objects.filter(edition=edition).values_list("title", "pk"))
    changes = ((ids[title], field, old, new, None, when) for title, steps in history for field, old, new, when in steps)
    change_count = write_rows(ProjectChange, CHANGE_FIELDS, changes)
    return {"projects": len(rows), "project changes": change_count}
