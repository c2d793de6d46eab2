from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from expo.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into the database of DATABASE_URL and "
        "MEDIA_ROOT (or the S3 bucket of AWS_STORAGE_BUCKET_NAME). The whole backup is checked "
        "first (members, checksums, pg_restore --list, media paths); the dump is restored into a new database, checked against the manifest and "
        "swapped in, the media moved in last, so a bad backup changes nothing. An encrypted backup "
        "(.tar.enc) needs BACKUP_ENCRYPTION_KEY."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a database that already has tables (it is swapped out once the backup is restored and checked).",
        )

    def handle(self, *args, file, force, **options):
        try:
            manifest = backup_restore(path=file, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            _(
                "Restored %(tables)d tables (%(rows)d rows) and %(files)d media files from %(path)s; they match the backup."
            )
            % {
                "tables": len(manifest["row_counts"]),
                "rows": sum(manifest["row_counts"].values()),
                "files": len(manifest["media"]),
                "path": file,
            }
        )
