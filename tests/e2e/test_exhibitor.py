import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.factories import BoothFactory, EditionFactory, PavilionFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def plan(transactional_db):
    edition = EditionFactory(number=13, is_current=True)
    pavilion = PavilionFactory(edition=edition, name_en="Automobile Pavilion", name_zh="汽车馆")
    for n in range(1, 13):
        BoothFactory(pavilion=pavilion, code=f"S{n:03d}")
    return pavilion


def test_exhibitor_signs_up_holds_a_booth_on_the_plan_and_sees_it_held(
    live_server, plan, eager_tasks, page, screenshots
):
    page.goto(f"{live_server.url}/exhibitor/signup/")
    page.select_option("#id_kind", "enterprise")
    page.fill("#id_name", "长春北方汽车零部件有限公司")
    page.fill("#id_name_en", "Changchun Northern Auto Parts Co., Ltd.")
    page.select_option("#id_country", "CN")
    page.select_option("#id_province", "Jilin")
    page.fill("#id_city", "长春")
    page.select_option("#id_industry", "automobile")
    page.fill("#id_contact_name", "王强")
    page.fill("#id_contact_email", "wang.qiang@northern-auto.example")
    page.fill("#id_username", "northernauto")
    page.fill("#id_first_name", "强")
    page.fill("#id_last_name", "王")
    page.fill("#id_email", "wang.qiang@northern-auto.example")
    page.fill("#id_password1", "Axle-and-Gearbox-2026")
    page.fill("#id_password2", "Axle-and-Gearbox-2026")
    page.get_by_role("button", name="Register").click()

    # The account acts once the address is confirmed through the mailed link.
    expect(page.locator("h1")).to_have_text("Check your mail")
    link = re.search(r"http://\S+(/accounts/verify/\S+)", mail.outbox[-1].body).group(1)
    page.goto(f"{live_server.url}{link}")
    expect(page.locator("h1")).to_have_text("Email address confirmed")
    page.get_by_role("link", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Changchun Northern Auto Parts Co., Ltd.")
    page.get_by_role("link", name="Book a booth on the floor plan").click()
    page.get_by_role("link", name="Open the floor plan").click()
    page.locator('a.booth[data-code="S007"]').click()
    page.get_by_role("button", name="Hold booth S007").click()

    expect(page.locator(".message--success")).to_contain_text("Booth S007 is held for you until")
    expect(page.locator("table")).to_contain_text("held")
    page.get_by_role("link", name="Book a booth").click()
    page.get_by_role("link", name="Open the floor plan").click()
    expect(page.locator('a.booth[data-code="S007"]')).to_have_attribute("data-state", "mine")
    screenshots(page, "exhibitor-floor-plan")
