"""Each role in the browser: lands on its work, does its main job, and every main page fits
a 390 px phone and a 1366 px screen with no serious or critical axe-core violation; each
destructive action asks for a confirmation first."""

import re

import pytest
from playwright.sync_api import expect

from delegations.models import Delegation
from exhibitors.enums import ApplicationStatus
from exhibitors.models import BoothApplication
from expo.models import WorkItem
from tests.e2e.ui import check_pages, log_in

pytestmark = pytest.mark.e2e


def test_organizer_decides_booth_applications_from_the_queue(live_server, demo, page):
    base = live_server.url
    log_in(page, base, "organizer")
    expect(page).to_have_url(f"{base}/staff/")
    expect(page.locator(".queue", has_text="Booth applications to decide")).to_be_visible()
    check_pages(
        page,
        base,
        ["/staff/", "/staff/exhibition/applications/", "/staff/check-in/registrations/", "/staff/committee/"],
        "organizer",
    )

    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{base}/staff/")
    page.get_by_role("button", name="Menu").click()
    page.locator("nav.nav").get_by_role("button", name="Exhibition").click()
    page.get_by_role("link", name="Booth applications", exact=True).click()
    held = BoothApplication.objects.filter(status=ApplicationStatus.HELD).select_related("booth").first()
    page.goto(f"{base}/staff/exhibition/applications/{held.pk}/")
    page.fill("#id_reason", "This pavilion is kept for automobile makers.")
    page.get_by_role("button", name="Reject with this reason").click()
    # The confirmation dialog: going back changes nothing.
    dialog = page.locator("dialog.confirm-dialog")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Go back").click()
    held.refresh_from_db()
    assert held.status == ApplicationStatus.HELD
    page.get_by_role("button", name="Reject with this reason").click()
    dialog.get_by_role("button", name="Reject with this reason").click()
    expect(page.locator(".message--success")).to_contain_text("reads your reason in the portal")
    held.refresh_from_db()
    assert (held.status, held.rejection_reason) == ("rejected", "This pavilion is kept for automobile makers.")


def test_protocol_staff_open_a_delegation_dossier(live_server, demo, page):
    base = live_server.url
    log_in(page, base, "protocol")
    expect(page).to_have_url(f"{base}/staff/")
    nav = page.locator("nav.nav")
    expect(nav).not_to_contain_text("Executive committee")
    nav.get_by_role("button", name="Guests").click()
    expect(nav.get_by_role("link", name="Delegations")).to_be_visible()
    delegation = Delegation.objects.filter(edition__is_current=True).order_by("pk").first()
    check_pages(
        page,
        base,
        ["/staff/", "/staff/protocol/delegations/", f"/staff/protocol/delegations/{delegation.pk}/"],
        "protocol",
    )
    page.goto(f"{base}/staff/protocol/delegations/")
    page.locator("table.delegations a").first.click()
    expect(page.get_by_role("heading", name="Delegates")).to_be_visible()
    expect(page.get_by_role("heading", name="History")).to_be_visible()


def test_member_unit_sees_its_reports_due_and_the_form_marks_required_fields(live_server, demo, page):
    base = live_server.url
    log_in(page, base, "commerce")
    expect(page).to_have_url(f"{base}/portal/")
    expect(page.get_by_role("heading", name="Your work")).to_be_visible()
    item = WorkItem.objects.filter(edition__is_current=True, lead_unit__users__username="commerce").first()
    check_pages(
        page,
        base,
        ["/portal/", f"/portal/committee/items/{item.pk}/", f"/portal/committee/items/{item.pk}/report/"],
        "member unit",
    )
    page.goto(f"{base}/portal/committee/items/{item.pk}/report/")
    expect(page.locator("label.required").first).to_be_visible()
    page.get_by_role("button", name="Submit to the secretariat").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()


