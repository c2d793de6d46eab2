import datetime

import pytest
from django.utils import timezone

from projects.models import Project, ProjectChange
from tests.factories import EditionFactory, MemberUnitUserFactory, OrganizerFactory, exhibitor_user
from tests.projects.factories import MunicipalityFactory, ProjectFactory

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def live_edition(db, open_window):
    """A current edition of this year, whose registration window is open today."""
    year = timezone.localdate().year
    return EditionFactory(
        number=20,
        year=year,
        start_date=datetime.date(year, 12, 27),
        end_date=datetime.date(year, 12, 31),
        is_current=True,
    )


@pytest.fixture
def unit_client(client, unit_user):
    client.force_login(unit_user)
    return client


@pytest.fixture
def own_project(live_edition, changchun):
    return ProjectFactory(edition=live_edition, municipality=changchun, reporting_unit=changchun, title="长春自有项目")


@pytest.fixture
def other_project(live_edition, changchun):
    other_unit = MunicipalityFactory()
    # Hosted in Changchun, but reported by another unit: not Changchun's to see.
    return ProjectFactory(edition=live_edition, municipality=changchun, reporting_unit=other_unit, title="别人的项目")


def form_data(unit, **values):
    return {
        "title": "长春氢能装备制造基地项目",
        "type": "contract",
        "investment_yuan": "1200000000.00",
        "industry": "new_energy",
        "municipality": unit.pk,
        "partner_name": "Hanbit Energy Co., Ltd.",
        "partner_country": "KR",
        "partner_province": "",
        "stage": "negotiating",
        "signed_on": "",
        "signing_ceremony": "",
        **values,
    }


# Who may enter ---------------------------------------------------------------------------

