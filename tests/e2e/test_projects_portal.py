import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import TEST_PASSWORD, EditionFactory, MemberUnitUserFactory
from tests.projects.factories import MunicipalityFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def unit_user(transactional_db, settings):
    settings.PROJECTS_REGISTRATION_WINDOW = ((1, 1), (12, 31))
    year = timezone.localdate().year
    EditionFactory(
        number=20,
        year=year,
        start_date=datetime.date(year, 12, 27),
        end_date=datetime.date(year, 12, 31),
        is_current=True,
    )
    changchun = MunicipalityFactory(
        code="changchun", name_en="Changchun", short_name_en="Changchun", name_zh="长春市", short_name_zh="长春市"
    )
    MunicipalityFactory(code="yanbian", name_en="Yanbian", short_name_en="Yanbian")
    return MemberUnitUserFactory(username="changchun", member_unit=changchun)


def test_member_unit_registers_a_project_and_sees_it_in_the_list(live_server, unit_user, page, screenshots):
    page.goto(f"{live_server.url}/accounts/login/?next=/portal/")
    page.evaluate("document.cookie = 'django_language=en; path=/'")
    page.goto(f"{live_server.url}/accounts/login/?next=/portal/")
    page.fill("#id_username", "changchun")
    page.fill("#id_password", TEST_PASSWORD)
    page.locator("main form").get_by_role("button", name="Log in").click()

    page.get_by_role("link", name="Your unit's projects").click()
    page.get_by_role("link", name="Register a project").first.click()
    page.fill("#id_title", "长春氢能装备制造基地项目")
    page.select_option("#id_type", "contract")
    page.fill("#id_investment_yuan", "1200000000")
    page.select_option("#id_industry", "new_energy")
    expect(page.locator("#id_municipality option:checked")).to_have_text("Changchun")
    page.fill("#id_partner_name", "Hanbit Energy Co., Ltd.")
    page.select_option("#id_partner_country", "KR")
    page.select_option("#id_stage", "ready_to_sign")
    screenshots(page, "projects-portal-form")
    page.get_by_role("button", name="Register the project").click()

    expect(page.locator(".message--success")).to_contain_text("长春氢能装备制造基地项目")
    row = page.locator("table.projects tbody tr").filter(has_text="长春氢能装备制造基地项目")
    expect(row).to_contain_text("ready to sign")
    expect(row).to_contain_text("1.20")
    expect(row).to_contain_text("South Korea")
    screenshots(page, "projects-portal-list")
