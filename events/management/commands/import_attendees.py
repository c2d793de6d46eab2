from events.imports import IMPORTED_KINDS, import_attendees
from expo.import_command import ImportCommand


class Command(ImportCommand):
    help = (
        "Import the merchants (trade visitors) or online visitors of an edition from a CSV (UTF-8) or XLSX file, "
        "all rows or none. Each bad row is printed to stderr with its line number; then nothing is imported."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--kind", required=True, choices=[k.value for k in IMPORTED_KINDS])

    def run_import(self, *, rows_source, file_format, edition, by, kind, **options):
        return import_attendees(rows_source=rows_source, file_format=file_format, edition=edition, kind=kind, by=by)
