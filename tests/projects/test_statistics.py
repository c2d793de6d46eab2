import datetime
from decimal import Decimal

import pytest

from expo.enums import Industry
from projects.statistics import growth_pct, pipeline_statistics, results_projects, signed_statistics
from tests.factories import EditionFactory
from tests.projects.factories import MunicipalityFactory, ProjectFactory, SignedProjectFactory

pytestmark = pytest.mark.django_db

INDUSTRY_NAMES = [
    "new energy and clean energy",
    "new materials",
    "medical and health care",
    "green food and agricultural products processing",
    "cultural tourism",
    "automobile and parts processing",
    "petrochemical industry",
    "equipment manufacturing",
    "electronic information and advanced technology",
    "metallurgy and production of building materials",
    "light industry and textile",
    "modern service industry",
]


@pytest.mark.parametrize(
    ("current", "previous", "expected"),
    [
        (Decimal("117100000000.00"), Decimal("55579287104.28"), Decimal("110.69")),
        (Decimal("200.01"), Decimal("200.00"), Decimal("0.01")),  # 0.005 % rounds half-up, not to even
        (Decimal("200.03"), Decimal("200.00"), Decimal("0.02")),  # 0.015 %
        (Decimal("199.99"), Decimal("200.00"), Decimal("-0.01")),  # -0.005 % rounds away from zero
        (Decimal("100.00"), Decimal("100.00"), Decimal("0.00")),
        (Decimal("0.00"), Decimal("100.00"), Decimal("-100.00")),
        (3, 2, Decimal("50.00")),
        (2, 3, Decimal("-33.33")),
    ],
)
def test_growth_pct_rounds_half_up_to_two_decimals(current, previous, expected):
    assert growth_pct(current, previous) == expected


@pytest.mark.parametrize("previous", [None, 0, Decimal("0.00")])
def test_growth_pct_is_none_without_a_previous_figure(previous):
    assert growth_pct(Decimal("5.00"), previous) is None


def test_results_projects_on_hand_computed_data(editions, django_assert_num_queries):
    twelfth, thirteenth = editions
    # 12th: signed contract projects 55,579,287,104.28 in all; the others do not count.
    SignedProjectFactory(edition=twelfth, investment_yuan=Decimal("30000000000.00"))
    SignedProjectFactory(edition=twelfth, investment_yuan=Decimal("25579287104.28"), industry="automobile")
    SignedProjectFactory(edition=twelfth, type="agreement", investment_yuan=Decimal("9000000000.00"))
    ProjectFactory(edition=twelfth, stage="ready_to_sign", investment_yuan=Decimal("1000000000.00"))
    # 13th: 3 contract, 1 agreement signed; pipeline and withdrawn left out.
    SignedProjectFactory(edition=thirteenth, investment_yuan=Decimal("100000000000.00"), industry="new_energy")
    SignedProjectFactory(edition=thirteenth, investment_yuan=Decimal("17000000000.00"), industry="automobile")
    SignedProjectFactory(edition=thirteenth, investment_yuan=Decimal("100000000.00"), industry="modern_services")
    SignedProjectFactory(
        edition=thirteenth, type="agreement", investment_yuan=Decimal("79100000000.00"), industry="new_energy"
    )
    ProjectFactory(edition=thirteenth, stage="negotiating", investment_yuan=Decimal("5000000000.00"))
    ProjectFactory(edition=thirteenth, stage="ready_to_sign", investment_yuan=Decimal("6000000000.00"))
    ProjectFactory(
        edition=thirteenth,
        stage="withdrawn",
        investment_yuan=Decimal("7000000000.00"),
        signed_on=datetime.date(2021, 9, 24),
    )

    with django_assert_num_queries(1):
        results = results_projects(edition=thirteenth)

    expected_industries = {name: {"count": 0, "investment_yuan": "0.00"} for name in INDUSTRY_NAMES}
    expected_industries["new energy and clean energy"] = {"count": 2, "investment_yuan": "179100000000.00"}
    expected_industries["automobile and parts processing"] = {"count": 1, "investment_yuan": "17000000000.00"}
    expected_industries["modern service industry"] = {"count": 1, "investment_yuan": "100000000.00"}
    assert results == {
        "signed": {"count": 4, "investment_yuan": "196200000000.00"},
        "contract": {
            "count": 3,
            "investment_yuan": "117100000000.00",
            "previous_investment_yuan": "55579287104.28",
            "growth_pct": "110.69",
        },
        "agreement": {"count": 1, "investment_yuan": "79100000000.00"},
        "by_industry": [{"industry": name, **expected_industries[name]} for name in INDUSTRY_NAMES],
    }


def test_results_projects_without_a_previous_edition_has_no_growth(db):
    edition = EditionFactory(number=1)
    SignedProjectFactory(edition=edition, investment_yuan=Decimal("10.10"))

    contract = results_projects(edition=edition)["contract"]

    assert contract == {"count": 1, "investment_yuan": "10.10", "previous_investment_yuan": None, "growth_pct": None}


def test_results_projects_with_a_previous_edition_of_zero_has_no_growth(editions):
    twelfth, thirteenth = editions
    SignedProjectFactory(edition=twelfth, type="agreement", investment_yuan=Decimal("10.00"))
    SignedProjectFactory(edition=thirteenth, investment_yuan=Decimal("10.00"))

    contract = results_projects(edition=thirteenth)["contract"]

    assert contract == {"count": 1, "investment_yuan": "10.00", "previous_investment_yuan": "0.00", "growth_pct": None}


