"""Demo data of the exhibition: the 13th edition's 7 theme pavilions (70,000 m² offline), 1,001
offline exhibitors on confirmed booths, 1,832 online exhibitors with 16,600 exhibits, and
free booths left in every pavilion. The published figures come out of these records; none
is stored as a total. The floor plans are loaded in light mode too (no crowd: the current
edition copies them forward); ``seed_current`` books booths in the current edition through
the booking services. Deterministic and idempotent; bulk inserts."""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from exhibitors.enums import ApplicationStatus, BoothKind, ParticipationMode, PavilionMode
from exhibitors.models import Booth, BoothApplication, Exhibit, Exhibitor, ExhibitorMember, Participation, Pavilion
from exhibitors.search import search_index_rebuild
from exhibitors.services import confirm_application, hold_booth, pavilion_recount_booked_area
from exhibitors.signals import online_changed
from expo.enums import Industry, Province
from expo.models import Edition

EDITION = 13
OFFLINE_EXHIBITORS = 1001
ONLINE_EXHIBITORS = 1832
ONLINE_EXHIBITS = 16600
FREE_BOOTHS_PER_PAVILION = 12

# code, Chinese, English, hall, gross m², plan width x depth (m), offline exhibitors,
# raw spaces (count, width, depth), industries, foreign?
PAVILIONS = [
    (
        "tech",
        "科技创新馆",
        "Technological Innovation Pavilion",
        "1",
        12000,
        (120, 100),
        170,
        (12, 9, 6),
        [Industry.ELECTRONICS, Industry.NEW_MATERIALS, Industry.EQUIPMENT],
        False,
    ),
    (
        "auto",
        "汽车馆",
        "Automobile Pavilion",
        "2",
        15000,
        (150, 100),
        110,
        (30, 12, 9),
        [Industry.AUTOMOBILE, Industry.NEW_ENERGY],
        False,
    ),
    (
        "northeast-asia",
        "东北亚国家馆",
        "Northeast Asian Countries Pavilion",
        "3",
        10000,
        (100, 100),
        180,
        (6, 9, 6),
        [Industry.LIGHT_INDUSTRY, Industry.GREEN_FOOD, Industry.CULTURAL_TOURISM],
        True,
    ),
    (
        "jilin",
        "吉林馆",
        "Jilin Pavilion",
        "4",
        12000,
        (120, 100),
        190,
        (10, 9, 6),
        [Industry.GREEN_FOOD, Industry.MEDICAL_HEALTH, Industry.PETROCHEMICAL, Industry.METALLURGY],
        False,
    ),
    (
        "provinces",
        "省区市馆",
        "Provinces, Autonomous Regions and Cities Pavilion",
        "5",
        8000,
        (100, 80),
        150,
        (8, 9, 6),
        [Industry.MODERN_SERVICES, Industry.CULTURAL_TOURISM, Industry.EQUIPMENT],
        False,
    ),
    (
        "import",
        "进口商品馆",
        "Import Commodity Pavilion",
        "6",
        8000,
        (100, 80),
        141,
        (4, 6, 6),
        [Industry.GREEN_FOOD, Industry.LIGHT_INDUSTRY, Industry.MEDICAL_HEALTH],
        True,
    ),
    (
        "new-media",
        "新媒体直播馆",
        "New Media Live Broadcast Pavilion",
        "7",
        5000,
        (100, 50),
        60,
        (4, 6, 6),
        [Industry.MODERN_SERVICES, Industry.ELECTRONICS],
        False,
    ),
]

