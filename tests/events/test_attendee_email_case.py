"""One person per address and edition whatever the letter case: registration and the
database agree (the parallel race is in tests/events/test_concurrency.py)."""

import importlib

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction

from events.models import Attendee
from events.services import attendee_by_email, attendee_register
from tests.factories import AttendeeFactory, EditionFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("events.migrations.0006_attendee_email_any_case")


def _register(edition, email):
    return attendee_register(edition=edition, kind="merchant", name="Wang Fang", email=email, country="CN")


def test_two_registrations_differing_in_letter_case_are_one_person():
    edition = EditionFactory()

    first = _register(edition, "Wang.Fang@Example.org")
    second = _register(edition, "wang.fang@example.ORG")

    assert (first.created, second.created) == (True, False)
    assert second.attendee == first.attendee
    assert attendee_by_email(edition=edition, email="WANG.FANG@EXAMPLE.ORG") == first.attendee


def test_the_database_refuses_a_second_attendee_differing_only_in_case():
    edition = EditionFactory()
    AttendeeFactory(edition=edition, email="Li.Na@example.org")

    with pytest.raises(IntegrityError), transaction.atomic():
        AttendeeFactory(edition=edition, email="li.na@EXAMPLE.org")


def test_the_same_address_in_another_edition_or_no_address_is_another_person():
    one, other = EditionFactory(), EditionFactory()
    AttendeeFactory(edition=one, email="li.na@example.org")
    AttendeeFactory(edition=other, email="LI.NA@example.org")
    AttendeeFactory(edition=one, email="")
    AttendeeFactory(edition=one, email="")

    assert Attendee.objects.count() == 4


def test_the_admins_check_names_the_duplicate(english):
    edition = EditionFactory()
    AttendeeFactory(edition=edition, email="li.na@example.org")
    twin = AttendeeFactory.build(edition=edition, email="Li.Na@example.org")

    with pytest.raises(Exception) as refused:  # noqa: PT011 - a ValidationError of the model
        twin.validate_constraints()

    assert "Someone with this email address is already registered for this edition." in str(refused.value)


@pytest.mark.postgres
def test_the_migration_stops_and_names_case_duplicates_before_changing_anything():
    edition = EditionFactory(number=77)
    constraint = next(c for c in Attendee._meta.constraints if c.name == "attendee_email_once_per_edition")
    with transaction.atomic():
        with connection.schema_editor() as editor:
            editor.remove_constraint(Attendee, constraint)
        AttendeeFactory(edition=edition, email="li.na@example.org")
        AttendeeFactory(edition=edition, email="Li.Na@Example.org")
        with connection.schema_editor() as editor, pytest.raises(RuntimeError) as refused:
            migration.refuse_case_duplicates(apps, editor)
        transaction.set_rollback(True)

    assert "edition 77: li.na@example.org (2 attendees)" in str(refused.value)
    assert "correct the address of one of each pair" in str(refused.value)


@pytest.mark.postgres  # SQLite's schema editor cannot run inside the test's transaction
def test_the_migration_passes_without_duplicates():
    AttendeeFactory(email="li.na@example.org")
    with connection.schema_editor(atomic=False) as editor:
        migration.refuse_case_duplicates(apps, editor)
