"""In the browser: a staff account without a device is told to ask for an enrolment link, a
superuser issues one in the admin, and only that link shows the key; a new exhibitor is
told to check the mail before acting. Screenshots at 1366 and 390 px, in English and Chinese."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from expo.enums import Office
from tests.factories import TEST_PASSWORD, EditionFactory, OrganizerFactory, UserFactory
from tests.helpers import finish_login, pass_second_factor

pytestmark = pytest.mark.e2e

SIZES = {"1366": {"width": 1366, "height": 900}, "390": {"width": 390, "height": 844}}
LOCALES = {"en": "en-US", "zh": "zh-CN"}


def log_in(page, url, username, password=TEST_PASSWORD):
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("form.form button[type=submit]")


def shoot_all(browser, screenshots, name, go):
    """``go(page, language, width)`` in each language and width, then a screenshot."""
    for language, locale in LOCALES.items():
        for width, viewport in SIZES.items():
            context = browser.new_context(viewport=viewport, locale=locale)
            page = context.new_page()
            page.set_default_timeout(15000)
            go(page, language, width)
            screenshots(page, f"{name}-{language}-{width}")
            context.close()


def test_a_staff_account_enrols_only_through_a_superusers_link(
    live_server, transactional_db, page, browser, screenshots
):
    OrganizerFactory(username="li.na", offices=[Office.PROTOCOL])
    UserFactory(username="root", is_staff=True, is_superuser=True)

    log_in(page, live_server.url, "li.na")
    page.wait_for_url("**/accounts/two-factor/enroll/**")
    expect(page.locator("main")).to_contain_text("Ask a superuser for an enrolment link.")
    expect(page.locator(".otp-secret")).to_have_count(0)

    root = browser.new_context(locale="en-US").new_page()
    log_in(root, live_server.url, "root")
    finish_login(root, "root")
    root.goto(f"{live_server.url}/admin/expo/user/?q=li.na")
    root.locator("input[name=_selected_action]").first.check()
    root.select_option("select[name=action]", "issue_enrolment_link")
    root.get_by_role("button", name="Go").click()
    link = root.get_by_label("Enrolment link").input_value()
    assert re.fullmatch(rf"{live_server.url}/accounts/two-factor/enroll/[\w-]+/", link)
    screenshots(root, "enrolment-link-admin-en-1366")

    page.goto(link)
    page.wait_for_url("**/accounts/two-factor/enroll/**")
    expect(page.locator(".otp-secret")).to_be_visible()
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    screenshots(page, "enrolment-by-link-en-1366")
    pass_second_factor(page, "li.na")
    assert page.url == f"{live_server.url}/staff/"

    again = browser.new_context(locale="en-US").new_page()
    log_in(again, live_server.url, "li.na")
    again.wait_for_url("**/accounts/two-factor/?**")
    again.goto(link)
    expect(again.locator(".otp-secret")).to_have_count(0)


def test_screenshots_of_the_enrolment_pages(live_server, transactional_db, browser, screenshots):
    from expo import otp

    users = {
        f"{language}{width}": OrganizerFactory(username=f"staff-{language}{width}")
        for language in LOCALES
        for width in SIZES
    }

    def ask(page, language, width):
        log_in(page, live_server.url, f"staff-{language}{width}")
        page.wait_for_url("**/accounts/two-factor/enroll/**")

    shoot_all(browser, screenshots, "enrolment-ask", ask)

    def enrol(page, language, width):
        user = users[f"{language}{width}"]
        _link, raw = otp.enrolment_link_issue(user=user, by=None)
        log_in(page, live_server.url, user.username)
        page.wait_for_url("**/accounts/two-factor/enroll/**")
        page.goto(f"{live_server.url}{otp.enrolment_path(raw)}")
        expect(page.locator(".otp-secret")).to_be_visible()

    shoot_all(browser, screenshots, "enrolment-by-link", enrol)


def test_a_new_exhibitor_checks_the_mail_before_acting(
    live_server, transactional_db, eager_tasks, browser, screenshots
):
    EditionFactory(number=13, is_current=True)
    count = iter(range(100))

    def sign_up(page, language, width):
        n = next(count)
        page.goto(f"{live_server.url}/exhibitor/signup/")
        page.select_option("#id_kind", "enterprise")
        page.fill("#id_name", f"长春北方汽车零部件有限公司{n}")
        page.select_option("#id_country", "CN")
        page.select_option("#id_province", "Jilin")
        page.fill("#id_city", "长春")
        page.select_option("#id_industry", "automobile")
        page.fill("#id_contact_name", "王强")
        page.fill("#id_contact_email", f"wang{n}@northern-auto.example")
        page.fill("#id_username", f"northernauto{n}")
        page.fill("#id_first_name", "强")
        page.fill("#id_last_name", "王")
        page.fill("#id_email", f"wang{n}@northern-auto.example")
        page.fill("#id_password1", "Axle-and-Gearbox-2026")
        page.fill("#id_password2", "Axle-and-Gearbox-2026")
        page.locator("main form.form button[type=submit]").click()
        page.wait_for_url("**/exhibitor/check-email/")
        expect(page.locator("h1")).to_have_text({"en": "Check your mail", "zh": "请查收邮件"}[language])
        page.goto(f"{live_server.url}/exhibitor/pavilions/")
        page.wait_for_url("**/exhibitor/check-email/")

    shoot_all(browser, screenshots, "exhibitor-check-email", sign_up)
    assert len(mail.outbox) == 4
