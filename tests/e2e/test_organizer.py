import pytest
from playwright.sync_api import expect

from tests.helpers import finish_login

pytestmark = pytest.mark.e2e


def log_in(page, url, username, password):
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("form.form button[type=submit]")
    finish_login(page, username)


def test_demo_organizer_logs_in_and_opens_the_admin(live_server, demo, page):
    log_in(page, live_server.url, "organizer", demo)

    page.get_by_role("link", name="Administration").click()
    page.get_by_role("link", name="Editions").first.click()

    expect(page.get_by_role("link", name="13th China-Northeast Asia Expo")).to_be_visible()
    page.get_by_role("link", name="13th China-Northeast Asia Expo").click()
    expect(page.locator("#id_name_zh")).to_have_value("第十三届中国—东北亚博览会")


def test_demo_organizer_sees_the_dashboard(live_server, demo, page):
    log_in(page, live_server.url, "organizer", demo)

    page.get_by_role("link", name="Dashboard").click()

    expect(page.locator("h1")).to_have_text("Organizer's dashboard")
    expect(page.locator("tfoot")).to_contain_text("47")
    expect(page.locator(".status")).to_contain_text("Database: working")


def test_member_unit_user_switches_to_chinese_in_the_portal(live_server, demo, page):
    log_in(page, live_server.url, "commerce", demo)
    page.get_by_role("link", name="Department portal").click()
    expect(page.locator("h1")).to_have_text("Department of Commerce of Jilin Province")

    page.get_by_role("button", name="简体中文").click()

    expect(page.locator("h1")).to_have_text("吉林省商务厅")
    expect(page.get_by_role("link", name="部门门户")).to_be_visible()
