import io
import time
from decimal import Decimal

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from events.models import Attendee, Event
from events.selectors import attendee_counts, merchants_summary
from exhibitors.models import Booth, BoothApplication, Exhibit, Exhibitor, ExhibitorMember, Pavilion
from exhibitors.statistics import exhibition_summary
from expo.enums import MemberUnitKind
from expo.models import Edition, MemberUnit
from tests.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.django_db
User = get_user_model()

MUNICIPALITIES = [
    "Changchun",
    "Jilin",
    "Siping",
    "Liaoyuan",
    "Tonghua",
    "Baishan",
    "Songyuan",
    "Baicheng",
    "Yanbian",
    "Changbai Mountain",
]
NAMED_IN_THE_MINUTES = [
    "中共吉林省委宣传部",
    "吉林省人民政府外事办公室",
    "中国国际贸易促进委员会吉林省委员会",
    "吉林省商务厅",
    "吉林省工业和信息化厅",
    "吉林省文化和旅游厅",
]


def counts():
    return {
        "editions": Edition.objects.count(),
        "units": MemberUnit.objects.count(),
        "committee": Edition.committee_units.through.objects.count(),
        "users": User.objects.count(),
        "groups": Group.objects.count(),
        "user_groups": User.groups.through.objects.count(),
        "pavilions": Pavilion.objects.count(),
        "booths": Booth.objects.count(),
        "exhibitors": Exhibitor.objects.count(),
        "applications": BoothApplication.objects.count(),
        "exhibits": Exhibit.objects.count(),
        "exhibitor_users": ExhibitorMember.objects.count(),
        "events": Event.objects.count(),
        "attendees": Attendee.objects.count(),
    }


@pytest.mark.slow
def test_seed_demo_reproduces_the_published_figures_and_is_idempotent(db, monkeypatch):
    """The full demo, as ``make run`` loads it: the 13th edition's published figures come out
    of the records, a second run changes nothing, and it all stays well under a minute of this
    process's own time (its CPU time: a loaded machine stretches the wall clock, not that)."""
    monkeypatch.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
    started, cpu_started = time.monotonic(), time.process_time()
    call_command("seed_demo", stdout=io.StringIO())
    seconds, cpu_seconds = time.monotonic() - started, time.process_time() - cpu_started
    first = counts()

    call_command("seed_demo", stdout=io.StringIO())

    assert counts() == first
    assert first == {
        "editions": 3,
        "units": 47,
        "committee": 141,
        "users": 12,  # the demo accounts (merchant1 among them) and 5 more merchants of matchmaking
        "groups": 4,
        "user_groups": 2,
        "pavilions": 14,  # the 14th's copied forward from the 13th
        "booths": 2170,
        "exhibitors": 2182,  # 1,001 offline, 1,832 online, 651 (65%) of the offline ones online too
        "applications": 1001 + 4 + 7 * 6,  # the 13th's; the 14th's demo accounts' and returning exhibitors'
        "exhibits": 16600,
        "exhibitor_users": 2,
        "events": 25 + 10,
        # the 14th's: 5 merchants registered for events, 4 of whom matchmaking gives an account, and 2 more
        "attendees": 230000 + 7,
    }
    edition = Edition.objects.get(number=13)
    summary = exhibition_summary(edition=edition)
    assert {
        k: summary[k]
        for k in ("pavilions", "offline_area_m2", "offline_exhibitors", "online_exhibitors", "online_exhibits")
    } == {
        "pavilions": 7,
        "offline_area_m2": Decimal("70000.00"),
        "offline_exhibitors": 1001,
        "online_exhibitors": 1832,
        "online_exhibits": 16600,
    }
    assert all(row["free_booths"] > 0 for row in summary["by_pavilion"])
    assert merchants_summary(edition=edition) == {"count": 20000, "countries_regions": 51}
    assert attendee_counts(edition=edition)["online_visitor"] == 210000
    programme = Event.objects.filter(edition=edition)
    assert programme.get(kind="main_forum").children.count() == 5
    assert programme.filter(kind="supporting_conference").count() == 5
    print(f"full seed_demo: {seconds:.1f} s, {cpu_seconds:.1f} s of CPU")
    assert cpu_seconds < 60  # ~10 s on PostgreSQL (its own work is not counted); SQLite works in this process

    # The executive committee's results report reproduces every published figure.
    from expo.reports.figures import results_json

    results = results_json(edition=edition)
    assert Edition.objects.get(number=13).results_snapshot == results  # frozen at closing, as loaded
    by_industry = results["projects"].pop("by_industry")
    results.pop("matchmaking")  # not a published figure: the demo's meetings
    assert results == PUBLISHED_RESULTS
    assert len(by_industry) == 12
    assert sum(row["count"] for row in by_industry) == 111
    assert sum(Decimal(row["investment_yuan"]) for row in by_industry) == Decimal("196200000000.00")


