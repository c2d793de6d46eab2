import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from expo.services import edition_set_current
from tests.factories import EditionFactory, MemberUnitFactory

pytestmark = pytest.mark.django_db


def test_edition_set_current_moves_the_flag(edition):
    twelfth = edition.previous

    edition_set_current(edition=twelfth)

    edition.refresh_from_db()
    twelfth.refresh_from_db()
    assert (twelfth.is_current, edition.is_current) == (True, False)


def test_two_current_editions_are_refused_by_the_database(edition):
    with pytest.raises(IntegrityError), transaction.atomic():
        EditionFactory(number=14, is_current=True)


def test_edition_ending_before_it_starts_is_refused_by_the_database(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        EditionFactory(start_date=datetime.date(2025, 8, 27), end_date=datetime.date(2025, 8, 23))


def test_edition_cannot_be_its_own_previous(edition):
    edition.previous = edition
    with pytest.raises(IntegrityError), transaction.atomic():
        edition.save()


def test_edition_duration_counts_both_ends(edition):
    edition.start_date, edition.end_date = datetime.date(2021, 9, 23), datetime.date(2021, 9, 27)

    assert edition.duration_days == 5


def test_names_follow_the_readers_language():
    unit = MemberUnitFactory.build(name_zh="吉林省商务厅", name_en="Department of Commerce of Jilin Province")

    with translation.override("zh-hans"):
        assert str(unit) == "吉林省商务厅"
    with translation.override("en"):
        assert str(unit) == "Department of Commerce of Jilin Province"


def test_names_fall_back_to_the_other_language_when_one_is_empty():
    unit = MemberUnitFactory.build(name_zh="", name_en="Changchun Customs")

    with translation.override("zh-hans"):
        assert str(unit) == "Changchun Customs"


def test_full_names_in_chinese_read_family_name_first():
    from tests.factories import UserFactory

    assert UserFactory.build(first_name="伟", last_name="张").get_full_name() == "张伟"
    assert UserFactory.build(first_name="Min-jun", last_name="Kim").get_full_name() == "Min-jun Kim"