def test_exhibitor_sees_the_next_step_and_confirms_before_cancelling(live_server, demo, page):
    base = live_server.url
    log_in(page, base, "exhibitor1")
    expect(page).to_have_url(f"{base}/exhibitor/")
    expect(page.get_by_role("heading", name="Your next step")).to_be_visible()
    check_pages(
        page,
        base,
        ["/exhibitor/", "/exhibitor/applications/", "/exhibitor/exhibits/", "/exhibitor/profile/"],
        "exhibitor",
    )
    application = (
        BoothApplication.objects.filter(
            exhibitor__members__user__username="exhibitor1", status__in=("held", "confirmed")
        )
        .select_related("booth")
        .first()
    )
    code = application.booth.code
    page.goto(f"{base}/exhibitor/applications/")
    page.get_by_role("link", name=f"Cancel booth {code}").click()
    expect(page.locator("h1")).to_have_text(f"Cancel your application for booth {code}?")
    application.refresh_from_db()
    assert application.status != ApplicationStatus.CANCELLED
    page.get_by_role("button", name=f"Yes, cancel booth {code}").click()
    expect(page.locator(".message--success")).to_contain_text(f"booth {code} was cancelled")
    page.get_by_role("button", name=f"Hold booth {code} again").click()
    expect(page.locator(".message--success")).to_contain_text(f"Booth {code} is held for you until")

    # The floor plan on a phone: it fits, finds a booth by its code and zooms on it.
    pavilion = application.booth.pavilion
    check_pages(page, base, [f"/exhibitor/pavilions/{pavilion.pk}/"], "exhibitor floor plan")
    page.fill("#plan-search", code)
    expect(page.locator(".plan-tools__status")).to_contain_text("Booths found:")
    expect(page.locator(f'a.booth.is-match[data-code="{code}"]')).to_have_count(1)
    full = pavilion.plan_width
    width = float(page.locator("svg.floorplan").get_attribute("viewBox").split()[2])
    assert width < float(full)
    page.get_by_role("button", name="Whole plan").click()
    assert float(page.locator("svg.floorplan").get_attribute("viewBox").split()[2]) == float(full)


def test_visitor_finds_the_sign_up_and_the_programme_by_time(live_server, demo, page):
    base = live_server.url
    check_pages(
        page,
        base,
        ["/", "/accounts/login/", "/programme/", "/programme/register/", "/exhibitor/signup/"],
        "visitor",
    )
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{base}/")
    page.get_by_role("link", name="Sign up as an exhibitor").click()
    expect(page).to_have_url(re.compile(r"/exhibitor/signup/$"))
    page.goto(f"{base}/programme/")
    first_day = page.locator("#f-day option").nth(1).get_attribute("value")
    page.select_option("#f-day", first_day)
    page.get_by_role("button", name="Filter").click()
    # htmx swaps the results in: read them once the chosen day is the only one shown.
    expect(page).to_have_url(re.compile(rf"day={first_day}"))
    expect(page.locator("#programme-results section.day")).to_have_count(1)
    times = page.locator(".session__time").all_inner_texts()
    assert times == sorted(times)


def test_each_roles_pages_in_chinese_fit_and_show_no_english_outside_user_data(live_server, demo, browser):
    base = live_server.url
    delegation = Delegation.objects.filter(edition__is_current=True).order_by("pk").first()
    item = WorkItem.objects.filter(edition__is_current=True, lead_unit__users__username="commerce").first()
    roles = {
        None: ["/", "/programme/register/", "/exhibitor/signup/"],
        "organizer": [
            "/staff/",
            "/staff/exhibition/applications/",
            "/staff/check-in/registrations/",
            "/staff/committee/",
            f"/staff/protocol/delegations/{delegation.pk}/",
        ],
        "commerce": ["/portal/", f"/portal/committee/items/{item.pk}/report/"],
        "exhibitor1": ["/exhibitor/", "/exhibitor/applications/", "/exhibitor/profile/"],
        "merchant1": ["/matchmaking/"],
    }
    for username, paths in roles.items():
        context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
        page = context.new_page()
        page.set_default_timeout(15000)
        if username:
            log_in(page, base, username)
        check_pages(page, base, paths, f"{username or 'visitor'} in Chinese")
        assert page.evaluate("() => document.documentElement.lang") == "zh-hans"
        context.close()
