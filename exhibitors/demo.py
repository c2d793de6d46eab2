"""Demo and scale data of the exhibition (registered in ``expo.seeding`` as "exhibitors").

One generator makes both: the 13th edition's 7 theme pavilions (70,000 m² offline), 1,001
offline exhibitors on confirmed booths, 1,832 online exhibitors (65% of the offline ones also
exhibit online) with 16,600 exhibits, and free booths left in every pavilion; a scale edition
is K times it, its gross areas times K and its floor plans grown to hold the booths. The
published figures come out of these records; none is stored as a total.

The demo loads the floor plans in light mode too (no crowd: the current edition copies them
forward); its two demo exhibitors take places in the crowd; ``seed_current`` books booths in
the current edition through the booking services. A scale edition's own exhibitors have a
contact address under ``@e<N>.scale.example`` and a serial in their name, so that they are
unique and can be told apart (and removed by ``--replace``). Deterministic and idempotent;
bulk inserts."""

import datetime
import math
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from exhibitors.enums import ApplicationStatus, BoothKind, ParticipationMode, PavilionMode
from exhibitors.models import Booth, BoothApplication, Exhibit, Exhibitor, ExhibitorMember, Participation, Pavilion
from exhibitors.search import search_index_rebuild
from exhibitors.services import confirm_application, hold_booth, pavilion_recount_booked_area
from exhibitors.signals import online_changed
from expo.enums import Industry, Province
from expo.models import Edition
from expo.seeding import Plan, Seeder, apportion, moment, raw_delete, write_rows

