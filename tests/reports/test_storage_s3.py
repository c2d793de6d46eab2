"""Generated reports kept in an S3 bucket (expo/storage.py, moto's server on the loopback):
the worker writes them there, organizers download them through the report view, nobody
reaches them through /media/."""

import io
import json

import openpyxl
import pytest
from django.urls import reverse

from expo.reports import runs
from tests.factories import exhibitor_user

pytestmark = pytest.mark.django_db


def test_a_report_run_writes_its_files_to_the_bucket_and_they_download(
    client, results_data, organizer, s3_storage, settings
):
    run = runs.report_run_request(
        kind="results", edition=results_data, formats=["json", "xlsx"], language="en", requested_by=organizer
    )

    runs.execute(run.pk)

    files = {f.format: f for f in run.files.all()}
    assert s3_storage.names() == sorted(f.file.name for f in files.values())
    assert all(name.startswith("reports/") for name in s3_storage.names())
    assert not settings.MEDIA_ROOT.exists()

    client.force_login(organizer)
    response = client.get(reverse("staff:report_download", args=[run.pk, "json"]))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body == s3_storage.read(files["json"].file.name)
    assert json.loads(body)["edition"] == results_data.number

    response = client.get(reverse("staff:report_download", args=[run.pk, "xlsx"]))
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    assert len(workbook.sheetnames) > 1

    # Reports are not an upload kind: the media view serves them to nobody, organizers included.
    assert client.get(files["json"].file.url).status_code == 404
    client.force_login(exhibitor_user())
    assert client.get(reverse("staff:report_download", args=[run.pk, "json"])).status_code == 403
