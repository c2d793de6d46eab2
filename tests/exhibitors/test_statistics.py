import datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from exhibitors.models import BoothApplication
from exhibitors.statistics import exhibition_summary, exhibitor_origins, pavilion_statistics
from tests.factories import BoothFactory, ExhibitFactory, ExhibitorFactory, ParticipationFactory, PavilionFactory

pytestmark = pytest.mark.django_db


def apply(booth, status, exhibitor=None):
    """A booth application in ``status``, written directly (held ones need an expiry)."""
    held_until = timezone.now() + datetime.timedelta(hours=1) if status == "held" else None
    return BoothApplication.objects.create(
        booth=booth, exhibitor=exhibitor or ExhibitorFactory(), status=status, held_until=held_until
    )


@pytest.fixture
def exhibition(edition):
    """Three pavilions of the 13th edition (offline, both, online), booths in every state,
    domestic and foreign exhibitors taking part offline, online or both; and a 12th
    edition whose figures must not leak into the 13th's."""
    tech = PavilionFactory(
        edition=edition,
        code="tech",
        name_en="Technology",
        name_zh="科技馆",
        mode="offline",
        gross_area_m2=Decimal("1000.00"),
        sort_order=1,
    )
    auto = PavilionFactory(
        edition=edition,
        code="auto",
        name_en="Automobile",
        name_zh="汽车馆",
        mode="both",
        gross_area_m2=Decimal("500.50"),
        sort_order=2,
    )
    live = PavilionFactory(
        edition=edition,
        code="live",
        name_en="Live Broadcast",
        name_zh="直播馆",
        mode="online",
        gross_area_m2=Decimal("0.00"),
        sort_order=3,
    )

    apply(BoothFactory(pavilion=tech, area_m2=Decimal("9.00")), "held")
    apply(BoothFactory(pavilion=tech, area_m2=Decimal("18.00")), "confirmed")
    apply(BoothFactory(pavilion=tech, area_m2=Decimal("9.00")), "cancelled")  # free again
    rebooked = BoothFactory(pavilion=tech, area_m2=Decimal("9.00"))
    apply(rebooked, "cancelled")
    apply(rebooked, "confirmed")
    BoothFactory(pavilion=tech, area_m2=Decimal("36.00"), is_bookable=False)  # neither free nor booked
    apply(BoothFactory(pavilion=tech, area_m2=Decimal("12.50")), "requested")  # free
    apply(BoothFactory(pavilion=auto, area_m2=Decimal("12.25")), "confirmed")
    apply(BoothFactory(pavilion=auto, area_m2=Decimal("9.00")), "expired")  # free

    jilin_offline = ExhibitorFactory(country="CN", province="Jilin")
    liaoning_both = ExhibitorFactory(country="CN", province="Liaoning")
    jilin_online = ExhibitorFactory(country="CN", province="Jilin")
    russia_both = ExhibitorFactory(country="RU", province="", city="Vladivostok")
    korea_offline = ExhibitorFactory(country="KR", province="", city="Busan")
    russia_online = ExhibitorFactory(country="RU", province="", city="Moscow")
    domestic_no_province = ExhibitorFactory(country="CN", province="")
    ParticipationFactory(edition=edition, exhibitor=jilin_offline, mode="offline", pavilion=tech)
    ParticipationFactory(edition=edition, exhibitor=liaoning_both, mode="both", pavilion=tech)
    ParticipationFactory(edition=edition, exhibitor=jilin_online, mode="online", pavilion=live)
    ParticipationFactory(edition=edition, exhibitor=russia_both, mode="both", pavilion=auto)
    ParticipationFactory(edition=edition, exhibitor=korea_offline, mode="offline", pavilion=auto)
    ParticipationFactory(edition=edition, exhibitor=russia_online, mode="online", pavilion=None)
    ParticipationFactory(edition=edition, exhibitor=domestic_no_province, mode="offline", pavilion=None)

    ExhibitFactory.create_batch(2, exhibitor=jilin_online, pavilion=live)
    ExhibitFactory(exhibitor=russia_both, pavilion=auto)
    ExhibitFactory(exhibitor=russia_online, pavilion=live, is_published=False)

    previous = edition.previous
    old_hall = PavilionFactory(edition=previous, code="old", mode="both", gross_area_m2=Decimal("800.00"))
    apply(BoothFactory(pavilion=old_hall, area_m2=Decimal("9.00")), "confirmed")
    japan = ExhibitorFactory(country="JP", province="")
    ParticipationFactory(edition=previous, exhibitor=japan, mode="both", pavilion=old_hall)
    ParticipationFactory(edition=previous, exhibitor=jilin_offline, mode="both", pavilion=old_hall)
    ExhibitFactory(exhibitor=japan, pavilion=old_hall)
    return edition


def test_exhibition_summary_headline_figures(exhibition):
    summary = exhibition_summary(edition=exhibition)

    assert {
        key: summary[key]
        for key in ("pavilions", "offline_area_m2", "offline_exhibitors", "online_exhibitors", "online_exhibits")
    } == {
        "pavilions": 3,
        "offline_area_m2": Decimal("1500.50"),
        "offline_exhibitors": 5,
        "online_exhibitors": 4,
        "online_exhibits": 3,
    }