EDITION = 13
# The 13th edition's figures: a scale edition has K times them.
OFFLINE_EXHIBITORS = 1001
ONLINE_EXHIBITORS = 1832
ONLINE_EXHIBITS = 16600
FREE_BOOTHS_PER_PAVILION = 12
ALSO_ONLINE = 0.65  # of the offline exhibitors, those who also exhibit online
DEMO_EMAIL_DOMAIN = "exhibitors.example"

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
# Each product of PRODUCTS in English, and what it is in both languages: the exhibits' names
# and descriptions are composed from these (``exhibit_texts``), in the demo and in seed_scale.
PRODUCT_TEXTS = {
    "工业传感器": (
        "Industrial sensor",
        "用于产线状态监测的高精度工业传感器，支持多种现场总线。",
        "High-precision sensor for monitoring production lines, with the common field buses.",
    ),
    "5G通信模组": (
        "5G communication module",
        "面向工业物联网的5G通信模组，低时延、宽温设计。",
        "5G module for the industrial internet of things: low latency, wide temperature range.",
    ),
    "智能终端": (
        "Smart terminal",
        "加固型智能手持终端，适用于仓储、巡检与物流场景。",
        "Rugged smart handheld for warehouses, inspections and logistics.",
    ),
    "卫星遥感服务": (
        "Satellite remote sensing service",
        "基于吉林一号卫星星座的遥感影像与农林监测服务。",
        "Imagery and farm and forest monitoring from the Jilin-1 satellite constellation.",
    ),
    "碳纤维板材": (
        "Carbon fibre sheet",
        "轻质高强的碳纤维复合板材，用于轨道交通与汽车轻量化。",
        "Light, strong carbon fibre composite sheet for lighter trains and cars.",
    ),
    "玄武岩纤维": (
        "Basalt fibre",
        "以吉林火山岩为原料的连续玄武岩纤维，耐高温、耐腐蚀。",
        "Continuous basalt fibre from Jilin volcanic rock, resistant to heat and corrosion.",
    ),
    "石墨烯涂层": (
        "Graphene coating",
        "石墨烯防腐导热涂层，延长钢结构与设备的使用寿命。",
        "Anti-corrosion, heat-conducting graphene coating for steel structures and equipment.",
    ),
    "数控机床": (
        "CNC machine tool",
        "五轴联动数控机床，适用于精密零部件加工。",
        "Five-axis CNC machine tool for precision parts.",
    ),
    "工业机器人": (
        "Industrial robot",
        "六轴工业机器人，负载二十公斤，可用于焊接与搬运。",
        "Six-axis industrial robot with a 20 kg payload for welding and handling.",
    ),
    "轨道客车部件": (
        "Railway carriage parts",
        "高速动车组转向架与车体部件，按国际标准制造。",
        "Bogies and body parts for high-speed trains, built to international standards.",
    ),
    "新能源轿车": (
        "New energy sedan",
        "纯电动轿车，续航超过六百公里，支持快速充电。",
        "Battery electric sedan with over 600 km of range and fast charging.",
    ),
    "智能座舱": (
        "Smart cockpit",
        "集成语音交互与多屏显示的汽车智能座舱系统。",
        "Car cockpit system with voice control and several displays.",
    ),
    "动力电池包": (
        "Traction battery pack",
        "磷酸铁锂动力电池包，适用于乘用车与商用车。",
        "Lithium iron phosphate battery pack for passenger and commercial vehicles.",
    ),
    "风电叶片": (
        "Wind turbine blade",
        "适用于寒冷地区的大型风电叶片，具备防冰涂层。",
        "Large wind turbine blade for cold regions, with an anti-icing coating.",
    ),
    "光伏组件": (
        "Solar panel",
        "高效单晶硅光伏组件，转换效率超过百分之二十二。",
        "High-efficiency monocrystalline solar panel, over 22% conversion efficiency.",
    ),
    "氢燃料电池": (
        "Hydrogen fuel cell",
        "车用氢燃料电池系统，可在零下三十度冷启动。",
        "Hydrogen fuel cell system for vehicles, starting cold at minus 30 degrees.",
    ),
    "羊绒围巾": (
        "Cashmere scarf",
        "内蒙古羊绒手工织造的围巾，柔软保暖。",
        "Hand-woven scarf of Inner Mongolian cashmere, soft and warm.",
    ),
    "木制家具": (
        "Wooden furniture",
        "以东北实木制作的环保家具，榫卯结构。",
        "Eco-friendly furniture of Northeast China hardwood, with mortise and tenon joints.",
    ),
    "户外服装": (
        "Outdoor clothing",
        "防风防水的户外服装，适合冰雪运动。",
        "Windproof, waterproof outdoor clothing for snow and ice sports.",
    ),
    "长白山人参": (
        "Changbai Mountain ginseng",
        "产自长白山的林下人参，五年以上生长期。",
        "Forest-grown ginseng from Changbai Mountain, five years or older.",
    ),
    "五常大米": (
        "Wuchang rice",
        "黑龙江五常的稻花香大米，当季新米。",
        "Daohuaxiang rice from Wuchang, Heilongjiang, of this season's harvest.",
    ),
    "黑木耳": (
        "Black fungus",
        "东北林区的黑木耳，肉厚无沙。",
        "Black wood ear fungus from the forests of Northeast China, thick and clean.",
    ),
    "蓝莓果汁": (
        "Blueberry juice",
        "大兴安岭野生蓝莓压榨的果汁，不添加蔗糖。",
        "Juice of wild blueberries from the Greater Khingan range, no added sugar.",
    ),
    "冰雪旅游线路": (
        "Ice and snow tour",
        "长白山与查干湖的冬季冰雪旅游线路，含滑雪与冬捕体验。",
        "Winter tours of Changbai Mountain and Chagan Lake, with skiing and ice fishing.",
    ),
    "非遗工艺品": (
        "Intangible heritage craft",
        "满族剪纸与桦树皮画等非物质文化遗产工艺品。",
        "Intangible cultural heritage crafts such as Manchu paper-cuts and birch-bark pictures.",
    ),
    "文创礼品": (
        "Cultural gift",
        "以东北亚文化为主题的文创礼品，可定制。",
        "Gifts on the cultures of Northeast Asia, made to order.",
    ),
    "中药饮片": (
        "Prepared herbal medicine",
        "按药典标准炮制的中药饮片，可追溯产地。",
        "Traditional Chinese medicine pieces prepared to the pharmacopoeia, traceable to the farm.",
    ),
    "医用敷料": (
        "Medical dressing",
        "无菌医用敷料与伤口护理产品。",
        "Sterile medical dressings and wound care products.",
    ),
    "体外诊断试剂": (
        "In vitro diagnostic reagent",
        "用于快速检测的体外诊断试剂盒，结果十五分钟可读。",
        "Rapid in vitro diagnostic test kits, readable in 15 minutes.",
    ),
    "合成树脂": (
        "Synthetic resin",
        "吉林石化生产的通用合成树脂，用于注塑与薄膜。",
        "General-purpose synthetic resin from Jilin for injection moulding and film.",
    ),
    "精细化学品": (
        "Fine chemicals",
        "医药与电子行业使用的高纯精细化学品。",
        "High-purity fine chemicals for the pharmaceutical and electronics industries.",
    ),
    "特种钢材": (
        "Special steel",
        "耐低温特种钢材，用于桥梁与压力容器。",
        "Low-temperature special steel for bridges and pressure vessels.",
    ),
    "节能玻璃": (
        "Energy-saving glass",
        "三层中空低辐射节能玻璃，适合严寒地区建筑。",
        "Triple-glazed low-emissivity glass for buildings in severe cold.",
    ),
    "跨境电商服务": (
        "Cross-border e-commerce service",
        "面向日韩俄蒙市场的跨境电商开店与运营服务。",
        "Setting up and running online shops for Japan, Korea, Russia and Mongolia.",
    ),
    "直播带货服务": (
        "Live-stream selling service",
        "中俄双语直播带货与短视频营销服务。",
        "Live-stream selling and short-video marketing in Chinese and Russian.",
    ),
    "物流解决方案": (
        "Logistics solution",
        "经珲春口岸与中欧班列的多式联运物流方案。",
        "Multimodal logistics through the Hunchun port and the China-Europe railway.",
    ),
}


