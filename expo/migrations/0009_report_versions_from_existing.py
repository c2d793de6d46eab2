from django.db import migrations


def versions_from_existing(apps, schema_editor):
    """Reports submitted before versions existed become their version 1, and the secretariat's
    comment on them the first answer of their thread."""
    ProgressReport = apps.get_model("expo", "ProgressReport")
    Version = apps.get_model("expo", "ProgressReportVersion")
    Comment = apps.get_model("expo", "ReportComment")
    Attachment = apps.get_model("expo", "ReportAttachment")
    for report in ProgressReport.objects.exclude(status="draft").filter(submitted_at__isnull=False).iterator():
        version = Version.objects.create(
            report=report,
            number=1,
            narrative=report.narrative,
            percent=report.percent,
            problems=report.problems,
            submitted_by_id=report.submitted_by_id,
            submitted_at=report.submitted_at,
        )
        Attachment.objects.filter(report=report, version__isnull=True).update(version=version)
        if report.status in ("accepted", "returned"):
            Comment.objects.create(
                report=report,
                version=version,
                author_id=report.reviewed_by_id,
                from_secretariat=True,
                kind=report.status,
                text=report.secretariat_comment,
            )


class Migration(migrations.Migration):
    dependencies = [("expo", "0008_member_units_part")]

    operations = [migrations.RunPython(versions_from_existing, migrations.RunPython.noop)]
