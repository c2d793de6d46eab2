import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum

from expo.enums import Industry
from expo.models import Edition
from projects.models import Project, ProjectChange
from projects.statistics import results_projects

pytestmark = pytest.mark.django_db


def test_the_13th_edition_reproduces_the_published_results(demo):
    results = results_projects(edition=Edition.objects.get(number=13))

    assert results["signed"] == {"count": 111, "investment_yuan": "196200000000.00"}
    assert results["contract"] == {
        "count": 98,
        "investment_yuan": "117100000000.00",
        "previous_investment_yuan": "55579287104.28",
        "growth_pct": "110.69",
    }
    assert results["agreement"] == {"count": 13, "investment_yuan": "79100000000.00"}
    assert len(results["by_industry"]) == 12
    assert sum(row["count"] for row in results["by_industry"]) == 111
    assert sum(Decimal(row["investment_yuan"]) for row in results["by_industry"]) == Decimal("196200000000.00")


def test_the_demo_projects_spread_over_fields_municipalities_and_partners(demo):
    edition = Edition.objects.get(number=13)
    signed = Project.objects.filter(edition=edition, stage="signed")
    contract = signed.filter(type="contract")

    assert set(contract.values_list("industry", flat=True)) == set(Industry.values)
    assert contract.values("municipality").distinct().count() == 10
    assert signed.exclude(partner_country="CN").exists()
    assert signed.filter(partner_country="CN").exclude(partner_province="").exists()
    days = set(signed.values_list("signed_on", flat=True))
    assert {d.isoformat() for d in days} <= {f"2021-09-{d}" for d in range(23, 28)}
    assert signed.filter(signing_ceremony__kind="signing_ceremony", signing_ceremony__edition=edition).exists()
    stages = dict(Project.objects.filter(edition=edition).values_list("stage").annotate(n=Count("pk")))
    assert stages["negotiating"] + stages["ready_to_sign"] == 30
    assert stages["withdrawn"] == 5


def test_the_12th_edition_signed_contract_projects_add_up_exactly(demo):
    total = Project.objects.filter(edition__number=12, stage="signed", type="contract").aggregate(
        t=Sum("investment_yuan")
    )
    assert total["t"].quantize(Decimal("0.01")) == Decimal("55579287104.28")


def test_the_demo_units_find_their_own_projects(demo, client):
    for username in ("changchun", "commerce"):
        assert client.login(username=username, password=demo)
        response = client.get("/portal/projects/")
        assert response.status_code == 200
        projects = response.context["projects"]
        assert projects
        assert {p.reporting_unit.code for p in projects} == {username}
        assert {p.stage for p in projects} >= {"negotiating", "ready_to_sign"}  # the current (14th) pipeline


def test_every_demo_project_has_its_history(demo):
    assert not Project.objects.filter(changes__isnull=True).exists()
    signed = Project.objects.filter(stage="signed").first()
    stages = list(ProjectChange.objects.filter(project=signed, field="stage").values_list("new_value", flat=True))
    assert stages == ["negotiating", "ready_to_sign", "signed"]


def test_seeding_twice_changes_nothing(demo):
    before = (Project.objects.count(), ProjectChange.objects.count())

    call_command("seed_demo", light=True, stdout=io.StringIO())

    assert (Project.objects.count(), ProjectChange.objects.count()) == before