PAGES = ["/portal/projects/", "/portal/projects/new/"]


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_users_go_to_login(client, live_edition, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


@pytest.mark.parametrize("url", ["/portal/projects/", "/portal/projects/new/", "detail", "edit"])
@pytest.mark.parametrize("make_user", [lambda: OrganizerFactory(is_superuser=True), exhibitor_user])
def test_organizers_and_exhibitors_are_refused(client, own_project, url, make_user):
    client.force_login(make_user())
    url = {"detail": f"/portal/projects/{own_project.pk}/", "edit": f"/portal/projects/{own_project.pk}/edit/"}.get(
        url, url
    )

    assert client.get(url).status_code == 403
    if url.endswith(("new/", "edit/")):
        assert client.post(url, form_data(own_project.municipality)).status_code == 403


def test_list_shows_only_the_units_own_projects(unit_client, own_project, other_project):
    response = unit_client.get("/portal/projects/", **EN)

    assert response.status_code == 200
    assert [p.title for p in response.context["projects"]] == ["长春自有项目"]
    assert "别人的项目" not in response.content.decode()


@pytest.mark.parametrize("suffix", ["", "edit/"])
def test_another_units_project_is_not_found_to_read_or_change(unit_client, other_project, suffix):
    url = f"/portal/projects/{other_project.pk}/{suffix}"
    before = Project.objects.values().get(pk=other_project.pk)

    assert unit_client.get(url).status_code == 404
    if suffix:
        assert unit_client.post(url, form_data(other_project.municipality, investment_yuan="1.00")).status_code == 404
    assert Project.objects.values().get(pk=other_project.pk) == before


def test_another_units_project_is_not_found_even_when_the_window_is_closed(unit_client, other_project, settings):
    settings.PROJECTS_REGISTRATION_WINDOW = ((1, 1), (1, 1))

    assert unit_client.get(f"/portal/projects/{other_project.pk}/edit/").status_code == 404


# Registering and changing -----------------------------------------------------------------


def test_register_a_project_for_the_own_unit(unit_client, live_edition, changchun, unit_user):
    response = unit_client.post("/portal/projects/new/", form_data(changchun), **EN)

    assert response.status_code == 302
    assert response["Location"] == "/portal/projects/"
    project = Project.objects.get()
    assert (project.edition, project.reporting_unit, project.created_by) == (live_edition, changchun, unit_user)
    assert ProjectChange.objects.filter(project=project, changed_by=unit_user).count() == 3


def test_the_reporting_unit_cannot_be_chosen_in_the_portal(unit_client, live_edition, changchun):
    other = MunicipalityFactory()

    unit_client.post("/portal/projects/new/", {**form_data(changchun), "reporting_unit": other.pk})

    assert Project.objects.get().reporting_unit == changchun


def test_register_with_bad_input_explains_and_writes_nothing(unit_client, live_edition, changchun, own_project):
    data = form_data(
        changchun,
        title="长春自有项目",
        investment_yuan="-5",
        stage="signed",
        partner_country="CN",
        partner_province="",
    )

    response = unit_client.post("/portal/projects/new/", data, **EN)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["title"] == [
        "The 20th China-Northeast Asia Expo already has a project titled “长春自有项目”. "
        "Choose a title that tells them apart."
    ]
    assert errors["investment_yuan"] == ["Ensure this value is greater than or equal to 0."]
    assert errors["signed_on"] == ["Give the signing date of a signed project."]
    assert errors["partner_province"] == ["Give the province of a domestic partner."]
    assert Project.objects.count() == 1


@pytest.mark.parametrize("amount", ["NaN", "Infinity", "twelve"])
def test_register_refuses_amounts_that_are_no_numbers(unit_client, live_edition, changchun, amount):
    response = unit_client.post("/portal/projects/new/", form_data(changchun, investment_yuan=amount), **EN)

    assert response.context["form"].errors["investment_yuan"] == ["Enter a number."]
    assert Project.objects.count() == 0


def test_edit_records_the_change_with_the_user(unit_client, own_project, unit_user):
    data = form_data(own_project.municipality, title=own_project.title, investment_yuan="250000000.00")

    response = unit_client.post(f"/portal/projects/{own_project.pk}/edit/", data, **EN)

    assert response.status_code == 302
    change = ProjectChange.objects.get(project=own_project, field="investment_yuan", old_value="100000000.00")
    assert (change.new_value, change.changed_by) == ("250000000.00", unit_user)
    detail = unit_client.get(f"/portal/projects/{own_project.pk}/", **EN)
    assert [(c.field, c.new_value) for c in detail.context["history"]][-1] == ("investment_yuan", "250000000.00")


# The registration window ------------------------------------------------------------------


@pytest.fixture
def closed_window(settings):
    today = timezone.localdate()
    if today.month == 1 and today.day == 1:
        pytest.skip("the window cannot close before New Year's Day")
    settings.PROJECTS_REGISTRATION_WINDOW = ((1, 1), (1, 1))


def test_closed_window_refuses_registration_with_a_message(unit_client, live_edition, changchun, closed_window):
    response = unit_client.post("/portal/projects/new/", form_data(changchun), **EN, follow=True)

    assert response.redirect_chain == [("/portal/projects/", 302)]
    assert "Registration is closed" in response.content.decode()
    assert [str(m) for m in response.context["messages"]][0].startswith(
        "Projects of the 20th China-Northeast Asia Expo"
    )
    assert Project.objects.count() == 0


def test_closed_window_refuses_changes_but_shows_the_project(unit_client, own_project, closed_window):
    data = form_data(own_project.municipality, title=own_project.title, investment_yuan="1.00")

    response = unit_client.post(f"/portal/projects/{own_project.pk}/edit/", data)

    assert response.status_code == 302
    assert response["Location"] == f"/portal/projects/{own_project.pk}/"
    own_project.refresh_from_db()
    assert str(own_project.investment_yuan) == "100000000.00"
    assert unit_client.get(f"/portal/projects/{own_project.pk}/").status_code == 200


def test_past_editions_are_closed_by_default(unit_client, changchun, edition13):
    response = unit_client.get("/portal/projects/new/", **EN)

    assert response.status_code == 302
    assert unit_client.get("/portal/projects/", **EN).context["window"]["is_open"] is False


# Query counts ------------------------------------------------------------------------------


@pytest.mark.parametrize("item_count", [1, 30])
def test_list_runs_constant_queries(unit_client, live_edition, changchun, item_count, django_assert_num_queries):
    for _ in range(item_count):
        ProjectFactory(edition=live_edition, municipality=MunicipalityFactory(), reporting_unit=changchun)

    # session, user with unit, current edition, projects
    with django_assert_num_queries(4):
        response = unit_client.get("/portal/projects/")

    assert len(response.context["projects"]) == item_count


@pytest.mark.parametrize("item_count", [1, 30])
def test_detail_runs_constant_queries(unit_client, own_project, unit_user, item_count, django_assert_num_queries):
    from projects.services import project_update

    for n in range(item_count):
        project_update(project=own_project, by=unit_user, investment_yuan=n)

    with django_assert_num_queries(4):
        unit_client.get(f"/portal/projects/{own_project.pk}/")


def test_portal_home_links_to_the_projects(client, live_edition):
    client.force_login(MemberUnitUserFactory())

    assert 'href="/portal/projects/"' in client.get("/portal/").content.decode()
