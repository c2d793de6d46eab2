"""Security headers: a Content-Security-Policy without inline code, HSTS behind HTTPS,
nosniff, Referrer-Policy, no framing, no caching of personal pages; `check --deploy` clean;
and in Chromium, no page of ours or of the admin breaks the policy."""

import re
from pathlib import Path

import pytest
from django.test import Client

from expo.enums import Office
from tests.factories import MemberUnitUserFactory, OrganizerFactory
from tests.helpers import PRODUCTION_SECRET, ROOT, clean_env, pass_second_factor, run_manage

REQUIRED_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def csp_of(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())


@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/programme/"])
def test_public_pages_carry_the_security_headers(client, edition, url):
    response = client.get(url)

    assert response.status_code == 200
    directives = csp_of(response)
    assert {name: directives.get(name) for name in REQUIRED_CSP} == REQUIRED_CSP
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_public_start_page_may_be_cached_for_visitors(client):
    assert client.get("/").has_header("Cache-Control") is False


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/staff/", "/admin/", "/admin/expo/edition/", "/accounts/password_change/"])
def test_organizer_pages_are_not_stored(client, url):
    client.force_login(OrganizerFactory(is_superuser=True, offices=[Office.SECRETARIAT]))

    response = client.get(url)

    assert (response.status_code, "no-store" in response["Cache-Control"]) == (200, True)
    assert csp_of(response)["style-src"] == "'self'"


@pytest.mark.django_db
def test_portal_page_of_a_member_unit_is_not_stored(client):
    client.force_login(MemberUnitUserFactory())

    response = client.get("/portal/")

    assert (response.status_code, response["Cache-Control"]) == (200, "no-store")


@pytest.mark.django_db
def test_hsts_is_sent_over_https(settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True

    response = Client().get("/", secure=True)

    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


@pytest.mark.slow
def test_https_settings_default_on_in_production():
    from tests.helpers import run_python

    env = clean_env(
        SECRET_KEY=PRODUCTION_SECRET,
        DATABASE_URL="sqlite:////tmp/unused.sqlite3",
        CELERY_BROKER_URL="memory://",
        ALLOWED_HOSTS="expo.example.org",
    )
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    )

    result = run_python(code, env)

    assert result.stdout.split() == ["True", "31536000", "True", "True"], result.stderr


@pytest.mark.slow
def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = clean_env(
        SECRET_KEY=PRODUCTION_SECRET,
        DEBUG="false",
        HTTPS="true",
        ALLOWED_HOSTS="expo.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path}/deploy.sqlite3",
        CELERY_BROKER_URL="filesystem://",
        CELERY_BROKER_FOLDER=str(tmp_path / "broker"),
    )

    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert (result.returncode, result.stdout.strip()) == (0, "System check identified no issues (0 silenced)."), (
        result.stderr
    )


def test_templates_have_no_inline_script_style_or_handlers():
    """Pages for browsers; the *_pdf.html templates only ever reach weasyprint."""
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\sstyle=|<style[\s>]|\son[a-z]+=|javascript:", re.IGNORECASE)
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0).strip()}"
        for folder in [ROOT / "templates", *ROOT.glob("*/templates")]
        for path in Path(folder).rglob("*.html")
        if not path.name.endswith("_pdf.html")
        for match in inline.finditer(path.read_text(encoding="utf-8"))
    ]

    assert offenders == []


# In the browser ------------------------------------------------------------------------------


def watch_csp(page) -> list[str]:
    """Collects what Chromium says about blocked content: console errors and the
    securitypolicyviolation events of each page."""
    violations = []
    page.on(
        "console",
        lambda m: violations.append(f"{page.url}: {m.text}") if "Content Security Policy" in m.text else None,
    )
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    return violations


@pytest.mark.e2e
def test_organizer_logs_in_with_a_code_and_no_page_breaks_the_policy(live_server, demo, page, browser, screenshots):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from exhibitors.models import Pavilion

    violations = watch_csp(page)
    pavilion = Pavilion.objects.filter(edition__is_current=True).order_by("pk").first()
    # Without the demo's device: the "ask for a link" page and the enrolment by a link too.
    TOTPDevice.objects.filter(user__username="organizer").delete()

    for url in ["/", "/programme/"]:
        page.goto(f"{live_server.url}{url}")
    page.goto(f"{live_server.url}/accounts/login/?next=/staff/")
    page.fill("#id_username", "organizer")
    page.fill("#id_password", demo)
    page.click("form.form button[type=submit]")
    page.wait_for_url("**/accounts/two-factor/enroll/?next=%2Fstaff%2F")
    screenshots(page, "security-two-step-enrolment")
    pass_second_factor(page, "organizer")

    assert page.url == f"{live_server.url}/staff/"
    for url in ["/staff/", "/admin/", "/admin/auth/group/", "/admin/expo/edition/add/", "/admin/expo/edition/"]:
        response = page.goto(f"{live_server.url}{url}")
        assert (url, response.status) == (url, 200)
    page.get_by_role("link", name="13th China-Northeast Asia Expo").first.click()
    page.wait_for_url("**/change/")

    portal = browser.new_context(locale="en-US").new_page()
    violations += watch_csp(portal)
    portal.goto(f"{live_server.url}/accounts/login/?next=/portal/")
    portal.fill("#id_username", "commerce")
    portal.fill("#id_password", demo)
    portal.click("form.form button[type=submit]")
    portal.wait_for_url(f"{live_server.url}/portal/")
    exhibitor = browser.new_context(locale="en-US").new_page()
    violations += watch_csp(exhibitor)
    exhibitor.goto(f"{live_server.url}/accounts/login/?next=/exhibitor/")
    exhibitor.fill("#id_username", "exhibitor1")
    exhibitor.fill("#id_password", demo)
    exhibitor.click("form.form button[type=submit]")
    exhibitor.wait_for_url(f"{live_server.url}/exhibitor/")
    floor_plan = exhibitor.goto(f"{live_server.url}/exhibitor/pavilions/{pavilion.pk}/")
    page.wait_for_timeout(300)

    assert floor_plan.status == 200
    assert violations == []
    portal.context.close()
    exhibitor.context.close()


def test_a_null_character_in_the_query_or_a_form_is_refused_before_any_view(db, client, english):
    from tests.factories import OrganizerFactory

    client.force_login(OrganizerFactory(is_superuser=True))

    autocomplete = client.get(
        "/admin/autocomplete/",
        {"term": "\x00", "app_label": "expo", "model_name": "edition", "field_name": "previous"},
    )
    posted = client.post("/staff/reports/", {"kind": "results\x00"}, HTTP_ACCEPT_LANGUAGE="en")
    in_chinese = client.get("/programme/", {"q": "\x00"}, HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert autocomplete.status_code == 400
    assert posted.status_code == 400
    assert b"null character" in posted.content
    assert in_chinese.status_code == 400
    assert "空字符" in in_chinese.content.decode()
