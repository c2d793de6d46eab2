"""Demo cooperation projects of the 12th and 13th editions, and a scale edition's (registered
in ``expo.seeding`` as "projects"). Run by ``manage.py seed_demo`` and ``seed_scale``.

The 13th edition's signed projects reproduce the published results (shared/seeds): 111
projects over 196.2 billion yuan, 98 contract projects over 117.1 billion yuan, up 110.69
percent on the 12th edition's signed contract projects (55,579,287,104.28 yuan), and 13
agreement projects over 79.1 billion yuan, across the 12 industry fields and the 10
municipalities and prefectures; plus a pipeline (negotiating, ready to sign) and withdrawn
projects, which the figures leave out. Each project has its history (registration, amount
revisions, stage changes). Idempotent: an edition that has projects is left alone.

A scale edition has about 1,000 projects at factor 1, 60% signed (most at the signing
ceremony, 85% contract projects), the rest negotiating, ready to sign or withdrawn, across
the 12 industry fields and the 10 municipalities and prefectures. Both are rows of the same
builder (``_row``, ``_history``, ``_write``).
"""

import datetime
import random
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction

from events.models import Event
from expo import reference
from expo.enums import Industry
from expo.models import Edition, MemberUnit
from expo.seeding import Plan, Seeder, moment, raw_delete, write_rows
from projects.enums import AuditedField, ProjectStage, ProjectType
from projects.models import Project, ProjectChange
from projects.selectors import municipalities
from projects.services import project_create, project_update

TZ = ZoneInfo("Asia/Shanghai")
# Signed projects by type: (count, total investment in yuan); pipeline and withdrawn counts.
EDITIONS = {
    12: {
        "signed": {
            ProjectType.CONTRACT: (47, Decimal("55579287104.28")),
            ProjectType.AGREEMENT: (9, Decimal("31250000000.00")),
        },
        "pipeline": {ProjectStage.WITHDRAWN: 4},
    },
    13: {
        "signed": {
            ProjectType.CONTRACT: (98, Decimal("117100000000.00")),
            ProjectType.AGREEMENT: (13, Decimal("79100000000.00")),
        },
        "pipeline": {ProjectStage.NEGOTIATING: 18, ProjectStage.READY_TO_SIGN: 12, ProjectStage.WITHDRAWN: 5},
    },
}
# Amounts are multiples of 10 million yuan (0.1 亿), as projects are announced; the odd
# remainder of a published total goes to the largest project.
STEP_CENTS = 10_000_000 * 100

