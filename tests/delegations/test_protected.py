"""The protected personal data: passport number, date of birth and phone. Every role tries
to read them through the admin, the protocol desk and the export."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from delegations.enums import AccessAction
from delegations.models import ProtectedDataAccess
from delegations.protection import mask_date, mask_passport, mask_phone
from tests.delegations.factories import DelegateFactory, TravelFactory, at
from tests.factories import MemberUnitUserFactory, OrganizerFactory, UserFactory, exhibitor_user

pytestmark = pytest.mark.django_db

PASSPORT, BIRTH, PHONE = "E12345689", "1965-03-12", "+86 138 0000 0012"
MASKED = ("E1•••••89", "19••-••-••", "+86 •••• ••12")
SECRETS = (PASSPORT, BIRTH, "1965", PHONE, "0000 0012", "March 12, 1965", "12 March 1965")


@pytest.fixture
def delegate(delegation):
    delegate = DelegateFactory(
        delegation=delegation,
        passport_number=PASSPORT,
        date_of_birth=datetime.date(1965, 3, 12),
        phone=PHONE,
        name_latin="Ivan Petrov",
    )
    TravelFactory(delegate=delegate, at=at(22, 15))
    return delegate


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("E12345689", "E1•••••89"),
        ("G1234", "G1•34"),
        ("123", "•••"),
        ("", ""),
    ],
)
def test_mask_passport(value, masked):
    assert mask_passport(value) == masked


def test_mask_date_keeps_only_the_century():
    assert (mask_date(datetime.date(1965, 3, 12)), mask_date(None)) == ("19••-••-••", "")


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("+86 138 0000 0012", "+86 •••• ••12"),
        ("+7 (495) 123-45-67", "+7 •••• ••67"),
        ("13800000012", "•••• ••12"),
        ("", ""),
    ],
)
def test_mask_phone(value, masked):
    assert mask_phone(value) == masked


def _assert_no_secret(content: str):
    for secret in SECRETS:
        assert secret not in content


# The protocol office ---------------------------------------------------------------------


def test_protocol_office_sees_them_in_the_admin_and_each_view_is_logged(client, protocol_user, delegate):
    client.force_login(protocol_user)

    listing = client.get("/admin/delegations/delegate/").content.decode()
    page = client.get(f"/admin/delegations/delegate/{delegate.pk}/change/").content.decode()

    assert PASSPORT in listing
    assert PHONE in listing
    assert f'value="{PASSPORT}"' in page
    assert f'value="{BIRTH}"' in page
    assert f'value="{PHONE}"' in page
    log = list(
        ProtectedDataAccess.objects.order_by("pk").values_list("user", "action", "where", "delegate_ids", "fields")
    )
    fields = ["passport_number", "date_of_birth", "phone"]
    assert log == [
        (protocol_user.pk, AccessAction.VIEW, "admin: delegate list", [delegate.pk], fields),
        (protocol_user.pk, AccessAction.VIEW, "admin: delegate page", [delegate.pk], fields),
    ]


def test_protocol_office_can_change_them_in_the_admin(client, protocol_user, delegate):
    client.force_login(protocol_user)
    page = client.get(f"/admin/delegations/delegate/{delegate.pk}/change/")
    data = {k: v for k, v in page.context["adminform"].form.initial.items() if v is not None}
    data.update(
        {
            "delegation": delegate.delegation_id,
            "passport_number": "E99999911",
            "date_of_birth": BIRTH,
            "phone": PHONE,
            "rank": 4,
            **{f"{p}-TOTAL_FORMS": "0" for p in ("travels", "hotel_stays", "event_attendances")},
            **{f"{p}-INITIAL_FORMS": "0" for p in ("hotel_stays", "event_attendances")},
            "travels-INITIAL_FORMS": "0",
        }
    )
    data = {k: v for k, v in data.items() if k not in ("id", "created_at", "updated_at")}

    response = client.post(f"/admin/delegations/delegate/{delegate.pk}/change/", data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    delegate.refresh_from_db()
    assert delegate.passport_number == "E99999911"


def test_protocol_office_exports_them_and_the_export_is_logged(client, protocol_user, delegate):
    client.force_login(protocol_user)

    response = client.get("/staff/protocol/delegates.xlsx?edition=13")

    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][-3:] == (PASSPORT, BIRTH, PHONE)
    entry = ProtectedDataAccess.objects.get()
    assert (entry.user, entry.action, entry.delegate_ids, entry.delegate_count) == (
        protocol_user,
        AccessAction.EXPORT,
        [delegate.pk],
        1,
    )


def test_protocol_desk_shows_phones_to_the_protocol_office_and_logs_it(client, protocol_user, delegate):
    client.force_login(protocol_user)

    content = client.get("/staff/protocol/?day=2021-09-22").content.decode()

    assert PHONE in content
    entry = ProtectedDataAccess.objects.get()
    assert (entry.where, entry.fields, entry.delegate_ids) == ("protocol desk 2021-09-22", ["phone"], [delegate.pk])


def test_superuser_counts_as_the_protocol_office(client, delegate):
    client.force_login(OrganizerFactory(is_superuser=True))

    assert PASSPORT in client.get("/admin/delegations/delegate/").content.decode()
    assert ProtectedDataAccess.objects.count() == 1


# Other staff -----------------------------------------------------------------------------


def test_other_staff_see_them_masked_in_the_admin_list(client, other_staff, delegate):
    client.force_login(other_staff)

    content = client.get("/admin/delegations/delegate/").content.decode()

    assert "Ivan Petrov" in content
    for masked in MASKED:
        assert masked in content
    _assert_no_secret(content)
    assert not ProtectedDataAccess.objects.exists()


def test_other_staff_see_them_masked_and_read_only_on_the_change_form(client, other_staff, delegate):
    client.force_login(other_staff)

    page = client.get(f"/admin/delegations/delegate/{delegate.pk}/change/")

    content = page.content.decode()
    for masked in MASKED:
        assert masked in content
    _assert_no_secret(content)
    form = page.context["adminform"].form
    assert not {"passport_number", "date_of_birth", "phone"} & set(form.fields)


def test_other_staff_cannot_change_them_by_posting(client, other_staff, delegate):
    client.force_login(other_staff)
    page = client.get(f"/admin/delegations/delegate/{delegate.pk}/change/")
    data = {k: v for k, v in page.context["adminform"].form.initial.items() if v is not None and k != "id"}
    data.update(
        {
            "delegation": delegate.delegation_id,
            "rank": 4,
            "passport_number": "X00000000",
            "phone": "+1 555 0100",
            "date_of_birth": "2000-01-01",
            **{f"{p}-TOTAL_FORMS": "0" for p in ("travels", "hotel_stays", "event_attendances")},
            **{f"{p}-INITIAL_FORMS": "0" for p in ("travels", "hotel_stays", "event_attendances")},
        }
    )

    client.post(f"/admin/delegations/delegate/{delegate.pk}/change/", data)

    delegate.refresh_from_db()
    assert (delegate.passport_number, delegate.phone, delegate.date_of_birth.isoformat()) == (PASSPORT, PHONE, BIRTH)


def test_other_staff_cannot_search_by_them(client, other_staff, delegate):
    client.force_login(other_staff)

    response = client.get("/admin/delegations/delegate/", {"q": PASSPORT})

    assert response.context["cl"].result_count == 0


def test_other_staff_get_them_masked_in_the_export_and_nothing_is_logged(client, other_staff, delegate):
    client.force_login(other_staff)

    response = client.get("/staff/protocol/delegates.xlsx")

    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][-3:] == MASKED
    _assert_no_secret(str(rows))
    assert not ProtectedDataAccess.objects.exists()


def test_other_staff_see_phones_masked_on_the_protocol_desk(client, other_staff, delegate):
    client.force_login(other_staff)

    content = client.get("/staff/protocol/?day=2021-09-22").content.decode()

    assert "Ivan Petrov" in content
    assert MASKED[2] in content
    _assert_no_secret(content)
    assert not ProtectedDataAccess.objects.exists()


def test_other_staff_cannot_read_the_access_log(client, other_staff, protocol_user, delegate):
    client.force_login(protocol_user)
    client.get("/admin/delegations/delegate/")
    client.force_login(other_staff)

    assert client.get("/admin/delegations/protecteddataaccess/").status_code == 403


# Outside the organizer ---------------------------------------------------------------------


@pytest.mark.parametrize("role", ["member_unit", "exhibitor", "plain"])
@pytest.mark.parametrize(
    "url",
    [
        "/staff/protocol/?day=2021-09-22",
        "/staff/protocol/delegates.xlsx",
        "/admin/delegations/delegate/",
        "/admin/delegations/delegate/{pk}/change/",
        "/admin/delegations/protecteddataaccess/",
    ],
)
def test_users_outside_the_organizer_are_refused_everywhere(client, delegate, role, url):
    user = {"member_unit": MemberUnitUserFactory, "exhibitor": exhibitor_user, "plain": UserFactory}[role]()
    client.force_login(user)

    response = client.get(url.format(pk=delegate.pk))

    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"].startswith("/admin/login/")
    _assert_no_secret(response.content.decode())
    assert not ProtectedDataAccess.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/staff/protocol/",
        "/staff/protocol/delegates.xlsx",
        "/admin/delegations/delegate/",
        "/staff/protocol/delegations/1/letter.pdf",
    ],
)
def test_anonymous_visitors_are_sent_to_log_in(client, delegate, url):
    response = client.get(url)

    assert response.status_code == 302
    assert "login" in response["Location"]


# The access log ------------------------------------------------------------------------------


def test_access_log_cannot_be_changed_or_deleted_in_the_admin(client, protocol_user, delegate):
    client.force_login(OrganizerFactory(is_superuser=True))
    client.get("/admin/delegations/delegate/")
    entry = ProtectedDataAccess.objects.get()

    assert client.get("/admin/delegations/protecteddataaccess/").status_code == 200
    page = client.get(f"/admin/delegations/protecteddataaccess/{entry.pk}/change/")
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    client.post(f"/admin/delegations/protecteddataaccess/{entry.pk}/change/", {"where": "nothing"})
    assert client.post(f"/admin/delegations/protecteddataaccess/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get("/admin/delegations/protecteddataaccess/add/").status_code == 403
    client.post(
        "/admin/delegations/protecteddataaccess/",
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )
    entry.refresh_from_db()
    assert entry.where == "admin: delegate list"
