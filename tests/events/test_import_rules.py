"""The attendees' import checks an address with the registration's own rule: the same bad
row gets the same message from the import as from attendee_register."""

import pytest
from django.core.exceptions import ValidationError

from events.imports import import_attendees
from events.models import Attendee
from events.services import attendee_register
from expo.tabular import ImportFailed
from tests.events.test_imports import csv_file, row

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("email", ["not-an-email", "kim min-jun@seoulfoods.example.kr", "kim@", "@seoulfoods.kr"])
def test_the_import_and_the_registration_refuse_a_bad_address_with_the_same_message(edition, english, email):
    with pytest.raises(ValidationError) as caught:
        attendee_register(edition=edition, kind="merchant", name="Kim Min-jun", email=email, country="KR")
    with pytest.raises(ImportFailed) as failed:
        import_attendees(
            rows_source=csv_file([row("Kim Min-jun", email=email)]), file_format="csv", edition=edition, kind="merchant"
        )

    assert [(e.line, e.message) for e in failed.value.errors] == [(2, caught.value.message_dict["email"][0])]
    assert not Attendee.objects.exists()


def test_an_address_both_accept_is_registered_by_both(edition):
    attendee_register(edition=edition, kind="merchant", name="Lee", email="lee@seoulfoods.example.kr", country="KR")
    import_attendees(
        rows_source=csv_file([row("Kim Min-jun", email="kim.min-jun+expo@seoulfoods.example.kr")]),
        file_format="csv",
        edition=edition,
        kind="merchant",
    )

    assert Attendee.objects.count() == 2
