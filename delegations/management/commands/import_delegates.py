from delegations.imports import COLUMNS, import_delegates
from expo.import_command import ImportCommand


class Command(ImportCommand):
    help = (
        "Import delegates and their delegations into an edition from a CSV (UTF-8) or XLSX file, all rows or none. "
        f"Columns: {','.join(COLUMNS)}. Each bad row is printed to stderr with its line number; then nothing is imported."
    )

    def run_import(self, *, rows_source, file_format, edition, by, **options):
        return import_delegates(rows_source=rows_source, file_format=file_format, edition=edition, by=by)
