"""Screenshots of the main pages of each role at 1366 and 390 px, for people to look at:
only when UI_SCREENSHOTS names a folder (``docs/screenshots/ui/after`` for the record)."""

import os
from pathlib import Path

import pytest

from delegations.models import Delegation
from exhibitors.models import BoothApplication
from expo.models import WorkItem
from tests.conftest import DEMO_PASSWORD
from tests.helpers import finish_login

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not os.environ.get("UI_SCREENSHOTS"), reason="set UI_SCREENSHOTS to a folder"),
]

WIDTHS = (1366, 390)


def _pages(role):
    delegation = Delegation.objects.order_by("pk").first()
    item = WorkItem.objects.order_by("pk").first()
    application = BoothApplication.objects.filter(status="held").order_by("pk").first()
    return {
        "visitor": [
            ("home", "/"),
            ("login", "/accounts/login/"),
            ("programme", "/programme/"),
            ("register", "/programme/register/"),
            ("signup", "/exhibitor/signup/"),
        ],
        "organizer": [
            ("landing", None),
            ("admin", "/admin/"),
            ("booth-applications", "/staff/exhibition/applications/"),
            ("booth-application", f"/staff/exhibition/applications/{application.pk}/"),
            ("booth-applications-admin", "/admin/exhibitors/boothapplication/"),
            ("registrations", "/staff/check-in/registrations/"),
        ],
        "protocol": [
            ("landing", None),
            ("desk", "/staff/protocol/"),
            ("delegations", "/staff/protocol/delegations/"),
            ("delegation", f"/staff/protocol/delegations/{delegation.pk}/"),
            ("delegation-admin", f"/admin/delegations/delegation/{delegation.pk}/change/"),
        ],
        "commerce": [
            ("landing", None),
            ("portal", "/portal/"),
            ("report-form", f"/portal/committee/items/{item.pk}/report/"),
        ],
        "exhibitor1": [
            ("landing", None),
            ("portal", "/exhibitor/"),
            ("applications", "/exhibitor/applications/"),
            ("exhibits", "/exhibitor/exhibits/"),
        ],
    }[role]


@pytest.mark.parametrize("role", ["visitor", "organizer", "protocol", "commerce", "exhibitor1"])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_screenshots_of_the_main_pages(live_server, demo, browser, role, language):
    folder = Path(os.environ["UI_SCREENSHOTS"])
    folder.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900}, locale=language)
        context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        page = context.new_page()
        page.set_default_timeout(60000)
        if role != "visitor":
            page.goto(f"{live_server.url}/accounts/login/")
            page.fill("#id_username", role)
            page.fill("#id_password", DEMO_PASSWORD)
            page.locator("main form button[type=submit]").click()
            finish_login(page, role)
        for name, path in _pages(role):
            if path is not None:
                page.goto(f"{live_server.url}{path}")
            page.wait_for_load_state("load")
            page.screenshot(path=str(folder / f"{role}-{name}-{width}-{language}.png"), full_page=True)
        context.close()
