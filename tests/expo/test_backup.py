import io
import subprocess
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from PIL import Image

from exhibitors.models import BoothApplication, Exhibitor
from expo import backup
from expo.models import ProgressReport, ReportAttachment


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def fresh_database():
    """A new, empty database on the same server, dropped afterwards."""
    name = f"expo_restore_{uuid.uuid4().hex[:12]}"
    env = backup._libpq_env(backup.database_settings())
    subprocess.run(["createdb", name], env=env, check=True)
    yield name
    subprocess.run(["dropdb", "--if-exists", "--force", name], env=env, check=True)


@pytest.fixture
def data(demo, media):
    """The light demo plus booths, applications, a logo and an attachment: every key table has rows."""
    from tests.factories import BoothFactory, ExhibitFactory

    exhibitor = Exhibitor.objects.order_by("pk").first()
    exhibitor.logo = SimpleUploadedFile("logo.png", png(), "image/png")
    exhibitor.save()
    ExhibitFactory(exhibitor=exhibitor, image=SimpleUploadedFile("tea.png", png(), "image/png"))
    for booth in BoothFactory.create_batch(3):
        BoothApplication.objects.create(booth=booth, exhibitor=exhibitor)
    ReportAttachment.objects.create(
        report=ProgressReport.objects.order_by("pk").first(),
        file=SimpleUploadedFile("plan.pdf", b"%PDF-1.4 progress\n%%EOF", "application/pdf"),
        original_name="plan.pdf",
        content_type="application/pdf",
        size=22,
    )


def database_figures(name: str | None = None) -> backup.Figures:
    with backup._connect(backup.database_settings(name)) as conn:
        return backup.figures(conn)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_a_fresh_database_row_for_row(data, media, tmp_path, fresh_database, english):
    source = database_figures()
    source_media = {p.relative_to(media): p.read_bytes() for p in media.rglob("*") if p.is_file()}
    assert all(source.row_counts[table] > 0 for table in source.checksums)
    assert len(source_media) == 3

    path, manifest = backup.backup_create(folder=tmp_path / "backups")
    with pytest.raises(backup.BackupError, match="is not a backup of this system"):
        backup.backup_restore(path=media / sorted(manifest["media"])[0], database_name=fresh_database)
    restored_media = tmp_path / "restored-media"
    backup.backup_restore(path=path, database_name=fresh_database, media_root=restored_media)

    restored = database_figures(fresh_database)
    assert restored.row_counts == source.row_counts
    assert restored.checksums == source.checksums
    assert {p.relative_to(restored_media): p.read_bytes() for p in restored_media.rglob("*") if p.is_file()} == (
        source_media
    )
    assert (manifest["row_counts"], manifest["checksums"]) == (source.row_counts, source.checksums)

    # The checksum sees a changed row, and a second restore refuses the now non-empty database.
    with backup._connect(backup.database_settings(fresh_database)) as conn:
        conn.execute("UPDATE exhibitors_exhibitor SET city = city || 'x' WHERE id = %s", [Exhibitor.objects.first().pk])
    assert (
        database_figures(fresh_database).checksums["exhibitors_exhibitor"] != source.checksums["exhibitors_exhibitor"]
    )
    with pytest.raises(backup.BackupError, match="is not empty"):
        backup.backup_restore(path=path, database_name=fresh_database, media_root=restored_media)
    backup.backup_restore(path=path, database_name=fresh_database, media_root=restored_media, force=True)
    assert database_figures(fresh_database) == source


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_backup_and_restore_refuse_a_database_that_is_not_postgresql(settings, tmp_path, english):
    settings.DATABASES = {"default": {**settings.DATABASES["default"], "ENGINE": "django.db.backends.sqlite3"}}
    (tmp_path / "x.tar").write_bytes(b"")

    with pytest.raises(CommandError, match="Backups need PostgreSQL; DATABASE_URL points at sqlite3"):
        call_command("backup", folder=tmp_path, stdout=io.StringIO())
    with pytest.raises(CommandError, match="Backups need PostgreSQL"):
        call_command("restore", tmp_path / "x.tar", stdout=io.StringIO())
    assert list(tmp_path.iterdir()) == [tmp_path / "x.tar"]