FOREIGN_COUNTRIES = [
    "JP",
    "KR",
    "RU",
    "MN",
    "KP",
    "DE",
    "IT",
    "FR",
    "US",
    "TH",
    "VN",
    "MY",
    "AU",
    "NZ",
    "CA",
    "GB",
    "ES",
    "BY",
    "KZ",
    "FI",
]
DOMESTIC_CITIES = {
    Province.JILIN: ["长春", "吉林", "四平", "辽源", "通化", "白山", "松原", "白城", "延吉"],
    Province.LIAONING: ["沈阳", "大连"],
    Province.HEILONGJIANG: ["哈尔滨", "大庆"],
    Province.BEIJING: ["北京"],
    Province.SHANGHAI: ["上海"],
    Province.ZHEJIANG: ["杭州", "宁波"],
    Province.GUANGDONG: ["深圳", "广州"],
    Province.JIANGSU: ["南京", "苏州"],
    Province.SHANDONG: ["青岛", "济南"],
    Province.SHANXI: ["太原"],
    Province.INNER_MONGOLIA: ["呼和浩特"],
    Province.SICHUAN: ["成都"],
    Province.HUBEI: ["武汉"],
    Province.FUJIAN: ["厦门"],
}
CN_WORDS = [
    "华信",
    "恒达",
    "东方",
    "瑞丰",
    "金桥",
    "长白",
    "北方",
    "博远",
    "天成",
    "鑫源",
    "广元",
    "中科",
    "盛世",
    "宏图",
    "嘉禾",
    "正大",
    "新锐",
    "亚泰",
    "松江",
    "明德",
    "卓越",
    "同创",
    "永安",
    "海川",
    "星辰",
    "丰泽",
    "启航",
    "银河",
    "远景",
    "康达",
]
CN_TRADES = {
    Industry.ELECTRONICS: "电子科技",
    Industry.NEW_MATERIALS: "新材料",
    Industry.EQUIPMENT: "智能装备",
    Industry.AUTOMOBILE: "汽车零部件",
    Industry.NEW_ENERGY: "新能源",
    Industry.LIGHT_INDUSTRY: "轻工纺织",
    Industry.GREEN_FOOD: "绿色食品",
    Industry.CULTURAL_TOURISM: "文化旅游",
    Industry.MEDICAL_HEALTH: "医药",
    Industry.PETROCHEMICAL: "石化",
    Industry.METALLURGY: "建材",
    Industry.MODERN_SERVICES: "信息服务",
}
EN_WORDS = [
    "Hanbit",
    "Sakura",
    "Baikal",
    "Altai",
    "Nordic",
    "Aurora",
    "Pacific",
    "Summit",
    "Orion",
    "Meridian",
    "Crescent",
    "Polaris",
    "Evergreen",
    "Harbor",
    "Vostok",
    "Gobi",
    "Kumo",
    "Daehan",
    "Taiga",
    "Amber",
]
EN_TRADES = {
    Industry.ELECTRONICS: "Electronics",
    Industry.NEW_MATERIALS: "Materials",
    Industry.EQUIPMENT: "Machinery",
    Industry.AUTOMOBILE: "Motors",
    Industry.NEW_ENERGY: "Energy",
    Industry.LIGHT_INDUSTRY: "Textiles",
    Industry.GREEN_FOOD: "Foods",
    Industry.CULTURAL_TOURISM: "Travel",
    Industry.MEDICAL_HEALTH: "Pharma",
    Industry.PETROCHEMICAL: "Chemicals",
    Industry.METALLURGY: "Steel",
    Industry.MODERN_SERVICES: "Services",
}
PRODUCTS = {
    Industry.ELECTRONICS: ("电子信息", ["工业传感器", "5G通信模组", "智能终端", "卫星遥感服务"]),
    Industry.NEW_MATERIALS: ("新材料", ["碳纤维板材", "玄武岩纤维", "石墨烯涂层"]),
    Industry.EQUIPMENT: ("装备制造", ["数控机床", "工业机器人", "轨道客车部件"]),
    Industry.AUTOMOBILE: ("汽车", ["新能源轿车", "智能座舱", "动力电池包"]),
    Industry.NEW_ENERGY: ("新能源", ["风电叶片", "光伏组件", "氢燃料电池"]),
    Industry.LIGHT_INDUSTRY: ("轻工纺织", ["羊绒围巾", "木制家具", "户外服装"]),
    Industry.GREEN_FOOD: ("绿色食品", ["长白山人参", "五常大米", "黑木耳", "蓝莓果汁"]),
    Industry.CULTURAL_TOURISM: ("文化旅游", ["冰雪旅游线路", "非遗工艺品", "文创礼品"]),
    Industry.MEDICAL_HEALTH: ("医药健康", ["中药饮片", "医用敷料", "体外诊断试剂"]),
    Industry.PETROCHEMICAL: ("石油化工", ["合成树脂", "精细化学品"]),
    Industry.METALLURGY: ("冶金建材", ["特种钢材", "节能玻璃"]),
    Industry.MODERN_SERVICES: ("现代服务", ["跨境电商服务", "直播带货服务", "物流解决方案"]),
}

