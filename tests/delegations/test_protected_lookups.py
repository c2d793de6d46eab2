"""Masked data cannot be unmasked by the admin's filters and searches: lookups on the
protected fields are refused to whoever sees them masked, and logged (value masked) for the
protocol office."""

import pytest
from django.contrib.auth.models import Permission

from delegations.enums import ProtocolAction
from expo.models import ActivityLog
from tests.delegations.factories import DelegateFactory, TravelFactory

pytestmark = pytest.mark.django_db

LIST = "/admin/delegations/delegate/"


@pytest.fixture
def delegates(delegation):
    return [
        DelegateFactory(delegation=delegation, passport_number="R9123456", name_latin="Anna Ivanova"),
        DelegateFactory(delegation=delegation, passport_number="E7654321", name_latin="Boris Orlov"),
    ]


@pytest.mark.parametrize(
    "query",
    [
        "passport_number__startswith=R9",
        "passport_number=R9123456",
        "passport_number__regex=^R",
        "date_of_birth__year=1965",
        "date_of_birth__gte=1960-01-01",
        "phone__contains=0012",
        "phone__isnull=False",
    ],
)
def test_a_user_who_sees_masked_values_cannot_filter_by_them(client, other_staff, delegates, query):
    client.force_login(other_staff)

    response = client.get(f"{LIST}?{query}")

    assert response.status_code == 400
    assert "R9123456" not in response.content.decode()
    assert not ActivityLog.objects.filter(action=ProtocolAction.PROTECTED_LOOKUP).exists()


def test_the_masked_list_still_opens_without_protected_lookups(client, other_staff, delegates):
    client.force_login(other_staff)

    response = client.get(f"{LIST}?q=Anna")

    assert response.status_code == 200
    assert [d.name_latin for d in response.context["cl"].result_list] == ["Anna Ivanova"]


def test_searching_a_passport_number_finds_nothing_for_a_user_who_sees_it_masked(client, other_staff, delegates):
    client.force_login(other_staff)

    response = client.get(f"{LIST}?q=R9123456")

    assert (response.status_code, list(response.context["cl"].result_list)) == (200, [])


@pytest.mark.parametrize(
    ("url", "query"),
    [
        ("/admin/delegations/travel/", "delegate__passport_number__startswith=R9"),
        ("/admin/delegations/delegation/", "delegates__passport_number__startswith=R9"),
        ("/admin/delegations/hotelstay/", "delegate__date_of_birth__year=1965"),
    ],
)
def test_protected_fields_cannot_be_reached_through_a_relation_either(client, other_staff, delegates, url, query):
    other_staff.user_permissions.add(*Permission.objects.filter(codename__in=["view_travel", "view_hotelstay"]))
    TravelFactory(delegate=delegates[0])
    client.force_login(other_staff)

    assert client.get(f"{url}?{query}").status_code == 400


def test_the_protocol_offices_filter_works_and_is_logged_with_the_value_masked(client, protocol_user, delegates):
    client.force_login(protocol_user)

    response = client.get(f"{LIST}?passport_number__startswith=R9", REMOTE_ADDR="10.9.8.7")

    assert response.status_code == 200
    assert [d.name_latin for d in response.context["cl"].result_list] == ["Anna Ivanova"]
    entry = ActivityLog.objects.get(action=ProtocolAction.PROTECTED_LOOKUP)
    assert (entry.actor_username, entry.ip_address) == ("protocol-staff", "10.9.8.7")
    assert entry.details == {
        "where": "admin: delegate list",
        "lookups": [{"field": "passport_number", "lookup": "passport_number__startswith", "value": "••"}],
    }


def test_the_protocol_offices_search_is_logged_for_each_protected_field_it_reaches(client, protocol_user, delegates):
    client.force_login(protocol_user)

    response = client.get(f"{LIST}?q=R9123456")

    assert [d.name_latin for d in response.context["cl"].result_list] == ["Anna Ivanova"]
    entry = ActivityLog.objects.get(action=ProtocolAction.PROTECTED_LOOKUP)
    assert entry.details["lookups"] == [
        {"field": "passport_number", "lookup": "search", "value": "R9••••56"},
        {"field": "phone", "lookup": "search", "value": "•••• ••56"},
    ]
    assert "R9123456" not in str(entry.details)


def test_a_protocol_list_without_protected_lookups_logs_no_lookup(client, protocol_user, delegates):
    client.force_login(protocol_user)

    client.get(f"{LIST}?rank=vice_ministerial")

    assert not ActivityLog.objects.filter(action=ProtocolAction.PROTECTED_LOOKUP).exists()


def test_the_autocomplete_search_of_delegates_is_logged_for_the_protocol_office(client, protocol_user, delegates):
    client.force_login(protocol_user)

    response = client.get(
        "/admin/autocomplete/",
        {"app_label": "delegations", "model_name": "travel", "field_name": "delegate", "term": "R9123456"},
    )

    assert [r["text"] for r in response.json()["results"]] == [str(delegates[0])]
    entry = ActivityLog.objects.get(action=ProtocolAction.PROTECTED_LOOKUP)
    assert entry.details["where"] == "admin: delegate autocomplete"
    assert entry.details["lookups"][0] == {"field": "passport_number", "lookup": "search", "value": "R9••••56"}
