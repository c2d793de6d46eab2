"""Demo and scale data of the programme and attendance (registered in ``expo.seeding`` as
"events").

The demo's 13th edition: the main forum (the 11th High-level Forum on Northeast Asia
Cooperation) with its 5 events, the 5 supporting conference events, theme activities of 7 of
the 10 municipalities and prefectures, and the two notable events the published results name
(the Top 500 Enterprises Summit and the 6th World Jilin Entrepreneurs Convention) with their
attendance as registrations. ``light`` leaves out the crowds (so the notable events'
attendance too). ``seed_current`` writes the current edition's programme, open for
registration.

A scale edition: a programme generated after the 13th's (``PROGRAMME``, K times as many
events of each kind).

Both get their crowds from one generator: 20,000 merchants from 51 countries and regions
(70% domestic), 210,000 online visitors, merchants' check-ins over the five days and
registrations for the public events, K times as many in a scale edition. Figures come from
the records. A scale edition's badge codes are 12 letters (the product's own are 10), drawn
from the seeded stream: the same seed gives the same codes, and they cannot collide with the
codes the product issues."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from events.enums import AttendeeKind, EventKind, RegistrationStatus, RoleKind
from events.models import (
    CODE_ALPHABET,
    Attendee,
    CheckIn,
    Event,
    EventRole,
    Person,
    Registration,
    Room,
    Venue,
    new_badge_codes,
)
from events.services import attendee_register, register_for_event
from expo import reference
from expo.enums import Industry
from expo.models import Edition, MemberUnit
from expo.seeding import Plan, Seeder, moment, raw_delete, write_rows

EDITION = 13
# The 13th edition's figures: a scale edition has K times them.
MERCHANTS = 20000
DOMESTIC_SHARE = 0.7
ONLINE_VISITORS = 210000
CHECK_IN_SHARES = (0.55, 0.4, 0.3, 0.2, 0.1)  # of the merchants, on each of the five days
FULL_UP_TO = 50  # the public events of so few seats fill up, with a waiting list of
WAITING = 6
SCALE_CODE_LENGTH = 12
# 50 countries and regions besides China: 51 in all.
MERCHANT_COUNTRIES = [
    "JP",
    "KR",
    "RU",
    "MN",
    "KP",
    "DE",
    "IT",
    "FR",
    "US",
    "GB",
    "TH",
    "VN",
    "MY",
    "SG",
    "ID",
    "PH",
    "IN",
    "PK",
    "KZ",
    "UZ",
    "BY",
    "UA",
    "PL",
    "CZ",
    "HU",
    "AT",
    "CH",
    "NL",
    "BE",
    "ES",
    "PT",
    "FI",
    "SE",
    "NO",
    "DK",
    "AU",
    "NZ",
    "CA",
    "BR",
    "MX",
    "AR",
    "ZA",
    "EG",
    "TR",
    "AE",
    "SA",
    "IL",
    "HK",
    "MO",
    "TW",
]
VENUES = {
    "cicec": (
        "长春国际会展中心",
        "Changchun International Convention and Exhibition Center",
        "长春市南关区会展大街100号",
        [
            ("主会场", "Main Hall", 1200),
            ("多功能厅", "Multi-function Hall", 500),
            ("第一会议室", "Conference Room 1", 300),
            ("第二会议室", "Conference Room 2", 200),
            ("第三会议室", "Conference Room 3", 200),
        ],
    ),
    "nanhu": (
        "南湖宾馆",
        "Nanhu Hotel",
        "长春市朝阳区南湖大路2448号",
        [("南湖厅", "Nanhu Hall", 400), ("贵宾厅", "VIP Hall", 80)],
    ),
}
MAIN_FORUM = ("第十一届东北亚合作高层论坛", "The 11th High-level Forum on Northeast Asia Cooperation")
# (kind, Chinese title, English title, day, start, hours, room, organizer code, public, capacity)
EVENTS = [
    (
        EventKind.EXHIBITION_OPENING,
        "第十三届中国—东北亚博览会开幕式",
        "Opening Ceremony of the 13th China-Northeast Asia Expo",
        23,
        "08:30",
        0.75,
        "Main Hall",
        "ccpit",
        False,
        None,
    ),
    (EventKind.MAIN_FORUM, *MAIN_FORUM, 23, "09:30", 2.5, "Main Hall", "foreign-affairs", False, None),
    (
        EventKind.FORUM_EVENT,
        "第二届东北亚合作圆桌会",
        "The 2nd Northeast Asia Cooperation Roundtable",
        22,
        "15:00",
        2.5,
        "Nanhu Hall",
        "foreign-affairs",
        False,
        None,
    ),
    (
        EventKind.FORUM_EVENT,
        "2021东北亚工商合作论坛",
        "The 2021 Northeast Asia Business Cooperation Forum",
        23,
        "14:00",
        3,
        "Conference Room 1",
        "ccpit",
        True,
        300,
    ),
    (
        EventKind.FORUM_EVENT,
        "第二届东北亚电子商务峰会暨东北地区（吉林）“数商兴农”推进会",
        'The 2nd Northeast Asia E-commerce Summit & Promotion of "Digital Commerce for Agriculture" in Northeast China (Jilin)',
        24,
        "09:00",
        3,
        "Conference Room 2",
        "commerce",
        True,
        200,
    ),
    (
        EventKind.FORUM_EVENT,
        "东北亚产业园区对话会",
        "The Dialogues on Northeast Asia Industrial Parks",
        24,
        "14:00",
        3,
        "Conference Room 3",
        "development-reform",
        True,
        200,
    ),
    (
        EventKind.FORUM_EVENT,
        "第三届中国—东北亚博览会法律论坛",
        "The 3rd Legal Forum of China-Northeast Asia Expo",
        25,
        "09:00",
        3,
        "Conference Room 1",
        "justice",
        True,
        50,
    ),
    (
        EventKind.SUPPORTING_CONFERENCE,
        "长三角浙商走进吉林暨“吉浙相遇”东北振兴科技创新合作推进会",
        'Zhejiang Entrepreneurs in the Yangtze River Delta Entering Jilin & "Jilin Encounters Zhejiang" Northeast Revitalization Science and Technology Innovation Cooperation Promotion Conference',
        23,
        "14:00",
        2.5,
        "Multi-function Hall",
        "science-technology",
        True,
        500,
    ),
    (
        EventKind.SUPPORTING_CONFERENCE,
        "空间科学与应用产业化标准化发展论坛",
        "The Forum on Space Science and Application Industrialization and Standardization Development",
        24,
        "09:30",
        2,
        "Conference Room 1",
        "industry",
        True,
        300,
    ),
    (
        EventKind.SUPPORTING_CONFERENCE,
        "吉林深圳智慧城市建设推进对接会",
        "The Jilin Shenzhen Smart City Construction Promotion and Matchmaking Conference",
        24,
        "14:00",
        2,
        "Conference Room 1",
        "government-services",
        True,
        300,
    ),
    (
        EventKind.SUPPORTING_CONFERENCE,
        "中国（山西）—东北亚经贸合作推介会",
        "The China (Shanxi)-Northeast Asia Economic and Trade Cooperation Promotion Conference",
        25,
        "09:30",
        2,
        "Conference Room 2",
        "commerce",
        True,
        200,
    ),
    (
        EventKind.SUPPORTING_CONFERENCE,
        "吉林（长白山）投资推介会",
        "The Jilin (Changbai Mountain) Investment and Promotion Symposium",
        25,
        "14:00",
        2,
        "Conference Room 2",
        "changbai-mountain",
        True,
        200,
    ),
    (
        EventKind.SIGNING_CEREMONY,
        "重大项目集中签约仪式",
        "Signing Ceremony of Major Cooperation Projects",
        23,
        "16:00",
        1,
        "Main Hall",
        "commerce",
        False,
        None,
    ),
    (
        EventKind.PRESS_CONFERENCE,
        "第十三届东博会新闻发布会",
        "Press Conference of the 13th Expo",
        23,
        "12:30",
        0.75,
        "Conference Room 3",
        "information-office",
        True,
        120,
    ),
    (
        EventKind.CULTURAL_EXCHANGE,
        "东北亚文化艺术周开幕演出",
        "Opening Performance of the Northeast Asia Culture and Art Week",
        23,
        "19:00",
        2,
        "Multi-function Hall",
        "culture-tourism",
        True,
        500,
    ),
    (
        EventKind.CULTURAL_EXCHANGE,
        "东北亚非遗展演",
        "Intangible Cultural Heritage of Northeast Asia on Stage",
        26,
        "14:00",
        2,
        "Multi-function Hall",
        "propaganda",
        True,
        500,
    ),
    (
        EventKind.THEME_ACTIVITY,
        "长春市重点产业招商推介会",
        "Changchun Key Industries Investment Promotion",
        24,
        "09:00",
        2,
        "Multi-function Hall",
        "changchun",
        True,
        500,
    ),
    (
        EventKind.THEME_ACTIVITY,
        "吉林市冰雪经济合作洽谈会",
        "Jilin City Ice and Snow Economy Cooperation Talks",
        24,
        "14:00",
        2,
        "Multi-function Hall",
        "jilin-city",
        True,
        500,
    ),
    (
        EventKind.THEME_ACTIVITY,
        "延边州对韩经贸合作交流会",
        "Yanbian-ROK Economic and Trade Cooperation Exchange",
        25,
        "09:00",
        2,
        "Nanhu Hall",
        "yanbian",
        True,
        400,
    ),
    (
        EventKind.THEME_ACTIVITY,
        "通化医药健康产业推介会",
        "Tonghua Medicine and Health Industry Promotion",
        25,
        "14:00",
        2,
        "Nanhu Hall",
        "tonghua",
        True,
        400,
    ),
    (
        EventKind.THEME_ACTIVITY,
        "白山市矿泉水产业招商会",
        "Baishan Mineral Water Industry Investment Fair",
        26,
        "09:00",
        2,
        "Conference Room 1",
        "baishan",
        True,
        300,
    ),
    (
        EventKind.THEME_ACTIVITY,
        "四平市装备制造合作对接会",
        "Siping Equipment Manufacturing Matchmaking",
        26,
        "09:00",
        2,
        "Conference Room 2",
        "siping",
        True,
        200,
    ),
    (
        EventKind.THEME_ACTIVITY,
        "长白山生态旅游推介会",
        "Changbai Mountain Eco-tourism Promotion",
        26,
        "14:00",
        2,
        "Conference Room 1",
        "changbai-mountain",
        True,
        300,
    ),
]
# The two events the published results name besides the forums (shared/seeds/001): held
# alongside the expo, by invitation, each marked notable; their attendance is counted from the
# records (the confirmed registrations of the generated merchants, so none in the light demo).
# (kind, Chinese title, English title, day, start, hours, room, organizer code, public, capacity, attendance)
NOTABLE_EVENTS = [
    (
        EventKind.CONCURRENT,
        "2021中国500强企业高峰论坛暨跨国公司吉林行",
        "The 2021 China Top 500 Enterprises Summit with the Multinational Corporations in Jilin",
        22,
        "14:00",
        3,
        "Main Hall",
        "commerce",
        False,
        None,
        1046,  # "over 1,000 executives"
    ),
    (
        EventKind.CONCURRENT,
        "第六届世界吉商大会",
        "The 6th World Jilin Entrepreneurs Convention",
        29,
        "09:30",
        3,
        "Main Hall",
        "commerce",
        False,
        None,
        538,  # "over 500 participants"; opened on September 29
    ),
]
SPEAKERS = [
    (
        "王建华",
        "Wang Jianhua",
        "吉林省人民政府副省长",
        "Vice Governor of Jilin Province",
        "CN",
        MAIN_FORUM[1],
        RoleKind.SPEAKER,
    ),
    (
        "李文",
        "Li Wen",
        "吉林省人民政府外事办公室主任",
        "Director, Foreign Affairs Office of Jilin",
        "CN",
        "The 2nd Northeast Asia Cooperation Roundtable",
        RoleKind.MODERATOR,
    ),
    (
        "Tanaka Hiroshi",
        "Tanaka Hiroshi",
        "日本经济团体代表",
        "Representative of Japanese business associations",
        "JP",
        "The 2021 Northeast Asia Business Cooperation Forum",
        RoleKind.SPEAKER,
    ),
    (
        "김지훈",
        "Kim Ji-hoon",
        "韩国贸易协会代表",
        "Korea International Trade Association",
        "KR",
        "The 2021 Northeast Asia Business Cooperation Forum",
        RoleKind.SPEAKER,
    ),
    (
        "Иван Петров",
        "Ivan Petrov",
        "俄罗斯远东投资促进署",
        "Far East Investment Agency, Russia",
        "RU",
        "The Dialogues on Northeast Asia Industrial Parks",
        RoleKind.SPEAKER,
    ),
    (
        "赵敏",
        "Zhao Min",
        "吉林大学法学院教授",
        "Professor, Law School of Jilin University",
        "CN",
        "The 3rd Legal Forum of China-Northeast Asia Expo",
        RoleKind.MODERATOR,
    ),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏辉鑫宇浩凯健俊帆帅旭宁波斌东亮林峰岩龙海"
FOREIGN_NAMES = [
    "Sato",
    "Suzuki",
    "Kim",
    "Lee",
    "Park",
    "Ivanov",
    "Smirnov",
    "Bat-Erdene",
    "Müller",
    "Rossi",
    "Martin",
    "Smith",
    "Nguyen",
    "Tan",
    "Kumar",
    "Novak",
    "Silva",
    "Garcia",
    "Jensen",
    "Wilson",
]


# The member units that invite merchants: the municipalities and prefectures, Commerce, CCPIT
# and Foreign Affairs.
INVITING_UNITS = (*reference.MUNICIPALITIES, "commerce", "ccpit", "foreign-affairs")


def _at(day: int, clock: str, hours: float = 0) -> datetime.datetime:
    hour, minute = map(int, clock.split(":"))
    start = timezone.make_aware(datetime.datetime(2021, 9, day, hour, minute))
    return start + datetime.timedelta(hours=hours)


@transaction.atomic
def seed(*, password=None, log=print, light: bool = False) -> None:
    edition = Edition.objects.get(number=EDITION)
    rooms = {room.name_en: room for room in rooms_seed()}
    events = _seed_programme(edition, rooms)
    if not light and not Attendee.objects.filter(edition=edition).exists():
        _crowds(Plan(number=EDITION), edition, list(events.values()), rng=random.Random(EDITION))
    if not light:
        _seed_notable_attendance(edition, events)
    log(
        f"events: {len(events)} events, {Attendee.objects.filter(edition=edition, kind=AttendeeKind.MERCHANT).count()} merchants, "
        f"{Attendee.objects.filter(edition=edition, kind=AttendeeKind.ONLINE_VISITOR).count()} online visitors in the {EDITION}th edition"
    )


def rooms_seed() -> list[Room]:
    """The venues and their rooms (they belong to no edition), in the order of ``VENUES``."""
    rooms = []
    for name_zh, name_en, address, venue_rooms in VENUES.values():
        venue, _ = Venue.objects.update_or_create(name_en=name_en, defaults={"name_zh": name_zh, "address": address})
        for room_zh, room_en, capacity in venue_rooms:
            room, _ = Room.objects.update_or_create(
                venue=venue, name_en=room_en, defaults={"name_zh": room_zh, "capacity": capacity}
            )
            rooms.append(room)
    return rooms


def _seed_programme(edition, rooms) -> dict[str, Event]:
    units = {u.code: u for u in MemberUnit.objects.all()}
    events = {}
    notable = [row[:-1] for row in NOTABLE_EVENTS]
    notable_titles = {row[2] for row in notable}
    for kind, title_zh, title_en, day, clock, hours, room, organizer, public, capacity in [*EVENTS, *notable]:
        events[title_en], _ = Event.objects.update_or_create(
            edition=edition,
            title_en=title_en,
            defaults={
                "kind": kind,
                "title_zh": title_zh,
                "starts_at": _at(day, clock),
                "ends_at": _at(day, clock, hours),
                "room": rooms[room],
                "organizer": units.get(organizer),
                "is_public": public,
                "capacity": capacity,
                "parent": events.get(MAIN_FORUM[1]) if kind == EventKind.FORUM_EVENT else None,
                "is_notable": title_en in notable_titles,
            },
        )
    for name_zh, name_en, title_zh, title_en, country, event_title, role in SPEAKERS:
        person, _ = Person.objects.update_or_create(
            name_en=name_en,
            defaults={"name_zh": name_zh, "title_zh": title_zh, "title_en": title_en, "country": country},
        )
        EventRole.objects.update_or_create(event=events[event_title], person=person, defaults={"role": role})
    return events


def _chinese_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _code(rng: random.Random) -> str:
    bits = rng.getrandbits(5 * SCALE_CODE_LENGTH)
    return "".join(CODE_ALPHABET[(bits >> (5 * i)) & 31] for i in range(SCALE_CODE_LENGTH))


ATTENDEE_FIELDS = (
    "edition",
    "kind",
    "name",
    "organization",
    "country",
    "industry",
    "email",
    "phone",
    "invited_by",
    "code",
    "created_at",
    "updated_at",
)


def _crowds(plan: Plan, edition: Edition, events: list[Event], *, rng: random.Random, codes=None) -> dict[str, int]:
    """The merchants (invited by ``INVITING_UNITS`` in turn), the online visitors, the
    merchants' check-ins and their registrations for the public events. Badge codes are the
    product's (``new_badge_codes``) unless ``codes`` draws them (a scale edition's)."""
    inviters = [u.pk for u in sorted(MemberUnit.objects.filter(code__in=INVITING_UNITS), key=lambda u: INVITING_UNITS.index(u.code))]  # fmt: skip
    stamp = moment(edition.start_date - datetime.timedelta(days=30), 9)
    industries = list(Industry.values)
    merchant_count, visitor_count = plan.count(MERCHANTS), plan.count(ONLINE_VISITORS)
    domestic = int(merchant_count * DOMESTIC_SHARE + 0.5)
    if codes is None:
        codes = iter(new_badge_codes(merchant_count + visitor_count)).__next__

    def merchants():
        for n in range(merchant_count):
            if n < domestic:
                country, name = "CN", _chinese_name(rng)
                organization = f"{name[:1]}氏贸易有限公司"
            else:
                country = MERCHANT_COUNTRIES[(n - domestic) % len(MERCHANT_COUNTRIES)]
                name = f"{rng.choice('ABCDEFGHJKLMNPRSTVW')}. {rng.choice(FOREIGN_NAMES)}"
                organization = f"{rng.choice(FOREIGN_NAMES)} Trading"
            inviter = inviters[n % len(inviters)] if inviters else None
            kind, industry = AttendeeKind.MERCHANT.value, industries[n % len(industries)]
            yield (edition.pk, kind, name, organization, country, industry, "", "", inviter, codes(), stamp, stamp)

    def visitors():
        for n in range(visitor_count):
            country = "CN" if n % 10 else MERCHANT_COUNTRIES[n % len(MERCHANT_COUNTRIES)]
            kind = AttendeeKind.ONLINE_VISITOR.value
            yield (edition.pk, kind, _chinese_name(rng), "", country, "", "", "", None, codes(), stamp, stamp)

    merchant_rows = write_rows(Attendee, ATTENDEE_FIELDS, merchants())
    visitor_rows = write_rows(Attendee, ATTENDEE_FIELDS, visitors())
    merchant_ids = list(
        Attendee.objects.filter(edition=edition, kind=AttendeeKind.MERCHANT).order_by("pk").values_list("pk", flat=True)
    )

    def check_ins():
        for offset, share in enumerate(CHECK_IN_SHARES):
            day = edition.start_date + datetime.timedelta(days=offset)
            for pk in sorted(rng.sample(merchant_ids, int(len(merchant_ids) * share))):
                at = moment(day, 8, 30) + datetime.timedelta(minutes=rng.randrange(360))
                yield (pk, day, at)

    def registrations():
        """Each public event fills to about two thirds (less in a scale edition under K=1);
        an event of a few seats fills up and has a waiting list."""
        cursor = 0
        for event in events:
            if not event.is_public or not merchant_ids:
                continue
            seats = event.seats or 0
            wanted = seats + WAITING if 0 < seats <= FULL_UP_TO else int(seats * 2 / 3 * min(plan.factor, 1))
            for i in range(min(wanted, len(merchant_ids))):
                status = RegistrationStatus.CONFIRMED if i < seats else RegistrationStatus.WAITLISTED
                yield (event.pk, merchant_ids[cursor % len(merchant_ids)], status, stamp, stamp)
                cursor += 1

    check_in_rows = write_rows(CheckIn, ("attendee", "day", "at"), check_ins())
    fields = ("event", "attendee", "status", "created_at", "updated_at")
    registration_rows = write_rows(Registration, fields, registrations())
    return {
        "merchants": merchant_rows,
        "online visitors": visitor_rows,
        "check-ins": check_in_rows,
        "registrations": registration_rows,
    }


def _seed_notable_attendance(edition, events: dict[str, Event]) -> None:
    """The executives and entrepreneurs who came to the notable events: confirmed
    registrations of generated merchants (written once, for a demo whose crowds exist)."""
    merchants = list(
        Attendee.objects.filter(edition=edition, kind=AttendeeKind.MERCHANT).order_by("pk").values_list("pk", flat=True)
    )
    rows = []
    for number, row in enumerate(NOTABLE_EVENTS):
        event, attendance = events[row[2]], row[-1]
        if not merchants or Registration.objects.filter(event=event).exists():
            continue
        start = (number * 7919) % len(merchants)
        chosen = (merchants[(start + i) % len(merchants)] for i in range(min(attendance, len(merchants))))
        rows += [Registration(event=event, attendee_id=pk, status=RegistrationStatus.CONFIRMED) for pk in chosen]
    Registration.objects.bulk_create(rows, batch_size=5000)


# The current edition's programme: dated from its first day (day 0), in the rooms the 13th
# used (venues belong to no edition). Public events take registrations on the programme.
# (kind, Chinese title, English title, day, start, hours, room, organizer code, public, capacity)
CURRENT_MAIN_FORUM = ("第十二届东北亚合作高层论坛", "The 12th High-level Forum on Northeast Asia Cooperation")
CURRENT_EVENTS = [
    (EventKind.MAIN_FORUM, *CURRENT_MAIN_FORUM, 0, "09:30", 2.5, "Main Hall", "foreign-affairs", False, None),
    (
        EventKind.FORUM_EVENT,
        "第三届东北亚合作圆桌会",
        "The 3rd Northeast Asia Cooperation Roundtable",
        0,
        "15:00",
        2.5,
        "Nanhu Hall",
        "foreign-affairs",
        False,
        None,
    ),
    (
        EventKind.FORUM_EVENT,
        "东北亚工商合作论坛",
        "The Northeast Asia Business Cooperation Forum",
        0,
        "14:00",
        3,
        "Conference Room 1",
        "ccpit",
        True,
        300,
    ),
    (
        EventKind.FORUM_EVENT,
        "第四届中国—东北亚博览会法律论坛",
        "The 4th Legal Forum of China-Northeast Asia Expo",
        1,
        "09:00",
        3,
        "Conference Room 1",
        "justice",
        True,
        50,
    ),
    (
        EventKind.SUPPORTING_CONFERENCE,
        "东北亚数字经济合作推介会",
        "The Northeast Asia Digital Economy Cooperation Promotion Conference",
        1,
        "14:00",
        2,
        "Conference Room 2",
        "industry",
        True,
        200,
    ),
    (
        EventKind.THEME_ACTIVITY,
        "长春市重点产业招商推介会",
        "Changchun Key Industries Investment Promotion",
        1,
        "09:00",
        2,
        "Multi-function Hall",
        "changchun",
        True,
        500,
    ),
    (
        EventKind.THEME_ACTIVITY,
        "延边州对韩经贸合作交流会",
        "Yanbian-ROK Economic and Trade Cooperation Exchange",
        2,
        "09:00",
        2,
        "Nanhu Hall",
        "yanbian",
        True,
        400,
    ),
    (
        EventKind.SIGNING_CEREMONY,
        "重大项目集中签约仪式",
        "Signing Ceremony of Major Cooperation Projects",
        0,
        "16:00",
        1,
        "Main Hall",
        "commerce",
        False,
        None,
    ),
    (
        EventKind.CULTURAL_EXCHANGE,
        "东北亚文化艺术周开幕演出",
        "Opening Performance of the Northeast Asia Culture and Art Week",
        0,
        "19:00",
        2,
        "Multi-function Hall",
        "culture-tourism",
        True,
        500,
    ),
]
# Merchants who registered already: (name, organization, email, country, events by their place
# in the programme below: the opening is 0, CURRENT_EVENTS follow)
CURRENT_REGISTRANTS = [
    ("佐藤 健一", "Sakura Food Industries Co., Ltd.", "sato@sakura.example", "JP", (3, 5)),
    ("Kim Ji-hoon", "Daehan Bio Pharma Co., Ltd.", "jihoon@daehan.example", "KR", (3, 6)),
    ("Ivan Orlov", "Primorye Logistics JSC", "orlov@primorye.example", "RU", (3, 4)),
    ("王海燕", "浙江瑞丰新材料集团有限公司", "wanghy@ruifeng.example", "CN", (4, 6)),
    ("刘志刚", "山东齐鲁绿色食品股份有限公司", "liuzg@qilu.example", "CN", (3, 7)),
]


def _current_at(edition, day: int, clock: str, hours: float = 0) -> datetime.datetime:
    hour, minute = map(int, clock.split(":"))
    start = timezone.make_aware(
        datetime.datetime.combine(edition.start_date + datetime.timedelta(days=day), datetime.time(hour, minute))
    )
    return start + datetime.timedelta(hours=hours)


@transaction.atomic
def seed_current(*, edition, today, password=None, log=print, light: bool = False) -> None:
    """The current edition's programme, open for registration, with a few merchants already
    registered through the registration services (once)."""
    rooms = {r.name_en: r for r in Room.objects.all()}
    units = {u.code: u for u in MemberUnit.objects.all()}
    titles = [
        (
            EventKind.EXHIBITION_OPENING,
            f"{edition.name_zh}开幕式",
            f"Opening Ceremony of the {edition.name_en}",
            0,
            "08:30",
            0.75,
            "Main Hall",
            "ccpit",
            False,
            None,
        ),
        *CURRENT_EVENTS,
    ]
    events = []
    main_forum = None
    for kind, title_zh, title_en, day, clock, hours, room, organizer, public, capacity in titles:
        event, _ = Event.objects.get_or_create(
            edition=edition,
            title_en=title_en,
            defaults={
                "kind": kind,
                "title_zh": title_zh,
                "starts_at": _current_at(edition, day, clock),
                "ends_at": _current_at(edition, day, clock, hours),
                "room": rooms.get(room),
                "organizer": units.get(organizer),
                "is_public": public,
                "capacity": capacity,
                "parent": main_forum if kind == EventKind.FORUM_EVENT else None,
            },
        )
        if kind == EventKind.MAIN_FORUM:
            main_forum = event
        events.append(event)
    registered = 0
    if not Registration.objects.filter(event__edition=edition).exists():
        for name, organization, email, country, picks in CURRENT_REGISTRANTS:
            attendee = attendee_register(
                edition=edition,
                kind=AttendeeKind.MERCHANT,
                name=name,
                email=email,
                country=country,
                organization=organization,
                invited_by=units.get("commerce"),
            ).attendee
            for index in picks:
                # Registered a week before the expo opened, when registration was open.
                register_for_event(event=events[index], attendee=attendee, now=_current_at(edition, -7, "10:00"))
                registered += 1
    log(f"events of the {edition.number}th: {len(events)} events, {registered} registrations")


# A scale edition's programme, after the 13th's: kind, count at factor 1, public, capacity,
# Chinese title, English title.
PROGRAMME = [
    (EventKind.EXHIBITION_OPENING, 1, False, None, "开幕式", "Opening Ceremony"),
    (EventKind.MAIN_FORUM, 1, False, None, "东北亚合作高层论坛", "High-level Forum on Northeast Asia Cooperation"),
    (EventKind.FORUM_EVENT, 5, True, 300, "高层论坛分论坛", "Forum session"),
    (EventKind.SUPPORTING_CONFERENCE, 5, True, 300, "配套会议", "Supporting conference"),
    (EventKind.THEME_ACTIVITY, 10, True, 400, "市州主题活动", "Theme activity"),
    (EventKind.CULTURAL_EXCHANGE, 2, True, 500, "人文交流活动", "Cultural exchange"),
    (
        EventKind.SIGNING_CEREMONY,
        1,
        False,
        None,
        "重大项目集中签约仪式",
        "Signing Ceremony of Major Cooperation Projects",
    ),
    (EventKind.PRESS_CONFERENCE, 1, True, 120, "新闻发布会", "Press conference"),
]


def scale(plan: Plan, edition: Edition) -> dict[str, int]:
    """A scale edition's programme, spread over the rooms and the five days, and its crowds."""
    rng = plan.rng("events")
    rooms = rooms_seed()
    units = {u.code: u for u in MemberUnit.objects.filter(code__in=INVITING_UNITS)}
    organizers = [units[code] for code in INVITING_UNITS if code in units]
    main_forum, events, slot = None, [], 0
    for kind, base, public, capacity, title_zh, title_en in PROGRAMME:
        for n in range(plan.count(base, at_least=1)):
            day = edition.start_date + datetime.timedelta(days=(slot // (8 * len(rooms))) % 5)
            starts = moment(day, 8) + datetime.timedelta(minutes=90 * ((slot // len(rooms)) % 8))
            suffix = f" {n + 1}" if base > 1 else ""
            event = Event(
                edition=edition,
                kind=kind,
                title_zh=f"{title_zh}{suffix}",
                title_en=f"{title_en}{suffix}",
                starts_at=starts,
                ends_at=starts + datetime.timedelta(minutes=80),
                room=rooms[slot % len(rooms)],
                organizer=organizers[slot % len(organizers)] if organizers else None,
                is_public=public,
                capacity=capacity,
                parent=main_forum if kind == EventKind.FORUM_EVENT else None,
            )
            event.save()
            if kind == EventKind.MAIN_FORUM and main_forum is None:
                main_forum = event
            events.append(event)
            slot += 1
    return {"events": len(events), **_crowds(plan, edition, events, rng=rng, codes=lambda: _code(rng))}


def purge(edition: Edition) -> None:
    """A scale edition's attendance (its events go with the edition)."""
    raw_delete(CheckIn.objects.filter(attendee__edition=edition))
    raw_delete(Registration.objects.filter(attendee__edition=edition))
    raw_delete(Registration.objects.filter(event__edition=edition))
    raw_delete(Attendee.objects.filter(edition=edition))


def has_data(edition: Edition) -> bool:
    return Attendee.objects.filter(edition=edition).exists() or Event.objects.filter(edition=edition).exists()


SEEDER = Seeder(name="events", order=30, demo=seed, current=seed_current, scale=scale, purge=purge, has_data=has_data, checksum=(
    (Event, "edition", ["kind", "title_en", "starts_at", "room__name_en", "capacity", "parent__title_en"], ["starts_at", "title_en"]),
    (Attendee, "edition", ["code", "kind", "name", "organization", "country", "industry", "invited_by__code"], ["code"]),
    (CheckIn, "attendee__edition", ["attendee__code", "day", "at"], ["attendee__code", "day"]),
    (Registration, "event__edition", ["event__title_en", "attendee__code", "status"], ["event__title_en", "attendee__code"]),
))  # fmt: skip
