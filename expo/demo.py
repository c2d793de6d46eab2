"""Demo and scale data of the expo app (registered in ``expo.seeding`` as "committee").

Demo: the 12th and 13th editions, the 47 member units and the demo accounts of
shared/DESIGN.md, the committees of the 12th and 13th, and (``seed_current``) the current
edition's committee at work today. Run by ``manage.py seed_demo``; idempotent.

Scale (``manage.py seed_scale``): the edition row, the member units of the reference data
(created when missing) and the executive committee's season of work: one meeting, work items
(24 at factor 1) each with a lead unit and four co-units, so that every member unit has work,
and a monthly progress report of each unit on each of its items over the four months before
the expo."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from expo import reference
from expo.committee.periods import period_of
from expo.enums import Office
from expo.models import Edition, Meeting, MemberUnit, ProgressReport, ReportStatus, WorkItem, WorkItemStatus
from expo.roles import sync_office_groups
from expo.seeding import Plan, Seeder, moment, raw_delete, write_rows

# username -> (given name, family name, staff?, superuser?, offices, member unit code)
DEMO_ACCOUNTS = {
    "organizer": ("磊", "王", True, True, [Office.SECRETARIAT], None),
    "protocol": ("娜", "李", True, False, [Office.PROTOCOL], None),
    "commerce": ("伟", "张", False, False, [], "commerce"),
    "changchun": ("洋", "刘", False, False, [], "changchun"),
    "exhibitor1": ("静", "陈", False, False, [], None),
    "exhibitor2": ("Min-jun", "Kim", False, False, [], None),
}


@transaction.atomic
def seed(*, password: str | None, log=print, light: bool = False) -> None:
    units = _seed_member_units()
    editions = _seed_editions(units)
    _seed_accounts(password=password)
    _seed_committee(log=log)
    log(f"expo: {len(editions)} editions, {len(units)} member units, {len(DEMO_ACCOUNTS)} demo accounts")


def _seed_member_units() -> list[MemberUnit]:
    return member_units(update=True)


def member_units(*, update: bool = False) -> list[MemberUnit]:
    """The reference member units in their order: created when missing, and with ``update``
    (the demo) set back to the reference data; a scale edition leaves existing units alone."""
    existing = {u.code: u for u in MemberUnit.objects.all()}
    for order, (code, kind, name_zh, name_en, short_zh, short_en) in enumerate(reference.MEMBER_UNITS, 1):
        if code in existing and not update:
            continue
        existing[code], _ = MemberUnit.objects.update_or_create(
            code=code,
            defaults={
                "kind": kind,
                "name_zh": name_zh,
                "name_en": name_en,
                "short_name_zh": short_zh,
                "short_name_en": short_en,
                "email": f"{code}@committee.expo.example",
                "sort_order": order,
            },
        )
    return [existing[row[0]] for row in reference.MEMBER_UNITS]


def _seed_editions(units: list[MemberUnit]) -> list[Edition]:
    editions, previous = [], None
    for data in reference.EDITIONS:
        edition, _ = Edition.objects.update_or_create(number=data["number"], defaults={**data, "previous": previous})
        edition.committee_units.set(units)
        editions.append(edition)
        previous = edition
    return editions


def _seed_accounts(*, password: str | None) -> None:
    groups = sync_office_groups()
    units = {u.code: u for u in MemberUnit.objects.all()}
    User = get_user_model()
    for username, (first, last, staff, superuser, offices, unit_code) in DEMO_ACCOUNTS.items():
        user, created = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@demo.expo.example",
                "is_staff": staff,
                "is_superuser": superuser,
                "is_active": True,
                "member_unit": units.get(unit_code),
            },
        )
        if password:
            user.set_password(password)
        elif created:
            user.set_unusable_password()
        # The demo's addresses count as verified, and its organizers are enrolled for the
        # two-step login (``manage.py otp_code`` prints their code on a developer's machine).
        user.email_verified_at = user.email_verified_at or timezone.now()
        user.save()
        user.groups.set([groups[o.value] for o in offices])
        if staff and not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            TOTPDevice.objects.create(user=user, name="demo", confirmed=True)


# Executive committee: the 12th edition's 2nd meeting as in its minutes
# (seeds/000_1245571152205f66.txt), with the five requirements and their tasks; the 13th
# edition's committee modelled on it, its deadlines spread over the five months before the
# expo; the current edition's tree is copied forward from the 13th's (expo.copy_forward), so
# its deadlines fall before, around and after the demo's day, with reports in every state.

MUNICIPALITIES = list(reference.MUNICIPALITIES)

# code, Chinese, English, lead unit, co-units
WORK_ITEMS = [
    ("1", "突出三个主题项目", "Highlight three theme projects", "commerce", ["industry", "ccpit"]),
    ("1.1", "5G主题展示", "5G theme: application scenarios of the 5G era", "industry", ["communications", "commerce"]),
    (
        "1.2",
        "中日韩企业家峰会",
        "China-Japan-ROK Entrepreneurs Summit (TCM, cultural creativity, automobile, elderly care)",
        "commerce",
        ["foreign-affairs", "ccpit", "changchun"],
    ),
    (
        "1.3",
        "隐形冠军企业展区及德源产业园开园",
        "Hidden champions exhibition area and the opening of the Deyuan Industrial Park",
        "ccpit",
        ["changchun", "commerce"],
    ),
    ("2", "推进招商引资邀商", "Promote the invitation of businessmen", "commerce", ["foreign-affairs"]),
    (
        "2.1",
        "各市州至少设计一项主题活动",
        "Each municipality and prefecture designs at least one theme activity",
        "commerce",
        MUNICIPALITIES,
    ),
    (
        "2.2",
        "邀请政要出席（争取俄罗斯副总理）",
        "Invite political leaders (strive for the Russian Vice Premier)",
        "foreign-affairs",
        ["commerce", "general-office"],
    ),
    ("3", "推进投资经贸合作", "Promote investment, economic and trade cooperation", "commerce", ["development-reform"]),
    (
        "3.1",
        "加快推进投资合作项目",
        "Speed up investment cooperation projects for signing at the expo",
        "commerce",
        ["development-reform", *MUNICIPALITIES],
    ),
    (
        "3.2",
        "5月至8月底经贸成果统计",
        "Statistics of investment and trade results from May to the end of August",
        "commerce",
        ["statistics", "changchun", "jilin-city"],
    ),
    ("4", "推进人文交流", "Promote cultural exchange", "propaganda", ["culture-tourism"]),
    (
        "4.1",
        "设计文化交流活动主题和内容",
        "Design the themes and content of cultural exchange activities",
        "culture-tourism",
        MUNICIPALITIES,
    ),
    (
        "4.2",
        "文化旅游宣传推介和协调",
        "Promotion, guidance and coordination of culture and tourism",
        "propaganda",
        ["culture-tourism", "radio-television"],
    ),
    ("5", "协同精准筹备", "Cooperative and precise preparations", "general-office", ["commerce"]),
    (
        "5.1",
        "营造氛围：长春新闻发布会和新媒体宣传",
        "Build the atmosphere: Changchun press conference and new media",
        "propaganda",
        ["information-office", "cyberspace", "radio-television", "changchun"],
    ),
    (
        "5.2",
        "精心设计会议活动方案",
        "Work out and refine the programme of conference activities",
        "commerce",
        ["ccpit", "foreign-affairs"],
    ),
    (
        "5.3",
        "高质量办展（国际化标准）",
        "High-quality exhibition to international standards",
        "commerce",
        ["industry", "science-technology"],
    ),
    (
        "5.4",
        "安保、医疗、食品安全和应急管理",
        "Security, medical care, food safety and emergency management",
        "public-security",
        ["health", "market-regulation", "emergency", "fire-rescue", "changchun"],
    ),
    (
        "5.5",
        "民航、铁路运输和接待衔接",
        "Civil aviation and railway transport and reception",
        "transport",
        ["civil-aviation", "railway", "border-inspection", "customs"],
    ),
]
SUPPORT_ITEM = (
    "5.6",
    "各成员单位职责范围内的保障工作",
    "Each member unit's support to the expo within its duties",
    "general-office",
)
# The chair of the 13th and later editions' meetings, and the meetings' room.
CHAIR = (
    "吉林省人民政府分管副省长、东北亚博览会执委会主任",
    "The Vice Governor in charge, Director of the Executive Committee",
)
PLACE = ("吉林省政府312会议室", "Room 312 of the Jilin Provincial Government")
STATES = [ReportStatus.DRAFT, ReportStatus.SUBMITTED, ReportStatus.ACCEPTED, ReportStatus.RETURNED]


def _seed_committee(*, log=print) -> None:
    units = {u.code: u for u in MemberUnit.objects.all()}
    twelfth = Edition.objects.filter(number=12).first()
    thirteenth = Edition.objects.filter(number=13).first()
    if twelfth is None or thirteenth is None or "commerce" not in units:
        return
    meeting_12 = _meeting(
        twelfth,
        number=2,
        date=datetime.date(2019, 5, 21),
        chair=(
            "吉林省人民政府副省长、东北亚博览会执委会主任朱天舒",
            "Zhu Tianshu, Vice Governor, Director of the Executive Committee",
        ),
        units=units,
    )
    _items(twelfth, meeting_12, units, deadline=lambda i: datetime.date(2019, 8, 15), done=True)
    meeting_13 = _meeting(
        thirteenth,
        number=1,
        date=datetime.date(2021, 5, 20),
        chair=CHAIR,
        units=units,
    )
    items = _items(thirteenth, meeting_13, units, deadline=lambda i: _deadline_13(thirteenth, i), done=True)
    log(f"committee: 2 meetings, {len(items) * 2} work items of the 12th and 13th editions")


def _deadline_13(edition, order: int) -> datetime.date:
    """160, 140, ... 20 days before the expo: copied forward to an edition four months away,
    the first two fall before the demo's day, one on it, the others after."""
    return edition.start_date - datetime.timedelta(days=160 - (order % 8) * 20)


