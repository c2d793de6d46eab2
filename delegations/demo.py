"""Demo delegations of the 12th and 13th editions, and a scale edition's (registered in
``expo.seeding`` as "delegations"). Run by ``manage.py seed_demo`` after the events app;
idempotent.

The 13th edition reproduces the published figures from the records (never stored as totals):
46 foreign leaders from 12 countries and regions, 9 central leaders from 12 ministries,
commissions and institutions, and 10 provincial leaders from 12 provinces. Around them are
department-level delegates who attended (they add origins, not leaders), leaders who were
invited but did not come, and delegations that declined or cancelled. The 13th edition's
leaders also have arrivals, departures, hotel stays, meetings and event bookings, with two
clashes for the protocol desk to warn about. The names are made up.
"""

import datetime
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone, translation
from django_countries import countries

from delegations import services
from delegations.enums import (
    Direction,
    Gender,
    InvitationStatus,
    OriginKind,
    Rank,
    SecurityLevel,
    TravelMode,
)
from delegations.models import (
    Delegate,
    Delegation,
    EventAttendance,
    HotelStay,
    InvitationChange,
    LeaderMeeting,
    Travel,
)
from delegations.selectors import leaders_summary
from events.models import Event
from expo.bulk import insert_rows
from expo.enums import Province
from expo.models import Edition, MemberUnit
from expo.seeding import Plan, Seeder, apportion, moment, raw_delete, write_rows


@dataclass(frozen=True)
class Spec:
    """A delegation of the demo: how many leaders and others attended, how many leaders were
    invited but stayed away, and how its invitation ended."""

    kind: str
    origin: str  # a country code, a central institution's English name, or a province
    leaders: int = 0
    others: int = 1
    absent: int = 0
    status: str = InvitationStatus.CONFIRMED


F, C, P = OriginKind.FOREIGN, OriginKind.CENTRAL, OriginKind.PROVINCIAL
DECLINED, CANCELLED = InvitationStatus.DECLINED, InvitationStatus.CANCELLED

SPECS = {
    13: [
        Spec(F, "RU", leaders=6, others=3, absent=1),
        Spec(F, "MN", leaders=5, others=2, absent=1),
        Spec(F, "KR", leaders=5, others=2),
        Spec(F, "JP", leaders=4, others=2, absent=1),
        Spec(F, "KP", leaders=3, others=1),
        Spec(F, "BY", leaders=4, others=1),
        Spec(F, "KZ", leaders=4, others=1),
        Spec(F, "DE", leaders=3, others=2),
        Spec(F, "SG", leaders=3, others=1),
        Spec(F, "UZ", leaders=3, others=1),
        Spec(F, "VN", leaders=3, others=1, absent=1),
        Spec(F, "IT", leaders=3, others=1),
        Spec(F, "FR", others=0, absent=2, status=DECLINED),
        Spec(F, "US", others=0, absent=1, status=CANCELLED),
        Spec(C, "Ministry of Commerce", leaders=2, others=2),
        Spec(C, "National Development and Reform Commission", leaders=2, others=1),
        Spec(C, "Ministry of Foreign Affairs", leaders=1, others=1),
        Spec(C, "China Council for the Promotion of International Trade", leaders=1, others=1),
        Spec(C, "Ministry of Industry and Information Technology", leaders=1, others=1, absent=1),
        Spec(C, "Ministry of Culture and Tourism", leaders=1, others=1),
        Spec(C, "General Administration of Customs", leaders=1, others=1),
        Spec(C, "Ministry of Transport", others=2),
        Spec(C, "State-owned Assets Supervision and Administration Commission of the State Council", others=1),
        Spec(C, "National Health Commission", others=1, absent=1),
        Spec(C, "China Development Bank", others=2),
        Spec(C, "Chinese Academy of Sciences", others=1),
        Spec(C, "Ministry of Ecology and Environment", others=0, absent=1, status=DECLINED),
        Spec(P, "Liaoning", leaders=2, others=1),
        Spec(P, "Heilongjiang", leaders=1, others=1),
        Spec(P, "Inner Mongolia", leaders=1, others=1),
        Spec(P, "Zhejiang", leaders=1, others=2),
        Spec(P, "Shanxi", leaders=1, others=1),
        Spec(P, "Guangdong", leaders=1, others=1, absent=1),
        Spec(P, "Shandong", leaders=1, others=1),
        Spec(P, "Jiangsu", leaders=1, others=1),
        Spec(P, "Tianjin", leaders=1, others=1),
        Spec(P, "Fujian", others=1),
        Spec(P, "Hubei", others=1, absent=1),
        Spec(P, "Sichuan", others=2),
        Spec(P, "Hainan", others=0, absent=1, status=DECLINED),
    ],
    12: [
        Spec(F, "RU", leaders=5, others=2),
        Spec(F, "MN", leaders=4, others=1),
        Spec(F, "KR", leaders=4, others=2, absent=1),
        Spec(F, "JP", leaders=3, others=1),
        Spec(F, "KP", leaders=2, others=1),
        Spec(F, "BY", leaders=2, others=1),
        Spec(F, "KZ", leaders=2, others=1),
        Spec(F, "DE", leaders=2, others=1),
        Spec(F, "GB", others=0, absent=1, status=DECLINED),
        Spec(C, "Ministry of Commerce", leaders=2, others=1),
        Spec(C, "National Development and Reform Commission", leaders=1, others=1),
        Spec(C, "Ministry of Foreign Affairs", leaders=1, others=1),
        Spec(C, "China Council for the Promotion of International Trade", leaders=1, others=1),
        Spec(C, "Ministry of Transport", others=1),
        Spec(C, "China Development Bank", others=1),
        Spec(P, "Liaoning", leaders=2, others=1),
        Spec(P, "Heilongjiang", leaders=1, others=1),
        Spec(P, "Inner Mongolia", leaders=1, others=1),
        Spec(P, "Zhejiang", leaders=1, others=1),
        Spec(P, "Guangdong", leaders=1, others=1),
        Spec(P, "Shandong", others=1),
        Spec(P, "Fujian", others=1, absent=1),
    ],
}

