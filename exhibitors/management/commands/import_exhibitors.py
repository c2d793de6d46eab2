from exhibitors.imports import import_exhibitors
from expo.import_command import ImportCommand


class Command(ImportCommand):
    help = (
        "Import exhibitors and their participation in an edition from a CSV (UTF-8) or XLSX file, "
        "all rows or none. Each bad row is printed to stderr with its line number; then nothing is imported."
    )

    def run_import(self, *, rows_source, file_format, edition, by, **options):
        return import_exhibitors(rows_source=rows_source, file_format=file_format, edition=edition, by=by)
