import io
import os
from contextlib import contextmanager

from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings

from tests.conftest import DEMO_PASSWORD


@contextmanager
def rolled_back_demo(django_db_blocker, *, media_root):
    """The light demo data, seeded once for a whole module inside a transaction that is rolled
    back at its end: each test then runs in a savepoint of it (pytest-django's ``db``), so a
    test's writes vanish with the test and the seed with the module."""
    fast = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"], MEDIA_ROOT=str(media_root)
    )
    saved = os.environ.get("DEMO_PASSWORD")
    os.environ["DEMO_PASSWORD"] = DEMO_PASSWORD
    try:
        with fast, django_db_blocker.unblock(), transaction.atomic():
            call_command("seed_demo", light=True, stdout=io.StringIO())
            yield
            transaction.set_rollback(True)
    finally:
        if saved is None:
            os.environ.pop("DEMO_PASSWORD", None)
        else:
            os.environ["DEMO_PASSWORD"] = saved