CENTRAL_NAMES_ZH = {
    "Ministry of Commerce": "商务部",
    "National Development and Reform Commission": "国家发展和改革委员会",
    "Ministry of Foreign Affairs": "外交部",
    "China Council for the Promotion of International Trade": "中国国际贸易促进委员会",
    "Ministry of Industry and Information Technology": "工业和信息化部",
    "Ministry of Culture and Tourism": "文化和旅游部",
    "General Administration of Customs": "海关总署",
    "Ministry of Transport": "交通运输部",
    "State-owned Assets Supervision and Administration Commission of the State Council": "国务院国有资产监督管理委员会",
    "National Health Commission": "国家卫生健康委员会",
    "China Development Bank": "国家开发银行",
    "Chinese Academy of Sciences": "中国科学院",
    "Ministry of Ecology and Environment": "生态环境部",
}
CENTRAL_HOSTS = {
    "Ministry of Commerce": "commerce",
    "National Development and Reform Commission": "development-reform",
    "Ministry of Foreign Affairs": "foreign-affairs",
    "China Council for the Promotion of International Trade": "ccpit",
    "Ministry of Industry and Information Technology": "industry",
    "Ministry of Culture and Tourism": "culture-tourism",
    "General Administration of Customs": "customs",
    "Ministry of Transport": "transport",
    "State-owned Assets Supervision and Administration Commission of the State Council": "state-assets",
    "National Health Commission": "health",
    "China Development Bank": "finance",
    "Chinese Academy of Sciences": "science-technology",
    "Ministry of Ecology and Environment": "ecology-environment",
}
FOREIGN_HOSTS = {"KR": "yanbian", "KP": "yanbian", "JP": "changchun", "DE": "changchun", "IT": "commerce"}

