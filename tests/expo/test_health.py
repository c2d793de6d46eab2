import json

import pytest

from tests.helpers import PRODUCTION_SECRET, clean_env, run_python


@pytest.mark.django_db
def test_healthz_is_ok_when_database_and_broker_work(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_503_when_the_broker_is_down_and_shows_no_internal_error_text(client, settings, caplog):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "broker": "error"}
    assert "127.0.0.1" not in response.content.decode()
    assert "broker check failed: OperationalError" in caplog.text


@pytest.mark.django_db
def test_healthz_answers_503_when_the_filesystem_broker_folder_is_missing(client, settings, tmp_path):
    missing = str(tmp_path / "gone")
    settings.CELERY_BROKER_URL = "filesystem://"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": missing,
        "data_folder_out": missing,
        "processed_folder": missing,
    }

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["broker"] == "error"
    assert missing not in response.content.decode()


@pytest.mark.slow
def test_healthz_answers_503_when_the_database_is_down(tmp_path):
    code = """
import django
django.setup()
from django.test import Client
r = Client().get("/healthz")
print(r.status_code, r.content.decode())
"""
    env = clean_env(
        SECRET_KEY=PRODUCTION_SECRET,
        HTTPS="false",
        ALLOWED_HOSTS="testserver",
        DATABASE_URL="postgres://postgres@127.0.0.1:1/nothing",
        CELERY_BROKER_URL="filesystem://",
        CELERY_BROKER_FOLDER=str(tmp_path),
    )

    result = run_python(code, env)

    status, body = result.stdout.split(" ", 1)
    assert status == "503", result.stderr
    assert json.loads(body) == {"status": "error", "database": "error", "broker": "ok"}
    assert "127.0.0.1" not in body
    assert "database check failed: OperationalError" in result.stderr


@pytest.mark.django_db
def test_healthz_is_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301
