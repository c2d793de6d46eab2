import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from projects import services
from projects.models import Project, ProjectChange
from tests.factories import EditionFactory, EventFactory, OrganizerFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def create(edition, unit, by=None, **values):
    data = {
        "title": "长春氢能产业园项目",
        "type": "contract",
        "investment_yuan": Decimal("1200000000.00"),
        "industry": "new_energy",
        "municipality": unit,
        "partner_name": "Hanbit Energy Co., Ltd.",
        "partner_country": "KR",
        **values,
    }
    return services.project_create(edition=edition, reporting_unit=unit, by=by, **data)


def history(project):
    return [
        (c.field, c.old_value, c.new_value, c.changed_by_id)
        for c in ProjectChange.objects.filter(project=project).order_by("changed_at", "pk")
    ]


def test_create_records_the_initial_amount_type_and_stage(edition13, changchun, unit_user):
    project = create(edition13, changchun, by=unit_user)

    assert project.created_by == unit_user
    assert project.is_international
    assert history(project) == [
        ("investment_yuan", "", "1200000000.00", unit_user.pk),
        ("type", "", "contract", unit_user.pk),
        ("stage", "", "negotiating", unit_user.pk),
    ]


def test_each_change_of_amount_type_and_stage_keeps_who_when_old_and_new(edition13, changchun, unit_user):
    project = create(edition13, changchun, by=unit_user)
    organizer = OrganizerFactory()
    before = timezone.now()

    services.project_update(project=project, by=unit_user, investment_yuan=Decimal("1500000000.50"))
    services.project_update(project=project, by=unit_user, type="agreement", partner_name="Hanbit New Energy")
    services.project_update(project=project, by=organizer, stage="signed", signed_on=datetime.date(2021, 9, 23))
    services.project_update(project=project, by=organizer, partner_name="Hanbit Energy Holdings")  # not audited

    changes = list(ProjectChange.objects.filter(project=project).order_by("changed_at", "pk"))[3:]
    assert [(c.field, c.old_value, c.new_value, c.changed_by) for c in changes] == [
        ("investment_yuan", "1200000000.00", "1500000000.50", unit_user),
        ("type", "contract", "agreement", unit_user),
        ("stage", "negotiating", "signed", organizer),
    ]
    assert all(before <= c.changed_at <= timezone.now() for c in changes)
    project.refresh_from_db()
    assert (project.stage, project.partner_name) == ("signed", "Hanbit Energy Holdings")


def test_the_old_value_comes_from_the_stored_row_not_from_the_caller(edition13, changchun):
    project = create(edition13, changchun)
    stale = Project.objects.get(pk=project.pk)
    services.project_update(project=project, investment_yuan=Decimal("2.00"))

    stale.investment_yuan = Decimal("3.00")
    services.project_save(project=stale)

    amounts = [(o, n) for f, o, n, _by in history(project) if f == "investment_yuan"]
    assert amounts == [("", "1200000000.00"), ("1200000000.00", "2.00"), ("2.00", "3.00")]


def test_the_audit_is_rolled_back_with_a_failed_change(edition13, changchun):
    project = create(edition13, changchun)
    create(edition13, changchun, title="另一个项目")

    with pytest.raises(ValidationError) as caught:
        services.project_update(project=project, stage="signed", title="另一个项目")

    assert set(caught.value.message_dict) == {"signed_on", "title"}
    assert ProjectChange.objects.filter(project=project).count() == 3


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"stage": "signed"}, "signed_on"),
        ({"stage": "negotiating", "signed_on": datetime.date(2021, 9, 23)}, "signed_on"),
        ({"partner_country": "CN"}, "partner_province"),
        ({"partner_country": "RU", "partner_province": "Jilin"}, "partner_province"),
        ({"investment_yuan": Decimal("-0.01")}, "investment_yuan"),
    ],
)
def test_create_refuses_what_the_rules_forbid(edition13, changchun, values, field, english):
    with pytest.raises(ValidationError) as caught:
        create(edition13, changchun, **values)

    assert field in caught.value.message_dict
    assert Project.objects.count() == 0


def test_create_refuses_a_host_that_is_no_municipality_and_a_foreign_ceremony(edition13, changchun, english):
    from tests.factories import MemberUnitFactory

    other_edition_ceremony = EventFactory(edition=EditionFactory(number=14), kind="signing_ceremony")

    with pytest.raises(ValidationError) as caught:
        create(edition13, changchun, municipality=MemberUnitFactory(), signing_ceremony=other_edition_ceremony)

    assert caught.value.message_dict == {
        "municipality": ["Choose a municipality or prefecture."],
        "signing_ceremony": ["Choose a signing ceremony of the project's edition."],
    }


@pytest.mark.parametrize(
    ("values", "constraint"),
    [
        ({"investment_yuan": Decimal("-1.00")}, "project_investment_not_negative"),
        ({"stage": "signed", "signed_on": None}, "project_signed_has_date"),
        ({"partner_country": "CN", "partner_province": ""}, "project_province_for_domestic_partners"),
        ({"partner_country": "JP", "partner_province": "Jilin"}, "project_province_for_domestic_partners"),
    ],
)
def test_the_database_is_the_backstop(edition13, values, constraint):
    project = ProjectFactory(edition=edition13)
    for name, value in values.items():
        setattr(project, name, value)

    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        project.save()


def test_titles_are_unique_in_an_edition_only(editions, changchun):
    twelfth, thirteenth = editions
    ProjectFactory(edition=twelfth, title="同名项目")
    ProjectFactory(edition=thirteenth, title="同名项目")

    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectFactory(edition=thirteenth, title="同名项目")


# The registration window ----------------------------------------------------------------


def test_window_is_may_to_august_of_the_edition_year(edition13):
    assert services.registration_window(edition=edition13) == (datetime.date(2021, 5, 1), datetime.date(2021, 8, 31))


def test_window_ends_with_the_expo_when_it_is_earlier(editions):
    assert services.registration_window(edition=editions[0]) == (datetime.date(2019, 5, 1), datetime.date(2019, 8, 27))


@pytest.mark.parametrize(
    ("today", "is_open"),
    [
        (datetime.date(2021, 4, 30), False),
        (datetime.date(2021, 5, 1), True),
        (datetime.date(2021, 8, 31), True),
        (datetime.date(2021, 9, 1), False),
    ],
)
def test_window_is_open_on_its_first_and_last_day_only_between(edition13, today, is_open):
    assert services.registration_is_open(edition=edition13, today=today) is is_open


def test_window_follows_the_setting(edition13, settings):
    settings.PROJECTS_REGISTRATION_WINDOW = ((6, 15), (7, 15))

    assert services.registration_window(edition=edition13) == (datetime.date(2021, 6, 15), datetime.date(2021, 7, 15))


def test_closed_window_says_when_it_is_open(edition13, english):
    with pytest.raises(services.RegistrationClosed) as caught:
        services.ensure_registration_open(edition=edition13, today=datetime.date(2021, 9, 1))

    assert "from 1 May 2021 to 31 August 2021" in caught.value.message