# Names: (family names, given names with gender, order) per script. "family" order puts the
# family name first, as in Chinese, Japanese, Korean, Vietnamese and Mongolian passports' usage.
M, W = Gender.MALE, Gender.FEMALE
NAMES = {
    "ru": (
        [
            ("Орлов", "Orlov"),
            ("Беляев", "Belyaev"),
            ("Громов", "Gromov"),
            ("Тихонов", "Tikhonov"),
            ("Зайцев", "Zaytsev"),
            ("Морозов", "Morozov"),
        ],  # fmt: skip
        [
            ("Алексей", "Aleksey", M),
            ("Ольга", "Olga", W),
            ("Дмитрий", "Dmitry", M),
            ("Павел", "Pavel", M),
            ("Елена", "Elena", W),
            ("Игорь", "Igor", M),
        ],  # fmt: skip
        "given",
    ),
    "mn": (
        [("Дорж", "Dorj"), ("Гантулга", "Gantulga"), ("Цэрэн", "Tseren"), ("Болд", "Bold"), ("Сүх", "Sukh")],
        [
            ("Батбаяр", "Batbayar", M),
            ("Оюунчимэг", "Oyunchimeg", W),
            ("Мөнхбат", "Munkhbat", M),
            ("Энхтуяа", "Enkhtuya", W),
            ("Ганбаатар", "Ganbaatar", M),
        ],  # fmt: skip
        "family",
    ),
    "ko": (
        [("김", "Kim"), ("박", "Park"), ("최", "Choi"), ("정", "Jung"), ("강", "Kang"), ("윤", "Yoon")],
        [
            ("민호", "Min-ho", M),
            ("서연", "Seo-yeon", W),
            ("지훈", "Ji-hoon", M),
            ("현우", "Hyun-woo", M),
            ("수진", "Su-jin", W),
        ],  # fmt: skip
        "family",
    ),
    "ja": (
        [("佐藤", "Sato"), ("高橋", "Takahashi"), ("田中", "Tanaka"), ("渡辺", "Watanabe"), ("小林", "Kobayashi")],
        [("健一", "Kenichi", M), ("直樹", "Naoki", M), ("恵子", "Keiko", W), ("誠", "Makoto", M), ("由美", "Yumi", W)],
        "family",
    ),
    "by": (
        [
            ("Ковалёв", "Kovalev"),
            ("Новик", "Novik"),
            ("Шевчук", "Shevchuk"),
            ("Климович", "Klimovich"),
            ("Журавлёв", "Zhuravlev"),
        ],  # fmt: skip
        [("Александр", "Aleksandr", M), ("Наталья", "Natalia", W), ("Виктор", "Viktor", M), ("Андрей", "Andrei", M)],
        "given",
    ),
    "kz": (
        [
            ("Ахметов", "Akhmetov"),
            ("Сеитов", "Seitov"),
            ("Жумабаев", "Zhumabayev"),
            ("Касымов", "Kassymov"),
            ("Нурланов", "Nurlanov"),
        ],  # fmt: skip
        [("Ерлан", "Yerlan", M), ("Айгуль", "Aigul", W), ("Асхат", "Askhat", M), ("Марат", "Marat", M)],
        "given",
    ),
    "de": (
        [
            ("Hoffmann", "Hoffmann"),
            ("Schäfer", "Schaefer"),
            ("Wagner", "Wagner"),
            ("Krüger", "Krueger"),
            ("Vogel", "Vogel"),
        ],  # fmt: skip
        [("Andreas", "Andreas", M), ("Sabine", "Sabine", W), ("Michael", "Michael", M), ("Katrin", "Katrin", W)],
        "given",
    ),
    "it": (
        [("Rossi", "Rossi"), ("Bianchi", "Bianchi"), ("Ferrari", "Ferrari"), ("Romano", "Romano"), ("Galli", "Galli")],
        [("Marco", "Marco", M), ("Giulia", "Giulia", W), ("Luca", "Luca", M), ("Francesca", "Francesca", W)],
        "given",
    ),
    "fr": (
        [("Martin", "Martin"), ("Lefèvre", "Lefevre"), ("Moreau", "Moreau")],
        [("Claire", "Claire", W), ("Julien", "Julien", M), ("Étienne", "Etienne", M)],
        "given",
    ),
    "en": (
        [("Carter", "Carter"), ("Hughes", "Hughes"), ("Bennett", "Bennett")],
        [("Emily", "Emily", W), ("James", "James", M), ("Robert", "Robert", M)],
        "given",
    ),
    "sg": (
        [("陈", "Tan"), ("林", "Lim"), ("黄", "Wong"), ("郑", "Teo"), ("吴", "Goh")],
        [("伟明", "Wei Ming", M), ("美玲", "Mei Ling", W), ("建华", "Kian Hua", M), ("慧敏", "Hui Min", W)],
        "family",
    ),
    "uz": (
        [("Rustamov", "Rustamov"), ("Yusupov", "Yusupov"), ("Tursunov", "Tursunov"), ("Nazarov", "Nazarov")],
        [("Akmal", "Akmal", M), ("Dilnoza", "Dilnoza", W), ("Sherzod", "Sherzod", M), ("Bobur", "Bobur", M)],
        "given",
    ),
    "vi": (
        [("Nguyễn", "Nguyen"), ("Trần", "Tran"), ("Phạm", "Pham"), ("Hoàng", "Hoang"), ("Đặng", "Dang")],
        [
            ("Văn Hùng", "Van Hung", M),
            ("Thị Lan", "Thi Lan", W),
            ("Minh Tuấn", "Minh Tuan", M),
            ("Quốc Bảo", "Quoc Bao", M),
        ],  # fmt: skip
        "family",
    ),
    "zh": (
        [
            ("王", "Wang"),
            ("李", "Li"),
            ("张", "Zhang"),
            ("刘", "Liu"),
            ("陈", "Chen"),
            ("杨", "Yang"),
            ("赵", "Zhao"),
            ("周", "Zhou"),
        ],  # fmt: skip
        [
            ("建国", "Jianguo", M),
            ("海燕", "Haiyan", W),
            ("志刚", "Zhigang", M),
            ("丽华", "Lihua", W),
            ("明远", "Mingyuan", M),
            ("晓东", "Xiaodong", M),
            ("秀兰", "Xiulan", W),
        ],  # fmt: skip
        "family",
    ),
}
# country: (script, languages, phone code, latin script only?)
COUNTRIES = {
    "RU": ("ru", "Russian", "+7"),
    "MN": ("mn", "Mongolian, Russian", "+976"),
    "KR": ("ko", "Korean, English", "+82"),
    "JP": ("ja", "Japanese", "+81"),
    "KP": ("ko", "Korean", "+850"),
    "BY": ("by", "Russian, Belarusian", "+375"),
    "KZ": ("kz", "Kazakh, Russian", "+7"),
    "DE": ("de", "German, English", "+49"),
    "SG": ("sg", "English, Chinese", "+65"),
    "UZ": ("uz", "Uzbek, Russian", "+998"),
    "VN": ("vi", "Vietnamese", "+84"),
    "IT": ("it", "Italian, English", "+39"),
    "FR": ("fr", "French", "+33"),
    "US": ("en", "English", "+1"),
    "GB": ("en", "English", "+44"),
}
OTHER_COUNTRY = ("en", "English", "+1")  # a country the table above leaves out (scale editions)
LATIN_SCRIPTS = {"de", "it", "fr", "en", "uz"}

FOREIGN_TITLES = {
    Rank.VICE_STATE_LEADER: "Deputy Prime Minister",
    Rank.MINISTERIAL: "Minister of Economic Development",
    Rank.VICE_MINISTERIAL: "Deputy Minister of Foreign Trade",
    Rank.DEPARTMENT: "Director, Department of Asian Cooperation",
    Rank.OTHER: "Counsellor",
}
FOREIGN_TITLES_ALT = {
    Rank.MINISTERIAL: "Governor of the Region",
    Rank.VICE_MINISTERIAL: "Ambassador to China",
    Rank.DEPARTMENT: "Head of the Trade Mission",
    Rank.OTHER: "Secretary of the Delegation",
}
# The letters address a delegate in the letter's language: titles in both languages, and
# the Chinese writing of the names the protocol office has on file.
TITLES_ZH = {
    "Deputy Prime Minister": "副总理",
    "Minister of Economic Development": "经济发展部部长",
    "Deputy Minister of Foreign Trade": "对外贸易部副部长",
    "Director, Department of Asian Cooperation": "亚洲合作司司长",
    "Counsellor": "参赞",
    "Governor of the Region": "州长",
    "Ambassador to China": "驻华大使",
    "Head of the Trade Mission": "商务代表处首席代表",
    "Secretary of the Delegation": "代表团秘书",
}
TITLES_EN = {
    "部长": "Minister",
    "副部长": "Vice Minister",
    "司长": "Director-General",
    "处长": "Division Director",
    "省长": "Governor",
    "副省长": "Vice Governor",
    "商务厅厅长": "Director-General of the Department of Commerce",
    "商务厅处长": "Division Director of the Department of Commerce",
}
NAMES_ZH = {"Dmitry Zaytsev": "德米特里·扎伊采夫"}
CENTRAL_TITLES = {
    Rank.MINISTERIAL: "部长",
    Rank.VICE_MINISTERIAL: "副部长",
    Rank.DEPARTMENT: "司长",
    Rank.OTHER: "处长",
}
PROVINCIAL_TITLES = {
    Rank.MINISTERIAL: "省长",
    Rank.VICE_MINISTERIAL: "副省长",
    Rank.DEPARTMENT: "商务厅厅长",
    Rank.OTHER: "商务厅处长",
}