DEMO_EXHIBITORS = {
    "exhibitor1": {
        "name": "长春光华智能装备有限公司",
        "name_en": "Changchun Guanghua Intelligent Equipment Co., Ltd.",
        "country": "CN",
        "province": Province.JILIN,
        "city": "长春",
        "industry": Industry.EQUIPMENT,
        "contact_name": "陈静",
        "contact_phone": "+86 431 8888 1234",
        "contact_email": "exhibitor1@demo.expo.example",
        "website": "https://guanghua.example.com",
        "description": "工业机器人与智能产线解决方案。",
    },
    "exhibitor2": {
        "name": "한빛무역 주식회사",
        "name_en": "Hanbit Trading Co., Ltd.",
        "country": "KR",
        "province": "",
        "city": "Seoul",
        "industry": Industry.GREEN_FOOD,
        "contact_name": "Kim Min-jun",
        "contact_phone": "+82 2 555 0100",
        "contact_email": "exhibitor2@demo.expo.example",
        "website": "https://hanbit.example.com",
        "description": "Korean foods and cosmetics for the Northeast China market.",
    },
}


@transaction.atomic
def seed(*, password=None, log=print, light: bool = False) -> None:
    edition = Edition.objects.get(number=EDITION)
    pavilions = _seed_pavilions(edition)
    demo = {
        key: Exhibitor.objects.update_or_create(name=data["name"], defaults=data)[0]
        for key, data in DEMO_EXHIBITORS.items()
    }
    layouts = _seed_booths(pavilions)
    if not light and not Participation.objects.filter(edition=edition).exists():
        _seed_exhibition(edition, pavilions, layouts, demo)
    _link_demo_accounts(demo)
    search_index_rebuild(edition=edition)
    online_changed()
    log(
        f"exhibitors: {len(pavilions)} pavilions, {Booth.objects.filter(pavilion__edition=edition).count()} booths, "
        f"{Participation.objects.filter(edition=edition).count()} exhibitors, "
        f"{Exhibit.objects.filter(pavilion__edition=edition).count()} exhibits in the {EDITION}th edition"
    )


def _seed_pavilions(edition) -> dict[str, Pavilion]:
    pavilions = {}
    for order, (code, zh, en, hall, area, (width, depth), *_rest) in enumerate(PAVILIONS, 1):
        pavilions[code], _ = Pavilion.objects.update_or_create(
            edition=edition,
            code=code,
            defaults={
                "name_zh": zh,
                "name_en": en,
                "hall": hall,
                "mode": PavilionMode.BOTH,
                "gross_area_m2": Decimal(area),
                "plan_width": Decimal(width),
                "plan_depth": Decimal(depth),
                "sort_order": order,
            },
        )
    return pavilions


def _layout(pavilion: Pavilion, raw: tuple[int, int, int], standard: int) -> list[Booth]:
    """Raw spaces first, then 3 m x 3 m shell-scheme booths, in rows with 3 m aisles."""
    booths, margin, aisle = [], 5, 3
    x, y, row_depth = margin, margin, 0
    specs = [(BoothKind.RAW_SPACE, raw[1], raw[2])] * raw[0] + [(BoothKind.STANDARD, 3, 3)] * standard
    for number, (kind, w, d) in enumerate(specs, 1):
        if x + w > pavilion.plan_width - margin or (
            kind == BoothKind.STANDARD and booths and booths[-1].kind == BoothKind.RAW_SPACE
        ):
            x, y, row_depth = margin, y + row_depth + aisle, 0
        if y + d > pavilion.plan_depth - margin:
            raise ValueError(f"{pavilion.code}: the floor plan has no room for booth {number}")
        price = Decimal(w * d) * (Decimal("1200") if kind == BoothKind.RAW_SPACE else Decimal("1500"))
        booths.append(
            Booth(
                pavilion=pavilion,
                code=f"{'R' if kind == BoothKind.RAW_SPACE else 'S'}{number:03d}",
                kind=kind,
                area_m2=Decimal(w * d),
                x=Decimal(x),
                y=Decimal(y),
                width=Decimal(w),
                depth=Decimal(d),
                price=price,
            )
        )
        x, row_depth = x + w, max(row_depth, d)
    return booths


SUFFIXES = {"JP": "K.K.", "KR": "Co., Ltd.", "RU": "LLC", "DE": "GmbH", "IT": "S.p.A.", "FR": "SAS", "US": "Inc."}


def _unique(name: str, used: set[str], index: int) -> str:
    if name in used:
        name = f"{name} ({index})"
    used.add(name)
    return name


