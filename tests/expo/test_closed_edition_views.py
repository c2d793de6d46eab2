"""Every role that could write into a closed edition, through the real HTTP views: the page
says why in the user's language (a form error, a message or a 409 page, never a 500) and no
row is added or changed."""

import datetime
import html

import pytest
from django.utils import timezone

from exhibitors.enums import ApplicationStatus
from expo.enums import Office
from expo.lifecycle import edition_close
from tests.expo.conftest import row_counts
from tests.factories import (
    BoothFactory,
    EventFactory,
    ExhibitorMemberFactory,
    MemberUnitUserFactory,
    OrganizerFactory,
)
from tests.projects.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

LANGUAGES = {
    "en": "40th China-Northeast Asia Expo is closed: its results are final and can no longer be changed.",
    "zh-hans": "第40届中国—东北亚博览会已闭幕：成果数据已确定，不能再更改。",
}
HEADERS = {"en": {"HTTP_ACCEPT_LANGUAGE": "en"}, "zh-hans": {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}}


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def closed(populated):
    populated.upcoming = EventFactory(
        edition=populated.edition,
        is_public=True,
        starts_at=timezone.now() + datetime.timedelta(days=2),
        ends_at=timezone.now() + datetime.timedelta(days=2, hours=2),
    )
    edition_close(edition=populated.edition)
    return populated


@pytest.fixture
def organizer(db):
    return OrganizerFactory(offices=[Office.SECRETARIAT, Office.EXHIBITION, Office.PROTOCOL, Office.INVESTMENT])


@pytest.mark.parametrize("language", LANGUAGES)
def test_anonymous_registration_for_an_event_is_refused_with_a_form_error(client, closed, language):
    before = row_counts()

    response = client.post(
        f"/programme/events/{closed.upcoming.pk}/",
        {
            "name": "Kim Minjun",
            "organization": "Hanbit",
            "email": "kim@example.org",
            "country": "KR",
            "kind": "merchant",
        },
        **HEADERS[language],
    )

    assert response.status_code == 200
    assert LANGUAGES[language] in text(response)
    assert row_counts() == before


@pytest.mark.parametrize("language", LANGUAGES)
def test_anonymous_registration_for_the_expo_is_refused_with_a_409_page(client, closed, language):
    before = row_counts()

    response = client.post(
        "/programme/register/",
        {
            "name": "Kim Minjun",
            "organization": "Hanbit",
            "email": "kim@example.org",
            "country": "KR",
            "kind": "merchant",
        },
        **HEADERS[language],
    )

    assert response.status_code == 409
    assert LANGUAGES[language] in text(response)
    assert row_counts() == before


@pytest.fixture
def exhibitor_client(client, closed):
    member = ExhibitorMemberFactory(exhibitor=closed.exhibitor)
    client.force_login(member.user)
    return client


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_exhibitor_cannot_hold_a_booth(exhibitor_client, closed, language):
    before = row_counts()

    response = exhibitor_client.post(
        f"/exhibitor/booths/{closed.free_booth.pk}/hold/", follow=True, **HEADERS[language]
    )

    assert response.status_code == 200
    assert LANGUAGES[language] in text(response)
    assert row_counts() == before