CURRENT_STATUSES = [WorkItemStatus.IN_PROGRESS, WorkItemStatus.IN_PROGRESS, WorkItemStatus.AT_RISK, WorkItemStatus.DONE]


@transaction.atomic
def seed_current(*, edition, today: datetime.date, password=None, log=print, light: bool = False) -> None:
    """The current edition's committee at work on the demo's day: its first meeting a few weeks
    ago set the work items (copied forward from the 13th's tree), which are in progress, at risk
    or done, some overdue; the units' reports of last month and this month are in every state.
    Reports are written once: a second run leaves the units' own changes alone."""
    units = {u.code: u for u in MemberUnit.objects.all()}
    items = list(WorkItem.objects.filter(edition=edition).select_related("lead_unit").order_by("sort_order", "pk"))
    if not items or "commerce" not in units:
        return
    meeting = _meeting(
        edition,
        number=1,
        date=today - datetime.timedelta(days=21),
        chair=CHAIR,
        units=units,
    )
    WorkItem.objects.filter(edition=edition, meeting__isnull=True).update(meeting=meeting)
    for item in items:
        status = CURRENT_STATUSES[item.sort_order % len(CURRENT_STATUSES)]
        if item.status == WorkItemStatus.NOT_STARTED:
            WorkItem.objects.filter(pk=item.pk).update(status=status)
    reports = 0
    if not ProgressReport.objects.filter(work_item__edition=edition).exists():
        reports = _reports(items, today)
    overdue = sum(1 for i in items if i.deadline < today)
    log(f"committee of the {edition.number}th: {len(items)} work items ({overdue} due before today), {reports} reports")


