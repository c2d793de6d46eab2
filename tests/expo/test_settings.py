import json

import pytest

from tests.helpers import PRODUCTION_SECRET, clean_env, run_manage, run_python

pytestmark = pytest.mark.slow  # every test starts a Python process

PRODUCTION = {
    "SECRET_KEY": PRODUCTION_SECRET,
    "DATABASE_URL": "postgres://expo:s3cret@db.internal:5433/expo_prod",
    "CELERY_BROKER_URL": "redis://cache.internal:6380/2",
    "ALLOWED_HOSTS": "expo.example.org,admin.expo.example.org",
    "EMAIL_URL": "smtp+tls://mailer:pw@mail.example.org:587",
    "DEFAULT_FROM_EMAIL": "noreply@expo.example.org",
}

DUMP = """
import json, django
django.setup()
from django.conf import settings as s
db = s.DATABASES["default"]
print(json.dumps({
    "debug": s.DEBUG, "hosts": s.ALLOWED_HOSTS, "engine": db["ENGINE"], "name": db["NAME"],
    "host": db["HOST"], "port": db["PORT"], "user": db["USER"], "broker": s.CELERY_BROKER_URL,
    "email_backend": s.EMAIL_BACKEND, "email_host": s.EMAIL_HOST, "email_port": s.EMAIL_PORT,
    "email_tls": s.EMAIL_USE_TLS, "from": s.DEFAULT_FROM_EMAIL, "ssl_redirect": s.SECURE_SSL_REDIRECT,
    "hsts": s.SECURE_HSTS_SECONDS, "secure_cookies": [s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE],
    "static": s.STORAGES["staticfiles"]["BACKEND"],
}))
"""


def test_settings_come_from_the_environment():
    result = run_python(DUMP, clean_env(**PRODUCTION))

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "debug": False,
        "hosts": ["expo.example.org", "admin.expo.example.org"],
        "engine": "django.db.backends.postgresql",
        "name": "expo_prod",
        "host": "db.internal",
        "port": 5433,
        "user": "expo",
        "broker": "redis://cache.internal:6380/2",
        "email_backend": "django.core.mail.backends.smtp.EmailBackend",
        "email_host": "mail.example.org",
        "email_port": 587,
        "email_tls": True,
        "from": "noreply@expo.example.org",
        "ssl_redirect": True,
        "hsts": 31536000,
        "secure_cookies": [True, True],
        "static": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    }


def test_settings_refuse_a_missing_secret_key():
    env = clean_env(**PRODUCTION)
    del env["SECRET_KEY"]

    result = run_python(DUMP, env)

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_settings_refuse_a_short_secret_key_without_debug():
    result = run_python(DUMP, clean_env(**{**PRODUCTION, "SECRET_KEY": "too-short"}))

    assert result.returncode != 0
    assert "SECRET_KEY must be at least 50 random characters" in result.stderr


def test_settings_refuse_to_run_without_a_broker():
    env = clean_env(**PRODUCTION)
    del env["CELERY_BROKER_URL"]

    result = run_python(DUMP, env)

    assert result.returncode != 0
    assert "Set CELERY_BROKER_URL (or REDIS_URL)" in result.stderr


def test_settings_use_redis_url_as_broker_when_no_broker_is_given():
    env = clean_env(**PRODUCTION, REDIS_URL="redis://cache.internal:6379/0")
    del env["CELERY_BROKER_URL"]

    result = run_python(DUMP, env)

    assert json.loads(result.stdout)["broker"] == "redis://cache.internal:6379/0"


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = clean_env(**{**PRODUCTION, "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"})

    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_collectstatic_writes_hashed_names(tmp_path):
    env = clean_env(
        **{**PRODUCTION, "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3", "STATIC_ROOT": str(tmp_path / "static")}
    )

    result = run_manage("collectstatic", "--noinput", env=env)

    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/expo.css"]
    assert hashed != "css/expo.css"
    assert (tmp_path / "static" / hashed).exists()
    assert (tmp_path / "static" / f"{hashed}.gz").exists()


STORAGE_DUMP = """
import json, django
django.setup()
from django.conf import settings
from django.core.files.storage import storages
print(json.dumps({
    "default": settings.STORAGES["default"],
    "class": type(storages["default"]).__name__,
    "url": storages["default"].url("logos/a b.png"),
}))
"""


def test_uploads_stay_on_the_disk_unless_a_bucket_is_named():
    result = run_python(STORAGE_DUMP, clean_env(**PRODUCTION))

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "class": "FileSystemStorage",
        "url": "/media/logos/a%20b.png",
    }


def test_a_bucket_named_in_the_environment_keeps_the_uploads_and_the_keys_stay_out_of_settings():
    bucket = {
        "AWS_STORAGE_BUCKET_NAME": "expo-media",
        "AWS_S3_ENDPOINT_URL": "http://minio.internal:9000",
        "AWS_S3_ADDRESSING_STYLE": "path",
        "AWS_ACCESS_KEY_ID": "AKIAEXAMPLEKEY",
        "AWS_SECRET_ACCESS_KEY": "secret-example-key",
    }
    result = run_python(STORAGE_DUMP, clean_env(**PRODUCTION, **bucket))

    assert result.returncode == 0, result.stderr
    dumped = json.loads(result.stdout)
    assert dumped == {
        "default": {
            "BACKEND": "expo.storage.PrivateS3Storage",
            "OPTIONS": {
                "bucket_name": "expo-media",
                "endpoint_url": "http://minio.internal:9000",
                "region_name": None,
                "addressing_style": "path",
                "location": "",
                "max_memory_size": 2 * 1024 * 1024,
            },
        },
        "class": "PrivateS3Storage",
        "url": "/media/logos/a%20b.png",  # the permission view, never the bucket's address
    }
    assert "secret-example-key" not in result.stdout
