import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from events.imports import IMPORTED_KINDS, import_attendees
from expo.models import Edition
from expo.tabular import ImportFailed, import_format_of


class Command(BaseCommand):
    help = (
        "Import the merchants (trade visitors) or online visitors of an edition from a CSV (UTF-8) or XLSX file, "
        "all rows or none. Each bad row is printed to stderr with its line number; then nothing is imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="a .csv or .xlsx file")
        parser.add_argument("--edition", type=int, required=True, help="the edition's number, e.g. 13")
        parser.add_argument("--kind", required=True, choices=[k.value for k in IMPORTED_KINDS])

    def handle(self, *args, file: Path, edition: int, kind: str, **options):
        the_edition = Edition.objects.filter(number=edition).first()
        if the_edition is None:
            raise CommandError(f"There is no edition number {edition}.")
        started = time.monotonic()
        try:
            file_format = import_format_of(file.name)
            with file.open("rb") as rows_source:
                result = import_attendees(
                    rows_source=rows_source, file_format=file_format, edition=the_edition, kind=kind
                )
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror or exc}") from None
        except ImportFailed as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(exc.message) from None
        took = _("Time taken: %(seconds).1f s.") % {"seconds": time.monotonic() - started}
        self.stdout.write(self.style.SUCCESS(f"{result.summary()} {took}"))