def exhibit_texts(industry: str, item: int) -> dict[str, str]:
    """The name, English name, category and descriptions of an exhibitor's ``item``-th exhibit
    (from 0), from its industry's products: the same composition for the demo and seed_scale."""
    category, products = PRODUCTS[industry]
    product = products[item % len(products)]
    name_en, about, about_en = PRODUCT_TEXTS[product]
    code = f"{chr(65 + item % 26)}{item + 1}"
    return {
        "name": f"{product} {code}",
        "name_en": f"{name_en} {code}",
        "category": category,
        "description": f"{about}型号{code}，面向东北亚市场，可提供样品与技术交流。",
        "description_en": f"{about_en} Model {code}, for the Northeast Asian market; samples and technical talks on request.",
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


SUFFIXES = {"JP": "K.K.", "KR": "Co., Ltd.", "RU": "LLC", "DE": "GmbH", "IT": "S.p.A.", "FR": "SAS", "US": "Inc."}


@transaction.atomic
def seed(*, password=None, log=print, light: bool = False) -> None:
    edition = Edition.objects.get(number=EDITION)
    plan = Plan(number=EDITION)
    demo = {
        key: Exhibitor.objects.update_or_create(name=data["name"], defaults=data)[0]
        for key, data in DEMO_EXHIBITORS.items()
    }
    pavilions = list(Pavilion.objects.filter(edition=edition).order_by("sort_order")) or _pavilions(plan, edition)
    layouts = _booths(plan, pavilions)
    if not light and not Participation.objects.filter(edition=edition).exists():
        # exhibitor1 exhibits both ways at the Technological Innovation Pavilion's last booth;
        # exhibitor2 online only, in the Northeast Asian Countries Pavilion.
        _crowd(
            plan,
            edition,
            pavilions,
            layouts,
            rng=random.Random(EDITION),
            naming=_DemoNames({e.name for e in demo.values()}),
            offline_reserved={"tech": (demo["exhibitor1"].pk, demo["exhibitor1"].industry)},
            online_reserved=[(demo["exhibitor2"].pk, demo["exhibitor2"].industry, "northeast-asia")],
        )
    _link_demo_accounts(demo)
    search_index_rebuild(edition=edition)
    online_changed()
    log(
        f"exhibitors: {len(pavilions)} pavilions, {Booth.objects.filter(pavilion__edition=edition).count()} booths, "
        f"{Participation.objects.filter(edition=edition).count()} exhibitors, "
        f"{Exhibit.objects.filter(pavilion__edition=edition).count()} exhibits in the {EDITION}th edition"
    )


def scale(plan: Plan, edition: Edition) -> dict[str, int]:
    """A scale edition's exhibition: the demo's generator at factor K, its exhibitors its own."""
    pavilions = _pavilions(plan, edition)
    layouts = _booths(plan, pavilions)
    counts = _crowd(plan, edition, pavilions, layouts, rng=plan.rng("exhibitors"), naming=_ScaleNames(plan.number))
    search_index_rebuild(edition=edition)
    online_changed()
    return {"pavilions": len(pavilions), "booths": sum(len(rows) for rows in layouts.values()), **counts}


def email_domain(number: int) -> str:
    """The contact addresses of a scale edition's own exhibitors."""
    return f"e{number}.scale.example"


def _pavilions(plan: Plan, edition: Edition) -> list[Pavilion]:
    """The 7 theme pavilions, gross area times the factor, floor plans grown with its root."""
    grow = math.sqrt(max(plan.factor, 1))
    Pavilion.objects.bulk_create(
        Pavilion(
            edition=edition,
            code=code,
            name_zh=zh,
            name_en=en,
            hall=hall,
            mode=PavilionMode.BOTH,
            gross_area_m2=Decimal(round(area * plan.factor, 2)).quantize(Decimal("0.01")),
            plan_width=Decimal(math.ceil(width * grow)),
            plan_depth=Decimal(math.ceil(depth * grow)),
            sort_order=order,
        )
        for order, (code, zh, en, hall, area, (width, depth), *_rest) in enumerate(PAVILIONS, 1)
    )
    return list(Pavilion.objects.filter(edition=edition).order_by("sort_order"))


def booth_layout(pavilion_id: int, width: int, depth: int, raw: tuple[int, int, int], standard: int) -> list[tuple]:
    """A pavilion's floor plan: raw spaces (count, width, depth), then 3 m x 3 m shell-scheme
    booths, in rows with 3 m aisles. Rows of ``BOOTH_FIELDS``, in the order of their codes."""
    rows, margin, aisle = [], 5, 3
    x, y, row_depth, previous = margin, margin, 0, None
    specs = [(BoothKind.RAW_SPACE, raw[1], raw[2])] * raw[0] + [(BoothKind.STANDARD, 3, 3)] * standard
    for number, (kind, w, d) in enumerate(specs, 1):
        if x + w > width - margin or (kind == BoothKind.STANDARD and previous == BoothKind.RAW_SPACE):
            x, y, row_depth = margin, y + row_depth + aisle, 0
        if y + d > depth - margin:
            raise ValueError(f"pavilion {pavilion_id}: the floor plan has no room for booth {number}")
        area = Decimal(w * d)
        price = area * (Decimal("1200") if kind == BoothKind.RAW_SPACE else Decimal("1500"))
        code = f"{'R' if kind == BoothKind.RAW_SPACE else 'S'}{number:03d}"
        rows.append((pavilion_id, code, kind, area, Decimal(x), Decimal(y), Decimal(w), Decimal(d), price))
        x, row_depth, previous = x + w, max(row_depth, d), kind
    return rows


BOOTH_FIELDS = ("pavilion", "code", "kind", "area_m2", "x", "y", "width", "depth", "price")


def _stamp(edition: Edition) -> datetime.datetime:
    """When the generated exhibition's records were made: 100 days before the expo."""
    return moment(edition.start_date - datetime.timedelta(days=100), 10)


def _offline_counts(plan: Plan) -> list[int]:
    return apportion(plan.count(OFFLINE_EXHIBITORS), [spec[6] for spec in PAVILIONS])


def _booths(plan: Plan, pavilions: list[Pavilion]) -> dict[int, list[str]]:
    """The floor plans, written unless the pavilions have booths: each pavilion's booth codes
    in the order they were laid out (the offline exhibitors take them in that order)."""
    edition = pavilions[0].edition
    if not Booth.objects.filter(pavilion__edition=edition).exists():
        free = plan.count(FREE_BOOTHS_PER_PAVILION, at_least=2)
        rows = []
        for pavilion, spec, offline in zip(pavilions, PAVILIONS, _offline_counts(plan), strict=True):
            raw_count, raw_w, raw_d = spec[7]
            raw = (min(plan.count(raw_count), offline), raw_w, raw_d)
            width, depth = int(pavilion.plan_width), int(pavilion.plan_depth)
            rows += booth_layout(pavilion.pk, width, depth, raw, offline + free - raw[0])
        write_rows(Booth, BOOTH_FIELDS, rows, stamp=_stamp(edition))
    layouts: dict[int, list[str]] = {p.pk: [] for p in pavilions}
    for pavilion_id, code in (
        Booth.objects.filter(pavilion__edition=edition).order_by("pk").values_list("pavilion", "code")
    ):
        layouts[pavilion_id].append(code)
    return layouts


class _ScaleNames:
    """A scale edition's exhibitors: a serial in the name, an address of the edition's own."""

    def __init__(self, number: int):
        self.number, self.domain = number, email_domain(number)

    def name(self, base: str, serial: int, foreign: bool) -> str:
        tag = f"S{self.number}-{serial:06d}"
        return f"{base} ({tag})" if foreign else f"{base}（{tag}）"


class _DemoNames:
    """The demo's exhibitors: a name made unique by the serial only when it is taken."""

    domain = DEMO_EMAIL_DOMAIN

    def __init__(self, used: set[str]):
        self.used = set(used)

    def name(self, base: str, serial: int, foreign: bool) -> str:
        name = f"{base} ({serial})" if base in self.used else base
        self.used.add(name)
        return name


def _company(rng: random.Random, serial: int, industry: str, foreign: bool, naming, stamp) -> tuple:
    """A generated exhibitor: a row of ``EXHIBITOR_FIELDS``."""
    email = f"contact{serial}@{naming.domain}"
    if foreign:
        country = FOREIGN_COUNTRIES[serial % len(FOREIGN_COUNTRIES)]
        base = (
            f"{rng.choice(EN_WORDS)} {rng.choice(EN_WORDS)} {EN_TRADES[industry]} {SUFFIXES.get(country, 'Co., Ltd.')}"
        )
        name = naming.name(base, serial, True)
        return ("enterprise", name, name, country, "", "", industry, "Contact", "", email, "", "", "", stamp, stamp)
    province = rng.choices(list(DOMESTIC_CITIES), weights=[30] + [2] * (len(DOMESTIC_CITIES) - 1))[0]
    city = rng.choice(DOMESTIC_CITIES[province])
    name = naming.name(
        f"{city}{rng.choice(CN_WORDS)}{rng.choice(CN_WORDS)}{CN_TRADES[industry]}有限公司", serial, False
    )
    return ("enterprise", name, "", "CN", province, city, industry, "联系人", "", email, "", "", "", stamp, stamp)


EXHIBITOR_FIELDS = (
    "kind",
    "name",
    "name_en",
    "country",
    "province",
    "city",
    "industry",
    "contact_name",
    "contact_phone",
    "contact_email",
    "website",
    "description",
    "logo",
    "created_at",
    "updated_at",
)
PARTICIPATION_FIELDS = ("exhibitor", "edition", "mode", "pavilion", "created_at", "updated_at")
APPLICATION_FIELDS = (
    "booth",
    "exhibitor",
    "status",
    "requested_at",
    "held_at",
    "held_until",
    "confirmed_at",
    "rejection_reason",
    "created_at",
    "updated_at",
)
EXHIBIT_FIELDS = (
    "exhibitor",
    "pavilion",
    "name",
    "name_en",
    "category",
    "description",
    "description_en",
    "image",
    "is_published",
    "created_at",
    "updated_at",
)


def _crowd(
    plan: Plan,
    edition: Edition,
    pavilions: list[Pavilion],
    layouts: dict[int, list[str]],
    *,
    rng: random.Random,
    naming,
    offline_reserved: dict[str, tuple[int, str]] | None = None,
    online_reserved: list[tuple[int, str, str]] = (),
) -> dict[str, int]:
    """The exhibitors of ``edition``: the offline ones each on a confirmed booth, the first
    65% of them online too, then the online-only ones, and the online exhibitors' exhibits.
    ``offline_reserved`` (pavilion code -> (exhibitor id, industry)) takes the pavilion's last
    offline place, ``online_reserved`` ((exhibitor id, industry, pavilion code)) the last
    online-only places: existing exhibitors (the demo's) in the generated crowd."""
    offline_reserved = offline_reserved or {}
    stamp = _stamp(edition)
    booked_on = moment(edition.start_date - datetime.timedelta(days=40), 10)
    by_code = {p.code: p for p in pavilions}
    offline_total = plan.count(OFFLINE_EXHIBITORS)
    companies, offline_plan, serial = [], [], 0  # offline_plan: (serial or (exhibitor id, industry), pavilion, booth)
    for pavilion, spec, offline in zip(pavilions, PAVILIONS, _offline_counts(plan), strict=True):
        layout = layouts[pavilion.pk]
        for n in range(offline):
            if n == offline - 1 and pavilion.code in offline_reserved:
                offline_plan.append((offline_reserved[pavilion.code], pavilion, layout[n]))
                continue
            serial += 1
            companies.append(_company(rng, serial, spec[8][n % len(spec[8])], spec[9], naming, stamp))
            offline_plan.append((serial, pavilion, layout[n]))

    online_total = plan.count(ONLINE_EXHIBITORS)
    both = min(int(offline_total * ALSO_ONLINE + 0.5), online_total)
    online_only = []
    for n in range(online_total - both - len(online_reserved)):
        serial += 1
        spec = PAVILIONS[n % len(PAVILIONS)]
        companies.append(_company(rng, serial, spec[8][n % len(spec[8])], spec[9], naming, stamp))
        online_only.append((serial, pavilions[n % len(PAVILIONS)]))
    write_rows(Exhibitor, EXHIBITOR_FIELDS, companies)

    ids = {
        int(email.split("@")[0].removeprefix("contact")): (pk, industry)
        for email, pk, industry in Exhibitor.objects.filter(contact_email__endswith=f"@{naming.domain}").values_list(
            "contact_email", "pk", "industry"
        )
    }
    ids.update({key: key for key in offline_reserved.values()})
    online_only += [((pk, industry), by_code[code]) for pk, industry, code in online_reserved]
    ids.update({(pk, industry): (pk, industry) for pk, industry, _code in online_reserved})
    booth_ids = {
        (p, code): pk
        for p, code, pk in Booth.objects.filter(pavilion__edition=edition).values_list("pavilion", "code", "pk")
    }

    participations, applications, online = [], [], []
    for number, (key, pavilion, booth_code) in enumerate(offline_plan):
        exhibitor_id, industry = ids[key]
        mode = ParticipationMode.BOTH if number < both else ParticipationMode.OFFLINE
        participations.append((exhibitor_id, edition.pk, mode, pavilion.pk, stamp, stamp))
        held_until = booked_on + datetime.timedelta(days=2)
        confirmed = booked_on + datetime.timedelta(days=1)
        booth = booth_ids[(pavilion.pk, booth_code)]
        applications.append(
            (
                booth,
                exhibitor_id,
                ApplicationStatus.CONFIRMED,
                booked_on,
                booked_on,
                held_until,
                confirmed,
                "",
                booked_on,
                booked_on,
            )  # fmt: skip
        )
        if mode == ParticipationMode.BOTH:
            online.append((exhibitor_id, industry, pavilion.pk))
    for key, pavilion in online_only:
        exhibitor_id, industry = ids[key]
        participations.append((exhibitor_id, edition.pk, ParticipationMode.ONLINE, pavilion.pk, stamp, stamp))
        online.append((exhibitor_id, industry, pavilion.pk))
    write_rows(Participation, PARTICIPATION_FIELDS, participations)
    write_rows(BoothApplication, APPLICATION_FIELDS, applications)
    exhibit_count = write_rows(Exhibit, EXHIBIT_FIELDS, _exhibits(online, plan.count(ONLINE_EXHIBITS), stamp))
    for pavilion in pavilions:
        pavilion_recount_booked_area(pavilion=pavilion)
    return {"offline exhibitors": len(offline_plan), "online exhibitors": len(online), "exhibits": exhibit_count}


def _exhibits(online: list[tuple[int, str, int]], total: int, stamp):
    """``total`` published exhibits shared by the online exhibitors (rows of ``EXHIBIT_FIELDS``),
    named and described by ``exhibit_texts``."""
    for number, (exhibitor_id, industry, pavilion_id) in enumerate(online):
        count = total // len(online) + (1 if number < total % len(online) else 0)
        for item in range(count):
            texts = exhibit_texts(industry, item)
            yield (
                exhibitor_id,
                pavilion_id,
                texts["name"],
                texts["name_en"],
                texts["category"],
                texts["description"],
                texts["description_en"],
                "",
                True,
                stamp,
                stamp,
            )


def purge(edition: Edition) -> None:
    """A scale edition's exhibition, with its own exhibitors."""
    raw_delete(Exhibit.objects.filter(pavilion__edition=edition))
    raw_delete(BoothApplication.objects.filter(booth__pavilion__edition=edition))
    Participation.objects.filter(edition=edition).delete()
    Booth.objects.filter(pavilion__edition=edition).delete()
    Exhibitor.objects.filter(contact_email__endswith=f"@{email_domain(edition.number)}", participations=None).delete()


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


def has_data(edition: Edition) -> bool:
    return Participation.objects.filter(edition=edition).exists() or Pavilion.objects.filter(edition=edition).exists()


SEEDER = Seeder(name="exhibitors", order=20, demo=seed, current=seed_current, scale=scale, purge=purge, has_data=has_data, checksum=(
    (Pavilion, "edition", ["code", "gross_area_m2", "booked_area_m2", "plan_width", "plan_depth"], ["code"]),
    (Booth, "pavilion__edition", ["pavilion__code", "code", "kind", "area_m2", "x", "y", "price"], ["pavilion__code", "code"]),
    (Participation, "edition", ["exhibitor__name", "exhibitor__country", "exhibitor__province", "exhibitor__industry", "mode", "pavilion__code"], ["exhibitor__name"]),
    (BoothApplication, "booth__pavilion__edition", ["booth__pavilion__code", "booth__code", "exhibitor__name", "status", "confirmed_at"], ["booth__pavilion__code", "booth__code"]),
    (Exhibit, "pavilion__edition", ["exhibitor__name", "name", "category", "pavilion__code"], ["exhibitor__name", "name"]),
))  # fmt: skip
