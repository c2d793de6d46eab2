from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from expo.models import Edition
from projects.imports import ImportFailed, import_format_of, import_projects


class Command(BaseCommand):
    help = (
        "Import the cooperation projects of an edition from a CSV (UTF-8) or XLSX file with the columns "
        "title,type,investment_yuan,industry,municipality,partner_name,partner_country,partner_province,stage,signed_on; "
        "all rows or none. Each bad row is printed to stderr with its line number; then nothing is imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="a .csv or .xlsx file")
        parser.add_argument("--edition", type=int, required=True, help="the edition's number, e.g. 13")

    def handle(self, *args, file: Path, edition: int, **options):
        the_edition = Edition.objects.filter(number=edition).first()
        if the_edition is None:
            raise CommandError(f"There is no edition number {edition}.")
        try:
            file_format = import_format_of(file.name)
            with file.open("rb") as rows_source:
                result = import_projects(rows_source=rows_source, file_format=file_format, edition=the_edition)
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror or exc}") from None
        except ImportFailed as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(exc.message) from None
        self.stdout.write(self.style.SUCCESS(result.summary()))
