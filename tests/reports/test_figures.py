"""Each figure of the results report against the hand-computed data of ``results_data``,
and the progress and pipeline reports' figures."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from expo.committee.selectors import MATRIX_ITEMS_PAGE
from expo.reports.figures import pipeline_document, progress_document, results_document, results_json
from tests.committee.factories import ProgressReportFactory, WorkItemFactory
from tests.factories import AttendeeFactory, MemberUnitFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

INDUSTRIES = 12


def test_results_json_has_every_figure_of_the_hand_computed_edition(results_data):
    figures = results_json(edition=results_data)

    by_industry = figures["projects"].pop("by_industry")
    # The matchmaking key (tests/matchmaking/test_statistics.py) came after the contract's keys.
    assert figures.pop("matchmaking")["meetings_requested"] == 0
    assert figures == {
        "edition": 13,
        "leaders": {
            "foreign": {"leaders": 3, "countries_regions": 2},
            "central": {"leaders": 1, "institutions": 2},
            "provincial": {"leaders": 2, "provinces": 1},
        },
        "merchants": {"count": 6, "countries_regions": 3},
        "projects": {
            "signed": {"count": 3, "investment_yuan": "7000000000.00"},
            "contract": {
                "count": 2,
                "investment_yuan": "4000000000.00",
                "previous_investment_yuan": "2000000000.00",
                "growth_pct": "100.00",
            },
            "agreement": {"count": 1, "investment_yuan": "3000000000.00"},
        },
        "exhibition": {
            "pavilions": 3,
            "offline_area_m2": "3000.50",
            "offline_exhibitors": 3,
            "online_exhibitors": 3,
            "online_exhibits": 3,
            "online_visitors": 4,
        },
        "events": {"main_forum_events": 2, "supporting_events": 1},
        "notable_events": [
            {
                "title_zh": "500强企业高峰论坛",
                "title_en": "Top 500 Enterprises Summit",
                "date": "2021-09-22",
                "attendance": 2,
            }
        ],
    }
    assert len(by_industry) == INDUSTRIES
    assert by_industry[0] == {"industry": "new energy and clean energy", "count": 2, "investment_yuan": "4500000000.00"}
    automobile = next(row for row in by_industry if row["industry"] == "automobile and parts processing")
    assert automobile == {"industry": "automobile and parts processing", "count": 1, "investment_yuan": "2500000000.00"}
    assert sum(row["count"] for row in by_industry) == 3


def test_results_json_of_an_edition_without_previous_has_no_growth(db):
    from tests.factories import EditionFactory

    lonely = EditionFactory(number=1, year=2005)

    figures = results_json(edition=lonely)

    assert figures["projects"]["contract"] == {
        "count": 0,
        "investment_yuan": "0.00",
        "previous_investment_yuan": None,
        "growth_pct": None,
    }
    assert figures["exhibition"]["offline_area_m2"] == "0.00"
    assert figures["merchants"] == {"count": 0, "countries_regions": 0}


def test_results_json_runs_a_fixed_number_of_queries(results_data, django_assert_num_queries):
    with django_assert_num_queries(13):
        small = results_json(edition=results_data)
    AttendeeFactory.create_batch(30, edition=results_data, country="FR")
    ProjectFactory.create_batch(5, edition=results_data, stage="signed", signed_on=results_data.start_date)
    with django_assert_num_queries(13):
        larger = results_json(edition=results_data)
    assert larger["merchants"]["count"] == small["merchants"]["count"] + 30


def test_results_document_runs_a_fixed_number_of_queries(results_data, django_assert_num_queries):
    with django_assert_num_queries(15):
        results_document(edition=results_data, language="en")


def test_results_document_narrative_in_both_languages(results_data):
    english = results_document(edition=results_data, language="en")
    chinese = results_document(edition=results_data, language="zh-hans")

    assert "3 foreign leaders" in english.paragraphs[0]
    assert "7.00 billion yuan" in english.paragraphs[2]
    assert "up 100.00 percent" in english.paragraphs[2]
    assert "70.00亿元" in chinese.paragraphs[2]
    assert "增长100.00%" in chinese.paragraphs[2]
    assert [s.key for s in english.sections] == [
        "headline",
        "projects_by_type",
        "projects_by_industry",
        "leaders",
        "notable_events",
        "pavilions",
        "matchmaking",
        "matchmaking_by_country",
        "matchmaking_by_industry",
    ]
    assert english.sections[4].rows == [
        {"title": "Top 500 Enterprises Summit", "date": datetime.date(2021, 9, 22), "attendance": 2}
    ]
    assert chinese.sections[4].rows[0]["title"] == "500强企业高峰论坛"


def test_build_report_command_prints_the_results_json(results_data, capsysbinary):
    call_command("build_report", "results", "--edition", "13")

    printed = json.loads(capsysbinary.readouterr().out)
    assert printed == json.loads(json.dumps(results_json(edition=results_data)))


def test_build_report_command_refuses_an_unknown_edition(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no edition number 99"):
        call_command("build_report", "results", "--edition", "99")


@pytest.fixture
def committee(edition, today):
    commerce = MemberUnitFactory(code="commerce", short_name_en="Commerce", short_name_zh="商务厅")
    changchun = MemberUnitFactory(code="changchun", short_name_en="Changchun", short_name_zh="长春")
    late = WorkItemFactory(
        edition=edition, code="1", lead_unit=commerce, deadline=today - datetime.timedelta(days=5), status="in_progress"
    )
    done = WorkItemFactory(
        edition=edition, code="2", lead_unit=changchun, deadline=today - datetime.timedelta(days=20), status="done"
    )
    open_item = WorkItemFactory(
        edition=edition, code="3", lead_unit=changchun, deadline=today + datetime.timedelta(days=20), status="at_risk"
    )
    open_item.co_units.add(commerce)
    period = today.replace(day=1)
    ProgressReportFactory(
        work_item=late, unit=commerce, period=period, percent=40, status="submitted", problems="缺少场馆协调"
    )
    ProgressReportFactory(work_item=done, unit=changchun, period=period, percent=100, status="accepted")
    ProgressReportFactory(work_item=open_item, unit=commerce, period=period, percent=20, status="draft")
    return {"commerce": commerce, "changchun": changchun}


def test_progress_document_counts_the_committees_work(edition, committee, today, django_assert_num_queries):
    # Seven for the committee's work (all its items and overdue items, not a page), two for
    # the merchants invited by unit (none here).
    with django_assert_num_queries(9):
        document = progress_document(edition=edition, language="en", today=today)

    sections = {s.key: s for s in document.sections}
    assert {row["status"]: row["count"] for row in sections["items_by_status"].rows} == {
        "not_started": 0,
        "in_progress": 1,
        "at_risk": 1,
        "done": 1,
    }
    assert [row["status_label"] for row in sections["items_by_status"].rows] == [
        "not started",
        "in progress",
        "at risk",
        "done",
    ]
    assert [(r["code"], r["days_overdue"]) for r in sections["overdue_items"].rows] == [("1", 5)]
    # Changchun leads the open item 3 and has not reported on it (its report is on item 2);
    # Commerce reported on item 1 this month; its draft on item 3 does not count.
    assert [r["unit"] for r in sections["units_not_reported"].rows] == []
    assert [(r["unit"], r["problems"]) for r in sections["problems"].rows] == [("Commerce", "缺少场馆协调")]
    progress = {r["unit"]: (r["items"], r["reported_items"], r["percent"]) for r in sections["progress_by_unit"].rows}
    assert progress == {"Commerce": (2, 1, 40), "Changchun": (2, 1, 100)}


def test_pipeline_document_by_month_municipality_industry_and_stage(edition, django_assert_num_queries):
    from tests.projects.factories import MunicipalityFactory

    yanbian = MunicipalityFactory(short_name_en="Yanbian")
    ProjectFactory(edition=edition, municipality=yanbian, investment_yuan=Decimal("300000000.00"))
    ProjectFactory(edition=edition, municipality=yanbian, stage="ready_to_sign", industry="automobile")
    with django_assert_num_queries(2):
        document = pipeline_document(edition=edition, language="en")

    sections = {s.key: s for s in document.sections}
    assert [row["label"] for row in sections["by_month"].rows][:4] == [
        "May 2021",
        "June 2021",
        "July 2021",
        "August 2021",
    ]
    yanbian_row = next(r for r in sections["by_municipality"].rows if r["label"] == "Yanbian")
    assert (yanbian_row["count"], yanbian_row["negotiating"], yanbian_row["ready_to_sign"]) == (2, 1, 1)
    assert yanbian_row["pipeline_yuan"] == Decimal("400000000.00")
    assert sections["by_stage"].rows[-1]["count"] == 2


def test_progress_document_counts_every_work_item_not_a_page_of_the_matrix(edition, today):
    """The staff matrix shows a page of work items; the committee's report counts them all."""
    unit = MemberUnitFactory()
    count = MATRIX_ITEMS_PAGE + 3
    for n in range(count):
        WorkItemFactory(
            edition=edition,
            code=f"P{n:02d}",
            lead_unit=unit,
            deadline=today - datetime.timedelta(days=1),
            status="in_progress",
        )
    document = progress_document(edition=edition, language="en", today=today)
    sections = {s.key: s for s in document.sections}
    assert sum(row["count"] for row in sections["items_by_status"].rows) == count
    assert len(sections["overdue_items"].rows) == count
