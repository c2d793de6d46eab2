"""The files the committee reads: XLSX read back with openpyxl, PDF text extracted with
poppler's pdftotext, in Chinese and English."""

import io
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
        "Signed projects by type",
        "Signed projects by industry",
        "Leaders at or above the vice",
        "Notable events",
        "Theme pavilions",
    ]
    notable = list(workbook["Notable events"].iter_rows(values_only=True))
    assert notable[0] == ("Event", "Date", "Attendance")
    assert notable[1][0] == "Top 500 Enterprises Summit"
    assert notable[1][2] == 2
    by_type = workbook["Signed projects by type"]
    assert by_type.freeze_panes == "A2"
    rows = list(by_type.iter_rows(values_only=True))
    assert rows[0][:3] == ("Field", "Projects", "Investment (yuan)")
    contract = rows[1]
    assert contract[1] == 2
    assert isinstance(contract[1], int)
    assert Decimal(str(contract[2])) == Decimal("4000000000")
    assert Decimal(str(contract[5])) == Decimal("100")
    assert by_type.cell(row=2, column=3).number_format == "#,##0.00"
    assert rows[-1][0] == "Total"
    assert rows[-1][1] == 3
    pavilions = list(workbook["Theme pavilions"].iter_rows(values_only=True))
    assert sorted(row[3] for row in pavilions[1:]) == [0, 0, 3]


def test_results_xlsx_in_chinese(results_data):
    data = render_report(kind="results", edition=results_data, fmt="xlsx", language="zh-hans")

    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames[0] == "概览"
    assert workbook.worksheets[0]["A1"].value.startswith("第13届") or "成果" in workbook.worksheets[0]["A1"].value


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


def test_results_pdf_carries_the_figures_in_chinese(results_data, tmp_path):
    text = pdf_text(render_report(kind="results", edition=results_data, fmt="pdf", language="zh-hans"), tmp_path)

    assert "执行委员会" in text
    assert "70.00亿元" in text
    assert "100.00%" in text
    assert "按行业" in text
    assert "重要活动" in text
    assert "500强企业高峰论坛" in text


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
    }
