"""Every mail the product sends, read as its reader reads it: a plain-text body with no HTML
entity in it, whatever names people gave ("People's Government <A&B>"), an HTML version
beside it (escaped there), a link to the page that acts on it, in the recipient's language."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from delegations.notifications import send_reminder
from events.models import Attendee
from exhibitors.notifications import send_application_email
from exhibitors.services import hold_booth
from expo.committee.notifications import send_report_reminders, send_report_returned_email
from expo.mail import BILINGUAL, recipient_languages
from tests.committee.factories import ProgressReportFactory, WorkItemFactory
from tests.delegations.factories import DelegationFactory
from tests.factories import (
    BoothFactory,
    EventFactory,
    ExhibitorFactory,
    ExhibitorMemberFactory,
    MemberUnitFactory,
    PavilionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

HOSTILE = 'People\'s Government <A&B> "Jilin"'
ENTITY = re.compile(r"&(#x?[0-9a-fA-F]+|amp|quot|lt|gt|apos|nbsp);")


def assert_readable(message, *, link: str, text: str = HOSTILE) -> None:
    """The plain text carries ``text`` exactly and no entity; the HTML version escapes it."""
    assert ENTITY.findall(message.body) == [], message.body
    assert ENTITY.findall(message.subject) == [], message.subject
    assert text in message.body
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert "&lt;A&amp;B&gt;" in html
    assert "<A&B>" not in html
    assert link in message.body
    assert link in html


@pytest.fixture
def hostile_unit(db):
    return MemberUnitFactory(name_zh=HOSTILE, name_en=HOSTILE, email="unit@example.org")


def test_report_returned_mail_is_plain_text_with_a_link(edition, hostile_unit):
    item = WorkItemFactory(edition=edition, lead_unit=hostile_unit, title_zh=HOSTILE, title_en=HOSTILE)
    report = ProgressReportFactory(work_item=item, status="returned", secretariat_comment='Add the <dates> & "owners"')

    assert send_report_returned_email(report=report) == 1

    [message] = mail.outbox
    assert_readable(message, link=f"http://127.0.0.1:8000/portal/committee/reports/{report.pk}/edit/")
    assert 'Add the <dates> & "owners"' in message.body


@pytest.mark.parametrize(("day", "kind"), [(8, "reminder"), (12, "overdue")])
def test_committee_reminders_are_plain_text_with_a_link(edition, hostile_unit, settings, day, kind):
    settings.COMMITTEE_REPORT_DUE_DAY = 10
    settings.COMMITTEE_REMIND_DAYS_BEFORE = 3
    WorkItemFactory(edition=edition, lead_unit=hostile_unit, title_zh=HOSTILE, title_en=HOSTILE, status="in_progress")
    today = timezone.localdate().replace(day=day)

    assert send_report_reminders(today=today) == 1

    [message] = mail.outbox
    assert_readable(message, link="http://127.0.0.1:8000/portal/")
    assert message.body.count(HOSTILE) == 4  # unit and item, in Chinese and in English


def test_a_mail_goes_in_the_language_the_reader_chose(edition, hostile_unit):
    UserFactory(email="zh@example.org", member_unit=hostile_unit, language="zh-hans")
    UserFactory(email="en@example.org", member_unit=hostile_unit, language="en")
    item = WorkItemFactory(edition=edition, lead_unit=hostile_unit, code="7")
    report = ProgressReportFactory(work_item=item, status="returned", secretariat_comment="x")

    assert send_report_returned_email(report=report) == 3

    by_address = {tuple(m.to): m for m in mail.outbox}
    assert by_address[("en@example.org",)].subject == "Progress report on work item 7 returned"
    assert by_address[("zh@example.org",)].subject == "工作事项 7 的进展报告已退回"
    assert " / " in by_address[("unit@example.org",)].subject  # nobody knows: both languages


def test_recipient_languages_groups_addresses_by_their_users_choice(db):
    UserFactory(email="a@example.org", language="en")
    UserFactory(email="b@example.org", language="")

    assert recipient_languages(["a@example.org", "b@example.org", "c@example.org", ""]) == {
        "en": ["a@example.org"],
        BILINGUAL: ["b@example.org", "c@example.org"],
    }


def test_signing_in_remembers_the_language_for_mails(client):
    user = UserFactory(username="reader", email="reader@example.org")
    user.set_password("pw-123456789")
    user.save()

    client.post("/en/accounts/login/", {"username": "reader", "password": "pw-123456789"})
    client.post("/accounts/login/", {"username": "reader", "password": "pw-123456789"}, HTTP_ACCEPT_LANGUAGE="en")

    user.refresh_from_db()
    assert user.language == "en"


@pytest.mark.parametrize("event", ["confirmed", "rejected", "expired"])
def test_booth_mails_are_plain_text_with_a_link_to_the_portal(edition, event):
    exhibitor = ExhibitorFactory(name=HOSTILE, name_en=HOSTILE)
    ExhibitorMemberFactory(exhibitor=exhibitor, user=UserFactory(email="li@exhibitor.example.org", language="en"))
    pavilion = PavilionFactory(edition=edition, name_zh=HOSTILE, name_en=HOSTILE)
    application = hold_booth(exhibitor=exhibitor, booth=BoothFactory(pavilion=pavilion, code="S001"))
    application.rejection_reason = HOSTILE

    assert send_application_email(application=application, event=event) == 2

    link = "/exhibitor/applications/" if event == "confirmed" else "/exhibitor/pavilions/"
    for message in mail.outbox:
        assert_readable(message, link=f"http://127.0.0.1:8000{link}")
    english = next(m for m in mail.outbox if m.to == ["li@exhibitor.example.org"])
    assert "Dear " in english.body
    assert "尊敬" not in english.body


def test_invitation_reminder_is_plain_text_with_a_link(edition):
    unit = MemberUnitFactory(name_en=HOSTILE, name_zh=HOSTILE, email="host@example.org")
    delegation = DelegationFactory(
        edition=edition,
        host_unit=unit,
        origin_kind="central",
        country="",
        institution_en=HOSTILE,
        institution_zh=HOSTILE,
        status="sent",
        sent_at=timezone.now() - datetime.timedelta(days=9),
    )

    assert send_reminder(delegation=delegation, recipients=["host@example.org"]) == 1

    [message] = mail.outbox
    assert_readable(message, link="http://127.0.0.1:8000/staff/protocol/")


def test_registration_mail_is_in_the_registrants_language_with_the_badge(
    client, edition, eager_tasks, django_capture_on_commit_callbacks
):
    start = timezone.now() + datetime.timedelta(days=30)
    event = EventFactory(edition=edition, starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    person = {
        "name": HOSTILE,
        "organization": "Hanbit <Trading> & Co",
        "email": "minji@hanbit.example",
        "country": "KR",
        "kind": "merchant",
        "industry": "green_food",
    }

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/programme/events/{event.pk}/", person, HTTP_ACCEPT_LANGUAGE="zh-hans")

    attendee = Attendee.objects.get(email="minji@hanbit.example")
    [message] = mail.outbox
    assert_readable(message, link=f"/programme/my/{attendee.code}/")
    assert "您已成功登记参加第13届中国—东北亚博览会" in message.body
    assert "参会证已作为PDF附件" in message.body
    assert "Dear " not in message.body
    assert "attached" not in message.body
    [(name, content, mimetype)] = message.attachments
    assert (name, mimetype) == (f"badge-{attendee.code}.pdf", "application/pdf")
    assert content.startswith(b"%PDF")


def test_verification_mail_is_plain_text_with_its_link(db):
    from expo.verification import send_verification_mail

    user = UserFactory(first_name=HOSTILE, last_name="", email="new@example.org")

    assert send_verification_mail(user=user, base_url="https://expo.example.org/") == 1

    [message] = mail.outbox
    assert_readable(message, link="https://expo.example.org/accounts/verify/")
