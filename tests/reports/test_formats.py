"""The files the committee reads: XLSX read back with openpyxl, PDF text extracted with
poppler's pdftotext, in Chinese and English."""

import datetime
import io
import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from expo.reports.render import render_report

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes, tmp_path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("needs poppler-utils (pdftotext)")
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_results_xlsx_has_a_sheet_per_section_with_numbers_as_numbers(results_data):
    data = render_report(kind="results", edition=results_data, fmt="xlsx", language="en")

    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == [
        "Summary",
        "Published figures",
        "Projects by type",
        "Projects by industry",
        "Leaders",
        "Notable events",
        "Pavilions",
        "Matchmaking",
        "Meetings by country",
        "Meetings by industry",
    ]
    notable = list(workbook["Notable events"].iter_rows(values_only=True))
    assert notable[0] == ("Event", "Date", "Attendance")
    assert notable[1][0] == "Top 500 Enterprises Summit"
    assert notable[1][2] == 2
    by_type = workbook["Projects by type"]
    assert by_type.freeze_panes == "A2"
    rows = list(by_type.iter_rows(values_only=True))
    assert rows[0][:3] == ("Type", "Projects", "Investment (yuan)")
    contract = rows[1]
    assert contract[1] == 2
    assert isinstance(contract[1], int)
    assert Decimal(str(contract[2])) == Decimal("4000000000")
    assert Decimal(str(contract[5])) == Decimal("100")
    assert by_type.cell(row=2, column=3).number_format == "#,##0.00"
    assert rows[-1][0] == "Total"
    assert rows[-1][1] == 3
    pavilions = list(workbook["Pavilions"].iter_rows(values_only=True))
    assert sorted(row[3] for row in pavilions[1:]) == [0, 0, 3]


def test_results_xlsx_in_chinese(results_data):
    data = render_report(kind="results", edition=results_data, fmt="xlsx", language="zh-hans")

    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames[0] == "概览"
    assert workbook.worksheets[0]["A1"].value.startswith("第13届") or "成果" in workbook.worksheets[0]["A1"].value


@pytest.mark.slow  # renders a PDF with WeasyPrint and its CJK fonts: seconds
def test_results_pdf_carries_the_figures_in_english(results_data, tmp_path):
    text = pdf_text(render_report(kind="results", edition=results_data, fmt="pdf", language="en"), tmp_path)

    assert "Executive Committee of the China-Northeast Asia Expo" in text
    assert "3 foreign leaders" in text
    assert "7.00 billion yuan" in text
    assert "up 100.00 percent" in text
    assert "Signed projects by industry" in text
    assert "3,000.50" in text  # offline area in m²
    assert "Notable events" in text
    assert "Top 500 Enterprises Summit" in text


@pytest.mark.slow  # renders a PDF with WeasyPrint and its CJK fonts: seconds
def test_results_pdf_carries_the_figures_in_chinese(results_data, tmp_path):
    text = pdf_text(render_report(kind="results", edition=results_data, fmt="pdf", language="zh-hans"), tmp_path)

    assert "执行委员会" in text
    assert "70.00亿元" in text
    assert "100.00%" in text
    assert "按行业" in text
    assert "重要活动" in text
    assert "500强企业高峰论坛" in text


@pytest.mark.slow  # renders a PDF with WeasyPrint and its CJK fonts: seconds
def test_progress_pdf_and_pipeline_pdf_render(edition, tmp_path):
    for kind in ("progress", "pipeline"):
        text = pdf_text(render_report(kind=kind, edition=edition, fmt="pdf", language="en"), tmp_path)
        assert edition.name_en in text


def test_progress_json_has_its_sections(edition):
    import json

    data = json.loads(render_report(kind="progress", edition=edition, fmt="json", language="en"))

    assert data["edition"] == 13
    assert data["kind"] == "progress"
    assert set(data["sections"]) == {
        "items_by_status",
        "overdue_items",
        "units_not_reported",
        "problems",
        "progress_by_unit",
        "merchant_invitations",
    }


def _header_words(document) -> set[str]:
    from expo.reports.pdf import _header

    return {
        word.strip("():,")
        for section in document.sections
        if section.rows
        for column in section.columns
        for word in _header(column).split()
        if len(word.strip("():,")) > 3
    }


