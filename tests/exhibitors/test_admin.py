from decimal import Decimal

import pytest
from django.core import mail

from exhibitors.models import Booth, BoothApplication, Exhibit, Participation
from exhibitors.services import hold_booth
from expo.models import ActivityLog
from tests.factories import BoothFactory, ExhibitorFactory, OrganizerFactory, PavilionFactory

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def admin_client(client):
    client.force_login(OrganizerFactory(is_superuser=True))
    return client


@pytest.mark.parametrize("booth_count", [10, 500])
def test_booth_changelist_runs_constant_queries(admin_client, pavilion, booth_count, django_assert_num_queries):
    BoothFactory.create_batch(booth_count, pavilion=pavilion)

    with django_assert_num_queries(7):
        response = admin_client.get("/admin/exhibitors/booth/")

    assert response.status_code == 200


@pytest.mark.parametrize("count", [10, 100])
def test_application_changelist_runs_constant_queries(admin_client, pavilion, count, django_assert_num_queries):
    for booth in BoothFactory.create_batch(count, pavilion=pavilion):
        hold_booth(exhibitor=ExhibitorFactory(), booth=booth)

    with django_assert_num_queries(9):
        response = admin_client.get("/admin/exhibitors/boothapplication/")

    assert response.status_code == 200


def test_bulk_confirm_confirms_held_and_reports_the_rest(
    admin_client, pavilion, eager_tasks, django_capture_on_commit_callbacks
):
    held = [hold_booth(exhibitor=ExhibitorFactory(), booth=b) for b in BoothFactory.create_batch(3, pavilion=pavilion)]
    BoothApplication.objects.filter(pk=held[2].pk).update(status="cancelled")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/exhibitors/boothapplication/",
            {"action": "confirm_selected", "_selected_action": [a.pk for a in held]},
            follow=True,
            **EN,
        )

    assert list(BoothApplication.objects.order_by("pk").values_list("status", flat=True)) == [
        "confirmed",
        "confirmed",
        "cancelled",
    ]
    html = response.content.decode()
    assert "2 applications were confirmed." in html
    assert "Only held applications can be confirmed; this one is cancelled." in html
    assert len(mail.outbox) == 2


def test_bulk_reject_frees_the_booths(admin_client, pavilion):
    held = [hold_booth(exhibitor=ExhibitorFactory(), booth=b) for b in BoothFactory.create_batch(2, pavilion=pavilion)]

    admin_client.post(
        "/admin/exhibitors/boothapplication/", {"action": "reject_selected", "_selected_action": [a.pk for a in held]}
    )

    assert set(BoothApplication.objects.values_list("status", flat=True)) == {"rejected"}
    pavilion.refresh_from_db()
    assert pavilion.booked_area_m2 == Decimal("0.00")


def test_booth_grid_creates_booths(admin_client, pavilion):
    data = {
        "prefix": "C",
        "rows": 3,
        "columns": 5,
        "width": "3",
        "depth": "3",
        "aisle": "3",
        "start_x": "5",
        "start_y": "5",
        "kind": "standard",
        "price": "12000",
    }

    response = admin_client.post(f"/admin/exhibitors/pavilion/{pavilion.pk}/booth-grid/", data)

    assert response.status_code == 302
    assert Booth.objects.filter(pavilion=pavilion, code__startswith="C").count() == 15


def test_booth_grid_beyond_the_floor_plan_is_refused(admin_client, pavilion):
    data = {
        "prefix": "C",
        "rows": 30,
        "columns": 50,
        "width": "3",
        "depth": "3",
        "aisle": "3",
        "start_x": "5",
        "start_y": "5",
        "kind": "standard",
        "price": "0",
    }

    response = admin_client.post(f"/admin/exhibitors/pavilion/{pavilion.pk}/booth-grid/", data, **EN)

    assert response.status_code == 200
    assert "beyond the floor plan of 100.00 m × 60.00 m" in response.content.decode()
    assert Booth.objects.count() == 0


def test_booth_grid_refuses_codes_in_use(admin_client, pavilion):
    BoothFactory(pavilion=pavilion, code="C002")
    data = {
        "prefix": "C",
        "rows": 1,
        "columns": 3,
        "width": "3",
        "depth": "3",
        "aisle": "3",
        "start_x": "5",
        "start_y": "5",
        "kind": "standard",
        "price": "0",
    }

    response = admin_client.post(f"/admin/exhibitors/pavilion/{pavilion.pk}/booth-grid/", data, **EN)

    assert "already has booths with these codes: C002" in response.content.decode()
    assert Booth.objects.count() == 1


