import io
import os
import shutil
import uuid
from collections import Counter

import pytest
from django.db import connection
from django.utils import translation

DEMO_PASSWORD = "demo-password-for-tests"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


BROWSER_FIXTURES = {"page", "browser"}
# Tests that pay seconds before their first line: the light demo seeded for the test alone
# (2-3 s each), or a database that really commits, emptied table by table afterwards
# (threads racing on PostgreSQL, live servers: about a second of TRUNCATE each).
SLOW_FIXTURES = {"demo", "transactional_db", "live_server", "django_db_serialized_rollback"}


def _commits_for_real(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return marker is not None and bool(marker.kwargs.get("transaction") or (marker.args and marker.args[0]))


def pytest_collection_modifyitems(config, items):
    """Browser tests are marked ``e2e`` (``make test-fast`` leaves them out with the ``slow``
    ones); tests that seed the demo or commit for real are marked ``slow``; PostgreSQL-only
    tests skip with a reason on SQLite; browser tests without Chromium."""
    vendor = connection.vendor
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if "e2e" not in item.keywords and (
            "e2e" in item.nodeid.split("::")[0].split("/") or BROWSER_FIXTURES & fixtures
        ):
            item.add_marker(pytest.mark.e2e)
        if "slow" not in item.keywords and (SLOW_FIXTURES & fixtures or _commits_for_real(item)):
            item.add_marker(pytest.mark.slow)
        if "postgres" in item.keywords and vendor != "postgresql":
            item.add_marker(pytest.mark.skip(reason=f"needs PostgreSQL (DATABASE_URL is {vendor})"))
        if "e2e" in item.keywords and not shutil.which(CHROMIUM):
            item.add_marker(pytest.mark.skip(reason=f"needs Debian's chromium at {CHROMIUM}"))
    # The files with the most tests first (stable: a file's own order stays): ``--dist
    # loadfile`` hands the workers whole files in this order, so the access matrix (hundreds of
    # tests, the longest file) starts at once rather than last, alone on one worker.
    sizes = Counter(item.nodeid.split("::")[0] for item in items)
    items.sort(key=lambda item: -sizes[item.nodeid.split("::")[0]])


@pytest.fixture(autouse=True)
def _database_sessions(settings):
    """The query counts of the tests include the session's query: with REDIS_URL (CI) the site
    reads sessions from the cache (cached_db), tested on its own in tests/expo/test_sessions.py."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings):
    """Each test counts its own hits (the cache may be a Redis shared by runs and processes)."""
    settings.RATELIMIT_CACHE_PREFIX = f"test-ratelimit-{uuid.uuid4().hex}"


@pytest.fixture(autouse=True)
def _no_kept_pages(settings):
    """Tests write in transactions that never commit: organizers' pages are rendered each time
    (expo.kept_pages, tested on its own in tests/expo/test_kept_pages.py)."""
    settings.KEPT_PAGES_SECONDS = 0


@pytest.fixture(autouse=True)
def _fresh_figures(settings):
    """Each test counts its own edition figures (expo.figures_cache), never another run's."""
    settings.FIGURES_CACHE_PREFIX = f"test-figures-{uuid.uuid4().hex}"


@pytest.fixture(autouse=True)
def _fresh_online_pages():
    """The online exhibition's and the programme's pages kept in this process's memory, and the
    version it last read, belong to one test (tests change and clear the cache under them)."""
    from events.views.programme import anonymous_pages
    from exhibitors import page_cache
    from exhibitors.signals import online_version_forget

    page_cache.pages.clear()
    anonymous_pages.clear()
    online_version_forget()
    yield
    page_cache.pages.clear()
    anonymous_pages.clear()
    online_version_forget()


@pytest.fixture(autouse=True)
def _fresh_current_edition():
    """Each test reads the current edition of its own database (expo.edition_memo)."""
    from expo import edition_memo

    edition_memo.forget()
    yield
    edition_memo.forget()


@pytest.fixture
def edition(db):
    from tests.factories import EditionFactory

    previous = EditionFactory(number=12, year=2019)
    return EditionFactory(number=13, year=2021, previous=previous, is_current=True)


@pytest.fixture
def demo(db, monkeypatch):
    """The demo data of ``seed_demo --light`` (no generated crowds), with a known DEMO_PASSWORD."""
    from django.core.management import call_command

    monkeypatch.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
    call_command("seed_demo", light=True, stdout=io.StringIO())
    return DEMO_PASSWORD


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _client_logins_pass_the_second_factor():
    """``client.login``/``force_login`` of an organizer stand for the whole login, the TOTP
    step included (the code pages have their own tests in tests/expo/test_security_login.py):
    the session gets the confirmed device that the TOTP page would store.

    Through Django's public ``user_logged_in`` signal: the test client logs in with a bare
    ``HttpRequest`` of its own (every request that reaches a view, the login page's included,
    is a ``WSGIRequest``), so only its logins are marked."""
    from django.contrib.auth.signals import user_logged_in
    from django.http import HttpRequest
    from django_otp import DEVICE_ID_SESSION_KEY

    from expo.security import needs_second_factor
    from tests.helpers import totp_device_for

    def mark_verified(sender, request, user, **kwargs):
        if type(request) is HttpRequest and needs_second_factor(user):
            request.session[DEVICE_ID_SESSION_KEY] = totp_device_for(user).persistent_id

    user_logged_in.connect(mark_verified, dispatch_uid="tests.client_logins_pass_the_second_factor")
    yield
    user_logged_in.disconnect(dispatch_uid="tests.client_logins_pass_the_second_factor")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def english():
    """Messages of services in English, as a reader of the English site gets them."""
    with translation.override("en"):
        yield


@pytest.fixture
def screenshots():
    """Save a full-page screenshot under var/screenshots/ for a person to look at."""
    from pathlib import Path

    folder = Path(__file__).resolve().parent.parent / "var" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)

    def take(page, name):
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)

    return take


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language: a request of an earlier test must not
    leave its language active in the thread."""
    from django.conf import settings

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def eager_tasks():
    """Run Celery tasks in the test's own process, as a worker would: mails are sent by
    tasks enqueued on commit, so a test that reads ``mail.outbox`` after a request needs
    this (and the commit: ``django_capture_on_commit_callbacks(execute=True)`` or a
    transactional test)."""
    from expo.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture(scope="session", autouse=True)
def _celery_configured_from_the_real_settings():
    """The Celery app reads its configuration from Django's settings once, at first use. Load
    it before any test overrides CELERY_BROKER_URL for a moment (health checks, broker
    outages), so that the app never keeps publishing to that broker for the rest of the run."""
    from expo.celery import app

    assert app.conf.broker_url is not None


# Object storage: moto's S3 server on a free loopback port, for the tests of uploads kept in a
# bucket (expo/storage.py). One server per test process, started on first use; one bucket per test.


@pytest.fixture(scope="session")
def s3_server():
    """The endpoint URL of moto's S3-compatible server (``python -m moto.server``), started on a
    free loopback port for this test process and stopped at its end."""
    from tests.s3 import MotoServer

    server = MotoServer.start()
    yield server
    server.stop()


@pytest.fixture
def s3_storage(settings, tmp_path, s3_server):
    """The default storage is a new, empty private bucket of ``s3_server`` (as with
    ``AWS_STORAGE_BUCKET_NAME`` set), and MEDIA_ROOT an empty folder that must stay so."""
    bucket = s3_server.create_bucket()
    settings.MEDIA_ROOT = tmp_path / "media-not-used"
    settings.AWS_STORAGE_BUCKET_NAME = bucket.name
    settings.STORAGES = {**settings.STORAGES, "default": bucket.storage_settings()}
    return bucket
