"""The demo works whatever the machine's date: with the clock moved to a day anywhere in the
next three years, the demo is loaded that day and served, and the visitor registers for an
event of the current edition, a member unit registers a pipeline project, an exhibitor holds
a booth. Set EXPO_E2E_CLOCK_DAYS to replay a given day (the failure message names it)."""

import datetime
import io
import os
import random

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from events.models import Registration
from exhibitors.models import BoothApplication
from expo.models import Edition
from projects.models import Project
from tests.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

DAYS = int(os.environ.get("EXPO_E2E_CLOCK_DAYS") or random.randrange(0, 3 * 365))


@pytest.fixture
def moved_clock(monkeypatch):
    """Every timezone.now() of the process (the live server's thread too) reads a day DAYS ahead."""
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + datetime.timedelta(days=DAYS))
    return timezone.localdate()


@pytest.fixture
def demo_that_day(transactional_db, moved_clock, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
    call_command("seed_demo", light=True, stdout=io.StringIO())
    return moved_clock


def log_in(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("main form").get_by_role("button", name="Log in").click()


def test_every_side_of_the_demo_works_on_a_day_in_the_next_three_years(
    live_server, demo_that_day, browser, screenshots
):
    today = demo_that_day
    edition = Edition.objects.get(is_current=True)
    assert (edition.number, edition.start_date) == (14, today + datetime.timedelta(days=120)), f"day {today} ({DAYS})"

    # The anonymous visitor registers for a public event of the current edition.
    page = browser.new_context(locale="en-US").new_page()
    page.goto(f"{live_server.url}/programme/")
    page.get_by_role("link", name="The Northeast Asia Business Cooperation Forum").click()
    page.fill("#id_name", "Park Min-ji")
    page.fill("#id_organization", "Hanbit Trading Co., Ltd.")
    page.fill("#id_email", "minji@hanbit.example")
    page.select_option("#id_country", "KR")
    page.select_option("#id_kind", "merchant")
    page.get_by_role("button", name="Register for this event").click()
    # The page answers the same whoever registers (no leak of who is registered); the mail holds the link.
    expect(page.locator(".message--success")).to_contain_text("We sent the link to your badge", timeout=15000)
    registration = Registration.objects.get(attendee__email="minji@hanbit.example")
    assert (registration.event.edition_id, registration.status) == (edition.pk, "confirmed")

    # A member unit registers a pipeline project: the window is open on that day.
    unit = browser.new_context(locale="en-US").new_page()
    log_in(unit, live_server.url, "changchun")
    unit.goto(f"{live_server.url}/portal/projects/")
    unit.get_by_role("link", name="Register a project").first.click()
    unit.fill("#id_title", "长春氢能装备制造基地项目")
    unit.select_option("#id_type", "contract")
    unit.fill("#id_investment_yuan", "1200000000")
    unit.select_option("#id_industry", "new_energy")
    unit.fill("#id_partner_name", "Hanbit Energy Co., Ltd.")
    unit.select_option("#id_partner_country", "KR")
    unit.get_by_role("button", name="Register the project").click()
    expect(unit.locator(".message--success")).to_contain_text("长春氢能装备制造基地项目")

    # An exhibitor holds a free booth in the current edition's Jilin Pavilion.
    exhibitor = browser.new_context(locale="en-US").new_page()
    log_in(exhibitor, live_server.url, "exhibitor1")
    exhibitor.goto(f"{live_server.url}/exhibitor/")
    exhibitor.get_by_role("link", name="Book a booth").first.click()
    exhibitor.locator("article.card", has_text="Jilin Pavilion").get_by_role("link", name="Open the floor plan").click()
    exhibitor.locator('a.booth[data-code="S020"]').click()
    exhibitor.get_by_role("button", name="Hold booth S020").click()
    expect(exhibitor.locator(".message--success")).to_contain_text("Booth S020 is held for you until")
    screenshots(exhibitor, "demo-lives-exhibitor-held")

    assert Project.objects.get(title="长春氢能装备制造基地项目").edition == edition
    held = BoothApplication.objects.get(booth__pavilion__edition=edition, booth__pavilion__code="jilin")
    assert (held.booth.code, held.status, held.exhibitor.name_en) == (
        "S020",
        "held",
        "Changchun Guanghua Intelligent Equipment Co., Ltd.",
    )
