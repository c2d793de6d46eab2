import pytest
from django.contrib.auth.models import Permission

from expo.enums import Office
from tests.delegations.factories import DelegationFactory
from tests.factories import EditionFactory, OrganizerFactory


@pytest.fixture
def client(client):
    """Pages in English, as a reader of the English site gets them."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def edition13(db):
    return EditionFactory(
        number=13,
        year=2021,
        is_current=True,
        start_date="2021-09-23",
        end_date="2021-09-27",
        name_zh="第十三届中国—东北亚博览会",
        name_en="13th China-Northeast Asia Expo",
    )


@pytest.fixture
def delegation(edition13):
    return DelegationFactory(edition=edition13)


@pytest.fixture
def protocol_user(db):
    return OrganizerFactory(username="protocol-staff", offices=[Office.PROTOCOL])


@pytest.fixture
def other_staff(db):
    """A staff user of another office who may nonetheless open and change delegates in the
    admin: the protected fields must stay masked and read-only for them."""
    user = OrganizerFactory(username="exhibition-staff", offices=[Office.EXHIBITION])
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="delegations",
            codename__in=["view_delegate", "change_delegate", "view_delegation", "view_protecteddataaccess"],
        )
    )
    return user