HOTELS = [("Nanhu Hotel", "1"), ("Shangri-La Hotel Changchun", "2"), ("Changchun Hongqi Hotel", "3")]
AIRPORT = "Changchun Longjia International Airport"
STATION = "Changchun West Railway Station"
FLIGHTS = {
    "RU": "S7 6303",
    "MN": "OM 2107",
    "KR": "KE 817",
    "JP": "NH 6913",
    "KP": "JS 155",
    "BY": "B2 1227",
    "KZ": "KC 1905",
    "DE": "LH 8212",
    "SG": "SQ 8856",
    "UZ": "HY 3521",
    "VN": "VN 8714",
    "IT": "AZ 7810",
}
DOMESTIC_TRAINS = ["G1202", "G1274", "G8024", "G390", "G1262", "D24"]
DOMESTIC_FLIGHTS = ["CA 1615", "MU 5607", "CZ 6157", "HU 7691", "3U 8633", "ZH 9863"]

# Event bookings of the 13th edition's leaders, by the events app's English titles.
OPENING = "Opening Ceremony of the 13th China-Northeast Asia Expo"
MAIN_FORUM = "The 11th High-level Forum on Northeast Asia Cooperation"
ROUNDTABLE = "The 2nd Northeast Asia Cooperation Roundtable"
BUSINESS_FORUM = "The 2021 Northeast Asia Business Cooperation Forum"
ZHEJIANG = (
    'Zhejiang Entrepreneurs in the Yangtze River Delta Entering Jilin & "Jilin Encounters Zhejiang" '
    "Northeast Revitalization Science and Technology Innovation Cooperation Promotion Conference"
)
SIGNING = "Signing Ceremony of Major Cooperation Projects"
EVENT_TITLES = (OPENING, MAIN_FORUM, ROUNDTABLE, BUSINESS_FORUM, ZHEJIANG, SIGNING)


@transaction.atomic
def seed(*, password=None, log=print, light: bool = False) -> None:
    units = {u.code: u for u in MemberUnit.objects.all()}
    for number, specs in SPECS.items():
        edition = Edition.objects.filter(number=number).first()
        if edition is None:
            continue
        rng = random.Random(number * 7919)
        names: dict[str, int] = {}  # the next name of each script, so that none repeats in the edition
        for index, spec in enumerate(specs):
            delegation, created = _delegation(edition, spec, units, index)
            if created:
                _history(delegation, spec, edition)
            _delegates(delegation, spec, rng, edition, names)
        if number == 13:
            _logistics(edition)
    for number in SPECS:
        edition = Edition.objects.filter(number=number).first()
        if edition is not None:
            s = leaders_summary(edition=edition)
            log(
                f"delegations: the {number}th edition has {s['foreign']['leaders']} foreign leaders from "
                f"{s['foreign']['countries_regions']} countries and regions, {s['central']['leaders']} central "
                f"leaders from {s['central']['institutions']} institutions, {s['provincial']['leaders']} provincial "
                f"leaders from {s['provincial']['provinces']} provinces"
            )


def _aware(date: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour, minute)))


def _delegation(edition, spec: Spec, units, index: int) -> tuple[Delegation, bool]:
    origin = {"country": "", "province": "", "institution_en": ""}
    defaults = {"institution_zh": "", "security_level": SecurityLevel.STANDARD}
    if spec.kind == F:
        origin["country"] = spec.origin
        host = FOREIGN_HOSTS.get(spec.origin, "foreign-affairs")
        if spec.leaders >= 5:
            defaults["security_level"] = SecurityLevel.HIGH
        elif spec.leaders >= 3:
            defaults["security_level"] = SecurityLevel.ENHANCED
        defaults["interpreter_languages"] = f"Chinese, {COUNTRIES[spec.origin][1].split(',')[0]}"
    elif spec.kind == C:
        origin["institution_en"] = spec.origin
        defaults["institution_zh"] = CENTRAL_NAMES_ZH[spec.origin]
        host = CENTRAL_HOSTS[spec.origin]
    else:
        origin["province"] = spec.origin
        host = "general-office"
    liaison = NAMES["zh"]
    family, given = liaison[0][index % len(liaison[0])], liaison[1][(index * 3 + 1) % len(liaison[1])]
    defaults.update(
        {
            "host_unit": units.get(host),
            "liaison_name": f"{family[0]}{given[0]}",
            "liaison_phone": f"+86 139 4310 {1000 + index * 37:04d}",
            "interpreter_name": (
                f"{family[0]}{liaison[1][(index + 2) % len(liaison[1])][0]}" if spec.kind == F else ""
            ),
            "interpreter_phone": (f"+86 138 4310 {2000 + index * 41:04d}" if spec.kind == F else ""),
        }
    )
    return Delegation.objects.get_or_create(edition=edition, origin_kind=spec.kind, **origin, defaults=defaults)


