"""The admin stays for configuration: its index shows an organizer only the models of the
offices, a superuser the libraries' too, and every name in Chinese on the Chinese admin."""

import re

import pytest

from expo.enums import Office
from tests.factories import OrganizerFactory

pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def index_names(client) -> list[str]:
    page = client.get("/admin/", **ZH).content.decode()
    return [n.strip() for n in re.findall(r'<(?:caption|th scope="row")[^>]*>\s*(?:<a[^>]*>)?([^<]+)', page)]


def test_every_name_of_the_superusers_admin_index_is_in_chinese(client):
    client.force_login(OrganizerFactory(is_superuser=True))
    names = index_names(client)
    assert len(names) > 30
    latin_only = [n for n in names if not re.search(r"[\u4e00-\u9fff]", n)]
    assert latin_only == []


def test_the_protocol_office_sees_only_its_models(client):
    client.force_login(OrganizerFactory(offices=[Office.PROTOCOL]))
    page = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    apps = re.findall(r'<caption>\s*<a href="/admin/(\w+)/"', page)
    assert set(apps) == {"delegations", "events", "expo"}
    for hidden in ("axes", "django_celery_results", "django_celery_beat", "otp_totp", "exhibitors", "projects"):
        assert f'href="/admin/{hidden}/' not in page
