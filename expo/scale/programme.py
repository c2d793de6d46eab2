"""The events app's part of a scale edition: a programme (the main forum and, at factor 1, its
5 events, 5 supporting conferences, 10 theme activities and the rest), 20,000 merchants from
51 countries and regions (the 13th edition's mix: 70% domestic), 210,000 online visitors,
merchants' check-ins over the five days and registrations for the public events.

Badge codes are 12 letters (the product's own are 10), drawn from the seeded stream: the
same seed gives the same codes, and they cannot collide with the codes the product issues."""

import datetime

from events.demo import FOREIGN_NAMES, GIVEN, INVITING_UNITS, MERCHANT_COUNTRIES, SURNAMES, VENUES
from events.enums import AttendeeKind, EventKind, RegistrationStatus
from events.models import CODE_ALPHABET, Attendee, CheckIn, Event, Registration, Room, Venue
from expo.enums import Industry
from expo.models import Edition, MemberUnit
from expo.scale.base import Plan, moment, write_rows

MERCHANTS = 20000
DOMESTIC_SHARE = 0.7
ONLINE_VISITORS = 210000
SCALE_CODE_LENGTH = 12
# kind, count at factor 1, public, capacity, Chinese title, English title
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
CHECK_IN_SHARES = (0.55, 0.4, 0.3, 0.2, 0.1)
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


def _rooms() -> list[Room]:
    rooms = []
    for name_zh, name_en, address, venue_rooms in VENUES.values():
        venue, _ = Venue.objects.get_or_create(name_en=name_en, defaults={"name_zh": name_zh, "address": address})
        for room_zh, room_en, capacity in venue_rooms:
            room, _ = Room.objects.get_or_create(
                venue=venue, name_en=room_en, defaults={"name_zh": room_zh, "capacity": capacity}
            )
            rooms.append(room)
    return rooms


def _code(rng) -> str:
    bits = rng.getrandbits(5 * SCALE_CODE_LENGTH)
    return "".join(CODE_ALPHABET[(bits >> (5 * i)) & 31] for i in range(SCALE_CODE_LENGTH))


def _chinese_name(rng) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def seed_programme(plan: Plan, edition: Edition) -> dict[str, int]:
    rng = plan.rng("events")
    rooms = _rooms()
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

    stamp = moment(edition.start_date - datetime.timedelta(days=30), 9)
    industries = list(Industry.values)
    merchant_count = plan.count(MERCHANTS)
    domestic = int(merchant_count * DOMESTIC_SHARE + 0.5)

    def merchants():
        for n in range(merchant_count):
            if n < domestic:
                country, name = "CN", _chinese_name(rng)
                organization = f"{name[:1]}氏贸易有限公司"
            else:
                country = MERCHANT_COUNTRIES[(n - domestic) % len(MERCHANT_COUNTRIES)]
                name = f"{rng.choice('ABCDEFGHJKLMNPRSTVW')}. {rng.choice(FOREIGN_NAMES)}"
                organization = f"{rng.choice(FOREIGN_NAMES)} Trading"
            inviter = organizers[n % len(organizers)].pk if organizers else None
            kind, industry = AttendeeKind.MERCHANT.value, industries[n % len(industries)]
            yield (edition.pk, kind, name, organization, country, industry, "", "", inviter, _code(rng), stamp, stamp)

    def visitors():
        for n in range(plan.count(ONLINE_VISITORS)):
            country = "CN" if n % 10 else MERCHANT_COUNTRIES[n % len(MERCHANT_COUNTRIES)]
            kind = AttendeeKind.ONLINE_VISITOR.value
            yield (edition.pk, kind, _chinese_name(rng), "", country, "", "", "", None, _code(rng), stamp, stamp)

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

    check_in_rows = write_rows(CheckIn, ("attendee", "day", "at"), check_ins())

    def registrations():
        cursor = 0
        for event in events:
            if not event.is_public or not merchant_ids:
                continue
            for _ in range(min(int((event.capacity or 0) * 2 / 3 * min(plan.factor, 1)), len(merchant_ids))):
                yield (event.pk, merchant_ids[cursor % len(merchant_ids)], RegistrationStatus.CONFIRMED, stamp, stamp)
                cursor += 1

    registration_rows = write_rows(
        Registration, ("event", "attendee", "status", "created_at", "updated_at"), registrations()
    )
    return {
        "events": len(events),
        "merchants": merchant_rows,
        "online visitors": visitor_rows,
        "check-ins": check_in_rows,
        "registrations": registration_rows,
    }
