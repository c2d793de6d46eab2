import pytest
from django.core import mail
from playwright.sync_api import expect

from expo.models import ProgressReport, ReportStatus
from tests.committee.factories import WorkItemFactory
from tests.factories import TEST_PASSWORD, EditionFactory, MemberUnitFactory, MemberUnitUserFactory, OrganizerFactory
from tests.helpers import finish_login

pytestmark = pytest.mark.e2e


@pytest.fixture
def people(transactional_db):
    edition = EditionFactory(number=13, is_current=True)
    unit = MemberUnitFactory(code="commerce", name_en="Department of Commerce", short_name_en="Commerce")
    WorkItemFactory(edition=edition, lead_unit=unit, code="1.1", title_en="5G theme exhibition")
    MemberUnitUserFactory(username="commerce", member_unit=unit, email="zhangwei@example.org")
    OrganizerFactory(username="secretary", offices=["secretariat"])


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.evaluate("document.cookie = 'django_language=en; path=/'")
    page.goto(f"{live_server.url}/accounts/login/?next=/")
    page.fill("#id_username", username)
    page.fill("#id_password", TEST_PASSWORD)
    page.locator("main form").get_by_role("button", name="Log in").click()
    finish_login(page, username)


def test_a_unit_submits_a_report_and_the_secretariat_returns_it(
    live_server, people, eager_tasks, browser, page, screenshots
):
    log_in(page, live_server, "commerce")
    page.goto(f"{live_server.url}/portal/")
    page.get_by_role("table").get_by_role("link", name="1.1 5G theme exhibition").click()
    page.get_by_role("link", name="Write this month's report").click()
    page.fill("#id_narrative", "5G展区方案已定，展商招募过半。")
    page.fill("#id_percent", "55")
    page.fill("#id_problems", "需协调展馆电力扩容。")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.locator(".report-status")).to_have_text("draft")
    page.get_by_role("button", name="Submit to the secretariat").click()
    expect(page.locator(".report-status")).to_have_text("submitted")
    screenshots(page, "committee-portal-report")

    secretariat = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US").new_page()
    log_in(secretariat, live_server, "secretary")
    secretariat.goto(f"{live_server.url}/staff/committee/")
    secretariat.locator("table.matrix").get_by_role("link", name="submitted").click()
    expect(secretariat.locator("main")).to_contain_text("需协调展馆电力扩容。")
    secretariat.fill("#id_comment", "请补充展商名单和时间节点。")
    secretariat.get_by_role("button", name="Return to the unit").click()
    expect(secretariat.locator("table.matrix")).to_contain_text("returned")
    screenshots(secretariat, "committee-matrix")
    secretariat.context.close()

    report = ProgressReport.objects.get()
    assert (report.status, report.percent) == (ReportStatus.RETURNED, 55)
    page.reload()
    expect(page.locator(".secretariat-comment")).to_contain_text("请补充展商名单和时间节点。")
    # One mail per language: the unit user's own (the language they signed in with), and
    # Chinese and English for the unit's address.
    assert sorted(m.to for m in mail.outbox) == [["commerce@example.org"], ["zhangwei@example.org"]]