def _meeting(edition, *, number, date, chair, units) -> Meeting:
    meeting, _ = Meeting.objects.update_or_create(
        edition=edition,
        number=number,
        defaults={
            "date": date,
            "place_zh": PLACE[0],
            "place_en": PLACE[1],
            "chair_zh": chair[0],
            "chair_en": chair[1],
            "minutes": (
                "The main departments reported on the progress of the preparatory work; the other members of the "
                "47 executive committee units spoke on the work they undertake for the expo. The chair stressed "
                "that the expo is a platform for high-quality opening-up and set five requirements."
            ),
            "decisions": "\n".join(f"{code} {en}" for code, _zh, en, _lead, _co in WORK_ITEMS if "." not in code),
        },
    )
    meeting.attending_units.set(units.values())
    return meeting


def _items(edition, meeting, units, *, deadline, done=False) -> list[WorkItem]:
    items, parents = [], {}
    others = set(units) - {c for row in WORK_ITEMS for c in (row[3], *row[4])}
    rows = [*WORK_ITEMS, (*SUPPORT_ITEM, sorted(others, key=lambda c: units[c].sort_order))]
    for order, (code, zh, en, lead, co) in enumerate(rows, 1):
        item, _ = WorkItem.objects.update_or_create(
            edition=edition,
            code=code,
            defaults={
                "parent": parents.get(code.split(".")[0]) if "." in code else None,
                "sort_order": order,
                "title_zh": zh,
                "title_en": en,
                "lead_unit": units[lead],
                "deadline": deadline(order),
                "status": WorkItemStatus.DONE if done else CURRENT_STATUSES[order % len(CURRENT_STATUSES)],
                "meeting": meeting,
            },
        )
        item.co_units.set([units[c] for c in co if c in units])
        parents.setdefault(code, item)
        items.append(item)
    return items


