"""Demo data of matchmaking for the current edition (whichever it is): the demo merchant
``merchant1`` and a few other merchants with accounts, two matchmaking sessions, meetings in
every state with ``exhibitor1`` and ``exhibitor2``, and leads scanned at exhibitor1's booth.
Registered in ``expo.seeding`` as "matchmaking" (nothing in the past editions, nor in scale
editions); run by ``manage.py seed_demo``; idempotent."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from events.enums import AttendeeKind
from events.models import Attendee
from exhibitors.selectors import exhibitor_of
from expo.enums import Industry
from expo.seeding import Seeder
from matchmaking.enums import Initiator, MeetingMode, MeetingStatus, Outcome
from matchmaking.models import Lead, MatchmakingSession, Meeting, MerchantInterest

MERCHANT_USERNAME = "merchant1"

# username, name, organization, country, industries of interest
MERCHANTS = [
    (MERCHANT_USERNAME, "Park Ji-ho", "Busan Green Energy Co., Ltd.", "KR", [Industry.EQUIPMENT, Industry.NEW_ENERGY]),
    ("demo-merchant-2", "Sato Haruki", "Niigata Machinery Trading K.K.", "JP", [Industry.EQUIPMENT]),
    (
        "demo-merchant-3",
        "Ivan Petrov",
        "Vladivostok Industrial Supply LLC",
        "RU",
        [Industry.EQUIPMENT, Industry.AUTOMOBILE],
    ),
    ("demo-merchant-4", "Bat-Erdene Ganbold", "Ulaanbaatar Mining Equipment LLC", "MN", [Industry.EQUIPMENT]),
    (
        "demo-merchant-5",
        "Kim Seo-yeon",
        "Incheon Food Import Co., Ltd.",
        "KR",
        [Industry.GREEN_FOOD, Industry.EQUIPMENT],
    ),
    ("demo-merchant-6", "王海", "大连北方商贸有限公司", "CN", [Industry.EQUIPMENT, Industry.GREEN_FOOD]),
]

# merchant index, exhibitor, mode, status, initiator, (day, hour, minute) or None, outcome
MEETINGS = [
    (0, "exhibitor1", MeetingMode.ONSITE, MeetingStatus.ACCEPTED, Initiator.MERCHANT, (0, 10, 0), ""),
    (0, "exhibitor2", MeetingMode.ONLINE, MeetingStatus.REQUESTED, Initiator.MERCHANT, None, ""),
    (1, "exhibitor1", MeetingMode.ONSITE, MeetingStatus.REQUESTED, Initiator.MERCHANT, None, ""),
    (2, "exhibitor1", MeetingMode.ONSITE, MeetingStatus.PROPOSED, Initiator.MERCHANT, None, ""),
    (3, "exhibitor1", MeetingMode.ONSITE, MeetingStatus.INVITED, Initiator.EXHIBITOR, None, ""),
    (4, "exhibitor1", MeetingMode.ONLINE, MeetingStatus.DECLINED, Initiator.MERCHANT, None, ""),
    (4, "exhibitor2", MeetingMode.ONSITE, MeetingStatus.CANCELLED, Initiator.MERCHANT, None, ""),
    (5, "exhibitor1", MeetingMode.ONSITE, MeetingStatus.HELD, Initiator.MERCHANT, (-1, 14, 0), Outcome.INTENTION),
    (2, "exhibitor2", MeetingMode.ONSITE, MeetingStatus.ACCEPTED, Initiator.EXHIBITOR, (1, 9, 30), ""),
]

MESSAGES = {
    Initiator.MERCHANT: "We are looking for partners in your field and would like to discuss cooperation.",
    Initiator.EXHIBITOR: "您好，我们的产品可能适合贵公司，欢迎在展会期间洽谈。",
}


@transaction.atomic
def seed_current(*, edition, today=None, password: str | None = None, log=print, light: bool = False) -> None:
    """The current edition's matchmaking (run by seed_demo once the current edition exists)."""
    merchants = [_merchant(edition, row, password) for row in MERCHANTS]
    first_day = _first_day(edition)
    sessions = _sessions(edition, first_day)
    exhibitors = {
        u.username: exhibitor_of(u) for u in get_user_model().objects.filter(username__in=("exhibitor1", "exhibitor2"))
    }
    if len([e for e in exhibitors.values() if e is not None]) < 2:
        return
    for index, exhibitor_key, mode, status, initiator, when, outcome in MEETINGS:
        _meeting(
            edition,
            merchants[index],
            exhibitors[exhibitor_key],
            mode,
            status,
            initiator,
            when,
            outcome,
            sessions,
            first_day,
        )
    for merchant in merchants[:4]:
        Lead.objects.get_or_create(
            exhibitor=exhibitors["exhibitor1"],
            attendee=merchant,
            defaults={"rating": 4, "note": "Interested in robot welding lines; send the catalogue."},
        )
    log(
        f"matchmaking: {len(merchants)} merchants with accounts (merchant1), {len(sessions)} sessions, "
        f"{Meeting.objects.filter(edition=edition).count()} meetings in {edition.number}th edition"
    )


