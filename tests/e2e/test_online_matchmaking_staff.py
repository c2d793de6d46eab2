"""In the browser: the exhibition office approves one live broadcast and rejects another with
a reason, which the exhibitor then reads; the investment office creates a matchmaking session
and changes its tables. Screenshots of the pages (1366 and 390 px, English and Chinese) go to
var/screenshots/ (docs/screenshots/ keeps a copy)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from exhibitors.enums import BroadcastStatus, ExhibitionAction
from exhibitors.models import LiveBroadcast
from expo.models import ActivityLog
from matchmaking.enums import MatchmakingAction
from matchmaking.models import MatchmakingSession
from tests.factories import (
    TEST_PASSWORD,
    EditionFactory,
    ExhibitorFactory,
    OrganizerFactory,
    ParticipationFactory,
    exhibitor_user,
)
from tests.helpers import finish_login

pytestmark = pytest.mark.e2e


def log_in(page, url, username):
    # A loaded machine (9 test runs on 2 CPUs) served the first page of the live server in
    # more than the fixture's 15 s.
    page.set_default_navigation_timeout(60000)
    page.set_default_timeout(30000)
    page.goto(f"{url}/accounts/login/")
    page.evaluate("document.cookie = 'django_language=en; path=/'")
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", TEST_PASSWORD)
    page.locator("main form").get_by_role("button", name="Log in").click()
    finish_login(page, username)


def photograph(page, screenshots, name):
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        screenshots(page, f"{name}-{width}")
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.fixture
def offices(transactional_db):
    edition = EditionFactory(number=14, year=timezone.localdate().year + 1, is_current=True)
    exhibitor = ExhibitorFactory(name="长春光华智能装备有限公司", name_en="Guanghua Intelligent Equipment")
    ParticipationFactory(exhibitor=exhibitor, edition=edition, mode="online")
    start = timezone.now() + datetime.timedelta(days=2)
    for title, hours in (("Robots on the line", 0), ("Factory tour", 3)):
        LiveBroadcast.objects.create(
            exhibitor=exhibitor,
            edition=edition,
            title=title,
            starts_at=start + datetime.timedelta(hours=hours),
            ends_at=start + datetime.timedelta(hours=hours + 1),
            stream_url="https://live.example.cn/guanghua",
        )
    OrganizerFactory(username="exhibition-office", offices=["exhibition"])
    OrganizerFactory(username="investment-office", offices=["investment"])
    exhibitor_user(exhibitor=exhibitor, user__username="guanghua")
    return edition


def test_exhibition_office_approves_and_rejects_broadcasts(live_server, offices, page, screenshots):
    log_in(page, live_server.url, "exhibition-office")
    page.goto(f"{live_server.url}/staff/exhibition/")
    page.get_by_role("link", name="Live broadcasts to approve").click()
    expect(page.locator("h1")).to_have_text("Live broadcasts")
    expect(page.locator("main")).to_contain_text("2 broadcasts wait for a decision")
    photograph(page, screenshots, "online-staff-broadcasts-en")

    approve = page.locator("tr", has_text="Robots on the line")
    approve.get_by_role("button", name="Approve").click()
    expect(page.locator(".messages")).to_contain_text("Approved: Robots on the line. Visitors see it.")

    reject = page.locator("tr", has_text="Factory tour")
    reject.get_by_label("Reason for rejecting").fill("The stream link asks for a login: give a public link.")
    reject.get_by_role("button", name="Reject").click()
    expect(page.locator(".messages")).to_contain_text("Rejected: Factory tour.")
    expect(page.locator("main")).to_contain_text("0 broadcasts wait for a decision")

    page.select_option("#f-status", "all")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("main")).to_contain_text("The stream link asks for a login")
    photograph(page, screenshots, "online-staff-broadcasts-decided-en")
    page.get_by_role("button", name="简体中文").click()
    expect(page.locator("h1")).to_have_text("直播")
    photograph(page, screenshots, "online-staff-broadcasts-decided-zh")

    assert dict(LiveBroadcast.objects.values_list("title", "status")) == {
        "Robots on the line": BroadcastStatus.APPROVED,
        "Factory tour": BroadcastStatus.REJECTED,
    }
    assert ActivityLog.objects.filter(action=ExhibitionAction.BROADCAST_DECIDE).count() == 2

    # The exhibitor reads the reason in its portal.
    page.context.clear_cookies()
    log_in(page, live_server.url, "guanghua")
    page.goto(f"{live_server.url}/exhibitor/broadcasts/")
    expect(page.locator("main")).to_contain_text("The stream link asks for a login: give a public link.")


def test_investment_office_creates_and_changes_a_matchmaking_session(live_server, offices, page, screenshots):
    log_in(page, live_server.url, "investment-office")
    page.goto(f"{live_server.url}/staff/")
    page.get_by_role("navigation").get_by_role("button", name="Investment").click()
    page.get_by_role("navigation").get_by_role("link", name="Matchmaking", exact=True).click()
    expect(page.locator("main")).to_contain_text("No matchmaking session yet")
    page.get_by_role("link", name="New session").click()

    day = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    page.fill("#id_name_zh", "新能源洽谈会")
    page.fill("#id_name_en", "New energy matchmaking")
    page.fill("#id_location", "Hall 3, room 301")
    page.fill("#id_tables", "12")
    page.fill("#id_starts_at", f"{day}T09:00")
    page.fill("#id_ends_at", f"{day}T08:00")
    page.fill("#id_slot_minutes", "20")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("A session must end after it starts.")
    photograph(page, screenshots, "matchmaking-staff-session-error-en")
    page.fill("#id_ends_at", f"{day}T12:00")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("is saved.")
    row = page.locator("tr", has_text="New energy matchmaking")
    expect(row).to_contain_text("0 / 108")
    photograph(page, screenshots, "matchmaking-staff-sessions-en")

    row.get_by_role("link", name="New energy matchmaking").click()
    expect(page.locator("#id_tables")).to_have_value("12")
    photograph(page, screenshots, "matchmaking-staff-session-edit-en")
    page.fill("#id_tables", "15")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("tr", has_text="New energy matchmaking")).to_contain_text("0 / 135")
    page.get_by_role("button", name="简体中文").click()
    expect(page.locator("h1")).to_have_text("洽谈场次")
    photograph(page, screenshots, "matchmaking-staff-sessions-zh")

    session = MatchmakingSession.objects.get()
    assert (session.tables, session.slot_minutes, len(session.slot_starts())) == (15, 20, 9)
    assert ActivityLog.objects.filter(action=MatchmakingAction.MATCHMAKING_SESSION).count() == 2
