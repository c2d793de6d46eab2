"""The report files opened as their readers open them: every XLSX export converted to PDF by
LibreOffice headless (page count, no cell shown as ###), the workbooks' types, formats,
widths and print set-up read back by openpyxl, the PDFs' text extracted by pdftotext."""

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from delegations.exports import delegates_xlsx
from expo.reports.render import render_report
from expo.xlsx import FONT_NAME
from projects.exports import write_projects_xlsx
from tests.delegations.factories import DelegateFactory, DelegationFactory
from tests.factories import OrganizerFactory
from tests.projects.factories import MunicipalityFactory, ProjectFactory

pytestmark = pytest.mark.django_db

SAVE_TO = Path(os.environ.get("REPORT_FILES_DIR", "var/report-files"))


def soffice_pdf(data: bytes, tmp_path: Path, name: str) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("needs LibreOffice (Debian: libreoffice-calc-nogui), installed by .ci/run")
    source = tmp_path / f"{name}.xlsx"
    source.write_bytes(data)
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / f"{name}.pdf"
    SAVE_TO.mkdir(parents=True, exist_ok=True)
    shutil.copy(pdf, SAVE_TO / pdf.name)
    return pdf


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def text_of(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def _print_setup_is_right(data: bytes, *, cover: bool = True) -> None:
    workbook = load_workbook(io.BytesIO(data))
    for index, sheet in enumerate(workbook.worksheets):
        if index or not cover:
            # The header: white on blue, readable on paper and on screen.
            assert (sheet["A1"].font.color.rgb, sheet["A1"].fill.fgColor.rgb) == ("00FFFFFF", "001F5F8B"), sheet.title
            assert sheet.freeze_panes == "A2", sheet.title
        assert len(sheet.title) <= 31
        assert sheet.page_setup.fitToWidth == 1, sheet.title
        assert sheet.page_setup.fitToHeight == 0, sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True, sheet.title
        assert sheet.oddFooter.center.text == "&P / &N", sheet.title
        assert sheet["A1"].font.name == FONT_NAME, sheet.title


@pytest.mark.slow
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_results_xlsx_prints_a_page_per_sheet_without_hashes(results_data, tmp_path, language):
    data = render_report(kind="results", edition=results_data, fmt="xlsx", language=language)
    _print_setup_is_right(data)

    pdf = soffice_pdf(data, tmp_path, f"results-{language}")

    assert pages(pdf) == len(load_workbook(io.BytesIO(data)).sheetnames)
    text = text_of(pdf)
    assert "###" not in text
    assert "7,000,000,000.00" in text  # the signed investment, a number formatted by the sheet


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["progress", "pipeline"])
def test_progress_and_pipeline_xlsx_print_without_hashes(edition, tmp_path, kind):
    municipality = MunicipalityFactory()
    ProjectFactory(edition=edition, municipality=municipality, investment_yuan="196200000000.00")
    data = render_report(kind=kind, edition=edition, fmt="xlsx", language="en")
    _print_setup_is_right(data)

    pdf = soffice_pdf(data, tmp_path, f"{kind}-en")

    sheets = len(load_workbook(io.BytesIO(data)).sheetnames)
    assert sheets <= pages(pdf) <= sheets + 2
    assert "###" not in text_of(pdf)


@pytest.mark.slow
def test_projects_and_delegates_exports_print_without_hashes(edition, tmp_path):
    municipality = MunicipalityFactory()
    for index in range(40):
        ProjectFactory(
            edition=edition,
            municipality=municipality,
            title=f"吉林省新能源汽车零部件产业园建设项目 {index}",
            investment_yuan="196200000000.00",
        )
    delegation = DelegationFactory(edition=edition, country="RU")
    DelegateFactory.create_batch(20, delegation=delegation, title="Deputy Prime Minister of the Russian Federation")
    output = io.BytesIO()
    write_projects_xlsx(edition=edition, output=output)
    delegates = delegates_xlsx(edition=edition, user=OrganizerFactory(is_superuser=True))

    for name, data, most in (("projects", output.getvalue(), 4), ("delegates", delegates, 3)):
        _print_setup_is_right(data, cover=False)
        sheet = load_workbook(io.BytesIO(data)).worksheets[0]
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.print_title_rows == "$1:$1"
        assert sheet.auto_filter.ref.startswith("A1:")
        pdf = soffice_pdf(data, tmp_path, name)
        assert 1 <= pages(pdf) <= most, name
        assert "###" not in text_of(pdf), name