def _history(delegation: Delegation, spec: Spec, edition) -> None:
    """The invitation's steps, dated in the months before the expo; the delegation's state set to match."""
    start = edition.start_date
    steps = [(InvitationStatus.DRAFT, 95), (InvitationStatus.SENT, 80)]
    if spec.status == InvitationStatus.DECLINED:
        steps.append((InvitationStatus.DECLINED, 60))
    else:
        steps.append((InvitationStatus.ACCEPTED, 55))
        steps.append((InvitationStatus.CONFIRMED, 20))
        if spec.status == InvitationStatus.CANCELLED:
            steps.append((InvitationStatus.CANCELLED, 6))
    rows, previous, stamps = [], "", {}
    for status, days_before in steps:
        at = _aware(start - datetime.timedelta(days=days_before), 10)
        rows.append((delegation.pk, previous, status, None, at, "demo"))
        stamps[status] = at
        previous = status
    insert_rows(InvitationChange, ["delegation", "from_status", "to_status", "changed_by", "changed_at", "note"], rows)
    Delegation.objects.filter(pk=delegation.pk).update(
        status=spec.status,
        sent_at=stamps.get(InvitationStatus.SENT),
        answered_at=stamps.get(InvitationStatus.ACCEPTED) or stamps.get(InvitationStatus.DECLINED),
        confirmed_at=stamps.get(InvitationStatus.CONFIRMED),
        cancelled_at=stamps.get(InvitationStatus.CANCELLED),
    )


def _ranks(spec: Spec) -> list[tuple[int, bool]]:
    """(rank, attended) of each delegate, the head first."""
    leaders = []
    for n in range(spec.leaders):
        if n == 0:
            rank = Rank.VICE_STATE_LEADER if spec.kind == F and spec.leaders >= 5 else Rank.MINISTERIAL
        else:
            rank = Rank.MINISTERIAL if n % 3 == 1 else Rank.VICE_MINISTERIAL
        leaders.append((rank, True))
    others = [(Rank.DEPARTMENT if n % 2 == 0 else Rank.OTHER, True) for n in range(spec.others)]
    absent = [(Rank.VICE_MINISTERIAL if n % 2 == 0 else Rank.MINISTERIAL, False) for n in range(spec.absent)]
    if spec.status != InvitationStatus.CONFIRMED:
        return absent + [(rank, False) for rank, _ in others]
    return leaders + others + absent


