"""The delegates' import checks a row with the rules of the admin's form (the model's
constraint and validator) and starts each new delegation's invitation history through the
service, naming who imported, with its row in the activity log."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError

from delegations import services
from delegations.enums import ProtocolAction
from delegations.imports import COLUMNS, ImportFailed, import_delegates
from delegations.models import Delegate, Delegation, InvitationChange
from expo.models import ActivityLog, AuditAction

pytestmark = pytest.mark.django_db

ROW = "foreign,KR,{name_original},{name_latin},Vice Minister,,male,Korean,4,,,,{birth},"


def import_errors(edition, **cells) -> list[tuple[int, str]]:
    row = ROW.format(**{"name_original": "김민준", "name_latin": "Kim Min-jun", "birth": "", **cells})
    with pytest.raises(ImportFailed) as caught:
        import_delegates(
            rows_source=io.BytesIO(f"{','.join(COLUMNS)}\n{row}\n".encode()), file_format="csv", edition=edition
        )
    return [(error.line, error.message) for error in caught.value.errors]


def form_errors(delegation, **fields) -> list[str]:
    """What the admin's form says: the model's validation of the same delegate."""
    delegate = Delegate(
        delegation=delegation, rank=4, **{"name_original": "김민준", "name_latin": "Kim Min-jun", **fields}
    )
    with pytest.raises(ValidationError) as caught:
        delegate.full_clean()
    return caught.value.messages


def test_a_delegate_without_a_name_gets_the_admins_message(edition13, delegation, english):
    form = form_errors(delegation, name_original="", name_latin="")

    assert import_errors(edition13, name_original="", name_latin="") == [(2, form[0])]
    assert not Delegate.objects.exists()


@pytest.mark.parametrize("birth", [datetime.date.today() + datetime.timedelta(days=1), datetime.date(1899, 12, 31)])
def test_an_impossible_date_of_birth_gets_the_admins_message(edition13, delegation, english, birth):
    form = form_errors(delegation, date_of_birth=birth)

    assert import_errors(edition13, birth=birth.isoformat()) == [(2, form[0])]


def test_a_new_delegation_starts_its_history_with_who_imported_and_its_log_row(edition13, protocol_user):
    row = ROW.format(name_original="김민준", name_latin="Kim Min-jun", birth="")
    source = io.BytesIO(f"{','.join(COLUMNS)}\n{row}\n".encode())

    import_delegates(rows_source=source, file_format="csv", edition=edition13, by=protocol_user)
    by_service = services.delegation_create(edition=edition13, origin_kind="foreign", country="JP", by=protocol_user)

    imported = Delegation.objects.get(country="KR")
    history = InvitationChange.objects.order_by("pk").values_list(
        "delegation", "from_status", "to_status", "changed_by"
    )
    assert list(history) == [
        (imported.pk, "", "draft", protocol_user.pk),
        (by_service.pk, "", "draft", protocol_user.pk),
    ]
    assert InvitationChange.objects.get(delegation=imported).note == "import"
    created = ActivityLog.objects.filter(action=ProtocolAction.DELEGATION_CREATE).order_by("pk")
    assert [(e.object_id, e.actor_id, e.changes) for e in created] == [
        (str(imported.pk), protocol_user.pk, {"status": [None, "draft"]}),
        (str(by_service.pk), protocol_user.pk, {"status": [None, "draft"]}),
    ]
    assert ActivityLog.objects.get(action=AuditAction.IMPORT).actor_id == protocol_user.pk


def test_an_import_into_existing_delegations_adds_no_history(edition13, protocol_user):
    row = ROW.format(name_original="김민준", name_latin="Kim Min-jun", birth="")
    for _ in range(2):
        source = io.BytesIO(f"{','.join(COLUMNS)}\n{row}\n".encode())
        import_delegates(rows_source=source, file_format="csv", edition=edition13, by=protocol_user)

    assert InvitationChange.objects.count() == 1
    assert ActivityLog.objects.filter(action=ProtocolAction.DELEGATION_CREATE).count() == 1
    assert ActivityLog.objects.filter(action=AuditAction.IMPORT).count() == 2
