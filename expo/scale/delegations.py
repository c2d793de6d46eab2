"""The delegations app's part of a scale edition: at factor 1 about 300 delegates in 55
delegations (30 foreign, 15 central, 10 provincial), most invitations confirmed, a few declined
or cancelled; heads and leaders at vice-ministerial level or above, department-level members;
arrivals and hotel stays of the leaders who attended.

Origins are unique in an edition: foreign delegations take distinct countries and regions
(at most every country but China), provincial ones distinct provinces (Jilin hosts); beyond
those the delegates per delegation grow instead. Central institutions are numbered."""

import datetime

from django_countries import countries

from delegations.demo import CENTRAL_NAMES_ZH, COUNTRIES, NAMES, PROVINCIAL_TITLES
from delegations.enums import Direction, InvitationStatus, OriginKind, Rank, SecurityLevel, TravelMode
from delegations.models import Delegate, Delegation, HotelStay, Travel
from expo.enums import Province
from expo.models import Edition, MemberUnit
from expo.scale.base import Plan, moment, write_rows
from expo.scale.exhibition import apportion

DELEGATES = 300
DELEGATIONS = {OriginKind.FOREIGN: 30, OriginKind.CENTRAL: 15, OriginKind.PROVINCIAL: 10}
HOTELS = ["Nanhu Hotel", "Shangri-La Hotel Changchun", "Changchun Hongqi Hotel"]
AIRPORT = "Changchun Longjia International Airport"
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


def _origins(plan: Plan) -> list[tuple[str, str, str, str]]:
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


def _person(rng, country: str, kind: str) -> tuple[str, str, str, str]:
    """(original name, Latin name, gender, languages)."""
    script, languages, _phone = (
        COUNTRIES.get(country, ("en", "English", "+1")) if kind == OriginKind.FOREIGN else ("zh", "Chinese", "+86")
    )
    families, givens, order = NAMES[script]
    family, given = rng.choice(families), rng.choice(givens)
    if order == "family":
        sep = "" if script in ("zh", "sg", "ko") else " "
        return f"{family[0]}{sep}{given[0]}", f"{family[1]} {given[1]}", given[2], languages
    return f"{given[0]} {family[0]}", f"{given[1]} {family[1]}", given[2], languages


def seed_delegations(plan: Plan, edition: Edition) -> dict[str, int]:
    rng = plan.rng("delegations")
    hosts = list(MemberUnit.objects.order_by("sort_order", "code"))
    origins = _origins(plan)
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
            original, latin, gender, languages = _person(rng, country, kind)
            if n == 0:
                rank = rng.choice((Rank.VICE_STATE_LEADER, Rank.MINISTERIAL, Rank.MINISTERIAL, Rank.VICE_MINISTERIAL))
            else:
                rank = rng.choices(
                    (Rank.MINISTERIAL, Rank.VICE_MINISTERIAL, Rank.DEPARTMENT, Rank.OTHER), (1, 3, 4, 3)
                )[0]
            title = PROVINCIAL_TITLES.get(rank, "处长") if kind != OriginKind.FOREIGN else "Delegate"
            birth = datetime.date(rng.randrange(1956, 1982), rng.randrange(1, 13), rng.randrange(1, 29))
            delegates.append(
                (
                    delegation_id,
                    original,
                    latin,
                    title,
                    institution or province or "",
                    gender,
                    languages,
                    rank,
                    n == 0,
                    came and rng.random() < 0.92,
                    f"{'E' if kind != OriginKind.FOREIGN else country[:1]}{rng.randrange(10**7, 10**8)}",
                    birth,
                    f"+86 13{rng.randrange(10)} {rng.randrange(1000, 10000)} {rng.randrange(1000, 10000)}",
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
            (pk, HOTELS[n % len(HOTELS)], f"{8 + n % 20}{n % 50:02d}", arrival.date(), edition.end_date, stamp, stamp)
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
