import os
import subprocess
import sys
import threading
from pathlib import Path

from django.db import connection, transaction

from expo.locking import lock_rows

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_SECRET = "p9Jx2vQ7mZr4Lk8sT1wYc6Nb3Hf5Dg0aEu7Ri2Oq9Pl4Ks8Mj1Vn6Xz3By5Ct0Ad"


def clean_env(**values: str) -> dict[str, str]:
    """An environment with nothing of ours in it but ``values``."""
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "SYSTEMROOT")}
    return {**keep, "DJANGO_SETTINGS_MODULE": "expo.settings", **values}


def run_python(code: str, env: dict[str, str], timeout: int = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


def run_manage(*args: str, env: dict[str, str], timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


def database_url_of_tests() -> str:
    """A DATABASE_URL for the database the running tests use, for child processes."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


# Two-step login of organizers ----------------------------------------------------------


def totp_device_for(user):
    """The user's confirmed TOTP device, created on first use."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def totp_code(key_hex: str, *, after_step: int = -1) -> str:
    """The code an authenticator app shows now for a hex key, or the next step's code when
    the current one was already used (``after_step`` is the device's ``last_t``)."""
    import time
    from binascii import unhexlify

    from django_otp.oath import TOTP

    totp = TOTP(unhexlify(key_hex))
    totp.time = time.time()
    if totp.t() <= after_step:
        totp.time += 30 * (after_step + 1 - totp.t())
    return f"{totp.token():06d}"


def mark_otp_verified(client, user) -> None:
    """Store in the client's session what the TOTP page stores after a right code."""
    from django_otp import DEVICE_ID_SESSION_KEY

    session = client.session
    session[DEVICE_ID_SESSION_KEY] = totp_device_for(user).persistent_id
    session.save()


def login_verified(client, user) -> None:
    """Log a user in with the test client as if through password and TOTP code."""
    client.force_login(user)
    mark_otp_verified(client, user)


def pass_second_factor(page, username: str) -> None:
    """In the browser, after the password: the TOTP page with a code computed like an
    authenticator app; for an account without a device, the enrolment a superuser's
    one-time link opens, with the key read off the page."""
    import base64
    from urllib.parse import urlsplit

    from django.contrib.auth import get_user_model

    from expo import otp

    page.wait_for_url("**/accounts/two-factor/**")
    user = get_user_model().objects.get(username=username)
    if "/enroll/" in page.url:
        _link, raw = otp.enrolment_link_issue(user=user, by=None)
        url = urlsplit(page.url)
        page.goto(f"{url.scheme}://{url.netloc}{otp.enrolment_path(raw)}?{url.query}")
        page.wait_for_url("**/accounts/two-factor/enroll/**")
        secret = page.locator(".otp-secret").inner_text().strip()
        code = totp_code(base64.b32decode(secret).hex())
    else:
        device = totp_device_for(user)
        code = totp_code(device.key, after_step=device.last_t)
    page.fill("#id_token", code)
    page.locator("main form.form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/two-factor/" not in url)


def finish_login(page, username: str) -> None:
    """After the login form was sent: the second step when the site asks for it (organizers)."""
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    if "/accounts/two-factor/" in page.url:
        pass_second_factor(page, username)


def start_worker(queue: str, log, **env: str) -> subprocess.Popen:
    """A real Celery worker process consuming ``queue`` (reports included), on the database of
    the running tests, in a process group of its own so that a test can kill it whole."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "expo",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "--loglevel=INFO",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
        ],  # fmt: skip
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url_of_tests(), "REPORTS_QUEUE": queue, **env},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


class RowLockHeld:
    """Another connection holds ``instance``'s row FOR UPDATE (through ``lock_rows``) until the
    block ends: what a slow writer does to the next one, for lock-timeout tests."""

    def __init__(self, instance):
        self.instance = instance
        self.locked, self.release = threading.Event(), threading.Event()

    def _hold(self):
        try:
            with transaction.atomic():
                lock_rows(type(self.instance)._default_manager.filter(pk=self.instance.pk))
                self.locked.set()
                self.release.wait(30)
        finally:
            connection.close()

    def __enter__(self):
        self.thread = threading.Thread(target=self._hold)
        self.thread.start()
        assert self.locked.wait(10)
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.thread.join(30)


def in_parallel(function, items, *, refused: tuple = ()) -> list[Exception]:
    """Call ``function(item)`` for every item, each in its own thread and database connection,
    all released at once by a barrier. Returns the exceptions raised, except those of the
    ``refused`` kinds (what the service answers when it refuses, as it should)."""
    barrier = threading.Barrier(len(items))
    errors: list[Exception] = []

    def run(item):
        try:
            barrier.wait()
            function(item)
        except refused:
            pass
        except Exception as exc:  # noqa: BLE001 - collected for the test to assert on
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors
