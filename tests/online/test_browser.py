"""An anonymous visitor searches the online exhibition as they type, opens an exhibitor,
finds its booth on the floor plan, registers, confirms the email and keeps an exhibit."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_visitor_searches_finds_the_booth_registers_and_keeps_an_exhibit(
    transactional_db, hall, live_server, eager_tasks, page, screenshots
):
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(f"{live_server.url}/online/search/")
    page.evaluate("window.notReloaded = true")
    page.locator("#online-q").press_sequentially("汽车", delay=50)
    results = page.locator("#results")
    expect(results).to_contain_text("FAW Changchun Automobile Co., Ltd.")
    expect(results).to_contain_text("Hongqi electric car")
    assert page.evaluate("window.notReloaded") is True  # updated in place by htmx
    assert "q=%E6%B1%BD%E8%BD%A6" in page.url
    screenshots(page, "online-search")

    results.locator("a.tile", has_text="FAW Changchun").click()
    expect(page.locator("h1")).to_have_text("FAW Changchun Automobile Co., Ltd.")
    page.get_by_role("link", name="Booth A001, Automobile Pavilion").click()
    expect(page.locator("#booth-A001")).to_have_attribute("data-state", "mine")
    expect(page.locator(".highlight-note")).to_contain_text("Booth A001: FAW Changchun Automobile Co., Ltd.")

    page.go_back()
    page.get_by_role("link", name=re.compile("Hongqi electric car")).first.click()
    page.get_by_role("link", name=re.compile("Register as an online visitor")).click()
    page.fill("#id_name", "Kim Minjun")
    page.fill("#id_email", "minjun@example.kr")
    page.fill("#id_password1", "a long enough passphrase 42")
    page.fill("#id_password2", "a long enough passphrase 42")
    page.select_option("#id_country", "KR")
    page.fill("#id_organization", "Busan Trade Co.")
    page.get_by_label("automobile and parts processing").check()
    page.get_by_role("button", name="Register").click()
    expect(page.locator(".message--success")).to_contain_text("We sent you an email")
    expect(page.locator("h1")).to_have_text("Hongqi electric car")

    link = re.search(r"https?://\S+/accounts/verify/\S+", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.goto(f"{live_server.url}/online/40/exhibits/{hall.exhibits.hongqi.pk}/")
    page.get_by_role("button", name=re.compile("Keep this exhibit in my favourites")).click()
    expect(page.locator(".message--success")).to_contain_text("is now among your favourites")
    page.get_by_role("link", name="My favourites").first.click()
    expect(page.locator("table")).to_contain_text("Hongqi electric car")
    assert errors == []