def _name(script: str, n: int, seed: int) -> tuple[str, str, str]:
    families, givens, order = NAMES[script]
    # A shuffled walk through every pairing, so that a delegation's names never repeat.
    pairs = random.Random(seed).sample(range(len(families) * len(givens)), len(families) * len(givens))
    family = families[pairs[n] % len(families)]
    given = givens[pairs[n] // len(families)]
    family_original, family_latin = family
    if given[2] == W and script in ("ru", "kz") and family_latin.endswith(("ov", "ev", "in")):
        family_original, family_latin = family_original + "а", family_latin + "a"
    if script == "by" and given[2] == W and family_latin.endswith("ev"):
        family_original, family_latin = family_original + "а", family_latin + "a"
    if order == "family":
        sep = "" if script in ("zh", "sg", "ko") else " "
        original = f"{family_original}{sep}{given[0]}"
        latin = f"{family_latin} {given[1]}"
    else:
        original = f"{given[0]} {family_original}"
        latin = f"{given[1]} {family_latin}"
    return ("" if script in LATIN_SCRIPTS and original == latin else original), latin, given[2]


def _organization(kind: str, origin: str) -> str:
    """What a delegate of a Chinese delegation represents, in Chinese (foreign ones: none)."""
    if kind == C:
        return CENTRAL_NAMES_ZH.get(origin, "")
    if kind == P:
        with translation.override("zh-hans"):
            return f"{Province(origin).label}人民政府"
    return ""


def _particulars(kind: str, origin: str, rank: int, n: int, rng: random.Random) -> dict:
    """The ``n``-th delegate's title (on file, in Chinese and in English), passport, date of
    birth and phone, by the delegation's kind and origin and the delegate's rank."""
    if kind == F:
        script, _languages, phone_code = COUNTRIES.get(origin, OTHER_COUNTRY)
        titles = FOREIGN_TITLES_ALT if n % 2 and rank in FOREIGN_TITLES_ALT else FOREIGN_TITLES
        title = titles.get(rank, FOREIGN_TITLES[Rank.VICE_MINISTERIAL])
        passport = f"{origin[0]}{rng.randrange(10**7, 10**8)}"
    else:
        script, phone_code = "zh", "+86"
        titles = CENTRAL_TITLES if kind == C else PROVINCIAL_TITLES
        title = titles.get(rank, titles[Rank.MINISTERIAL])
        passport = f"E{rng.randrange(10**7, 10**8)}" if rank <= Rank.VICE_MINISTERIAL else ""
    birth = datetime.date(rng.randrange(1956, 1982), rng.randrange(1, 13), rng.randrange(1, 29))
    if phone_code == "+86":
        phone = f"+86 13{rng.randrange(10)} {rng.randrange(1000, 10000)} {rng.randrange(1000, 10000)}"
    else:
        phone = f"{phone_code} {rng.randrange(100, 1000)} {rng.randrange(100, 1000)} {rng.randrange(1000, 10000)}"
    return {
        "title": title,
        "title_zh": TITLES_ZH.get(title, title if script == "zh" else ""),
        "title_en": TITLES_EN.get(title, title if script != "zh" else ""),
        "passport_number": passport,
        "date_of_birth": birth,
        "phone": phone,
    }


def _delegates(delegation: Delegation, spec: Spec, rng: random.Random, edition, names: dict[str, int]) -> None:
    script, languages, _phone = COUNTRIES[spec.origin] if spec.kind == F else ("zh", "Chinese", "+86")
    organization = _organization(spec.kind, spec.origin)
    for n, (rank, attended) in enumerate(_ranks(spec)):
        original, latin, gender = _name(script, names.get(script, 0), edition.number)
        names[script] = names.get(script, 0) + 1
        Delegate.objects.update_or_create(
            delegation=delegation,
            name_latin=latin,
            defaults={
                "name_original": original,
                **_particulars(spec.kind, spec.origin, rank, n, rng),
                "name_zh": NAMES_ZH.get(latin, original if script == "zh" else ""),
                "organization": organization,
                "gender": gender,
                "languages": languages,
                "rank": rank,
                "is_head": n == 0,
                "attended": attended,
            },
        )


def _logistics(edition) -> None:
    """Travel, hotel, meetings and event bookings of the 13th edition's attending delegates,
    written once (for delegates who have none yet)."""
    events = {e.title_en: e for e in Event.objects.filter(edition=edition, title_en__in=EVENT_TITLES)}
    delegates = list(
        Delegate.objects.filter(delegation__edition=edition, attended=True, travels__isnull=True)
        .select_related("delegation")
        .order_by("delegation__origin_kind", "delegation_id", "-is_head", "rank", "pk")
    )
    if not delegates:
        return
    start = edition.start_date
    travels, stays, bookings = [], [], []
    rooms: dict[str, int] = {}  # rooms given in each hotel: one room for each delegate
    for n, delegate in enumerate(delegates):
        delegation = delegate.delegation
        foreign = delegation.origin_kind == F
        leader = delegate.rank <= Rank.VICE_MINISTERIAL
        # Heads of foreign delegations arrive two days early, for the roundtable on the eve of the
        # opening; the other leaders the day before; the others spread over those two days.
        early = (foreign and delegate.is_head) or (not leader and n % 3 == 0)
        arrival_day = start - datetime.timedelta(days=2 if early else 1)
        if foreign:
            number, mode, place = FLIGHTS.get(str(delegation.country.code), "CA 1615"), TravelMode.FLIGHT, AIRPORT
        elif n % 2:
            number, mode, place = DOMESTIC_TRAINS[n % len(DOMESTIC_TRAINS)], TravelMode.TRAIN, STATION
        else:
            number, mode, place = DOMESTIC_FLIGHTS[n % len(DOMESTIC_FLIGHTS)], TravelMode.FLIGHT, AIRPORT
        arrives = _aware(arrival_day, 9 + (n * 7) % 11, (n * 13) % 4 * 15)
        departure_day = start + datetime.timedelta(days=2 + n % 3)
        leaves = _aware(departure_day, 8 + (n * 5) % 10, (n * 11) % 4 * 15)
        pickup = foreign or leader
        travels.append(Travel(delegate=delegate, direction=Direction.ARRIVAL, mode=mode, number=number, place=place, at=arrives, pickup_needed=pickup))  # fmt: skip
        travels.append(Travel(delegate=delegate, direction=Direction.DEPARTURE, mode=mode, number=number, place=place, at=leaves, pickup_needed=pickup))  # fmt: skip
        hotel, floor = HOTELS[0] if leader else HOTELS[1 + n % 2]
        rooms[hotel] = rooms.get(hotel, 0) + 1
        stays.append(
            HotelStay(
                delegate=delegate,
                hotel=hotel,
                room=f"{floor}{rooms[hotel] // 20 + 1}{rooms[hotel] % 20 + 1:02d}",
                check_in=arrival_day,
                check_out=departure_day,
            )  # fmt: skip
        )
        if leader:
            for title in (OPENING, MAIN_FORUM):
                if title in events:
                    bookings.append(EventAttendance(delegate=delegate, event=events[title]))
            if foreign and delegate.is_head and ROUNDTABLE in events:
                bookings.append(EventAttendance(delegate=delegate, event=events[ROUNDTABLE]))
    _clashes(delegates, travels, bookings, events, start)
    Travel.objects.bulk_create(travels)
    HotelStay.objects.bulk_create(stays)
    EventAttendance.objects.bulk_create(bookings)
    _meetings(edition)


def _clashes(delegates, travels, bookings, events, start) -> None:
    """Two things for the protocol desk to catch: a Zhejiang leader booked into two afternoon
    events at once, and a central leader whose train arrives after the main forum starts."""
    zhejiang = next((d for d in delegates if d.delegation.province == "Zhejiang" and d.is_head), None)
    if zhejiang is not None and BUSINESS_FORUM in events and ZHEJIANG in events:
        bookings.append(EventAttendance(delegate=zhejiang, event=events[BUSINESS_FORUM]))
        bookings.append(EventAttendance(delegate=zhejiang, event=events[ZHEJIANG]))
    late = next(
        (d for d in delegates if d.delegation.institution_en == "General Administration of Customs" and d.is_head), None
    )
    if late is not None:
        for travel in travels:
            if travel.delegate is late and travel.direction == Direction.ARRIVAL:
                travel.at = _aware(start, 10, 40)
                travel.mode, travel.number, travel.place = TravelMode.TRAIN, "G1262", STATION


def _meetings(edition) -> None:
    heads = Delegation.objects.filter(
        edition=edition, origin_kind=F, status=InvitationStatus.CONFIRMED, meetings__isnull=True
    ).order_by("pk")[:6]
    meetings = []
    for n, delegation in enumerate(heads):
        day = (
            edition.start_date - datetime.timedelta(days=1)
            if n < 3
            else edition.start_date + datetime.timedelta(days=1)
        )
        hour = 17 + n % 3
        meetings.append(
            LeaderMeeting(
                delegation=delegation,
                provincial_leader="Governor of Jilin Province" if n % 2 == 0 else "Vice Governor of Jilin Province",
                starts_at=_aware(day, hour),
                ends_at=_aware(day, hour, 45),
                place="Nanhu Hotel, VIP Hall",
                topic="Economic, trade and local cooperation",
            )
        )
    LeaderMeeting.objects.bulk_create(meetings)


# The current edition's invitations, a few months before the expo: sent, some answered
# (accepted, one confirmed, one declined), one still a draft; through the invitation services.
# (origin kind, origin, host unit, steps after the draft)
CURRENT_INVITATIONS = [
    (F, "RU", "foreign-affairs", ("send", "accept", "confirm")),
    (F, "MN", "foreign-affairs", ("send", "accept")),
    (F, "KR", "yanbian", ("send",)),
    (F, "JP", "changchun", ("send", "decline")),
    (C, "Ministry of Commerce", "commerce", ("send", "accept")),
    (P, "Liaoning", "general-office", ("send",)),
    (P, "Zhejiang", "general-office", ()),
]


@transaction.atomic
def seed_current(*, edition, today, password=None, log=print, light: bool = False) -> None:
    """Invitations of the current edition (written once: an edition with delegations is left alone)."""
    if Delegation.objects.filter(edition=edition).exists():
        return
    units = {u.code: u for u in MemberUnit.objects.all()}
    steps = {
        "send": services.invitation_send,
        "accept": services.invitation_accept,
        "confirm": services.invitation_confirm,
        "decline": services.invitation_decline,
    }
    for kind, origin, host, moves in CURRENT_INVITATIONS:
        fields = {"host_unit": units.get(host)}
        if kind == F:
            fields["country"] = origin
        elif kind == C:
            fields.update(institution_en=origin, institution_zh=CENTRAL_NAMES_ZH[origin])
        else:
            fields["province"] = origin
        delegation = services.delegation_create(edition=edition, origin_kind=kind, **fields)
        for move in moves:
            steps[move](delegation=delegation, note="demo")
    log(f"delegations of the {edition.number}th: {len(CURRENT_INVITATIONS)} invitations")


# Scale editions (manage.py seed_scale): at factor 1 about 300 delegates in 55 delegations (30
# foreign, 15 central, 10 provincial), most invitations confirmed, a few declined or cancelled;
# heads and leaders at vice-ministerial level or above, department-level members; arrivals and
# hotel stays of the leaders who attended. Origins are unique in an edition: foreign
# delegations take distinct countries and regions (at most every country but China),
# provincial ones distinct provinces (Jilin hosts); beyond those the delegates per delegation
# grow instead. Central institutions are numbered.
DELEGATES = 300
DELEGATIONS = {OriginKind.FOREIGN: 30, OriginKind.CENTRAL: 15, OriginKind.PROVINCIAL: 10}
DELEGATION_FIELDS = (
    "edition",
    "origin_kind",
    "country",
    "province",
    "institution_zh",
    "institution_en",
    "host_unit",
    "liaison_name",
    "liaison_phone",
    "interpreter_name",
    "interpreter_phone",
    "interpreter_languages",
    "security_level",
    "status",
    "sent_at",
    "answered_at",
    "confirmed_at",
    "cancelled_at",
    "notes",
    "created_at",
    "updated_at",
)
DELEGATE_FIELDS = (
    "delegation",
    "name_original",
    "name_latin",
    "title",
    "title_zh",
    "title_en",
    "organization",
    "gender",
    "languages",
    "rank",
    "is_head",
    "attended",
    "passport_number",
    "date_of_birth",
    "phone",
    "created_at",
    "updated_at",
)


def _scale_origins(plan: Plan) -> list[tuple[str, str, str, str]]:
    """(kind, country, province, institution) of each delegation."""
    foreign = list(COUNTRIES) + sorted(code for code, _name in countries if code not in COUNTRIES and code != "CN")
    provinces = [p for p in Province.values if p != Province.JILIN]
    central = list(CENTRAL_NAMES_ZH)
    origins = []
    for kind, base in DELEGATIONS.items():
        for n in range(plan.count(base, at_least=1)):
            if kind == OriginKind.FOREIGN and n < len(foreign):
                origins.append((kind, foreign[n], "", ""))
            elif kind == OriginKind.PROVINCIAL and n < len(provinces):
                origins.append((kind, "", provinces[n], ""))
            elif kind == OriginKind.CENTRAL:
                name = central[n] if n < len(central) else f"Central institution {n + 1}"
                origins.append((kind, "", "", name))
    return origins


def _random_person(rng, country: str, kind: str) -> tuple[str, str, str, str]:
    """(original name, Latin name, gender, languages)."""
    script, languages, _phone = (
        COUNTRIES.get(country, OTHER_COUNTRY) if kind == OriginKind.FOREIGN else ("zh", "Chinese", "+86")
    )
    families, givens, order = NAMES[script]
    family, given = rng.choice(families), rng.choice(givens)
    if order == "family":
        sep = "" if script in ("zh", "sg", "ko") else " "
        return f"{family[0]}{sep}{given[0]}", f"{family[1]} {given[1]}", given[2], languages
    return f"{given[0]} {family[0]}", f"{given[1]} {family[1]}", given[2], languages


def scale(plan: Plan, edition: Edition) -> dict[str, int]:
    """A scale edition's delegations: the demo's names, countries and titles, drawn at random."""
    rng = plan.rng("delegations")
    hosts = list(MemberUnit.objects.order_by("sort_order", "code"))
    origins = _scale_origins(plan)
    total = plan.count(DELEGATES, at_least=1)
    origins = origins[: max(1, min(len(origins), total))]
    sizes = apportion(total, [1] * len(origins))
    stamp = moment(edition.start_date - datetime.timedelta(days=95), 10)
    rows, statuses = [], []
    for index, (kind, country, province, institution) in enumerate(origins):
        roll = rng.random()
        status = (
            InvitationStatus.DECLINED
            if roll < 0.05
            else InvitationStatus.CANCELLED
            if roll < 0.08
            else InvitationStatus.CONFIRMED
        )
        statuses.append(status)
        sent = stamp + datetime.timedelta(days=15)
        answered = sent + datetime.timedelta(days=rng.randint(5, 30))
        confirmed = answered + datetime.timedelta(days=10) if status != InvitationStatus.DECLINED else None
        rows.append(
            (
                edition.pk,
                kind,
                country,
                province,
                CENTRAL_NAMES_ZH.get(institution, f"中央单位{index + 1}") if kind == OriginKind.CENTRAL else "",
                institution,
                hosts[index % len(hosts)].pk if hosts else None,
                "王磊",
                f"+86 139 4310 {1000 + index:04d}",
                "李娜" if kind == OriginKind.FOREIGN else "",
                f"+86 138 4310 {2000 + index:04d}" if kind == OriginKind.FOREIGN else "",
                "Chinese, English" if kind == OriginKind.FOREIGN else "",
                SecurityLevel.HIGH if index % 10 == 0 else SecurityLevel.STANDARD,
                status,
                sent,
                answered,
                confirmed,
                confirmed + datetime.timedelta(days=5) if status == InvitationStatus.CANCELLED else None,
                "",
                stamp,
                stamp,
            )
        )
    write_rows(Delegation, DELEGATION_FIELDS, rows)
    ids = list(
        Delegation.objects.filter(edition=edition).values_list(
            "origin_kind", "country", "province", "institution_en", "pk"
        )
    )
    by_origin = {tuple(row[:4]): row[4] for row in ids}

    delegates = []
    for (kind, country, province, institution), size, status in zip(origins, sizes, statuses, strict=True):
        delegation_id = by_origin[(kind, country, province, institution)]
        came = status == InvitationStatus.CONFIRMED
        for n in range(size):
            original, latin, gender, languages = _random_person(rng, country, kind)
            if n == 0:
                rank = rng.choice((Rank.VICE_STATE_LEADER, Rank.MINISTERIAL, Rank.MINISTERIAL, Rank.VICE_MINISTERIAL))
            else:
                rank = rng.choices(
                    (Rank.MINISTERIAL, Rank.VICE_MINISTERIAL, Rank.DEPARTMENT, Rank.OTHER), (1, 3, 4, 3)
                )[0]
            origin = country if kind == F else institution or province
            details = _particulars(kind, origin, rank, n, rng)
            delegates.append(
                (
                    delegation_id,
                    original,
                    latin,
                    details["title"],
                    details["title_zh"],
                    details["title_en"],
                    _organization(kind, origin),
                    gender,
                    languages,
                    rank,
                    n == 0,
                    came and rng.random() < 0.92,
                    details["passport_number"],
                    details["date_of_birth"],
                    details["phone"],
                    stamp,
                    stamp,
                )
            )
    write_rows(Delegate, DELEGATE_FIELDS, delegates)

    leaders = list(
        Delegate.objects.filter(delegation__edition=edition, attended=True, rank__lte=Rank.VICE_MINISTERIAL)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    travels, stays = [], []
    for n, pk in enumerate(leaders):
        arrival = moment(edition.start_date - datetime.timedelta(days=1), 8 + n % 12, 15 * (n % 4))
        travels.append(
            (
                pk,
                Direction.ARRIVAL,
                TravelMode.FLIGHT,
                f"CA {1000 + n % 9000}",
                AIRPORT,
                arrival,
                True,
                "",
                stamp,
                stamp,
            )
        )
        stays.append(
            (
                pk,
                HOTELS[n % len(HOTELS)][0],
                f"{8 + n % 20}{n % 50:02d}",
                arrival.date(),
                edition.end_date,
                stamp,
                stamp,
            )
        )
    write_rows(
        Travel,
        (
            "delegate",
            "direction",
            "mode",
            "number",
            "place",
            "at",
            "pickup_needed",
            "notes",
            "created_at",
            "updated_at",
        ),
        travels,
    )
    write_rows(HotelStay, ("delegate", "hotel", "room", "check_in", "check_out", "created_at", "updated_at"), stays)
    return {"delegations": len(origins), "delegates": len(delegates), "arrivals": len(travels)}


def purge(edition: Edition) -> None:
    raw_delete(Travel.objects.filter(delegate__delegation__edition=edition))
    raw_delete(HotelStay.objects.filter(delegate__delegation__edition=edition))
    raw_delete(InvitationChange.objects.filter(delegation__edition=edition))
    Delegate.objects.filter(delegation__edition=edition).delete()


def has_data(edition: Edition) -> bool:
    return Delegation.objects.filter(edition=edition).exists()


SEEDER = Seeder(name="delegations", order=40, demo=seed, current=seed_current, scale=scale, purge=purge, has_data=has_data, checksum=(
    (Delegation, "edition", ["origin_kind", "country", "province", "institution_en", "status", "host_unit__code"], ["origin_kind", "country", "province", "institution_en"]),
    (Delegate, "delegation__edition", ["delegation__origin_kind", "delegation__country", "delegation__province", "delegation__institution_en", "name_latin", "rank", "is_head", "attended", "passport_number", "date_of_birth"], ["delegation__origin_kind", "delegation__country", "delegation__province", "delegation__institution_en", "passport_number", "name_latin", "date_of_birth", "phone"]),
))  # fmt: skip