PLACES = reference.MUNICIPALITIES
# How often each municipality hosts a project (Changchun, the capital, most).
PLACE_WEIGHTS = {
    "changchun": 9,
    "jilin-city": 5,
    "siping": 2,
    "liaoyuan": 2,
    "tonghua": 3,
    "baishan": 2,
    "songyuan": 3,
    "baicheng": 2,
    "yanbian": 4,
    "changbai-mountain": 2,
}
PHRASES = {
    Industry.NEW_ENERGY: ["风光储一体化", "氢能产业园", "生物质热电联产", "分布式光伏", "风电装备"],
    Industry.NEW_MATERIALS: ["碳纤维复合材料", "石墨烯新材料", "高性能工程塑料", "玄武岩纤维"],
    Industry.MEDICAL_HEALTH: ["生物医药产业园", "中药材精深加工", "医疗器械生产基地", "康养综合体"],
    Industry.GREEN_FOOD: ["玉米深加工", "人参精深加工", "有机大米产业化", "肉牛养殖加工一体化", "蓝莓饮品"],
    Industry.CULTURAL_TOURISM: ["冰雪旅游度假区", "文旅小镇", "研学旅游基地", "温泉康养度假区"],
    Industry.AUTOMOBILE: ["汽车零部件产业园", "新能源汽车电池包", "汽车轻量化部件", "智能网联汽车测试场", "汽车座椅"],
    Industry.PETROCHEMICAL: ["精细化工", "化工新材料", "炼化一体化配套", "特种橡胶"],
    Industry.EQUIPMENT: ["轨道客车配套", "智能装备制造", "农机装备", "精密数控机床"],
    Industry.ELECTRONICS: ["光电子信息产业园", "卫星遥感应用", "大数据中心", "半导体封装测试"],
    Industry.METALLURGY: ["绿色建材产业园", "装配式建筑构件", "特种钢材加工", "新型墙体材料"],
    Industry.LIGHT_INDUSTRY: ["纺织服装产业园", "家居制造", "功能性纤维", "日用品智能制造"],
    Industry.MODERN_SERVICES: ["国际物流园", "跨境电商产业园", "商贸综合体", "供应链金融服务平台"],
}
# More contract projects in the province's strong fields.
INDUSTRY_WEIGHTS = {
    Industry.NEW_ENERGY: 5,
    Industry.NEW_MATERIALS: 3,
    Industry.MEDICAL_HEALTH: 4,
    Industry.GREEN_FOOD: 5,
    Industry.CULTURAL_TOURISM: 3,
    Industry.AUTOMOBILE: 5,
    Industry.PETROCHEMICAL: 2,
    Industry.EQUIPMENT: 3,
    Industry.ELECTRONICS: 3,
    Industry.METALLURGY: 2,
    Industry.LIGHT_INDUSTRY: 2,
    Industry.MODERN_SERVICES: 3,
}
PHASES = ["", "（二期）", "（三期）", "（四期）", "（五期）", "（六期）"]
# Fictitious partners: (name, ISO country code, province for China).
FOREIGN_PARTNERS = [
    ("Hanbit Energy Co., Ltd.", "KR"),
    ("Daehan Bio Pharma Co., Ltd.", "KR"),
    ("Seoul Smart Mobility Co., Ltd.", "KR"),
    ("Gangwon Resort Development Co., Ltd.", "KR"),
    ("Hokuto Precision Machinery Co., Ltd.", "JP"),
    ("Sakura Food Industries Co., Ltd.", "JP"),
    ("Kansai Advanced Materials Corp.", "JP"),
    ("Baikal Agro Holding LLC", "RU"),
    ("Primorye Logistics JSC", "RU"),
    ("Amur Timber Group LLC", "RU"),
    ("Tumen Gobi Resources LLC", "MN"),
    ("Rhein Automotive Systems GmbH", "DE"),
    ("Lion City Capital Partners Pte. Ltd.", "SG"),
    ("Victoria Harbour Investment Ltd.", "HK"),
    ("Nordic Clean Power AB", "SE"),
    ("Maple Health Technologies Inc.", "CA"),
]
DOMESTIC_PARTNERS = [
    ("浙江瑞丰新材料集团有限公司", "Zhejiang"),
    ("江苏远航装备制造股份有限公司", "Jiangsu"),
    ("广东南粤电子信息产业集团有限公司", "Guangdong"),
    ("北京中科清源能源科技有限公司", "Beijing"),
    ("上海东方康健医药投资有限公司", "Shanghai"),
    ("山西汾河能源化工有限公司", "Shanxi"),
    ("深圳鹏程智慧城市发展有限公司", "Guangdong"),
    ("山东齐鲁绿色食品股份有限公司", "Shandong"),
    ("天津滨海新材化工有限公司", "Tianjin"),
    ("四川蜀韵文化旅游发展有限公司", "Sichuan"),
    ("辽宁辽河冶金建材集团有限公司", "Liaoning"),
    ("福建闽江轻纺集团有限公司", "Fujian"),
    ("湖北荆楚汽车零部件有限公司", "Hubei"),
    ("黑龙江寒地黑土农业发展有限公司", "Heilongjiang"),
]
REPORTED_BY_COMMERCE = 6  # every sixth project is reported by the Department of Commerce

PROJECT_FIELDS = (
    "edition",
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
    "created_by",
    "created_at",
    "updated_at",
)
CHANGE_FIELDS = ("project", "field", "old_value", "new_value", "changed_by", "changed_at")


