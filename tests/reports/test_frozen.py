"""The results report of a closed edition, in every format, shows its snapshot and says so;
``build_report --live`` computes the live figures beside it."""

import io
import json

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from expo.lifecycle import edition_close
from expo.reports import runs
from expo.reports.figures import results_json
from expo.reports.render import render_report
from tests.reports.test_formats import pdf_text

pytestmark = pytest.mark.django_db

CONTRACT_KEYS = {"edition", "leaders", "merchants", "projects", "exhibition", "events"}


@pytest.fixture
def frozen(results_data):
    """The closed edition whose snapshot differs from the live figures in one place, written
    behind the services' back (as a repair in the database would), so that every format's
    figures can be told apart from the live ones."""
    edition = edition_close(edition=results_data)
    snapshot = dict(edition.results_snapshot)
    snapshot["merchants"] = {**snapshot["merchants"], "count": 77777}
    edition.results_snapshot = snapshot
    edition.save(update_fields=["results_snapshot"])
    return edition


def test_the_json_keeps_every_contract_key_and_says_it_is_frozen(frozen):
    data = json.loads(render_report(kind="results", edition=frozen, fmt="json", language="en"))

    assert set(data) >= CONTRACT_KEYS
    assert {k: data[k] for k in data if k not in ("frozen", "frozen_at")} == frozen.results_snapshot
    assert data["frozen"] is True
    assert data["frozen_at"] == frozen.results_snapshot_at.isoformat()
    assert data["merchants"]["count"] == 77777


def test_build_report_gives_the_snapshot_and_with_live_the_figures_computed_now(frozen, capsysbinary):
    call_command("build_report", "results", edition=frozen.number, fmt="json", output="-")
    snapshot = json.loads(capsysbinary.readouterr().out)
    call_command("build_report", "results", edition=frozen.number, fmt="json", output="-", live=True)
    live = json.loads(capsysbinary.readouterr().out)

    assert snapshot["merchants"]["count"] == 77777
    assert snapshot["frozen"] is True
    assert live == results_json(edition=frozen)
    assert "frozen" not in live


def test_the_xlsx_shows_the_snapshot_and_says_so(frozen):
    workbook = load_workbook(io.BytesIO(render_report(kind="results", edition=frozen, fmt="xlsx", language="en")))

    cells = [str(v) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for v in row if v]
    assert any("Figures frozen at closing on " in cell for cell in cells)
    assert any("77,777" in cell or cell == "77777" for cell in cells)


def test_the_xlsx_in_chinese_says_so(frozen):
    workbook = load_workbook(io.BytesIO(render_report(kind="results", edition=frozen, fmt="xlsx", language="zh-hans")))

    cells = [str(v) for row in workbook.worksheets[0].iter_rows(values_only=True) for v in row if v]
    assert any("闭幕时锁定的数据" in cell for cell in cells)


@pytest.mark.slow  # renders a PDF with WeasyPrint and its CJK fonts: seconds
def test_the_pdf_shows_the_snapshot_and_says_so(frozen, tmp_path):
    text = " ".join(pdf_text(render_report(kind="results", edition=frozen, fmt="pdf", language="en"), tmp_path).split())

    assert "Figures frozen at closing on" in text
    assert "77,777 merchants" in text


def test_an_open_editions_report_has_no_frozen_note(results_data, tmp_path):
    data = json.loads(render_report(kind="results", edition=results_data, fmt="json", language="en"))
    text = pdf_text(render_report(kind="results", edition=results_data, fmt="pdf", language="en"), tmp_path)

    assert "frozen" not in data
    assert "frozen at closing" not in text


def test_a_celery_run_of_a_closed_edition_stores_the_snapshot(frozen):
    run = runs.report_run_request(kind="results", edition=frozen, formats=["json"], language="en")

    runs.execute(run.pk)

    stored = json.loads(run.files.get(format="json").file.read())
    assert stored["merchants"]["count"] == 77777
    assert stored["frozen"] is True