def _company(rng: random.Random, index: int, industry: str, foreign: bool, used: set[str]) -> Exhibitor:
    if foreign:
        country = FOREIGN_COUNTRIES[index % len(FOREIGN_COUNTRIES)]
        name = (
            f"{rng.choice(EN_WORDS)} {rng.choice(EN_WORDS)} {EN_TRADES[industry]} {SUFFIXES.get(country, 'Co., Ltd.')}"
        )
        name = _unique(name, used, index)
        return Exhibitor(
            name=name,
            name_en=name,
            country=country,
            province="",
            city="",
            industry=industry,
            contact_name="Contact",
            contact_email=f"contact{index}@exhibitors.example",
        )
    province = rng.choices(list(DOMESTIC_CITIES), weights=[30] + [2] * (len(DOMESTIC_CITIES) - 1))[0]
    city = rng.choice(DOMESTIC_CITIES[province])
    name = _unique(f"{city}{rng.choice(CN_WORDS)}{rng.choice(CN_WORDS)}{CN_TRADES[industry]}有限公司", used, index)
    return Exhibitor(
        name=name,
        name_en="",
        country="CN",
        province=province,
        city=city,
        industry=industry,
        contact_name="联系人",
        contact_email=f"contact{index}@exhibitors.example",
    )


def _seed_booths(pavilions: dict[str, Pavilion]) -> dict[str, list[Booth]]:
    """The floor plans (light mode too: the layout is no crowd, and the current edition copies
    it forward), each pavilion's booths in the order of their codes."""
    edition = next(iter(pavilions.values())).edition
    if not Booth.objects.filter(pavilion__edition=edition).exists():
        booths = []
        for code, _zh, _en, _hall, _area, _size, offline_count, raw, _industries, _foreign in PAVILIONS:
            booths += _layout(pavilions[code], raw, offline_count + FREE_BOOTHS_PER_PAVILION - raw[0])
        Booth.objects.bulk_create(booths)
    layouts: dict[str, list[Booth]] = {code: [] for code in pavilions}
    for booth in Booth.objects.filter(pavilion__edition=edition).select_related("pavilion").order_by("code"):
        layouts[booth.pavilion.code].append(booth)
    return layouts


def _seed_exhibition(
    edition, pavilions: dict[str, Pavilion], layouts: dict[str, list[Booth]], demo: dict[str, Exhibitor]
) -> None:
    rng = random.Random(EDITION)
    booked_on = timezone.make_aware(datetime.datetime(2021, 7, 15, 10, 0))

    offline_plan, exhibitors = [], []  # offline_plan: (exhibitor, pavilion, booth)
    index, used = 0, {e.name for e in demo.values()}
    for code, _zh, _en, _hall, _area, _size, offline_count, _raw, industries, foreign in PAVILIONS:
        pavilion = pavilions[code]
        layout = layouts[code]
        for n in range(offline_count):
            if code == "tech" and n == offline_count - 1:
                offline_plan.append((demo["exhibitor1"], pavilion, layout[n]))
                continue
            index += 1
            exhibitor = _company(rng, index, industries[n % len(industries)], foreign, used)
            exhibitors.append(exhibitor)
            offline_plan.append((exhibitor, pavilion, layout[n]))

    both_count = int(OFFLINE_EXHIBITORS * 0.65)  # offline exhibitors also online, exhibitor1 among them
    online_only = ONLINE_EXHIBITORS - both_count - 1  # exhibitor2 is online only
    online_companies = []
    for n in range(online_only):
        index += 1
        spec = PAVILIONS[n % len(PAVILIONS)]
        online_companies.append((pavilions[spec[0]], _company(rng, index, spec[8][n % len(spec[8])], spec[9], used)))
    Exhibitor.objects.bulk_create(exhibitors + [c for _, c in online_companies])

    # Offline exhibitors: 65% also exhibit online; each holds one confirmed booth.
    participations, applications = [], []
    for number, (exhibitor, pavilion, booth) in enumerate(offline_plan):
        both = number < both_count  # exhibitor1 comes early, among them
        participations.append(
            Participation(
                exhibitor=exhibitor,
                edition=edition,
                pavilion=pavilion,
                mode=ParticipationMode.BOTH if both else ParticipationMode.OFFLINE,
            )
        )
        applications.append(
            BoothApplication(
                booth=booth,
                exhibitor=exhibitor,
                status=ApplicationStatus.CONFIRMED,
                requested_at=booked_on,
                held_at=booked_on,
                held_until=booked_on + datetime.timedelta(days=2),
                confirmed_at=booked_on + datetime.timedelta(days=1),
            )
        )
    participations += [
        Participation(exhibitor=c, edition=edition, pavilion=p, mode=ParticipationMode.ONLINE)
        for p, c in online_companies
    ]
    participations.append(
        Participation(
            exhibitor=demo["exhibitor2"],
            edition=edition,
            pavilion=pavilions["northeast-asia"],
            mode=ParticipationMode.ONLINE,
        )
    )
    Participation.objects.bulk_create(participations)
    BoothApplication.objects.bulk_create(applications)

    online = [p for p in participations if p.mode in (ParticipationMode.ONLINE, ParticipationMode.BOTH)]
    assert len(online) == ONLINE_EXHIBITORS, len(online)
    exhibits = []
    for number, participation in enumerate(online):
        count = ONLINE_EXHIBITS // len(online) + (1 if number < ONLINE_EXHIBITS % len(online) else 0)
        category, products = PRODUCTS[participation.exhibitor.industry]
        for item in range(count):
            exhibits.append(
                Exhibit(
                    exhibitor=participation.exhibitor,
                    pavilion=participation.pavilion,
                    category=category,
                    name=f"{products[item % len(products)]} {chr(65 + item % 26)}{item + 1}",
                )
            )
    Exhibit.objects.bulk_create(exhibits, batch_size=2000)
    for pavilion in pavilions.values():
        pavilion_recount_booked_area(pavilion=pavilion)


