"""The top bar: the organizers' places grouped into menus, so that a superuser's bar (every
office) is one line at 1366 px; each menu a button with aria-expanded, operable by keyboard,
on a screen and in the phone menu at 390 px."""

import pytest
from playwright.sync_api import expect

from tests.e2e.ui import log_in

pytestmark = pytest.mark.e2e

ENTRIES = """() => [...document.querySelectorAll('.topbar .brand, .topbar .nav > a, .topbar .nav-menu > .nav-menu__button, .topbar .langs')]
  .map(e => { const box = e.getBoundingClientRect(); return [e.textContent.trim(), Math.round(box.top + box.height / 2)]; })"""
FOCUSED = """() => { const e = document.activeElement;
  return {inBar: !!e.closest('.topbar'), tag: e.tagName.toLowerCase(), href: e.getAttribute('href') || '',
          menuButton: e.classList.contains('nav-menu__button'), expanded: e.getAttribute('aria-expanded'),
          toggle: e.classList.contains('nav-toggle'), text: e.textContent.trim()}; }"""
PLACES = "() => [...document.querySelectorAll('.topbar .nav a')].map(a => a.getAttribute('href'))"


def walk_by_keyboard(page) -> set[str]:
    """Tab through the top bar, opening each menu with Enter: the links focused on the way."""
    reached = set()
    page.locator("body").focus()
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if not focused["inBar"]:
            break
        if (focused["menuButton"] or focused["toggle"]) and focused["expanded"] == "false":
            page.keyboard.press("Enter")
            assert page.evaluate(FOCUSED)["expanded"] == "true", focused["text"]
        if focused["tag"] == "a":
            reached.add(focused["href"])
    return reached


def test_the_superusers_top_bar_is_one_line_and_every_place_is_reachable_by_keyboard(live_server, demo, page):
    base = live_server.url
    log_in(page, base, "organizer")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{base}/staff/")

    entries = page.evaluate(ENTRIES)
    centres = {centre for _text, centre in entries}
    assert max(centres) - min(centres) <= 4, f"the top bar wraps: {entries}"
    assert page.locator(".topbar").bounding_box()["height"] < 70
    menus = page.locator(".nav .nav-menu__button")
    assert menus.count() >= 4  # the offices' pages are grouped, not one link each
    places = set(page.evaluate(PLACES))
    assert {"/staff/", "/staff/committee/", "/staff/protocol/delegations/", "/admin/"} <= places

    assert walk_by_keyboard(page) >= places

    # A menu by its button: Escape closes it and gives the focus back; arrows move inside.
    button = page.get_by_role("button", name="Guests")
    button.focus()
    page.keyboard.press("ArrowDown")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("link", name="Delegations")).to_be_focused()
    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_be_focused()
    expect(page.get_by_role("link", name="Delegations")).to_be_hidden()

    # Chinese labels are no longer: one line too.
    page.get_by_role("button", name="简体中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")  # the page in Chinese has loaded
    entries = page.evaluate(ENTRIES)
    assert max(c for _t, c in entries) - min(c for _t, c in entries) <= 4, entries


def test_the_phone_menu_opens_each_menu_by_keyboard(live_server, demo, page):
    base = live_server.url
    log_in(page, base, "organizer")
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{base}/staff/")
    places = set(page.evaluate(PLACES))

    assert walk_by_keyboard(page) >= places
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390


def test_a_protocol_officer_sees_only_the_menus_of_the_office(live_server, demo, page):
    base = live_server.url
    log_in(page, base, "protocol")
    page.goto(f"{base}/staff/")
    nav = page.locator("nav.nav")
    expect(nav).not_to_contain_text("Executive committee")
    expect(nav).not_to_contain_text("Booth applications")
    expect(nav).not_to_contain_text("Projects")
    nav.get_by_role("button", name="Guests").click()
    nav.get_by_role("link", name="Delegations").click()
    expect(page).to_have_url(f"{base}/staff/protocol/delegations/")