def _reports(items, today) -> int:
    User = get_user_model()
    reviewer = User.objects.filter(username="organizer").first()
    reporters = {u.member_unit_id: u for u in User.objects.filter(member_unit__isnull=False).order_by("-username")}
    this_period = period_of(today)
    last_period = period_of(this_period - datetime.timedelta(days=1))
    count = 0
    for item in items:
        if item.parent_id is None:
            continue
        co = [u for u in item.co_units.all() if u.code in ("changchun", "commerce")] or list(item.co_units.all()[:2])
        for n, unit in enumerate([item.lead_unit, *co[:3]]):
            seed = item.sort_order + n
            for period, status in (
                (last_period, ReportStatus.RETURNED if seed % 5 == 0 else ReportStatus.ACCEPTED),
                (this_period, STATES[seed % len(STATES)]),
            ):
                reviewed = status in (ReportStatus.ACCEPTED, ReportStatus.RETURNED)
                percent = min(100, 20 + seed * 7 % 60 + (20 if period == this_period else 0))
                ProgressReport.objects.update_or_create(
                    work_item=item,
                    unit=unit,
                    period=period,
                    defaults={
                        "narrative": f"{unit.short_name_zh}：{item.title_zh}工作按计划推进，已完成约{percent}%。",
                        "percent": percent,
                        "problems": "需协调场馆、交通和外事接待资源。" if seed % 3 == 0 else "",
                        "status": status,
                        "secretariat_comment": (
                            "请补充具体项目清单和时间节点。" if status == ReportStatus.RETURNED else ""
                        ),
                        "submitted_by": reporters.get(unit.pk) if status != ReportStatus.DRAFT else None,
                        "submitted_at": timezone.now() if status != ReportStatus.DRAFT else None,
                        "reviewed_by": reviewer if reviewed else None,
                        "reviewed_at": timezone.now() if reviewed else None,
                    },
                )
                count += 1
    return count


# Scale editions (manage.py seed_scale): the edition, and the committee's season of work.
SCALE_WORK_ITEMS = 24
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


def edition_dates(number: int) -> tuple[int, datetime.date, datetime.date]:
    """The expo is biennial, the 13th was in 2021: the edition's year and its five days."""
    year = max(1990, 2021 + 2 * (number - 13))
    start = datetime.date(year, 8, 23)
    return year, start, start + datetime.timedelta(days=4)


def edition_seed(plan: Plan, edition: Edition | None) -> Edition:
    """A scale edition's row: compared with the closest earlier edition, never the current one."""
    thirteenth = reference.EDITIONS[-1]
    year, start, end = edition_dates(plan.number)
    fields = {
        "year": year,
        "name_zh": f"第{plan.number}届中国—东北亚博览会（规模测试）",
        "name_en": f"{plan.number}th China-Northeast Asia Expo (scale test)",
        **{key: thirteenth[key] for key in ("city_zh", "city_en", "venue_zh", "venue_en")},
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


def scale(plan: Plan, edition: Edition) -> dict[str, int]:
    rng = plan.rng("committee")
    units = member_units()
    edition.committee_units.set(units)
    meeting = Meeting.objects.create(
        edition=edition,
        number=1,
        date=edition.start_date - datetime.timedelta(days=120),
        place_zh=PLACE[0],
        place_en=PLACE[1],
        chair_zh=CHAIR[0],
        chair_en=CHAIR[1],
    )
    meeting.attending_units.set(units)
    count = plan.count(SCALE_WORK_ITEMS, at_least=1)
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
                status=CURRENT_STATUSES[n % len(CURRENT_STATUSES)],
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
                    roll = rng.random()
                    if m == len(periods) - 1:
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


def purge(edition: Edition) -> None:
    raw_delete(ProgressReport.objects.filter(work_item__edition=edition))
    raw_delete(WorkItem.co_units.through.objects.filter(workitem__edition=edition))
    WorkItem.objects.filter(edition=edition).update(parent=None)
    WorkItem.objects.filter(edition=edition).delete()
    Meeting.objects.filter(edition=edition).delete()


def has_data(edition: Edition) -> bool:
    return WorkItem.objects.filter(edition=edition).exists() or Meeting.objects.filter(edition=edition).exists()


SEEDER = Seeder(name="committee", order=10, demo=seed, current=seed_current, scale=scale, purge=purge, has_data=has_data, checksum=(
    (WorkItem, "edition", ["code", "title_en", "lead_unit__code", "deadline", "status"], ["code"]),
    (ProgressReport, "work_item__edition", ["work_item__code", "unit__code", "period", "percent", "status", "narrative", "submitted_at"], ["work_item__code", "unit__code", "period"]),
))  # fmt: skip
