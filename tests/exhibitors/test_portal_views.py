import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from exhibitors.models import BoothApplication, Exhibit, Exhibitor, Pavilion
from exhibitors.services import confirm_application, hold_booth
from expo.models import ActivityLog
from tests.factories import (
    BoothFactory,
    ExhibitFactory,
    ExhibitorFactory,
    MemberUnitUserFactory,
    OrganizerFactory,
    PavilionFactory,
    exhibitor_user,
)

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def png_bytes(size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 79, 138)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def member(exhibitor):
    return exhibitor_user(exhibitor=exhibitor)


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


# Who may enter ------------------------------------------------------------------------

PORTAL_PAGES = [
    "/exhibitor/",
    "/exhibitor/profile/",
    "/exhibitor/pavilions/",
    "/exhibitor/applications/",
    "/exhibitor/exhibits/",
    "/exhibitor/exhibits/new/",
]


@pytest.mark.parametrize("url", PORTAL_PAGES)
def test_portal_pages_send_anonymous_users_to_login(client, edition13, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


@pytest.mark.parametrize("url", PORTAL_PAGES)
@pytest.mark.parametrize("make_user", [OrganizerFactory, MemberUnitUserFactory])
def test_portal_pages_refuse_users_of_no_exhibitor(client, edition13, url, make_user):
    client.force_login(make_user())

    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", PORTAL_PAGES)
def test_portal_pages_open_for_the_exhibitors_users(member_client, edition13, pavilion, url):
    assert member_client.get(url).status_code == 200


# Sign-up and profile ------------------------------------------------------------------

SIGNUP = {
    "kind": "enterprise",
    "name": "延边长白山食品有限公司",
    "name_en": "Yanbian Changbai Mountain Foods Co., Ltd.",
    "country": "CN",
    "province": "Jilin",
    "city": "延吉",
    "industry": "green_food",
    "contact_name": "朴志勋",
    "contact_phone": "+86 433 000 0000",
    "contact_email": "sales@changbai-foods.example",
    "website": "",
    "description": "",
    "username": "changbaifoods",
    "first_name": "志勋",
    "last_name": "朴",
    "email": "park@changbai-foods.example",
    "password1": "Blueberry-Harvest-2026",
    "password2": "Blueberry-Harvest-2026",
}


def test_signup_registers_the_company_and_its_first_user_and_logs_in(client, edition13):
    response = client.post("/exhibitor/signup/", SIGNUP)

    assert response.status_code == 302
    assert response["Location"] == "/exhibitor/check-email/"
    exhibitor = Exhibitor.objects.get(name="延边长白山食品有限公司")
    assert [m.user.username for m in exhibitor.members.all()] == ["changbaifoods"]
    assert client.get("/exhibitor/check-email/", **EN).context["exhibitor"] == exhibitor


def test_signup_with_bad_input_explains_and_writes_nothing(client, edition13):
    data = {**SIGNUP, "province": "", "password2": "something-else-entirely", "contact_email": "not-an-email"}

    response = client.post("/exhibitor/signup/", data, **EN)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["province"] == ["Domestic exhibitors give their province."]
    assert errors["password2"] == ["The two passwords differ."]
    assert errors["contact_email"] == ["Enter a valid email address."]
    assert Exhibitor.objects.count() == 0


def test_signup_refuses_a_foreign_exhibitor_with_a_province(client, edition13):
    response = client.post("/exhibitor/signup/", {**SIGNUP, "country": "KR"}, **EN)

    assert "Leave the province empty" in response.context["form"].errors["province"][0]


def test_profile_saves_a_logo(member_client, exhibitor):
    data = {
        f: getattr(exhibitor, f)
        for f in ["kind", "name", "name_en", "province", "city", "industry", "contact_name", "contact_email"]
    }
    logo = SimpleUploadedFile("logo.PNG", png_bytes(), content_type="image/png")

    response = member_client.post("/exhibitor/profile/", {**data, "country": "CN", "logo": logo})

    assert response.status_code == 302
    exhibitor.refresh_from_db()
    assert re.fullmatch(r"logos/[0-9a-f]{32}\.png", exhibitor.logo.name)


def test_profile_changes_go_through_the_service_with_an_activity_log_row(member_client, member, exhibitor):
    exhibitor.city = "延吉"
    exhibitor.contact_phone = "+86 433 123 4567"
    exhibitor.save()
    data = {
        f: getattr(exhibitor, f)
        for f in ["kind", "name", "name_en", "province", "industry", "contact_name", "contact_email", "website"]
    }

    response = member_client.post(
        "/exhibitor/profile/",
        {**data, "country": "CN", "city": "珲春", "contact_phone": "+86 433 765 0000", "description": "蓝莓"},
    )

    assert response.status_code == 302
    [entry] = ActivityLog.objects.filter(action="exhibitor_change")
    assert (entry.actor, entry.object_id) == (member, str(exhibitor.pk))
    assert set(entry.changes) == {"city", "contact_phone", "description"}
    assert entry.changes["city"] == ["延吉", "珲春"]
    assert entry.changes["description"] == ["", "蓝莓"]
    assert "123 4567" not in str(entry.changes)
    assert "765 0000" not in str(entry.changes)
    exhibitor.refresh_from_db()
    assert (exhibitor.city, exhibitor.description) == ("珲春", "蓝莓")


def test_a_profile_saved_unchanged_writes_no_activity_log_row(member_client, exhibitor):
    data = {
        f: getattr(exhibitor, f)
        for f in ["kind", "name", "name_en", "province", "city", "industry", "contact_name", "contact_email"]
    }

    assert member_client.post("/exhibitor/profile/", {**data, "country": "CN"}).status_code == 302

    assert not ActivityLog.objects.filter(action="exhibitor_change").exists()


# Floor plan, holds and applications --------------------------------------------------


def test_floor_plan_shows_free_held_and_booked_booths(member_client, exhibitor, pavilion):
    free, held, booked, mine = BoothFactory.create_batch(4, pavilion=pavilion)
    other = ExhibitorFactory(name="吉林其他公司", name_en="Another Jilin Company")
    hold_booth(exhibitor=ExhibitorFactory(name="保密公司", name_en="Secret Holder Co."), booth=held)
    confirm_application(application=hold_booth(exhibitor=other, booth=booked))
    hold_booth(exhibitor=exhibitor, booth=mine)

    html = member_client.get(f"/exhibitor/pavilions/{pavilion.pk}/", **EN).content.decode()

    states = dict(re.findall(r'data-code="([^"]+)" data-state="([a-z]+)"', html))
    assert states == {free.code: "free", held.code: "held", booked.code: "booked", mine.code: "mine"}
    assert "Another Jilin Company" in html
    assert "保密公司" not in html
    assert "Secret Holder Co." not in html


@pytest.mark.parametrize("booth_count", [10, 500])
def test_floor_plan_runs_constant_queries(member_client, pavilion, booth_count, django_assert_num_queries):
    booths = BoothFactory.create_batch(booth_count, pavilion=pavilion)
    BoothApplication.objects.bulk_create(
        BoothApplication(booth=b, exhibitor=ExhibitorFactory(), status="confirmed") for b in booths[:5]
    )

    with django_assert_num_queries(5):
        response = member_client.get(f"/exhibitor/pavilions/{pavilion.pk}/")

    assert response.status_code == 200
    assert response.content.decode().count('class="booth booth--') == booth_count


def test_hold_from_the_plan_then_see_it_held(member_client, exhibitor, booth):
    response = member_client.post(f"/exhibitor/booths/{booth.pk}/hold/", **EN)

    assert response["Location"] == "/exhibitor/applications/"
    page = member_client.get("/exhibitor/applications/", **EN).content.decode()
    assert "Booth S001 is held for you until" in page
    assert BoothApplication.objects.get(booth=booth).exhibitor == exhibitor


@pytest.mark.postgres  # the row locks it counts are PostgreSQL's (SQLite locks the file)
def test_a_hold_is_a_few_round_trips(member_client, exhibitor, pavilion, booth, django_assert_num_queries):
    """The exhibitor's second hold (its participation exists): session, user with its
    membership (the current edition is kept by the process: expo.edition_memo, and the booth
    is read only by the service, locked); in the transaction (a
    savepoint and its release here, BEGIN and COMMIT in production) the edition FOR SHARE (with
    the lock timeout, in the same round trip, when the transaction has not set it yet), the
    booth FOR UPDATE, its holder, the application, the participation, the audit row and the
    pavilion's area, last: nothing locks the pavilion before that statement."""
    member_client.post(f"/exhibitor/booths/{BoothFactory(pavilion=pavilion).pk}/hold/")

    with django_assert_num_queries(11) as captured:
        response = member_client.post(f"/exhibitor/booths/{booth.pk}/hold/")

    assert response.status_code == 302
    sql = [q["sql"] for q in captured.captured_queries]
    locks = [n for n, q in enumerate(sql) if "FOR UPDATE" in q or "FOR SHARE" in q]
    assert [sql[n].split(" FOR ")[1].split()[0] for n in locks] == ["SHARE", "UPDATE"]
    assert 'FOR UPDATE OF "exhibitors_booth"' in sql[locks[1]]
    assert sql[-2].startswith('UPDATE "exhibitors_pavilion"')  # last before the savepoint's release
    assert not any("exhibitors_pavilion" in q.split(" FOR ")[1] for q in sql if " FOR " in q)
    assert Pavilion.objects.get(pk=pavilion.pk).booked_area_m2 == Decimal("18.00")


def test_holding_a_taken_booth_says_why(member_client, booth):
    hold_booth(exhibitor=ExhibitorFactory(), booth=booth)

    response = member_client.post(f"/exhibitor/booths/{booth.pk}/hold/", follow=True, **EN)

    assert "Booth S001 has just been taken by another exhibitor." in response.content.decode()
    assert BoothApplication.objects.count() == 1


def test_hold_needs_post(member_client, booth):
    assert member_client.get(f"/exhibitor/booths/{booth.pk}/hold/").status_code == 405


def test_booth_of_another_edition_is_not_found(member_client, booth):
    old = BoothFactory(pavilion=PavilionFactory())

    assert member_client.get(f"/exhibitor/booths/{old.pk}/").status_code == 404
    assert member_client.post(f"/exhibitor/booths/{old.pk}/hold/").status_code == 404


def test_cancel_own_application(member_client, exhibitor, booth):
    application = hold_booth(exhibitor=exhibitor, booth=booth)

    member_client.post(f"/exhibitor/applications/{application.pk}/cancel/")

    application.refresh_from_db()
    assert application.status == "cancelled"


def test_another_exhibitors_application_cannot_be_seen_or_cancelled(member_client, booth):
    theirs = hold_booth(exhibitor=ExhibitorFactory(name="别家公司"), booth=booth)

    assert member_client.post(f"/exhibitor/applications/{theirs.pk}/cancel/").status_code == 404
    assert "别家公司" not in member_client.get("/exhibitor/applications/").content.decode()
    theirs.refresh_from_db()
    assert theirs.status == "held"


@pytest.mark.parametrize("count", [1, 30])
def test_applications_list_runs_constant_queries(member_client, exhibitor, pavilion, count, django_assert_num_queries):
    for booth in BoothFactory.create_batch(count, pavilion=pavilion):
        hold_booth(exhibitor=exhibitor, booth=booth)

    with django_assert_num_queries(3):
        assert member_client.get("/exhibitor/applications/").status_code == 200


# Online exhibits ----------------------------------------------------------------------


def exhibit_data(pavilion, **extra):
    return {
        "pavilion": pavilion.pk,
        "name": "Ginseng tea",
        "category": "Food",
        "description": "",
        "is_published": "on",
        **extra,
    }


def test_publish_an_exhibit_with_a_picture(member_client, exhibitor, pavilion):
    image = SimpleUploadedFile("tea.png", png_bytes(), content_type="image/png")

    response = member_client.post("/exhibitor/exhibits/new/", exhibit_data(pavilion, image=image))

    assert response["Location"] == "/exhibitor/exhibits/"
    exhibit = Exhibit.objects.get()
    assert (exhibit.exhibitor, exhibit.name) == (exhibitor, "Ginseng tea")
    assert exhibit.image.name.startswith("exhibits/")
    assert exhibitor.participations.get().mode == "online"


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>", "evil.png", "Upload a valid image"),
        (b"%PDF-1.4 not a picture", "brochure.jpg", "Upload a valid image"),
    ],
)
def test_exhibit_pictures_that_are_not_pictures_are_refused(member_client, pavilion, content, name, message):
    upload = SimpleUploadedFile(name, content, content_type="image/png")

    response = member_client.post("/exhibitor/exhibits/new/", exhibit_data(pavilion, image=upload), **EN)

    assert response.status_code == 200
    assert message in response.context["form"].errors["image"][0]
    assert Exhibit.objects.count() == 0


