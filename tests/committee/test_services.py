import datetime
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError

from expo.committee import periods
from expo.committee import services as committee
from expo.errors import DomainError
from expo.models import ReportStatus
from tests.committee.factories import ProgressReportFactory

pytestmark = pytest.mark.django_db


def _zip(names):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("report.pdf", b"%PDF-1.7\n...", "application/pdf"),
        (
            "plan.docx",
            _zip(["[Content_Types].xml", "word/document.xml"]),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "figures.xlsx",
            _zip(["[Content_Types].xml", "xl/workbook.xml"]),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    ],
)
def test_accepted_attachment_types_are_recognised_by_content(name, content, expected):
    assert committee.validate_report_attachment(SimpleUploadedFile(name, content)) == expected


def test_a_real_png_is_accepted_whatever_its_name(png_bytes):
    assert committee.validate_report_attachment(SimpleUploadedFile("scan.pdf", png_bytes)) == "image/png"


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n<html><body onload=alert(1)></body></html>",
        b"\xff\xd8\xff\xe0<script>alert(1)</script>",
        b"<html>not a pdf</html>",
        _zip(["evil.html"]),
        b"MZ\x90\x00executable",
    ],
)
def test_files_that_are_not_what_they_claim_are_refused(content, english):
    with pytest.raises(ValidationError) as error:
        committee.validate_report_attachment(SimpleUploadedFile("report.png", content))

    assert error.value.code == "bad_type"


def test_an_oversize_attachment_is_refused(settings, english):
    settings.COMMITTEE_MAX_ATTACHMENT_BYTES = 1024

    with pytest.raises(ValidationError) as error:
        committee.validate_report_attachment(SimpleUploadedFile("big.pdf", b"%PDF-1.4" + b"0" * 1024))

    assert error.value.code == "too_large"
    assert error.value.messages == ["The file is 1.0\xa0KB; the limit is 1.0\xa0KB."]


def test_a_unit_cannot_report_on_an_item_it_does_not_work_on(item, english):
    from tests.factories import MemberUnitFactory

    with pytest.raises(DomainError) as error:
        committee.report_save(work_item=item, unit=MemberUnitFactory(), by=None, narrative="x", percent=1)

    assert error.value.message == "Your unit does not work on this item."


def test_a_submitted_report_cannot_change(item, unit, english):
    ProgressReportFactory(work_item=item, unit=unit, status=ReportStatus.SUBMITTED)

    with pytest.raises(committee.ReportNotEditable):
        committee.report_save(work_item=item, unit=unit, by=None, narrative="changed", percent=90)


def test_the_database_refuses_a_percentage_over_100(item):
    with pytest.raises(IntegrityError):
        ProgressReportFactory(work_item=item, percent=101)


def test_the_period_is_the_calendar_month(settings):
    settings.COMMITTEE_REPORT_DUE_DAY = 25

    assert periods.period_of(datetime.date(2026, 5, 17)) == datetime.date(2026, 5, 1)
    assert periods.period_deadline(datetime.date(2026, 5, 1)) == datetime.date(2026, 5, 25)
