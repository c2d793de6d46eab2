"""The results report's matchmaking section, from meetings whose totals are counted by hand."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from expo.reports.render import render_report
from matchmaking.statistics import matchmaking_results
from tests.factories import EditionFactory, ExhibitorFactory
from tests.matchmaking.factories import MeetingFactory, MerchantFactory, soon
from tests.projects.factories import SignedProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meetings(edition):
    kr1, kr2 = MerchantFactory(edition=edition, country="KR"), MerchantFactory(edition=edition, country="KR")
    jp = MerchantFactory(edition=edition, country="JP")
    equipment, food = ExhibitorFactory(industry="equipment"), ExhibitorFactory(industry="green_food")
    project = SignedProjectFactory(edition=edition, investment_yuan=Decimal("1500000000.00"))
    hours = iter(range(8, 20))

    def meeting(merchant, exhibitor, status, outcome="", project=None):
        start = soon(-1, next(hours)) if status == "held" else soon(3, next(hours))
        booked = status in ("accepted", "held")
        return MeetingFactory(
            merchant=merchant,
            exhibitor=exhibitor,
            mode="online",
            status=status,
            outcome=outcome,
            project=project,
            starts_at=start if booked else None,
            ends_at=start + datetime.timedelta(minutes=30) if booked else None,
        )

    # requested 6; accepted or held 4; held 3
    meeting(kr1, equipment, "held", "project", project)
    meeting(kr2, equipment, "accepted")
    meeting(jp, food, "held", "follow_up")
    meeting(kr1, food, "declined")
    meeting(jp, equipment, "requested")
    meeting(kr2, food, "held", "project", project)  # the same project: counted once
    # another edition's meeting counts for nothing
    MeetingFactory(merchant=MerchantFactory(edition=EditionFactory(number=12, year=2019)), exhibitor=equipment)
    return edition


def test_matchmaking_figures_of_the_hand_counted_meetings(meetings, django_assert_num_queries):
    with django_assert_num_queries(4):
        figures = matchmaking_results(edition=meetings)

    assert figures == {
        "meetings_requested": 6,
        "meetings_accepted": 4,
        "meetings_held": 3,
        "outcomes": {"no_interest": 0, "follow_up": 1, "intention": 0, "project": 2},
        "by_country": [
            {"country": "KR", "requested": 4, "accepted": 3, "held": 2},
            {"country": "JP", "requested": 2, "accepted": 1, "held": 1},
        ],
        "by_industry": [
            {"industry": "equipment", "requested": 3, "accepted": 2, "held": 1},
            {"industry": "green_food", "requested": 3, "accepted": 2, "held": 2},
        ],
        "projects": {"count": 1, "investment_yuan": "1500000000.00"},
    }


def test_an_edition_without_meetings_has_zeros(edition):
    figures = matchmaking_results(edition=edition)
    assert (figures["meetings_requested"], figures["by_country"], figures["projects"]) == (
        0,
        [],
        {"count": 0, "investment_yuan": "0.00"},
    )


@pytest.mark.slow  # renders a PDF with WeasyPrint and its CJK fonts: seconds
def test_the_results_report_carries_the_section_in_json_xlsx_and_pdf(meetings):
    data = json.loads(render_report(kind="results", edition=meetings, fmt="json", language="en"))
    assert data["matchmaking"]["meetings_held"] == 3
    assert data["edition"] == 13  # the contract's keys stay

    book = load_workbook(io.BytesIO(render_report(kind="results", edition=meetings, fmt="xlsx", language="en")))
    sheet = book["Matchmaking"]
    rows = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert (rows["Meetings requested"], rows["Meetings held"], rows["Projects from meetings"]) == (6, 3, 1)
    by_country = list(book["Meetings by country"].iter_rows(values_only=True))
    assert ("South Korea", 4, 3, 2) in by_country

    chinese = load_workbook(io.BytesIO(render_report(kind="results", edition=meetings, fmt="xlsx", language="zh-hans")))
    assert "商务对接" in chinese.sheetnames

    pdf = render_report(kind="results", edition=meetings, fmt="pdf", language="en")
    assert pdf.startswith(b"%PDF")
