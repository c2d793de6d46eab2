"""Mails in each recipient's language: names in the reader's order and script, dates in the
reader's locale format (expo.formats), one message per language."""

import datetime

import pytest
from django.core import mail

from expo.mail import render_mail, send_templated_mail
from tests.factories import AttendeeFactory, EditionFactory, MemberUnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_registration_mail_names_a_chinese_attendee_in_each_readers_order():
    attendee = AttendeeFactory(name="王磊", edition=EditionFactory(number=13))
    context = {"attendee": attendee, "link": "https://expo.example/b/x/"}

    chinese = render_mail(template="events/email/registration_link", context=context, language="zh-hans")
    english = render_mail(template="events/email/registration_link", context=context, language="en")

    assert chinese.text.splitlines()[0] == "王磊："
    assert english.text.splitlines()[0] == "Dear Lei Wang,"
    assert "王磊" not in english.text


def test_the_reminder_gives_its_dates_in_each_readers_format():
    unit = MemberUnitFactory(name_zh="商务厅", name_en="Department of Commerce")
    context = {"unit": unit, "period": datetime.date(2026, 12, 1), "deadline": datetime.date(2026, 12, 4), "items": []}

    chinese = render_mail(template="expo/email/report_reminder", context=context, language="zh-hans")
    english = render_mail(template="expo/email/report_reminder", context=context, language="en")

    assert "2026年12月4日" in chinese.text
    assert "2026年12月" in chinese.text
    assert "4 December 2026" in english.text
    assert "December 2026" in english.text
    assert "Dec. 4" not in english.text
    assert "12/04/2026" not in english.text
    assert "2026年12月4日" in chinese.subject
    assert "4 December 2026" in english.subject


def test_each_recipient_reads_the_mail_in_their_language():
    UserFactory(email="lei@example.org", first_name="磊", last_name="王", language="zh-hans")
    UserFactory(email="anna@example.org", first_name="Anna", last_name="Lee", language="en")
    unit = MemberUnitFactory(name_zh="商务厅", name_en="Department of Commerce")
    context = {"unit": unit, "period": datetime.date(2026, 12, 1), "deadline": datetime.date(2026, 12, 4), "items": []}

    sent = send_templated_mail(
        template="expo/email/report_reminder", context=context, recipients=["lei@example.org", "anna@example.org"]
    )

    assert sent == 2
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert "2026年12月4日" in by_recipient["lei@example.org"].body
    assert "商务厅" in by_recipient["lei@example.org"].body
    assert "4 December 2026" in by_recipient["anna@example.org"].body
    assert "Department of Commerce" in by_recipient["anna@example.org"].body
    assert "2026年" not in by_recipient["anna@example.org"].body
