"""Squatting: a sign-up under a real company's name acts for nobody until its email is
verified, and an organizer's import never merges into a self-registered exhibitor that no
organizer has confirmed."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from exhibitors.enums import ExhibitionAction
from exhibitors.imports import import_exhibitors
from exhibitors.models import BoothApplication, Exhibit, Exhibitor, Participation
from exhibitors.services import resend_limit_keys
from expo.enums import Office
from expo.models import ActivityLog, AuditAction, User
from tests.exhibitors.test_imports import csv_file, row
from tests.exhibitors.test_portal_views import SIGNUP
from tests.factories import OrganizerFactory

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
COMPANY = SIGNUP["name"]


@pytest.fixture
def squatter(client, edition13, eager_tasks, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/exhibitor/signup/", {**SIGNUP, "contact_email": "squatter@evil.example"}, **EN)
    user = User.objects.get(username=SIGNUP["username"])
    # No count left over from an earlier test's account of the same id (SQLite reuses ids).
    cache.delete_many(resend_limit_keys(user.pk))
    return user


def mailed_link() -> str:
    return re.search(r"http://testserver(/accounts/verify/\S+)", mail.outbox[-1].body).group(1)


# Sign-up -------------------------------------------------------------------------------------------


def test_signup_mails_a_verification_link_and_marks_the_exhibitor_self_registered(squatter):
    exhibitor = Exhibitor.objects.get(name=COMPANY)

    assert squatter.email_verified_at is None
    assert (exhibitor.self_registered, exhibitor.company_confirmed_at, exhibitor.awaits_confirmation) == (
        True,
        None,
        True,
    )
    assert [m.to for m in mail.outbox] == [[SIGNUP["email"]]]
    assert mailed_link().startswith("/accounts/verify/")


def test_an_unverified_exhibitor_sees_the_check_your_mail_page(client, squatter):
    home = client.get("/exhibitor/")
    page = client.get("/exhibitor/check-email/", **EN)

    assert (home.status_code, home["Location"]) == (302, "/exhibitor/check-email/")
    assert page.status_code == 200
    assert "Check your mail" in page.content.decode()
    assert SIGNUP["email"] in page.content.decode()


@pytest.mark.parametrize(
    "url", ["/exhibitor/profile/", "/exhibitor/pavilions/", "/exhibitor/applications/", "/exhibitor/exhibits/new/"]
)
def test_an_unverified_exhibitor_is_sent_to_check_the_mail_from_every_portal_page(client, squatter, url):
    response = client.get(url)

    assert (response.status_code, response["Location"]) == (302, "/exhibitor/check-email/")


def test_an_unverified_exhibitor_cannot_hold_a_booth_publish_or_edit_the_profile(client, squatter, booth, pavilion):
    hold = client.post(f"/exhibitor/booths/{booth.pk}/hold/")
    exhibit = client.post("/exhibitor/exhibits/new/", {"name": "X", "category": "Y", "pavilion": pavilion.pk})
    profile = client.post("/exhibitor/profile/", {**SIGNUP, "name": "Renamed"})

    assert [r["Location"] for r in (hold, exhibit, profile)] == ["/exhibitor/check-email/"] * 3
    assert (BoothApplication.objects.count(), Exhibit.objects.count()) == (0, 0)
    assert Exhibitor.objects.get().name == COMPANY


def test_opening_the_mailed_link_lets_the_exhibitor_act(client, squatter):
    verified = client.get(mailed_link())

    assert verified.status_code == 200
    assert client.get("/exhibitor/").status_code == 200
    assert client.get("/exhibitor/check-email/")["Location"] == "/exhibitor/"


def test_the_link_is_mailed_again_at_most_once_a_minute(client, squatter, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post("/exhibitor/check-email/", follow=True, **EN)
        second = client.post("/exhibitor/check-email/", follow=True, **EN)

    assert len(mail.outbox) == 2
    assert "We sent the link again to" in first.content.decode()
    assert "Wait a few minutes, then try again." in second.content.decode()


def test_the_link_is_mailed_again_at_most_the_daily_limit(
    client, squatter, settings, django_capture_on_commit_callbacks
):
    settings.EXHIBITOR_VERIFICATION_RESENDS_PER_DAY = 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/exhibitor/check-email/")
    cache.delete(resend_limit_keys(squatter.pk)[0])

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/exhibitor/check-email/")

    assert len(mail.outbox) == 2  # the sign-up's and one resend


# Imports ---------------------------------------------------------------------------------------------


def test_an_import_never_merges_into_a_self_registered_exhibitor(squatter, edition, english):
    result = import_exhibitors(
        rows_source=csv_file([row("其他公司"), row(COMPANY, contact_email="sales@real-company.example")]),
        file_format="csv",
        edition=edition,
    )

    exhibitor = Exhibitor.objects.get(name=COMPANY)
    assert (result.exhibitors_created, result.exhibitors_updated, result.exhibitors_unchanged) == (1, 0, 0)
    assert result.exhibitors_held == ((3, COMPANY),)
    assert exhibitor.contact_email == "squatter@evil.example"
    assert not Participation.objects.filter(exhibitor=exhibitor).exists()
    assert "1 row names a self-registered exhibitor: not merged; confirm it in the admin" in result.summary()
    assert f"line 3, {COMPANY}" in result.summary()
    entry = ActivityLog.objects.get(action=AuditAction.IMPORT)
    assert entry.details["exhibitors_held"] == [COMPANY]


def test_an_organizer_confirms_a_self_registered_exhibitor_and_the_next_import_merges(client, squatter, edition):
    clerk = OrganizerFactory(username="zhan.lan", offices=[Office.EXHIBITION])
    exhibitor = Exhibitor.objects.get(name=COMPANY)
    client.force_login(clerk)

    response = client.post(
        "/admin/exhibitors/exhibitor/", {"action": "confirm_company", "_selected_action": [exhibitor.pk]}, **EN
    )
    result = import_exhibitors(
        rows_source=csv_file([row(COMPANY, contact_email="sales@real-company.example")]),
        file_format="csv",
        edition=edition,
        by=clerk,
    )

    exhibitor.refresh_from_db()
    assert response.status_code == 302
    assert exhibitor.company_confirmed_at is not None
    assert (result.exhibitors_updated, result.exhibitors_held) == (1, ())
    assert exhibitor.contact_email == "sales@real-company.example"
    entry = ActivityLog.objects.get(action=ExhibitionAction.EXHIBITOR_CONFIRM)
    assert (entry.actor_username, entry.object_id) == ("zhan.lan", str(exhibitor.pk))


def test_the_admin_import_page_reports_the_rows_it_did_not_merge(client, squatter, edition):
    client.force_login(OrganizerFactory(offices=[Office.EXHIBITION]))
    upload = SimpleUploadedFile("exhibitors.csv", csv_file([row(COMPANY)]).getvalue(), content_type="text/csv")

    response = client.post(
        "/admin/exhibitors/exhibitor/import/", {"file": upload, "edition": edition.pk}, follow=True, **EN
    )

    assert "not merged; confirm it in the admin" in response.content.decode()
    assert Exhibitor.objects.get(name=COMPANY).contact_email == "squatter@evil.example"


def test_an_organizer_created_exhibitor_is_updated_by_imports_as_before(edition):
    Exhibitor.objects.create(name=COMPANY, industry="green_food", contact_name="x", contact_email="a@b.example")

    result = import_exhibitors(rows_source=csv_file([row(COMPANY)]), file_format="csv", edition=edition)

    assert (result.exhibitors_updated, result.exhibitors_held) == (1, ())


@pytest.mark.parametrize("url", ["/exhibitor/meetings/", "/exhibitor/leads/"])
def test_an_unverified_exhibitor_cannot_use_matchmaking(client, squatter, url):
    assert client.get(url).status_code == 403
