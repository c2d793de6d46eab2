import re

import pytest
from django.core import mail
from django.urls import reverse

from expo.verification import require_verified_email, send_verification_mail, verification_url
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _link_in_mail() -> str:
    return re.search(r"http://testserver(/accounts/verify/\S+)", mail.outbox[-1].body).group(1)


def test_verification_link_confirms_the_address_once(client):
    user = UserFactory(email="buyer@example.com")
    send_verification_mail(user=user, base_url="http://testserver/", next_url="/exhibitor/")

    assert mail.outbox[-1].to == ["buyer@example.com"]
    link = _link_in_mail()
    response = client.get(link)
    user.refresh_from_db()
    assert response.status_code == 200
    assert user.email_verified is True
    assert 'href="/exhibitor/"' in response.content.decode()
    assert client.get(link).status_code == 400


def test_verification_link_dies_when_the_address_changes(client):
    user = UserFactory(email="first@example.com")
    link = verification_url(user=user)
    user.email = "second@example.com"
    user.save()

    assert client.get(link).status_code == 400
    user.refresh_from_db()
    assert user.email_verified is False


def test_verification_link_with_a_forged_token_is_refused(client):
    user = UserFactory(email="a@example.com")
    link = verification_url(user=user)
    forged = link.rstrip("/").rsplit("/", 1)[0] + "/1-forged/"

    assert client.get(forged).status_code == 400
    assert client.get(reverse("email_verify", kwargs={"uidb64": "!!", "token": "x"})).status_code == 400


def test_verification_does_not_send_to_another_site(client):
    user = UserFactory(email="a@example.com")
    response = client.get(verification_url(user=user, next_url="https://evil.example/"))

    assert response.status_code == 200
    assert 'href="https://evil.example/"' not in response.content.decode()
    assert 'href="/"' in response.content.decode()


def test_require_verified_email_refuses_until_verified():
    from django.core.exceptions import PermissionDenied
    from django.utils import timezone

    user = UserFactory()
    with pytest.raises(PermissionDenied):
        require_verified_email(user)
    user.email_verified_at = timezone.now()
    require_verified_email(user)
