import pytest
from django.apps import apps

from tests.factories import UserFactory


def log_in(client, user):
    """Log ``user`` in, past the organizers' second factor when the project asks for one."""
    client.force_login(user)
    if apps.is_installed("django_otp"):
        from django_otp import DEVICE_ID_SESSION_KEY

        session = client.session
        session[DEVICE_ID_SESSION_KEY] = "otp_totp.totpdevice/0"
        session.save()
    return client


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def superuser_client(client, superuser):
    return log_in(client, superuser)