def test_exhibit_pictures_over_the_limit_are_refused(member_client, pavilion, settings):
    settings.EXHIBITORS_MAX_IMAGE_BYTES = 1000
    upload = SimpleUploadedFile("big.png", png_bytes((400, 400)) + b"\0" * 2000, content_type="image/png")

    response = member_client.post("/exhibitor/exhibits/new/", exhibit_data(pavilion, image=upload), **EN)

    assert "the limit is 1000" in response.context["form"].errors["image"][0]
    assert Exhibit.objects.count() == 0


def test_gif_pictures_are_refused(member_client, pavilion):
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, format="GIF")
    upload = SimpleUploadedFile("anim.gif", buffer.getvalue(), content_type="image/gif")

    response = member_client.post("/exhibitor/exhibits/new/", exhibit_data(pavilion, image=upload), **EN)

    assert response.context["form"].errors["image"] == [
        "Pictures in GIF are not accepted. Upload a JPEG, PNG or WebP image."
    ]


def test_another_exhibitors_exhibit_cannot_be_changed_or_removed(member_client, pavilion):
    theirs = ExhibitFactory(pavilion=pavilion, name="Their exhibit")

    assert member_client.get(f"/exhibitor/exhibits/{theirs.pk}/").status_code == 404
    assert member_client.post(f"/exhibitor/exhibits/{theirs.pk}/", exhibit_data(pavilion)).status_code == 404
    assert member_client.post(f"/exhibitor/exhibits/{theirs.pk}/delete/").status_code == 404
    assert Exhibit.objects.get(pk=theirs.pk).name == "Their exhibit"
    assert "Their exhibit" not in member_client.get("/exhibitor/exhibits/").content.decode()


def test_update_and_remove_own_exhibit(member_client, exhibitor, pavilion):
    exhibit = ExhibitFactory(exhibitor=exhibitor, pavilion=pavilion)

    member_client.post(f"/exhibitor/exhibits/{exhibit.pk}/", exhibit_data(pavilion, name="Renamed"))
    assert Exhibit.objects.get(pk=exhibit.pk).name == "Renamed"
    member_client.post(f"/exhibitor/exhibits/{exhibit.pk}/delete/")
    assert not Exhibit.objects.filter(pk=exhibit.pk).exists()


@pytest.mark.parametrize("count", [1, 30])
def test_exhibit_list_runs_constant_queries(member_client, exhibitor, pavilion, count, django_assert_num_queries):
    ExhibitFactory.create_batch(count, exhibitor=exhibitor, pavilion=pavilion)

    with django_assert_num_queries(3):
        assert member_client.get("/exhibitor/exhibits/").status_code == 200
