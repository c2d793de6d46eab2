import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import EditionFactory, EventFactory, OrganizerFactory, RoomFactory
from tests.helpers import finish_login

pytestmark = pytest.mark.e2e


@pytest.fixture
def forum(transactional_db):
    edition = EditionFactory(number=13, is_current=True, name_en="13th China-Northeast Asia Expo")
    start = timezone.now() + datetime.timedelta(days=20)
    return EventFactory(
        edition=edition,
        title_en="Northeast Asia Business Cooperation Forum",
        title_zh="东北亚工商合作论坛",
        room=RoomFactory(name_en="Conference Room 1"),
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        capacity=100,
    )


def test_visitor_registers_for_an_event_and_staff_checks_the_badge_in(
    live_server, forum, eager_tasks, page, browser, screenshots
):
    page.goto(f"{live_server.url}/programme/")
    page.get_by_role("link", name="Northeast Asia Business Cooperation Forum").click()
    page.fill("#id_name", "Park Min-ji")
    page.fill("#id_organization", "Hanbit Trading Co., Ltd.")
    page.fill("#id_email", "minji@hanbit.example")
    page.select_option("#id_country", "KR")
    page.select_option("#id_kind", "merchant")
    page.get_by_role("button", name="Register for this event").click()

    # The same answer for a new and a known address: the badge comes by mail.
    expect(page.locator(".message--success")).to_contain_text("We sent the link to your badge")
    link = re.search(r"https?://\S+/programme/my/\w+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    expect(page.locator("table")).to_contain_text("confirmed")
    code = page.locator(".code").inner_text().strip()
    page.get_by_role("link", name="Open my badge").click()
    expect(page.get_by_role("img", name="QR code of the badge")).to_be_visible()
    screenshots(page, "attendee-badge")

    staff = browser.new_context(locale="en-US").new_page()
    OrganizerFactory(username="desk", password="desk-password-2026")
    staff.goto(f"{live_server.url}/accounts/login/")
    staff.fill("#id_username", "desk")
    staff.fill("#id_password", "desk-password-2026")
    staff.click("form.form button[type=submit]")
    finish_login(staff, "desk")
    staff.goto(f"{live_server.url}/staff/check-in/")
    staff.fill("input[name=code]", code.lower())
    staff.keyboard.press("Enter")
    expect(staff.locator("main")).to_contain_text("Checked in:")
    expect(staff.locator("main")).to_contain_text("Park Min-ji")
    # The scan went by htmx: the answer replaced the desk's form in place, so the figures of the
    # page are still there and the input is focused again for the next badge.
    expect(staff.locator("dt", has_text="Checked in today")).to_be_visible()
    expect(staff.locator("input[name=code]")).to_be_focused()
    expect(staff.locator("input[name=code]")).to_have_value("")

    staff.fill("input[name=code]", code)
    staff.keyboard.press("Enter")
    expect(staff.locator("main")).to_contain_text("Park Min-ji already checked in today at")
    screenshots(staff, "check-in-again")
    staff.context.close()