def test_holding_an_unknown_booth_of_a_closed_edition_is_not_found(exhibitor_client, closed):
    """The closed edition is refused before the booth is read: the answer is still a 404 for a
    booth that does not exist or is another edition's, never an error page."""
    other = BoothFactory()
    before = row_counts()

    assert exhibitor_client.post("/exhibitor/booths/987654/hold/").status_code == 404
    assert exhibitor_client.post(f"/exhibitor/booths/{other.pk}/hold/").status_code == 404
    assert row_counts() == before


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_exhibitor_cannot_withdraw_a_held_application(exhibitor_client, closed, language):
    response = exhibitor_client.post(
        f"/exhibitor/applications/{closed.application.pk}/cancel/", follow=True, **HEADERS[language]
    )

    assert LANGUAGES[language] in text(response)
    closed.application.refresh_from_db()
    assert closed.application.status == ApplicationStatus.HELD


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_exhibitor_cannot_publish_change_or_remove_an_exhibit(exhibitor_client, closed, language):
    before = row_counts()
    posted = {"pavilion": closed.pavilion.pk, "name": "Late exhibit", "category": "Machinery", "is_published": "on"}

    created = exhibitor_client.post("/exhibitor/exhibits/new/", posted, **HEADERS[language])
    changed = exhibitor_client.post(f"/exhibitor/exhibits/{closed.exhibit.pk}/", posted, **HEADERS[language])
    removed = exhibitor_client.post(f"/exhibitor/exhibits/{closed.exhibit.pk}/delete/", **HEADERS[language])

    assert [created.status_code, changed.status_code, removed.status_code] == [409, 409, 409]
    assert all(LANGUAGES[language] in text(r) for r in (created, changed, removed))
    assert row_counts() == before
    closed.exhibit.refresh_from_db()
    assert closed.exhibit.name != "Late exhibit"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_member_unit_cannot_register_or_change_a_project(client, closed, settings, language):
    settings.PROJECTS_REGISTRATION_WINDOW = ((1, 1), (12, 31))
    unit = closed.project.reporting_unit
    client.force_login(MemberUnitUserFactory(member_unit=unit))
    before = row_counts()
    posted = {
        "title": "长春氢能装备制造基地项目",
        "type": "contract",
        "investment_yuan": "1200000000.00",
        "industry": "new_energy",
        "municipality": closed.project.municipality.pk,
        "partner_name": "Hanbit Energy Co., Ltd.",
        "partner_country": "KR",
        "partner_province": "",
        "stage": "negotiating",
        "signed_on": "",
        "signing_ceremony": "",
    }

    created = client.post("/portal/projects/new/", posted, **HEADERS[language])
    changed = client.post(
        f"/portal/projects/{closed.project.pk}/edit/", {**posted, "title": closed.project.title}, **HEADERS[language]
    )

    assert created.status_code == 200
    assert LANGUAGES[language] in text(created)
    assert changed.status_code in (200, 404)
    if changed.status_code == 200:
        assert LANGUAGES[language] in text(changed)
    assert row_counts() == before
    closed.project.refresh_from_db()
    assert closed.project.stage == "signed"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_check_in_desk_answers_that_the_edition_is_closed(client, closed, organizer, language):
    client.force_login(organizer)
    before = row_counts()

    response = client.post("/staff/check-in/", {"code": closed.newcomer.code}, **HEADERS[language])

    assert response.status_code == 200
    assert LANGUAGES[language] in text(response)
    assert row_counts() == before


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_admin_refuses_to_save_a_closed_editions_project_with_a_form_error(client, closed, organizer, language):
    organizer.is_superuser = True
    organizer.save()
    client.force_login(organizer)
    project = closed.project
    url = f"/admin/projects/project/{project.pk}/change/"
    form = client.get(url, **HEADERS["en"]).context["adminform"].form
    posted = {name: form.initial.get(name, "") for name in form.fields}
    posted.update(
        {
            "investment_yuan": "1.00",
            "municipality": project.municipality_id,
            "reporting_unit": project.reporting_unit_id,
            "edition": project.edition_id,
            "signed_on": project.signed_on.isoformat(),
            "signing_ceremony": "",
            "changes-TOTAL_FORMS": "0",
            "changes-INITIAL_FORMS": "0",
        }
    )
    posted = {k: ("" if v is None else v) for k, v in posted.items()}

    response = client.post(url, posted, **HEADERS[language])

    assert response.status_code == 200
    assert LANGUAGES[language] in text(response)
    project.refresh_from_db()
    assert project.investment_yuan != 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_admin_moving_an_object_into_a_closed_edition_is_refused(client, closed, organizer, language):
    organizer.is_superuser = True
    organizer.save()
    client.force_login(organizer)
    before = row_counts()

    response = client.post(
        "/admin/events/attendee/add/",
        {"edition": closed.edition.pk, "kind": "merchant", "name": "Late", "country": "KR", "email": "l@example.org"},
        **HEADERS[language],
    )

    assert response.status_code == 200
    assert LANGUAGES[language] in text(response)
    assert row_counts() == before


