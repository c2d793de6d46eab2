"""In the browser: the organizer closes an edition from the staff pages, through the
confirmation, and sees its frozen figures beside the live ones. With SCREENSHOTS=folder the
pages are also photographed at 1366 and 390 px, in English and Chinese."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from events.models import Attendee
from expo.enums import EditionStatus
from expo.models import Edition
from tests.helpers import finish_login

pytestmark = pytest.mark.e2e


def log_in(page, url, username, password):
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("form.form button[type=submit]")
    finish_login(page, username)


def photograph(page, name: str) -> None:
    folder = os.environ.get("SCREENSHOTS")
    if not folder:
        return
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(Path(folder) / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_organizer_closes_the_current_edition_through_the_confirmation(live_server, demo, page):
    edition = Edition.objects.get(is_current=True)
    if edition.status == EditionStatus.CLOSED:
        pytest.skip("the demo's current edition is already closed")
    log_in(page, live_server.url, "organizer", demo)
    page.goto(f"{live_server.url}/staff/")

    page.get_by_role("link", name="Editions and their status: open, close, reopen").click()
    photograph(page, "editions-en")
    page.locator(f'a[href="/staff/editions/{edition.number}/close/"]').click()
    expect(page.locator("main")).to_contain_text("Freezes the published results as they stand now")
    photograph(page, "edition-close-en")
    page.get_by_role("button", name="Close the edition").click()

    expect(page.locator(".messages")).to_contain_text("is now closed.")
    expect(page.locator("main")).to_contain_text("The live figures equal the frozen ones.")
    photograph(page, "edition-detail-en")
    edition.refresh_from_db()
    assert edition.status == EditionStatus.CLOSED
    assert edition.results_snapshot is not None

    # A registration for the closed edition is refused with the reason, nothing written.
    page.goto(f"{live_server.url}/programme/register/")
    page.fill("#id_name", "Kim Minjun")
    page.fill("#id_organization", "Hanbit Energy")
    page.fill("#id_email", "kim.minjun@example.org")
    page.select_option("#id_country", "KR")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("is closed: its results are final and can no longer be changed.")
    photograph(page, "refused-409-en")
    assert not Attendee.objects.filter(email="kim.minjun@example.org").exists()

    page.goto(f"{live_server.url}/staff/editions/{edition.number}/")
    page.locator(f'a[href="/staff/editions/{edition.number}/reopen/"]').click()
    photograph(page, "edition-reopen-en")
    page.get_by_role("button", name="简体中文").click()
    expect(page.locator("h1")).to_have_text("重新开放本届")
    photograph(page, "edition-reopen-zh")
    page.goto(f"{live_server.url}/staff/editions/{edition.number}/")
    expect(page.locator("main")).to_contain_text("实时数据与锁定数据一致。")
    photograph(page, "edition-detail-zh")
    page.goto(f"{live_server.url}/staff/editions/")
    photograph(page, "editions-zh")
    page.goto(f"{live_server.url}/staff/editions/{edition.number}/reopen/")
    page.fill("#id_reason", "演示：重新开放")
    page.get_by_role("button", name="重新开放本届").click()
    expect(page.locator(".messages")).to_contain_text("已重新开放")
    edition.refresh_from_db()
    assert edition.status == EditionStatus.OPEN
