"""A municipality proposes a theme activity in the department portal, the secretariat accepts
it into a room, and the public finds it on the programme."""

import datetime

import pytest
from playwright.sync_api import expect

from events.models import ActivityProposal
from expo.enums import MemberUnitKind
from tests.factories import (
    TEST_PASSWORD,
    EditionFactory,
    MemberUnitFactory,
    MemberUnitUserFactory,
    OrganizerFactory,
    RoomFactory,
)
from tests.helpers import finish_login

pytestmark = pytest.mark.e2e


@pytest.fixture
def people(transactional_db):
    start = datetime.date.today() + datetime.timedelta(days=120)
    edition = EditionFactory(number=14, year=start.year, start_date=start, is_current=True)
    unit = MemberUnitFactory(
        code="changchun", name_en="Changchun", short_name_en="Changchun", kind=MemberUnitKind.MUNICIPALITY
    )
    MemberUnitUserFactory(username="changchun", member_unit=unit)
    OrganizerFactory(username="secretary", offices=["secretariat"])
    RoomFactory(name_en="Hall A", name_zh="A厅", capacity=300)
    return edition


def log_in(page, live_server, username, language="en"):
    page.goto(f"{live_server.url}/accounts/login/")
    page.evaluate(f"document.cookie = 'django_language={language}; path=/'")
    page.goto(f"{live_server.url}/accounts/login/?next=/")
    page.fill("#id_username", username)
    page.fill("#id_password", TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()
    finish_login(page, username)


def test_changchun_proposes_a_theme_activity_the_secretariat_accepts_it_and_the_public_sees_it(
    live_server, people, browser, page, screenshots
):
    edition = people
    day = edition.start_date + datetime.timedelta(days=1)
    log_in(page, live_server, "changchun")
    page.goto(f"{live_server.url}/portal/")
    page.get_by_role("link", name="Our activities").first.click()
    page.get_by_role("link", name="Propose an activity").click()
    page.select_option("#id_kind", "theme_activity")
    page.fill("#id_title_zh", "长春汽车文化周")
    page.fill("#id_title_en", "Changchun Automobile Culture Week")
    page.fill("#id_wished_start", f"{day:%Y-%m-%d}T09:00")
    page.fill("#id_wished_end", f"{day:%Y-%m-%d}T11:00")
    page.fill("#id_expected_participants", "300")
    page.fill("#id_contact_name", "王磊")
    page.fill("#id_contact_phone", "0431-88888888")
    page.get_by_role("button", name="Send to the secretariat").click()
    expect(page.locator(".proposal-status")).to_have_text("submitted")
    screenshots(page, "units-proposal-submitted")

    secretariat = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-US").new_page()
    log_in(secretariat, live_server, "secretary")
    secretariat.goto(f"{live_server.url}/staff/units/proposals/")
    secretariat.get_by_role("link", name="Changchun Automobile Culture Week").click()
    secretariat.get_by_label("Accept into the programme").check()
    secretariat.select_option("#id_room", label=secretariat.locator("#id_room option", has_text="Hall A").inner_text())
    secretariat.get_by_role("button", name="Save the decision").click()
    expect(secretariat.locator(".messages")).to_contain_text("accepted and on the programme")
    secretariat.context.close()

    page.goto(f"{live_server.url}/portal/programme/activities/")
    expect(page.locator("main")).to_contain_text("Changchun Automobile Culture Week")
    anonymous = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN").new_page()
    anonymous.goto(f"{live_server.url}/programme/")
    expect(anonymous.locator("main")).to_contain_text("长春汽车文化周")
    screenshots(anonymous, "units-programme-390-zh")
    anonymous.context.close()
    assert ActivityProposal.objects.get().event.room.name_en == "Hall A"