def test_the_admin_offers_no_deletion_of_a_closed_editions_objects(client, closed, organizer):
    organizer.is_superuser = True
    organizer.save()
    client.force_login(organizer)

    response = client.post(f"/admin/exhibitors/exhibit/{closed.exhibit.pk}/delete/", {"post": "yes"})

    assert response.status_code == 403
    assert row_counts()["Exhibit"] == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_admin_actions_on_a_closed_edition_say_why_and_change_nothing(client, closed, organizer, language):
    organizer.is_superuser = True
    organizer.save()
    client.force_login(organizer)

    confirmed = client.post(
        "/admin/exhibitors/boothapplication/",
        {"action": "confirm_selected", "_selected_action": [closed.application.pk]},
        follow=True,
        **HEADERS[language],
    )
    attended = client.post(
        "/admin/delegations/delegate/",
        {"action": "mark_not_attended", "_selected_action": [closed.delegate.pk]},
        follow=True,
        **HEADERS[language],
    )

    assert LANGUAGES[language] in text(confirmed)
    assert LANGUAGES[language] in text(attended)
    closed.application.refresh_from_db()
    closed.delegate.refresh_from_db()
    assert (closed.application.status, closed.delegate.attended) == (ApplicationStatus.HELD, True)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_admin_import_page_refuses_a_closed_edition(client, closed, organizer, language):
    from django.core.files.uploadedfile import SimpleUploadedFile

    organizer.is_superuser = True
    organizer.save()
    client.force_login(organizer)
    MunicipalityFactory(code="changchun", name_en="Changchun")
    before = row_counts()
    upload = SimpleUploadedFile(
        "projects.csv",
        b"title,type,investment_yuan,industry,municipality,partner_name,partner_country,partner_province,stage,signed_on\n",
        content_type="text/csv",
    )

    response = client.post(
        "/admin/projects/project/import/", {"edition": closed.edition.pk, "file": upload}, **HEADERS[language]
    )

    assert response.status_code == 200
    assert LANGUAGES[language] in text(response)
    assert row_counts() == before


def test_a_json_client_gets_the_refusal_as_json(exhibitor_client, closed):
    response = exhibitor_client.post(
        f"/exhibitor/exhibits/{closed.exhibit.pk}/delete/", HTTP_ACCEPT="application/json", **HEADERS["en"]
    )

    assert response.status_code == 409
    assert response.json() == {"error": LANGUAGES["en"]}
    assert row_counts()["Exhibit"] == 1


def _value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else ""
    return getattr(value, "pk", value)


def _admin_post_data(response) -> dict:
    """What the admin's change form would post back unchanged: the form and its inlines."""
    form = response.context["adminform"].form
    data = {name: _value(form.initial.get(name, field.initial)) for name, field in form.fields.items()}
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data.update({management.add_prefix(n): _value(management.initial.get(n)) for n in management.fields})
        for subform in formset.forms:
            data.update(
                {subform.add_prefix(n): _value(subform.initial.get(n, f.initial)) for n, f in subform.fields.items()}
            )
    return {key: value for key, value in data.items() if value != ""}


def test_an_exhibitors_participation_in_a_closed_edition_cannot_change_in_the_admin(client, closed, organizer):
    from exhibitors.models import Participation

    organizer.is_superuser = True
    organizer.save()
    client.force_login(organizer)
    participation = Participation.objects.get(exhibitor=closed.exhibitor, edition=closed.edition)
    url = f"/admin/exhibitors/exhibitor/{closed.exhibitor.pk}/change/"
    data = _admin_post_data(client.get(url, **HEADERS["en"]))
    prefix = next(key for key, value in data.items() if key.endswith("-id") and value == participation.pk)[: -len("id")]
    data[f"{prefix}mode"] = "online"

    response = client.post(url, data, **HEADERS["en"])

    assert response.status_code == 200
    assert LANGUAGES["en"] in text(response)
    participation.refresh_from_db()
    assert participation.mode != "online"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_visitor_cannot_cancel_a_registration_of_a_closed_edition(client, closed, language):
    response = client.post(
        f"/programme/my/{closed.attendee.code}/cancel/{closed.registration.pk}/", **HEADERS[language]
    )

    assert response.status_code == 409
    assert LANGUAGES[language] in text(response)
    closed.registration.refresh_from_db()
    assert closed.registration.status == "confirmed"
