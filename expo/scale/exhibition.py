"""The exhibitors app's part of a scale edition: the 13th edition's 7 theme pavilions with
their gross area and floor plan grown with the factor, 1,001 offline exhibitors on confirmed
booths and free booths left in each pavilion, 1,832 online exhibitors (65% of the offline
ones also exhibit online) and 16,600 published exhibits, at factor 1.

Exhibitors are shared by editions; a scale edition's own have a contact address under
``@e<N>.scale.example`` and a serial in their name, so that they are unique and can be told
apart (and removed by ``--replace``)."""

import datetime
import math
from decimal import Decimal

from exhibitors.demo import (
    CN_TRADES,
    CN_WORDS,
    DOMESTIC_CITIES,
    EN_TRADES,
    EN_WORDS,
    FOREIGN_COUNTRIES,
    PAVILIONS,
    SUFFIXES,
    exhibit_texts,
)
from exhibitors.enums import ApplicationStatus, BoothKind, ParticipationMode, PavilionMode
from exhibitors.models import Booth, BoothApplication, Exhibit, Exhibitor, Participation, Pavilion
from exhibitors.search import search_index_rebuild
from exhibitors.services import pavilion_recount_booked_area
from exhibitors.signals import online_changed
from expo.models import Edition
from expo.scale.base import Plan, moment, write_rows

OFFLINE_EXHIBITORS = 1001
ONLINE_EXHIBITORS = 1832
ONLINE_EXHIBITS = 16600
FREE_BOOTHS_PER_PAVILION = 12
ALSO_ONLINE = 0.65


def email_domain(number: int) -> str:
    return f"e{number}.scale.example"


