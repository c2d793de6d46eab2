"""In a browser: an organizer asks for the results report, a real worker builds it, the page
follows it to the end and the PDF downloads."""

import uuid

import pytest
from playwright.sync_api import expect

from tests.helpers import finish_login, start_worker

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(240)]


@pytest.mark.slow
def test_an_organizer_requests_the_results_report_and_downloads_it(live_server, demo, page, settings, tmp_path):
    queue = f"reports-e2e-{uuid.uuid4().hex[:8]}"
    settings.REPORTS_QUEUE = queue
    with open(tmp_path / "worker.log", "w+") as log:
        worker = start_worker(queue, log)
        try:
            page.goto(f"{live_server.url}/accounts/login/")
            page.fill("#id_username", "organizer")
            page.fill("#id_password", demo)
            page.click("form.form button[type=submit]")
            finish_login(page, "organizer")

            page.get_by_role("navigation").get_by_role("button", name="Committee").click()
            page.get_by_role("link", name="Reports", exact=True).click()
            expect(page.locator("h1")).to_have_text("Executive committee reports")
            page.get_by_label("Results of the edition").check()
            page.locator("#id_edition").select_option(label="13th China-Northeast Asia Expo")  # closed, published
            page.get_by_label("Language").select_option("en")
            page.get_by_label("JSON").check()
            page.get_by_role("button", name="Build the report").click()

            expect(page.locator(".message--success")).to_contain_text("The report is queued")
            # The page refreshes itself until the worker is done.
            download_link = page.get_by_role("link", name="Download PDF")
            try:
                expect(download_link).to_be_visible(timeout=120_000)
            except AssertionError:
                log.seek(0)
                raise AssertionError(f"the run did not finish; the worker's log:\n{log.read()[-4000:]}") from None
            page.screenshot(path=str(tmp_path / "run-done.png"), full_page=True)
            with page.expect_download() as info:
                download_link.click()
            download = info.value
            assert download.suggested_filename.startswith("expo13-results-en-")
            with open(download.path(), "rb") as handle:
                assert handle.read(5) == b"%PDF-"

            page.get_by_role("link", name="Executive committee reports").click()
            expect(page.locator("table .run-status--done").first).to_be_visible()
        finally:
            worker.terminate()
            worker.wait(timeout=30)
