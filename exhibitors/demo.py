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
        for item in range(count):
            exhibits.append(
                Exhibit(
                    exhibitor=participation.exhibitor,
                    pavilion=participation.pavilion,
                    **exhibit_texts(participation.exhibitor.industry, item),
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