@pytest.mark.slow  # renders a PDF with WeasyPrint and its CJK fonts: seconds
def test_results_pdf_numbers_in_english_format_and_headers_whole(results_data, tmp_path):
    from expo.reports.render import build_document

    document = build_document(kind="results", edition=results_data, language="en")
    text = pdf_text(render_report(kind="results", edition=results_data, fmt="pdf", language="en"), tmp_path)

    # Areas and amounts with thousands separators in every table, the right labels.
    assert "1,000.50" in text
    assert "2,000.00" in text
    assert "3,000.50" in text
    assert "7.00 billion yuan" in text
    assert "Amounts in the tables are in billion yuan; the XLSX gives them in yuan." in text
    words = re.findall(r"[\w:()%²-]+", text)
    missing = sorted(w for w in _header_words(document) if w not in {x.strip("():,") for x in words})
    assert missing == []  # no header word is broken across lines ("pro- jects")
    assert not re.search(r"\b[A-Za-z]{2,}-\s*\n\s*[a-z]{2,}", text.replace("vice-", "vice "))
    by_type = next(s for s in document.sections if s.key == "projects_by_type")
    assert by_type.columns[0].label == "Type"


@pytest.mark.slow  # renders a PDF with WeasyPrint and its CJK fonts: seconds
def test_results_pdf_numbers_in_chinese_format(results_data, tmp_path):
    text = pdf_text(render_report(kind="results", edition=results_data, fmt="pdf", language="zh-hans"), tmp_path)

    # Django's zh_Hans formats group no digits.
    assert "3000.50" in text
    assert "70.00亿元" in text
    assert "类型" in text


@pytest.mark.slow  # renders a PDF with WeasyPrint and its CJK fonts: seconds
def test_progress_pdf_says_problem_texts_are_quoted_in_chinese(edition, tmp_path):
    from tests.committee.factories import ProgressReportFactory, WorkItemFactory

    today = datetime.date(2021, 9, 10)
    item = WorkItemFactory(
        edition=edition, code="1.1", deadline=today - datetime.timedelta(days=2), status="in_progress"
    )
    ProgressReportFactory(work_item=item, period=today.replace(day=1), status="submitted", problems="缺少场馆协调")

    english = pdf_text(render_report(kind="progress", edition=edition, fmt="pdf", language="en", today=today), tmp_path)
    chinese = pdf_text(
        render_report(kind="progress", edition=edition, fmt="pdf", language="zh-hans", today=today), tmp_path
    )

    assert "Problems are quoted as the units reported them, in Chinese." in english
    assert "问题按各单位报送原文" not in chinese


@pytest.mark.slow  # renders a PDF with WeasyPrint and its CJK fonts: seconds
def test_pdf_column_widths_come_from_the_content():
    from expo.reports.pdf import _widths

    headers = ["Code", "Work item", "Lead unit", "Deadline", "Days overdue", "Status"]
    rows = [
        [
            ("1.1", False),
            ("Organize the theme pavilions and invite exhibitors from abroad", False),
            ("Department of Commerce", False),
            ("September 1, 2021", False),
            ("12", True),
            ("in progress", False),
        ]
    ]

    widths = _widths(headers, rows)

    assert widths[0] < 8  # the code column is narrow
    assert widths[1] == max(widths)
    assert round(sum(widths)) == 100


def test_progress_and_pipeline_json_carry_codes_beside_labels(edition):
    import json

    from tests.committee.factories import WorkItemFactory

    WorkItemFactory(edition=edition, status="at_risk")
    by_language = {
        language: json.loads(render_report(kind="progress", edition=edition, fmt="json", language=language))
        for language in ("en", "zh-hans")
    }
    pipeline = json.loads(render_report(kind="pipeline", edition=edition, fmt="json", language="zh-hans"))

    english, chinese = by_language["en"]["sections"], by_language["zh-hans"]["sections"]
    codes = [row["status"] for row in english["items_by_status"]]
    assert codes == ["not_started", "in_progress", "at_risk", "done"]
    assert [row["status"] for row in chinese["items_by_status"]] == codes
    assert english["items_by_status"][2] == {"status": "at_risk", "status_label": "at risk", "count": 1}
    assert chinese["items_by_status"][2]["status_label"] != "at risk"
    assert [row["key"] for row in pipeline["sections"]["by_stage"]] == [
        "negotiating",
        "ready_to_sign",
        "signed",
        "withdrawn",
        "all",
    ]


@pytest.mark.parametrize("kind", ["results", "progress", "pipeline"])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_section_has_a_sheet_name_chosen_to_fit(edition, kind, language):
    from expo.reports.render import build_document

    document = build_document(kind=kind, edition=edition, language=language, today=datetime.date(2021, 9, 10))

    names = [section.sheet for section in document.sections]
    assert all(0 < len(name) <= 31 for name in names), names
    assert len(set(names)) == len(names)
    workbook = load_workbook(io.BytesIO(render_report(kind=kind, edition=edition, fmt="xlsx", language=language)))
    assert workbook.sheetnames[1:] == names


def test_a_sheet_name_that_does_not_fit_is_an_error_not_cut():
    from expo.xlsx import SheetNameError, XColumn, XlsxBook

    with pytest.raises(SheetNameError):
        XlsxBook().table("Problems needing coordination by unit", [XColumn("A")], [])