def split_amount(total: Decimal, count: int, rng: random.Random) -> list[Decimal]:
    """``count`` positive amounts that add up to ``total`` exactly, multiples of 10 million
    yuan but for the largest, which takes the remainder."""
    total_cents = int(total * 100)
    steps, remainder = divmod(total_cents, STEP_CENTS)
    weights = [rng.lognormvariate(0, 0.8) for _ in range(count)]
    scale = sum(weights)
    shares = [max(1, int(steps * w / scale)) for w in weights]
    largest = max(range(count), key=lambda i: shares[i])
    shares[largest] += steps - sum(shares)
    cents = [share * STEP_CENTS for share in shares]
    cents[largest] += remainder
    assert sum(cents) == total_cents
    assert min(cents) > 0
    return [Decimal(c) / 100 for c in cents]


def _partner(rng: random.Random) -> tuple[str, str, str]:
    """A partner: (name, country, province for China), foreign 45% of the time."""
    if rng.random() < 0.45:
        name, country = rng.choice(FOREIGN_PARTNERS)
        return name, country, ""
    name, province = rng.choice(DOMESTIC_PARTNERS)
    return name, "CN", province


def _history(type, amount, stage, created, *, ready=None, done=None, registrant=None, signer=None, revised=None):
    """A project's changes, as the service records them: registered negotiating (at an opening
    amount ``revised`` = (amount, when) revises), then ready to sign and signed, or withdrawn,
    at ``ready`` and ``done``. Rows of (field, old, new, who, when)."""
    opening = revised[0] if revised else amount
    steps = [
        (AuditedField.TYPE, "", type, registrant, created),
        (AuditedField.INVESTMENT, "", str(opening), registrant, created),
        (AuditedField.STAGE, "", ProjectStage.NEGOTIATING, registrant, created),
    ]
    if revised:
        steps.append((AuditedField.INVESTMENT, str(opening), str(amount), registrant, revised[1]))
    if stage in (ProjectStage.READY_TO_SIGN, ProjectStage.SIGNED):
        steps.append((AuditedField.STAGE, ProjectStage.NEGOTIATING, ProjectStage.READY_TO_SIGN, registrant, ready))
    if stage == ProjectStage.SIGNED:
        steps.append((AuditedField.STAGE, ProjectStage.READY_TO_SIGN, ProjectStage.SIGNED, signer, done))
    elif stage == ProjectStage.WITHDRAWN:
        steps.append((AuditedField.STAGE, ProjectStage.NEGOTIATING, ProjectStage.WITHDRAWN, registrant, done))
    return steps


def _row(edition, title, type, amount, industry, municipality, reporter, partner, stage, signed_on, ceremony, by, created, updated) -> tuple:  # fmt: skip
    """A project as a row of ``PROJECT_FIELDS``; ``partner`` is (name, country, province)."""
    return (
        edition.pk,
        title,
        type,
        amount,
        industry,
        municipality.pk,
        reporter.pk,
        *partner,
        stage,
        signed_on,
        ceremony.pk if ceremony else None,
        by.pk if by else None,
        created,
        updated,
    )


def _write(edition: Edition, projects: list[tuple[tuple, list]]) -> tuple[int, int]:
    """Insert (row of ``PROJECT_FIELDS``, history) pairs; returns the projects and changes written."""
    count = write_rows(Project, PROJECT_FIELDS, (row for row, _history in projects))
    ids = dict(Project.objects.filter(edition=edition).values_list("title", "pk"))
    changes = (
        (ids[row[1]], field, old, new, who.pk if who else None, when)
        for row, history in projects
        for field, old, new, who, when in history
    )
    return count, write_rows(ProjectChange, CHANGE_FIELDS, changes)


def _moment(day: datetime.date, rng: random.Random) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(rng.randint(8, 17), rng.choice((0, 15, 30, 45))), tzinfo=TZ)


def _day_between(first: datetime.date, last: datetime.date, rng: random.Random) -> datetime.date:
    return first + datetime.timedelta(days=rng.randint(0, max((last - first).days, 0)))


