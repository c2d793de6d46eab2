"""In a browser that asks for each language: the main pages speak it from the first visit,
a visitor registers for an event and an exhibitor opens the portal in it, and the language
switcher changes it. Screenshots under var/screenshots/i18n-<language>-*.png."""

import pytest
from playwright.sync_api import expect

from tests.factories import TEST_PASSWORD
from tests.i18n.pages import leftovers, user_data

pytestmark = pytest.mark.e2e

BROWSER_LOCALES = {"zh-hans": "zh-CN", "en": "en-US", "ru": "ru-RU", "ja": "ja-JP", "ko": "ko-KR", "mn": "mn-MN"}
# What each language calls a few things, as its catalogue translates them.
WORDS = {
    "zh-hans": {"register": "报名参加此活动", "registered": "谢谢", "portal": "参展商门户", "online": "线上展览"},
    "en": {
        "register": "Register for this event",
        "registered": "Thank you",
        "portal": "Exhibitor portal",
        "online": "Online exhibition",
    },
    "ru": {
        "register": "Зарегистрироваться на мероприятие",
        "registered": "Спасибо",
        "portal": "Кабинет экспонента",
        "online": "Онлайн-выставка",
    },
    "ja": {
        "register": "このイベントに参加登録する",
        "registered": "ありがとうございます",
        "portal": "出展者ポータル",
        "online": "オンライン展示会",
    },
    "ko": {
        "register": "이 행사에 참가 신청",
        "registered": "감사합니다",
        "portal": "참가업체 포털",
        "online": "온라인 전시회",
    },
    "mn": {
        "register": "Энэ арга хэмжээнд бүртгүүлэх",
        "registered": "Баярлалаа",
        "portal": "Оролцогчийн портал",
        "online": "Цахим үзэсгэлэн",
    },
}


@pytest.mark.parametrize("language", list(BROWSER_LOCALES))
def test_a_visitor_and_an_exhibitor_in_their_language(live_server, live_world, browser, screenshots, language):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=BROWSER_LOCALES[language])
    page = context.new_page()
    page.set_default_timeout(20000)
    words = WORDS[language]
    data = user_data()

    def check(name):
        expect(page.locator("html")).to_have_attribute("lang", language)
        assert leftovers(page.content(), language, data) == [], page.url
        screenshots(page, f"i18n-{language}-{name}")

    page.goto(f"{live_server.url}/")
    check("home")
    page.goto(f"{live_server.url}/programme/")
    check("programme")
    page.goto(f"{live_server.url}{live_world['event'].get_absolute_url()}")
    page.fill("#id_name", "Test Visitor")
    page.fill("#id_organization", "Test Trading")
    page.fill("#id_email", f"visitor-{language}@trade.example")
    page.select_option("#id_country", "MN")
    page.get_by_role("button", name=words["register"]).click()
    expect(page.locator(".message--success")).to_contain_text(words["registered"])
    check("event-registered")

    page.get_by_role("link", name=words["online"]).first.click()
    check("online")
    page.goto(f"{live_server.url}/online/{live_world['edition'].number}/exhibitors/{live_world['exhibitor'].pk}/")
    check("online-exhibitor")

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", live_world["exhibitor_user"].username)
    page.fill("#id_password", TEST_PASSWORD)
    page.click("form.form button[type=submit]")
    page.get_by_role("link", name=words["portal"]).first.click()
    check("exhibitor-portal")
    page.goto(f"{live_server.url}/exhibitor/pavilions/{live_world['pavilion'].pk}/")
    check("exhibitor-floor-plan")
    context.close()


def test_switcher_changes_the_language_and_keeps_it(live_server, live_world, page):
    page.goto(f"{live_server.url}/")
    page.get_by_role("button", name="Монгол").click()  # the site's switcher: a form

    expect(page.locator("html")).to_have_attribute("lang", "mn")
    expect(page.locator("nav.nav")).to_contain_text("Хөтөлбөр")
    page.goto(f"{live_server.url}/online/")
    expect(page.locator("html")).to_have_attribute("lang", "mn")
    page.get_by_role("link", name="한국어").click()  # the public pages kept whole: links
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    page.goto(f"{live_server.url}/programme/")
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    page.get_by_role("link", name="English", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/programme/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