def test_staff_without_exhibition_rights_cannot_use_the_booth_grid(client, pavilion):
    client.force_login(OrganizerFactory(offices=["protocol"]))

    assert client.get(f"/admin/exhibitors/pavilion/{pavilion.pk}/booth-grid/").status_code == 403


def test_exhibition_office_may_confirm_applications(client, pavilion):
    client.force_login(OrganizerFactory(offices=["exhibition"]))
    application = hold_booth(exhibitor=ExhibitorFactory(), booth=BoothFactory(pavilion=pavilion))

    client.post(
        "/admin/exhibitors/boothapplication/", {"action": "confirm_selected", "_selected_action": [application.pk]}
    )

    application.refresh_from_db()
    assert application.status == "confirmed"


def test_pavilion_changelist_shows_booth_counts(admin_client, edition13):
    PavilionFactory(edition=edition13, name_en="Automobile Pavilion")

    response = admin_client.get("/admin/exhibitors/pavilion/", **EN)

    assert "Automobile Pavilion" in response.content.decode()


def test_a_pavilion_edited_in_the_admin_keeps_the_holds_made_meanwhile(edition13, rf):
    """The admin's form read the booked area before a hold took its share; saving the edit
    writes every other field and leaves the booked area to the services."""
    from django.contrib.admin.sites import site

    from exhibitors.models import Pavilion

    pavilion = PavilionFactory(edition=edition13)
    stale = Pavilion.objects.get(pk=pavilion.pk)
    hold_booth(exhibitor=ExhibitorFactory(), booth=BoothFactory(pavilion=pavilion))
    stale.hall = "5"

    site._registry[Pavilion].save_model(rf.post("/"), stale, None, change=True)

    pavilion.refresh_from_db()
    assert (pavilion.hall, pavilion.booked_area_m2) == ("5", Decimal("9.00"))


def test_an_exhibitor_changed_in_the_admin_goes_through_the_profile_service(admin_client):
    exhibitor = ExhibitorFactory(city="Changchun")
    data = {
        "kind": exhibitor.kind,
        "name": exhibitor.name,
        "name_en": exhibitor.name_en,
        "country": "CN",
        "province": "Jilin",
        "city": "Jilin City",
        "industry": exhibitor.industry,
        "contact_name": exhibitor.contact_name,
        "contact_email": exhibitor.contact_email,
        "participations-TOTAL_FORMS": "0",
        "participations-INITIAL_FORMS": "0",
        "members-TOTAL_FORMS": "0",
        "members-INITIAL_FORMS": "0",
    }

    response = admin_client.post(f"/admin/exhibitors/exhibitor/{exhibitor.pk}/change/", data, **EN)

    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    [entry] = ActivityLog.objects.filter(action="exhibitor_change", object_id=str(exhibitor.pk))
    assert entry.changes == {"city": ["Changchun", "Jilin City"]}
    exhibitor.refresh_from_db()
    assert exhibitor.city == "Jilin City"


# What the booking service guards is read-only in the admin ---------------------------------


def test_a_booth_application_cannot_be_deleted_in_the_admin(admin_client, pavilion):
    held = hold_booth(exhibitor=ExhibitorFactory(), booth=BoothFactory(pavilion=pavilion))

    assert admin_client.get(f"/admin/exhibitors/boothapplication/{held.pk}/delete/").status_code == 403
    admin_client.post(
        "/admin/exhibitors/boothapplication/", {"action": "delete_selected", "_selected_action": [held.pk]}
    )

    assert BoothApplication.objects.filter(pk=held.pk).exists()


def test_a_held_booths_area_is_read_only_in_the_admin(admin_client, pavilion):
    free, held = BoothFactory.create_batch(2, pavilion=pavilion)
    hold_booth(exhibitor=ExhibitorFactory(), booth=held)

    def editable(booth):
        form = admin_client.get(f"/admin/exhibitors/booth/{booth.pk}/change/").context["adminform"].form
        return {"area_m2", "pavilion", "width", "depth"} & set(form.fields)

    assert editable(free) == {"area_m2", "pavilion", "width", "depth"}
    assert editable(held) == set()


def test_an_exhibit_added_in_the_admin_goes_through_the_exhibit_service(admin_client, edition13):
    online = PavilionFactory(edition=edition13, mode="online", code="online-tech")
    exhibitor = ExhibitorFactory()
    data = {"exhibitor": exhibitor.pk, "pavilion": online.pk, "name": "Seed drill", "category": "Machinery"}

    response = admin_client.post("/admin/exhibitors/exhibit/add/", data, **EN)

    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    assert Exhibit.objects.get(exhibitor=exhibitor).name == "Seed drill"
    assert Participation.objects.get(exhibitor=exhibitor, edition=edition13).mode == "online"