def apportion(total: int, weights: list[int]) -> list[int]:
    """``total`` split in proportion to ``weights`` (largest remainders): the parts add up."""
    scale = sum(weights)
    exact = [total * w / scale for w in weights]
    parts = [int(x) for x in exact]
    for i in sorted(range(len(weights)), key=lambda i: (parts[i] - exact[i], i))[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _layout(pavilion_id: int, width: int, depth: int, raw: tuple[int, int, int], standard: int) -> list[tuple]:
    """Raw spaces, then 3 m x 3 m shell-scheme booths, in rows with 3 m aisles: booth rows."""
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


def _company(rng, plan: Plan, serial: int, industry: str, foreign: bool, stamp) -> tuple:
    email = f"contact{serial}@{email_domain(plan.number)}"
    tag = f"S{plan.number}-{serial:06d}"
    if foreign:
        country = FOREIGN_COUNTRIES[serial % len(FOREIGN_COUNTRIES)]
        name = f"{rng.choice(EN_WORDS)} {rng.choice(EN_WORDS)} {EN_TRADES[industry]} {SUFFIXES.get(country, 'Co., Ltd.')} ({tag})"
        return ("enterprise", name, name, country, "", "", industry, "Contact", "", email, "", "", "", stamp, stamp)
    province = rng.choices(list(DOMESTIC_CITIES), weights=[30] + [2] * (len(DOMESTIC_CITIES) - 1))[0]
    city = rng.choice(DOMESTIC_CITIES[province])
    name = f"{city}{rng.choice(CN_WORDS)}{rng.choice(CN_WORDS)}{CN_TRADES[industry]}有限公司（{tag}）"
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
BOOTH_FIELDS = ("pavilion", "code", "kind", "area_m2", "x", "y", "width", "depth", "price")


def seed_exhibition(plan: Plan, edition: Edition) -> dict[str, int]:
    rng = plan.rng("exhibitors")
    grow = math.sqrt(max(plan.factor, 1))
    stamp = moment(edition.start_date - datetime.timedelta(days=100), 10)
    booked_on = moment(edition.start_date - datetime.timedelta(days=40), 10)

    pavilions = []
    for order, (code, zh, en, hall, area, (width, depth), *_rest) in enumerate(PAVILIONS, 1):
        pavilions.append(
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
        )
    Pavilion.objects.bulk_create(pavilions)
    pavilions = list(Pavilion.objects.filter(edition=edition).order_by("sort_order"))

    offline_total = plan.count(OFFLINE_EXHIBITORS)
    offline_counts = apportion(offline_total, [spec[6] for spec in PAVILIONS])
    free = plan.count(FREE_BOOTHS_PER_PAVILION, at_least=2)
    booth_rows, offline_plan, companies, serial = [], [], [], 0
    for pavilion, spec, offline in zip(pavilions, PAVILIONS, offline_counts, strict=True):
        raw_count, raw_w, raw_d = spec[7]
        raw = (min(plan.count(raw_count), offline), raw_w, raw_d)
        layout = _layout(pavilion.pk, int(pavilion.plan_width), int(pavilion.plan_depth), raw, offline + free - raw[0])
        booth_rows += layout
        for n in range(offline):
            serial += 1
            industry = spec[8][n % len(spec[8])]
            companies.append(_company(rng, plan, serial, industry, spec[9], stamp))
            offline_plan.append((serial, pavilion, layout[n][1]))
    write_rows(Booth, BOOTH_FIELDS, booth_rows, stamp=stamp)

    online_total = plan.count(ONLINE_EXHIBITORS)
    both = min(int(offline_total * ALSO_ONLINE + 0.5), online_total)
    online_only = []
    for n in range(online_total - both):
        serial += 1
        spec = PAVILIONS[n % len(PAVILIONS)]
        companies.append(_company(rng, plan, serial, spec[8][n % len(spec[8])], spec[9], stamp))
        online_only.append((serial, pavilions[n % len(PAVILIONS)]))
    write_rows(Exhibitor, EXHIBITOR_FIELDS, companies)

    exhibitor_ids = {
        int(email.split("@")[0].removeprefix("contact")): (pk, industry)
        for email, pk, industry in Exhibitor.objects.filter(
            contact_email__endswith=f"@{email_domain(plan.number)}"
        ).values_list("contact_email", "pk", "industry")
    }
    booth_ids = {
        (p, code): pk
        for p, code, pk in Booth.objects.filter(pavilion__edition=edition).values_list("pavilion", "code", "pk")
    }

    participations, applications, online = [], [], []
    for number, (serial, pavilion, booth_code) in enumerate(offline_plan):
        exhibitor_id, industry = exhibitor_ids[serial]
        mode = ParticipationMode.BOTH if number < both else ParticipationMode.OFFLINE
        participations.append((exhibitor_id, edition.pk, mode, pavilion.pk, stamp, stamp))
        applications.append(
            (
                booth_ids[(pavilion.pk, booth_code)],
                exhibitor_id,
                ApplicationStatus.CONFIRMED,
                booked_on,
                booked_on,
                booked_on + datetime.timedelta(days=2),
                booked_on + datetime.timedelta(days=1),
                "",
                booked_on,
                booked_on,
            )
        )
        if mode == ParticipationMode.BOTH:
            online.append((exhibitor_id, industry, pavilion.pk))
    for serial, pavilion in online_only:
        exhibitor_id, industry = exhibitor_ids[serial]
        participations.append((exhibitor_id, edition.pk, ParticipationMode.ONLINE, pavilion.pk, stamp, stamp))
        online.append((exhibitor_id, industry, pavilion.pk))
    write_rows(Participation, ("exhibitor", "edition", "mode", "pavilion", "created_at", "updated_at"), participations)
    write_rows(
        BoothApplication,
        (
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
        ),
        applications,
    )

    exhibit_total = plan.count(ONLINE_EXHIBITS)

    def exhibits():
        for number, (exhibitor_id, industry, pavilion_id) in enumerate(online):
            count = exhibit_total // len(online) + (1 if number < exhibit_total % len(online) else 0)
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

    exhibit_count = write_rows(
        Exhibit,
        (
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
        ),
        exhibits() if online else (),
    )
    for pavilion in pavilions:
        pavilion_recount_booked_area(pavilion=pavilion)
    search_index_rebuild(edition=edition)
    online_changed()
    return {
        "pavilions": len(pavilions),
        "booths": len(booth_rows),
        "offline exhibitors": len(offline_plan),
        "online exhibitors": len(online),
        "exhibits": exhibit_count,
    }