# The 13th edition's results as published (shared/seeds/001), in the contract's JSON.
PUBLISHED_RESULTS = {
    "edition": 13,
    "leaders": {
        "foreign": {"leaders": 46, "countries_regions": 12},
        "central": {"leaders": 9, "institutions": 12},
        "provincial": {"leaders": 10, "provinces": 12},
    },
    "merchants": {"count": 20000, "countries_regions": 51},
    "projects": {
        "signed": {"count": 111, "investment_yuan": "196200000000.00"},
        "contract": {
            "count": 98,
            "investment_yuan": "117100000000.00",
            "previous_investment_yuan": "55579287104.28",
            "growth_pct": "110.69",
        },
        "agreement": {"count": 13, "investment_yuan": "79100000000.00"},
    },
    "exhibition": {
        "pavilions": 7,
        "offline_area_m2": "70000.00",
        "offline_exhibitors": 1001,
        "online_exhibitors": 1832,
        "online_exhibits": 16600,
        "online_visitors": 210000,
    },
    "events": {"main_forum_events": 5, "supporting_events": 5},
    "notable_events": [
        {
            "title_zh": "2021中国500强企业高峰论坛暨跨国公司吉林行",
            "title_en": "The 2021 China Top 500 Enterprises Summit with the Multinational Corporations in Jilin",
            "date": "2021-09-22",
            "attendance": 1046,
        },
        {
            "title_zh": "第六届世界吉商大会",
            "title_en": "The 6th World Jilin Entrepreneurs Convention",
            "date": "2021-09-29",
            "attendance": 538,
        },
    ],
}


def test_seed_demo_light_leaves_out_the_crowds(demo):
    thirteenth = Edition.objects.get(number=13)

    assert (Exhibitor.objects.count(), Attendee.objects.filter(edition=thirteenth).count()) == (2, 0)
    assert Event.objects.filter(edition=thirteenth).count() == 25
    assert Booth.objects.filter(pavilion__edition=thirteenth).count() == 1085  # the layout is no crowd
    current = Edition.objects.get(is_current=True)
    # the current edition's: 5 merchants registered for events, matchmaking's 6 with accounts
    assert Attendee.objects.filter(edition=current, user__isnull=False).count() == 6


def test_demo_exhibitor_accounts_act_for_two_different_exhibitors(demo):
    members = dict(ExhibitorMember.objects.values_list("user__username", "exhibitor__name_en"))

    assert members == {
        "exhibitor1": "Changchun Guanghua Intelligent Equipment Co., Ltd.",
        "exhibitor2": "Hanbit Trading Co., Ltd.",
    }


def test_seed_demo_loads_the_12th_and_13th_editions_closed_and_the_14th_current(demo):
    thirteenth = Edition.objects.select_related("previous").get(number=13)
    current = Edition.objects.select_related("previous").get(is_current=True)

    assert (thirteenth.status, thirteenth.previous.status, thirteenth.previous.number) == ("closed", "closed", 12)
    assert (thirteenth.start_date.isoformat(), thirteenth.end_date.isoformat()) == ("2021-09-23", "2021-09-27")
    assert thirteenth.name_zh == "第十三届中国—东北亚博览会"
    assert thirteenth.results_snapshot["edition"] == 13
    assert (current.number, current.status, current.previous_id) == (14, "preparation", thirteenth.pk)
    assert current.name_zh == "第十四届中国—东北亚博览会"


def test_seed_demo_loads_the_committee_member_units(demo):
    municipalities = MemberUnit.objects.filter(kind=MemberUnitKind.MUNICIPALITY)

    assert sorted(municipalities.values_list("short_name_en", flat=True)) == sorted(MUNICIPALITIES)
    assert set(NAMED_IN_THE_MINUTES) <= set(MemberUnit.objects.values_list("name_zh", flat=True))
    assert Edition.objects.get(number=13).committee_units.count() == 47


def test_seed_demo_creates_one_account_per_role(demo):
    users = {u.username: u for u in User.objects.select_related("member_unit").prefetch_related("groups")}

    assert (users["organizer"].is_superuser, [g.name for g in users["organizer"].groups.all()]) == (
        True,
        ["secretariat"],
    )
    assert (users["protocol"].is_staff, users["protocol"].is_superuser) == (True, False)
    assert [g.name for g in users["protocol"].groups.all()] == ["protocol"]
    assert users["commerce"].member_unit.name_zh == "吉林省商务厅"
    assert users["changchun"].member_unit.code == "changchun"
    for name in ("commerce", "changchun", "exhibitor1", "exhibitor2"):
        assert users[name].is_staff is False
    assert users["exhibitor1"].member_unit is None


def test_demo_accounts_log_in_with_demo_password(demo):
    for username in ("organizer", "protocol", "commerce", "changchun", "exhibitor1", "exhibitor2", "merchant1"):
        assert authenticate(username=username, password=demo) is not None, username


def test_demo_accounts_cannot_log_in_without_demo_password(db, monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)

    call_command("seed_demo", light=True, stdout=io.StringIO())

    assert User.objects.count() == 12  # with merchant1 and 5 more merchants of matchmaking
    assert not any(u.has_usable_password() for u in User.objects.all())