class _Builder:
    """Builds one edition's projects as rows, with their history."""

    def __init__(self, edition: Edition, rng: random.Random):
        self.edition = edition
        self.rng = rng
        self.units = {u.code: u for u in municipalities()}
        self.commerce = MemberUnit.objects.filter(code="commerce").first()
        users = get_user_model().objects.filter(username__in=("changchun", "commerce", "organizer"))
        self.users = {u.username: u for u in users}
        self.unit_users = {u.member_unit_id: u for u in users if u.member_unit_id}
        self.ceremonies = list(Event.objects.filter(edition=edition, kind="signing_ceremony").order_by("starts_at"))
        self.titles: set[str] = set()
        self.projects: list[tuple[tuple, list]] = []
        self.place_cycle = [code for code, weight in PLACE_WEIGHTS.items() for _ in range(weight) if code in self.units]
        rng.shuffle(self.place_cycle)
        self.count = 0

    def _title(self, place: str, industry: str) -> str:
        phrases = PHRASES[industry]
        start = self.rng.randrange(len(phrases))
        for phase in PHASES:
            for offset in range(len(phrases)):
                title = f"{PLACES[place]}{phrases[(start + offset) % len(phrases)]}项目{phase}"
                if title not in self.titles:
                    self.titles.add(title)
                    return title
        raise RuntimeError("no free demo title")

    def add(self, *, type: str, amount: Decimal, industry: str, stage: str, place: str | None = None) -> None:
        rng, edition = self.rng, self.edition
        self.count += 1
        place = place or self.place_cycle[self.count % len(self.place_cycle)]
        municipality = self.units[place]
        reporter = self.commerce if self.commerce and self.count % REPORTED_BY_COMMERCE == 0 else municipality
        partner, country, province = _partner(rng)
        year = edition.year
        registration_closes = min(datetime.date(year, 8, 31), edition.start_date - datetime.timedelta(days=1))
        first = datetime.date(year, 7, 1) if stage == ProjectStage.NEGOTIATING else datetime.date(year, 5, 1)
        created = _moment(_day_between(first, registration_closes, rng), rng)
        registrant = self.unit_users.get(reporter.pk)
        revised, last = None, created
        if rng.random() < 0.15:  # revised during the talks
            last = created + datetime.timedelta(days=rng.randint(3, 20))
            revised = ((amount * Decimal("0.8")).quantize(Decimal("0.01")), last)
        signed_on, ceremony, ready = None, None, None
        if stage in (ProjectStage.READY_TO_SIGN, ProjectStage.SIGNED):
            ready = last = max(last, _moment(_day_between(datetime.date(year, 8, 1), registration_closes, rng), rng))
            if self.ceremonies and rng.random() < 0.7:
                ceremony = rng.choice(self.ceremonies)
        if stage == ProjectStage.SIGNED:
            if ceremony is not None:
                signed_on = ceremony.starts_at.astimezone(TZ).date()
            else:
                signed_on = _day_between(edition.start_date, edition.end_date, rng)
            last = _moment(signed_on, rng)
        elif stage == ProjectStage.WITHDRAWN:
            last = last + datetime.timedelta(days=rng.randint(10, 40))
        history = _history(
            type,
            amount,
            stage,
            created,
            ready=ready,
            done=last,
            registrant=registrant,
            signer=self.users.get("organizer"),
            revised=revised,
        )
        row = _row(
            edition,
            self._title(place, industry),
            type,
            amount,
            industry,
            municipality,
            reporter,
            (partner, country, province),
            stage,
            signed_on,
            ceremony,
            registrant,
            created,
            last,
        )
        self.projects.append((row, history))

    def write(self) -> int:
        return _write(self.edition, self.projects)[0]


def _industries(count: int, rng: random.Random, *, cover_all: bool) -> list[str]:
    """``count`` industry fields, each of the 12 at least once when ``cover_all``."""
    chosen = list(Industry.values) if cover_all else []
    rng.shuffle(chosen)
    fields, weights = list(INDUSTRY_WEIGHTS), list(INDUSTRY_WEIGHTS.values())
    chosen += rng.choices(fields, weights=weights, k=count - len(chosen))
    return chosen[:count]


def seed_edition(edition: Edition, figures: dict, rng: random.Random) -> int:
    builder = _Builder(edition, rng)
    places = list(PLACE_WEIGHTS)
    for type, (count, total) in figures["signed"].items():
        amounts = split_amount(total, count, rng)
        industries = _industries(count, rng, cover_all=type == ProjectType.CONTRACT)
        for index, (amount, industry) in enumerate(zip(amounts, industries, strict=True)):
            # The contract projects begin with one in each municipality.
            place = places[index] if type == ProjectType.CONTRACT and index < len(places) else None
            builder.add(type=type, amount=amount, industry=industry, stage=ProjectStage.SIGNED, place=place)
    for stage, count in figures["pipeline"].items():
        for industry in _industries(count, rng, cover_all=False):
            type = ProjectType.CONTRACT if rng.random() < 0.85 else ProjectType.AGREEMENT
            amount = Decimal(rng.randint(2, 150) * STEP_CENTS) / 100
            builder.add(type=type, amount=amount, industry=industry, stage=stage)
    return builder.write()


@transaction.atomic
def seed(*, password=None, log=print, light: bool = False) -> None:
    """The projects are few: light mode seeds them all the same."""
    created = []
    for number, figures in EDITIONS.items():
        edition = Edition.objects.filter(number=number).first()
        if edition is None or Project.objects.filter(edition=edition).exists():
            continue
        count = seed_edition(edition, figures, random.Random(number))
        created.append(f"{count} in the {number}th edition")
    log(f"projects: {', '.join(created) if created else 'already loaded'}")


# The current edition's pipeline, registered in the portal's window (open on the demo's day)
# by the demo units through the projects service: (reporting unit, host municipality, title,
# type, investment in yuan, industry, partner, partner country, partner province, stage)
CURRENT_PIPELINE = [
    ("changchun", "changchun", "长春汽车轻量化部件产业园项目", ProjectType.CONTRACT, "3200000000.00", Industry.AUTOMOBILE,
     "Rhein Automotive Systems GmbH", "DE", "", ProjectStage.NEGOTIATING),
    ("changchun", "changchun", "长春光电子信息产业园项目", ProjectType.CONTRACT, "1800000000.00", Industry.ELECTRONICS,
     "广东南粤电子信息产业集团有限公司", "CN", "Guangdong", ProjectStage.READY_TO_SIGN),
    ("commerce", "yanbian", "延边跨境电商产业园项目", ProjectType.CONTRACT, "900000000.00", Industry.MODERN_SERVICES,
     "Hanbit Energy Co., Ltd.", "KR", "", ProjectStage.NEGOTIATING),
    ("commerce", "jilin-city", "吉林碳纤维复合材料项目", ProjectType.AGREEMENT, "2500000000.00", Industry.NEW_MATERIALS,
     "Kansai Advanced Materials Corp.", "JP", "", ProjectStage.READY_TO_SIGN),
    ("commerce", "tonghua", "通化生物医药产业园项目", ProjectType.CONTRACT, "1200000000.00", Industry.MEDICAL_HEALTH,
     "上海东方康健医药投资有限公司", "CN", "Shanghai", ProjectStage.WITHDRAWN),
]  # fmt: skip


@transaction.atomic
def seed_current(*, edition, today, password=None, log=print, light: bool = False) -> None:
    """The current edition's pipeline so far (written once: an edition with projects is left alone)."""
    if Project.objects.filter(edition=edition).exists():
        return
    units = {u.code: u for u in MemberUnit.objects.all()}
    users = {u.member_unit_id: u for u in get_user_model().objects.filter(member_unit__isnull=False)}
    for unit, place, title, type, amount, industry, partner, country, province, stage in CURRENT_PIPELINE:
        reporter = units[unit]
        project = project_create(
            edition=edition,
            reporting_unit=reporter,
            title=title,
            type=type,
            investment_yuan=Decimal(amount),
            industry=industry,
            municipality=units[place],
            partner_name=partner,
            partner_country=country,
            partner_province=province,
            by=users.get(reporter.pk),
        )
        if stage != ProjectStage.NEGOTIATING:
            project_update(project=project, stage=stage, by=users.get(reporter.pk))
    log(f"projects of the {edition.number}th: {len(CURRENT_PIPELINE)} in the pipeline")