def test_results_projects_of_an_empty_edition_lists_all_twelve_fields(editions):
    results = results_projects(edition=editions[1])

    assert results["signed"] == {"count": 0, "investment_yuan": "0.00"}
    assert results["agreement"] == {"count": 0, "investment_yuan": "0.00"}
    assert [row["industry"] for row in results["by_industry"]] == INDUSTRY_NAMES
    assert len(Industry) == 12


def test_results_projects_rounds_the_growth_half_up(editions):
    twelfth, thirteenth = editions
    SignedProjectFactory(edition=twelfth, investment_yuan=Decimal("200.00"))
    SignedProjectFactory(edition=thirteenth, investment_yuan=Decimal("200.01"))

    assert results_projects(edition=thirteenth)["contract"]["growth_pct"] == "0.01"


def test_signed_statistics_by_municipality_and_origin_with_growth(editions, english, django_assert_num_queries):
    twelfth, thirteenth = editions
    city, other = MunicipalityFactory(short_name_en="Changchun"), MunicipalityFactory(short_name_en="Yanbian")
    SignedProjectFactory(edition=twelfth, municipality=city, investment_yuan=Decimal("300.00"))
    SignedProjectFactory(
        edition=twelfth,
        municipality=other,
        partner_country="KR",
        partner_province="",
        investment_yuan=Decimal("100.00"),
    )
    SignedProjectFactory(edition=thirteenth, municipality=city, investment_yuan=Decimal("400.00"))
    SignedProjectFactory(
        edition=thirteenth,
        municipality=city,
        partner_country="JP",
        partner_province="",
        investment_yuan=Decimal("50.00"),
    )
    ProjectFactory(edition=thirteenth, municipality=other, stage="ready_to_sign", investment_yuan=Decimal("999.00"))

    with django_assert_num_queries(2):
        stats = signed_statistics(edition=thirteenth)

    by_municipality = {row["label"]: row for row in stats["by_municipality"]}
    assert by_municipality["Changchun"]["count"] == 2
    assert by_municipality["Changchun"]["investment_yuan"] == Decimal("450.00")
    assert by_municipality["Changchun"]["growth_pct"] == Decimal("50.00")
    assert by_municipality["Changchun"]["count_growth_pct"] == Decimal("100.00")
    assert by_municipality["Yanbian"]["count"] == 0
    assert by_municipality["Yanbian"]["growth_pct"] == Decimal("-100.00")
    origin = {row["key"]: row for row in stats["by_origin"]}
    assert (origin["international"]["count"], origin["international"]["investment_yuan"]) == (1, Decimal("50.00"))
    assert origin["international"]["growth_pct"] == Decimal("-50.00")
    assert (origin["domestic"]["count"], origin["domestic"]["investment_yuan"]) == (1, Decimal("400.00"))
    assert origin["domestic"]["growth_pct"] == Decimal("33.33")
    assert stats["signed"]["investment_yuan"] == Decimal("450.00")
    assert [row["key"] for row in stats["by_industry"]] == list(Industry.values)


def test_pipeline_statistics_by_month_stage_municipality_and_industry(edition13, english):
    city = MunicipalityFactory()
    tz = datetime.timezone(datetime.timedelta(hours=8))
    registered = {
        ("negotiating", Decimal("10.00")): datetime.datetime(2021, 5, 31, 23, 30, tzinfo=tz),  # still May in Changchun
        ("ready_to_sign", Decimal("20.00")): datetime.datetime(2021, 7, 2, 9, 0, tzinfo=tz),
        ("signed", Decimal("40.00")): datetime.datetime(2021, 7, 3, 9, 0, tzinfo=tz),
        ("withdrawn", Decimal("80.00")): datetime.datetime(2021, 10, 1, 9, 0, tzinfo=tz),
    }
    for (stage, amount), moment in registered.items():
        project = ProjectFactory(
            edition=edition13,
            municipality=city,
            stage=stage,
            investment_yuan=amount,
            industry="green_food",
            signed_on=datetime.date(2021, 9, 23) if stage == "signed" else None,
        )
        type(project).objects.filter(pk=project.pk).update(created_at=moment)

    pipeline = pipeline_statistics(edition=edition13)

    months = [(row["key"], row["count"], row["pipeline_yuan"], row["signed_yuan"]) for row in pipeline["by_month"]]
    assert months == [
        (datetime.date(2021, 5, 1), 1, Decimal("10.00"), Decimal("0")),
        (datetime.date(2021, 6, 1), 0, Decimal("0"), Decimal("0")),
        (datetime.date(2021, 7, 1), 2, Decimal("20.00"), Decimal("40.00")),
        (datetime.date(2021, 8, 1), 0, Decimal("0"), Decimal("0")),
        (datetime.date(2021, 10, 1), 1, Decimal("0"), Decimal("0")),
    ]
    stages = {row["key"]: row["count"] for row in pipeline["by_stage"]}
    assert stages == {"negotiating": 1, "ready_to_sign": 1, "signed": 1, "withdrawn": 1}
    row = next(r for r in pipeline["by_municipality"] if r["key"] == city.pk)
    assert (row["negotiating"], row["ready_to_sign"], row["signed"], row["withdrawn"]) == (1, 1, 1, 1)
    food = next(r for r in pipeline["by_industry"] if r["key"] == "green_food")
    assert (food["count"], food["pipeline_yuan"], food["signed_yuan"]) == (4, Decimal("30.00"), Decimal("40.00"))
    assert pipeline["total"]["count"] == 4
