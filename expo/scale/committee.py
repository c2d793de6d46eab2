"""The expo app's part of a scale edition: the edition itself, the 47 member units of the
reference data (created when missing) and the executive committee's season of work: one
meeting, work items (24 at factor 1) each with a lead unit and four co-units, so that every
member unit has work, and a monthly progress report of each unit on each of its items over
the four months before the expo."""

import datetime

from expo import reference
from expo.models import Edition, Meeting, MemberUnit, ProgressReport, ReportStatus, WorkItem, WorkItemStatus
from expo.scale.base import Plan, moment, write_rows

WORK_ITEMS = 24
UNITS_PER_ITEM = 5
SEASON_MONTHS = 4
TOPICS = [
    ("展览展示筹备", "Preparation of the exhibition"),
    ("招商引资邀商", "Inviting investors and businessmen"),
    ("重点项目签约", "Signing of key projects"),
    ("会议论坛组织", "Organisation of forums and conferences"),
    ("外宾接待保障", "Reception of foreign guests"),
    ("宣传推介", "Publicity and promotion"),
    ("安全保卫", "Security"),
    ("交通保障", "Transport"),
    ("文化交流活动", "Cultural exchange activities"),
    ("线上展会运营", "Running the online exhibition"),
    ("医疗卫生保障", "Medical care"),
    ("志愿者服务", "Volunteer services"),
]
STATUS_CYCLE = [WorkItemStatus.IN_PROGRESS, WorkItemStatus.IN_PROGRESS, WorkItemStatus.AT_RISK, WorkItemStatus.DONE]


def edition_dates(number: int) -> tuple[int, datetime.date, datetime.date]:
    """The expo is biennial, the 13th was in 2021: the edition's year and its five days."""
    year = max(1990, 2021 + 2 * (number - 13))
    start = datetime.date(year, 8, 23)
    return year, start, start + datetime.timedelta(days=4)


def member_units() -> list[MemberUnit]:
    """The reference member units, creating those missing (on a database without the demo)."""
    existing = {u.code: u for u in MemberUnit.objects.all()}
    for order, (code, kind, name_zh, name_en, short_zh, short_en) in enumerate(reference.MEMBER_UNITS, 1):
        if code not in existing:
            existing[code] = MemberUnit.objects.create(
                code=code,
                kind=kind,
                name_zh=name_zh,
                name_en=name_en,
                short_name_zh=short_zh,
                short_name_en=short_en,
                email=f"{code}@committee.expo.example",
                sort_order=order,
            )
    codes = [row[0] for row in reference.MEMBER_UNITS]
    return [existing[code] for code in codes]


def seed_edition(plan: Plan, edition: Edition | None) -> Edition:
    """The edition row: compared with the closest earlier edition, never the current one."""
    year, start, end = edition_dates(plan.number)
    fields = {
        "year": year,
        "name_zh": f"第{plan.number}届中国—东北亚博览会（规模测试）",
        "name_en": f"{plan.number}th China-Northeast Asia Expo (scale test)",
        "city_zh": "长春",
        "city_en": "Changchun",
        "venue_zh": "长春国际会展中心",
        "venue_en": "Changchun International Convention and Exhibition Center",
        "start_date": start,
        "end_date": end,
        "previous": Edition.objects.filter(number__lt=plan.number).order_by("-number").first(),
        "is_current": False,
    }
    if edition is None:
        return Edition.objects.create(number=plan.number, **fields)
    for name, value in fields.items():
        setattr(edition, name, value)
    edition.save()
    return edition


def seed_committee(plan: Plan, edition: Edition, units: list[MemberUnit]) -> dict[str, int]:
    rng = plan.rng("committee")
    edition.committee_units.set(units)
    meeting = Meeting.objects.create(
        edition=edition,
        number=1,
        date=edition.start_date - datetime.timedelta(days=120),
        place_zh="吉林省政府312会议室",
        place_en="Room 312 of the Jilin Provincial Government",
        chair_zh="吉林省人民政府分管副省长、东北亚博览会执委会主任",
        chair_en="The Vice Governor in charge, Director of the Executive Committee",
    )
    meeting.attending_units.set(units)
    count = plan.count(WORK_ITEMS, at_least=1)
    items = []
    for n in range(count):
        zh, en = TOPICS[n % len(TOPICS)]
        items.append(
            WorkItem(
                edition=edition,
                code=str(n + 1),
                sort_order=n + 1,
                title_zh=f"{zh}（{n + 1}）",
                title_en=f"{en} ({n + 1})",
                lead_unit=units[(n * UNITS_PER_ITEM) % len(units)],
                deadline=edition.start_date - datetime.timedelta(days=rng.randint(5, 60)),
                status=STATUS_CYCLE[n % len(STATUS_CYCLE)],
                meeting=meeting,
            )
        )
    WorkItem.objects.bulk_create(items)
    items = list(WorkItem.objects.filter(edition=edition).order_by("sort_order"))
    through, crew = [], {}
    for n, item in enumerate(items):
        team = [units[(n * UNITS_PER_ITEM + k) % len(units)] for k in range(UNITS_PER_ITEM)]
        crew[item.pk] = team
        through += [(item.pk, unit.pk) for unit in team[1:]]
    write_rows(WorkItem.co_units.through, ("workitem", "memberunit"), through)

    last = edition.start_date.replace(day=1) - datetime.timedelta(days=1)
    periods = []
    for _ in range(SEASON_MONTHS):
        periods.insert(0, last.replace(day=1))
        last = last.replace(day=1) - datetime.timedelta(days=1)

    def reports():
        for item in items:
            for k, unit in enumerate(crew[item.pk]):
                for m, period in enumerate(periods):
                    latest = m == len(periods) - 1
                    roll = rng.random()
                    if latest:
                        status = (
                            ReportStatus.DRAFT
                            if roll < 0.2
                            else ReportStatus.SUBMITTED
                            if roll < 0.6
                            else ReportStatus.ACCEPTED
                        )
                    else:
                        status = ReportStatus.RETURNED if roll < 0.08 else ReportStatus.ACCEPTED
                    percent = min(100, 15 + 20 * m + rng.randint(0, 15))
                    submitted = moment(period + datetime.timedelta(days=27), 9 + k % 8)
                    reviewed = status in (ReportStatus.ACCEPTED, ReportStatus.RETURNED)
                    yield (
                        item.pk,
                        unit.pk,
                        period,
                        f"{unit.short_name_zh}：{item.title_zh}按计划推进，已完成约{percent}%。",
                        percent,
                        "需协调场馆和接待资源。" if roll > 0.9 else "",
                        status,
                        "请补充具体时间节点。" if status == ReportStatus.RETURNED else "",
                        None if status == ReportStatus.DRAFT else submitted,
                        submitted + datetime.timedelta(days=2) if reviewed else None,
                        submitted,
                        submitted,
                    )

    fields = (
        "work_item",
        "unit",
        "period",
        "narrative",
        "percent",
        "problems",
        "status",
        "secretariat_comment",
        "submitted_at",
        "reviewed_at",
        "created_at",
        "updated_at",
    )
    report_count = write_rows(ProgressReport, fields, reports())
    return {"work items": len(items), "progress reports": report_count}