# Scale editions (manage.py seed_scale): K times 1,000 projects, in this mix of stages.
SCALE_PROJECTS = 1000
SCALE_STAGES = [
    (ProjectStage.SIGNED, 60),
    (ProjectStage.NEGOTIATING, 20),
    (ProjectStage.READY_TO_SIGN, 12),
    (ProjectStage.WITHDRAWN, 8),
]
STEP = Decimal(STEP_CENTS // 100)


def scale(plan: Plan, edition: Edition) -> dict[str, int]:
    rng = plan.rng("projects")
    places = list(MemberUnit.objects.filter(code__in=PLACES).order_by("sort_order", "code"))
    commerce = MemberUnit.objects.filter(code="commerce").first()
    ceremony = Event.objects.filter(edition=edition, kind="signing_ceremony").order_by("starts_at").first()
    if not places:
        return {"projects": 0}
    fields, weights = list(INDUSTRY_WEIGHTS), list(INDUSTRY_WEIGHTS.values())
    stages = [stage for stage, _w in SCALE_STAGES]
    stage_weights = [w for _s, w in SCALE_STAGES]
    registered = moment(edition.start_date - datetime.timedelta(days=110), 9)
    projects = []
    for n in range(plan.count(SCALE_PROJECTS, at_least=1)):
        place = places[n % len(places)]
        industry = fields[n % len(fields)] if n < len(fields) else rng.choices(fields, weights)[0]
        stage = ProjectStage.SIGNED if n == 0 else rng.choices(stages, stage_weights)[0]
        kind = ProjectType.CONTRACT if rng.random() < 0.85 else ProjectType.AGREEMENT
        amount = STEP * int(rng.lognormvariate(3.5, 1.0) + 1)
        partner = _partner(rng)
        created = registered + datetime.timedelta(days=rng.randint(0, 90), hours=rng.randint(0, 8))
        signed_on, at_ceremony = None, None
        if stage == ProjectStage.SIGNED:
            at_ceremony = ceremony if ceremony is not None and rng.random() < 0.8 else None
            signed_on = (
                edition.start_date if at_ceremony else edition.start_date + datetime.timedelta(days=rng.randint(0, 4))
            )
        reporter = commerce if commerce is not None and n % 6 == 5 else place
        title = f"{PLACES[place.code]}{PHRASES[industry][n % len(PHRASES[industry])]}项目（{n + 1:05d}）"
        updated = moment(signed_on, 16) if signed_on else created + datetime.timedelta(days=20)
        row = _row(
            edition, title, kind, amount, industry, place, reporter, partner, stage, signed_on, at_ceremony, None, created, updated
        )  # fmt: skip
        ready = created + datetime.timedelta(days=10)
        projects.append((row, _history(kind, amount, stage, created, ready=ready, done=updated)))
    count, changes = _write(edition, projects)
    return {"projects": count, "project changes": changes}


def purge(edition: Edition) -> None:
    raw_delete(ProjectChange.objects.filter(project__edition=edition))
    Project.objects.filter(edition=edition).delete()


def has_data(edition: Edition) -> bool:
    return Project.objects.filter(edition=edition).exists()


SEEDER = Seeder(name="projects", order=50, demo=seed, current=seed_current, scale=scale, purge=purge, has_data=has_data, checksum=(
    (Project, "edition", ["title", "type", "investment_yuan", "industry", "municipality__code", "reporting_unit__code", "partner_name", "partner_country", "stage", "signed_on"], ["title"]),
    (ProjectChange, "project__edition", ["project__title", "field", "old_value", "new_value", "changed_at"], ["project__title", "changed_at", "field", "new_value"]),
))  # fmt: skip
