"""Two web machines (README, "Two web machines and more"): two gunicorn processes, each with a
MEDIA_ROOT of its own that stays empty, on one PostgreSQL database, one Redis and one S3
bucket (moto's server). A logo uploaded through the first is served by the second to the same
login, whose session the first wrote."""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from tests.expo.test_storage_s3 import PROFILE_FIELDS, png
from tests.factories import ExhibitorFactory, exhibitor_user
from tests.helpers import ROOT, database_url_of_tests
from tests.s3 import free_port

PASSWORD = "two-machines-password-9f3k"


class WebMachine:
    """``gunicorn expo.wsgi`` on a loopback port, as a machine of its own would run it."""

    def __init__(self, name: str, media_root: Path, env: dict[str, str], log: Path):
        self.name, self.media_root, self.port = name, media_root, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        media_root.mkdir()
        self.log = log.open("w")
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "expo.wsgi", "--bind", f"127.0.0.1:{self.port}",
             "--workers", "1", "--timeout", "60", "--log-level", "warning"],
            cwd=ROOT,
            env={**env, "MEDIA_ROOT": str(media_root)},
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

    def wait_until_ready(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"gunicorn {self.name} exited; see {self.log.name}"
            try:
                requests.get(f"{self.url}/accounts/login/", timeout=20)
                return
            except requests.ConnectionError:
                time.sleep(0.1)
        raise AssertionError(f"gunicorn {self.name} did not answer in time; see {self.log.name}")

    def files(self) -> list[Path]:
        return [p for p in self.media_root.rglob("*") if p.is_file()]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.log.close()


def csrf_token(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=20)
    assert page.status_code == 200, (url, page.status_code)
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_upload_through_one_web_machine_is_served_by_the_other(tmp_path, s3_storage):
    env = {
        **os.environ,
        **s3_storage.environment(),
        "DATABASE_URL": database_url_of_tests(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DEBUG": "false",
        "HTTPS": "false",
    }
    machines = [WebMachine(name, tmp_path / f"media-{name}", env, tmp_path / f"{name}.log") for name in "ab"]
    try:
        # While both machines start: an exhibitor with a password of the site's own hasher (the
        # tests' fast one is not in its settings).
        exhibitor = ExhibitorFactory()
        user = exhibitor_user(exhibitor=exhibitor)
        hasher = PBKDF2PasswordHasher()
        user.password = hasher.encode(PASSWORD, hasher.salt())
        user.save(update_fields=["password"])
        deadline = time.monotonic() + 60
        for machine in machines:
            machine.wait_until_ready(deadline)
        a, b = machines

        # Logged in and uploading through machine a.
        on_a = requests.Session()
        token = csrf_token(on_a, f"{a.url}/accounts/login/")
        login = on_a.post(
            f"{a.url}/accounts/login/",
            {"csrfmiddlewaretoken": token, "username": user.username, "password": PASSWORD},
            allow_redirects=False,
            timeout=20,
        )
        assert login.status_code == 302, login.text[:500]
        token = csrf_token(on_a, f"{a.url}/exhibitor/profile/")
        content = png((30, 160, 90))
        data = {f: getattr(exhibitor, f) for f in PROFILE_FIELDS}
        saved = on_a.post(
            f"{a.url}/exhibitor/profile/",
            {**data, "country": "CN", "csrfmiddlewaretoken": token},
            files={"logo": ("logo.png", content, "image/png")},
            allow_redirects=False,
            timeout=20,
        )
        assert saved.status_code == 302, saved.text[:500]
        exhibitor.refresh_from_db()
        url = exhibitor.logo.url
        assert url == f"/media/{exhibitor.logo.name}"

        # The same session cookie, on machine b: the session is in the database and Redis, the
        # file in the bucket. The logo is private (no published exhibit): only that login gets it.
        on_b = requests.Session()
        for name, value in on_a.cookies.get_dict().items():
            on_b.cookies.set(name, value)
        served = on_b.get(f"{b.url}{url}", timeout=20)
        assert (served.status_code, served.headers["Content-Type"]) == (200, "image/png")
        assert served.content == content

        # Still the product's rule there: nobody else gets it.
        assert requests.get(f"{b.url}{url}", timeout=20).status_code == 404
        assert s3_storage.names() == [exhibitor.logo.name]
        assert a.files() == b.files() == []
    finally:
        for machine in machines:
            machine.stop()