# The current edition: the demo exhibitors and (full demo) some of the 13th's hold and book
# booths in every offline pavilion, through the booking services; most booths stay free.
# (exhibitor key, pavilion code, confirmed?) for the demo accounts:
CURRENT_DEMO_BOOTHS = [
    ("exhibitor1", "tech", True),
    ("exhibitor1", "auto", False),
    ("exhibitor2", "northeast-asia", True),
    ("exhibitor2", "import", False),
]
RETURNING_PER_PAVILION = (4, 2)  # full demo: 13th-edition exhibitors per pavilion, confirmed and held
CURRENT_HOLD_MINUTES = 14 * 24 * 60


@transaction.atomic
def seed_current(*, edition, today, password=None, log=print, light: bool = False) -> None:
    """Booths held and confirmed in the current edition (once: an edition with applications
    is left alone). The pavilions and booths themselves were copied forward from the 13th."""
    pavilions = {p.code: p for p in Pavilion.objects.filter(edition=edition)}
    if not pavilions or BoothApplication.objects.filter(booth__pavilion__edition=edition).exists():
        return
    organizer = get_user_model().objects.filter(username="organizer").first()
    users = {u.username: u for u in get_user_model().objects.filter(username__in=DEMO_EXHIBITORS)}
    demo = {key: Exhibitor.objects.get(name=data["name"]) for key, data in DEMO_EXHIBITORS.items()}
    plan = [(demo[key], users.get(key), pavilions[code], confirmed) for key, code, confirmed in CURRENT_DEMO_BOOTHS]
    if not light:
        previous = Edition.objects.get(number=EDITION)
        confirmed, held = RETURNING_PER_PAVILION
        for code, pavilion in pavilions.items():
            returning = (
                Participation.objects.filter(
                    edition=previous,
                    pavilion__code=code,
                    mode__in=(ParticipationMode.OFFLINE, ParticipationMode.BOTH),
                )
                .exclude(exhibitor__in=demo.values())
                .select_related("exhibitor")
                .order_by("exhibitor__name")[: confirmed + held]
            )
            plan += [(p.exhibitor, None, pavilion, n < confirmed) for n, p in enumerate(returning)]
    free = {
        code: list(Booth.objects.filter(pavilion=p, kind=BoothKind.STANDARD).order_by("code"))
        for code, p in pavilions.items()
    }
    for exhibitor, user, pavilion, confirm in plan:
        booth = free[pavilion.code].pop(0)
        application = hold_booth(exhibitor=exhibitor, booth=booth, user=user, hold_minutes=CURRENT_HOLD_MINUTES)
        if confirm:
            confirm_application(application=application, user=organizer)
    log(f"exhibitors of the {edition.number}th: {len(plan)} booths held or confirmed, the others free")


def _link_demo_accounts(demo: dict[str, Exhibitor]) -> None:
    for user in get_user_model().objects.filter(username__in=demo):
        ExhibitorMember.objects.update_or_create(user=user, defaults={"exhibitor": demo[user.username]})