def test_pavilion_statistics_count_booths_by_their_active_application(exhibition):
    with translation.override("en"):
        rows = pavilion_statistics(edition=exhibition)

    assert [
        (
            r["code"],
            r["name"],
            r["gross_area_m2"],
            r["booked_area_m2"],
            r["booked_pct"],
            r["held_booths"],
            r["confirmed_booths"],
            r["free_booths"],
            r["offline_exhibitors"],
            r["exhibits"],
        )
        for r in rows
    ] == [
        ("tech", "Technology", Decimal("1000.00"), Decimal("36.00"), Decimal("3.60"), 1, 2, 2, 2, 0),
        ("auto", "Automobile", Decimal("500.50"), Decimal("12.25"), Decimal("2.45"), 0, 1, 1, 2, 1),
        ("live", "Live Broadcast", Decimal("0.00"), Decimal("0.00"), None, 0, 0, 0, 0, 2),
    ]


def test_pavilion_statistics_name_pavilions_in_chinese(exhibition):
    with translation.override("zh-hans"):
        rows = pavilion_statistics(edition=exhibition)

    assert [r["name"] for r in rows] == ["科技馆", "汽车馆", "直播馆"]


def test_exhibitor_origins_split_domestic_and_foreign(exhibition):
    with translation.override("en"):
        origins = exhibitor_origins(edition=exhibition)

    assert origins == {
        "exhibitors": 7,
        "domestic_exhibitors": 4,
        "foreign_exhibitors": 3,
        "countries": 3,
        "by_country": [
            {"code": "CN", "name": "China", "exhibitors": 4},
            {"code": "RU", "name": "Russia", "exhibitors": 2},
            {"code": "KR", "name": "South Korea", "exhibitors": 1},
        ],
        "by_province": [
            {"province": "Jilin", "name": "Jilin", "exhibitors": 2},
            {"province": "", "name": "province not given", "exhibitors": 1},
            {"province": "Liaoning", "name": "Liaoning", "exhibitors": 1},
        ],
    }


def test_exhibitor_origins_name_countries_in_the_readers_language(exhibition):
    with translation.override("zh-hans"):
        origins = exhibitor_origins(edition=exhibition, top=2)

    assert origins["by_country"] == [
        {"code": "CN", "name": "中国", "exhibitors": 4},
        {"code": "RU", "name": "俄罗斯", "exhibitors": 2},
    ]
    assert origins["countries"] == 3


def test_exhibition_summary_of_the_previous_edition_counts_only_its_own_records(exhibition):
    summary = exhibition_summary(edition=exhibition.previous)

    assert summary["pavilions"] == 1
    assert summary["offline_area_m2"] == Decimal("800.00")
    assert (summary["offline_exhibitors"], summary["online_exhibitors"], summary["online_exhibits"]) == (2, 2, 1)
    assert [(r["booked_area_m2"], r["confirmed_booths"], r["offline_exhibitors"]) for r in summary["by_pavilion"]] == [
        (Decimal("9.00"), 1, 2)
    ]
    assert [(c["code"], c["exhibitors"]) for c in summary["by_country"]] == [("CN", 1), ("JP", 1)]


def test_exhibition_summary_of_an_empty_edition_is_all_zeros(edition):
    summary = exhibition_summary(edition=edition)

    assert summary == {
        "pavilions": 0,
        "offline_area_m2": Decimal("0.00"),
        "offline_exhibitors": 0,
        "online_exhibitors": 0,
        "online_exhibits": 0,
        "by_pavilion": [],
        "exhibitors": 0,
        "domestic_exhibitors": 0,
        "foreign_exhibitors": 0,
        "countries": 0,
        "by_country": [],
        "by_province": [],
    }


@pytest.mark.parametrize("exhibitor_count", [1, 30])
def test_exhibition_summary_runs_constant_queries(edition, exhibitor_count, django_assert_num_queries):
    pavilions = [PavilionFactory(edition=edition, mode=mode) for mode in ("offline", "both", "online")]
    for i in range(exhibitor_count):
        exhibitor = ExhibitorFactory(country=("CN", "RU", "MN")[i % 3], province="Jilin" if i % 3 == 0 else "")
        pavilion = pavilions[i % 2]
        ParticipationFactory(edition=edition, exhibitor=exhibitor, mode=("offline", "both")[i % 2], pavilion=pavilion)
        apply(BoothFactory(pavilion=pavilion), ("held", "confirmed")[i % 2], exhibitor)
        ExhibitFactory(exhibitor=exhibitor, pavilion=pavilions[1 + i % 2])

    with django_assert_num_queries(7):
        summary = exhibition_summary(edition=edition)

    assert summary["offline_exhibitors"] == exhibitor_count
    assert summary["online_exhibits"] == exhibitor_count
    assert sum(r["held_booths"] + r["confirmed_booths"] for r in summary["by_pavilion"]) == exhibitor_count