def _merchant(edition, row, password) -> Attendee:
    username, name, organization, country, industries = row
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"first_name": name, "email": f"{username}@demo.expo.example", "email_verified_at": timezone.now()},
    )
    if username == MERCHANT_USERNAME and password:
        user.set_password(password)
        user.save()
    elif created:
        user.set_unusable_password()
        user.save()
    # With the generated crowds, the demo's merchants are merchants of the crowd who get an
    # account, so that the edition's merchant figures stay those of the published results.
    attendee = (
        Attendee.objects.filter(edition=edition, user=user).first()
        or Attendee.objects.filter(edition=edition, kind=AttendeeKind.MERCHANT, user__isnull=True, country=country)
        .order_by("pk")
        .first()
        or Attendee(edition=edition, kind=AttendeeKind.MERCHANT, country=country)
    )
    attendee.user = user
    attendee.name, attendee.organization, attendee.industry = name, organization, industries[0]
    attendee.email = user.email
    attendee.phone = "+82 51 000 0000" if country == "KR" else attendee.phone
    attendee.save()
    for industry in industries:
        MerchantInterest.objects.get_or_create(attendee=attendee, industry=industry)
    return attendee


def _first_day(edition) -> datetime.date:
    """The edition's first day, or (for an edition already past) a week from today, so that the
    demo's agenda lies ahead."""
    today = timezone.localdate()
    return edition.start_date if edition.start_date > today else today + datetime.timedelta(days=7)


def _at(day: datetime.date, hour: int, minute: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _sessions(edition, first_day) -> list[MatchmakingSession]:
    sessions = []
    for offset, (name_zh, name_en, location) in enumerate(
        [
            ("第一天洽谈会", "Matchmaking, day 1", "Hall A, matchmaking area / A馆洽谈区"),
            ("第二天洽谈会", "Matchmaking, day 2", "Hall A, matchmaking area / A馆洽谈区"),
        ]
    ):
        day = first_day + datetime.timedelta(days=offset)
        session, _ = MatchmakingSession.objects.update_or_create(
            edition=edition,
            name_en=name_en,
            defaults={
                "name_zh": name_zh,
                "location": location,
                "tables": 20,
                "starts_at": _at(day, 9, 0),
                "ends_at": _at(day, 17, 0),
                "slot_minutes": 30,
            },
        )
        sessions.append(session)
    return sessions


def _meeting(edition, merchant, exhibitor, mode, status, initiator, when, outcome, sessions, first_day) -> None:
    if Meeting.objects.filter(merchant=merchant, exhibitor=exhibitor, status=status).exists():
        return
    proposed = [_at(first_day + datetime.timedelta(days=d), h, 0).isoformat() for d, h in ((0, 11), (1, 15))]
    fields = {
        "edition": edition,
        "merchant": merchant,
        "exhibitor": exhibitor,
        "mode": mode,
        "status": status,
        "initiated_by": initiator,
        "message": MESSAGES[initiator],
        "proposed_times": proposed,
        "outcome": outcome,
    }
    if when is not None:
        day, hour, minute = when
        if day < 0:
            start = timezone.now().replace(minute=0, second=0, microsecond=0) - datetime.timedelta(days=1)
        else:
            start = _at(first_day + datetime.timedelta(days=day), hour, minute)
        session = next((s for s in sessions if s.is_slot_start(start)), None)
        fields.update(
            starts_at=start,
            ends_at=start + datetime.timedelta(minutes=30),
            session=session if mode == MeetingMode.ONSITE else None,
            table=(Meeting.objects.filter(session=session, starts_at=start).count() + 1) if session else None,
        )
        if mode == MeetingMode.ONSITE and session is None:
            fields["mode"] = MeetingMode.ONLINE  # a past meeting of the demo, before the sessions
    if status == MeetingStatus.PROPOSED:
        fields["proposed_times"] = [_at(first_day + datetime.timedelta(days=1), 10, 30).isoformat()]
        fields["answer"] = "10:30 on the second day suits us better."
    if status == MeetingStatus.DECLINED:
        fields["answer"] = "Thank you, but we do not sell in your market this year."
    if outcome:
        fields["outcome_note"] = "Both sides will exchange a draft agreement within a month."
    Meeting.objects.create(**fields)


SEEDER = Seeder(name="matchmaking", order=60, current=seed_current)
