from expo.import_command import ImportCommand
from projects.imports import import_projects


class Command(ImportCommand):
    help = (
        "Import the cooperation projects of an edition from a CSV (UTF-8) or XLSX file with the columns "
        "title,type,investment_yuan,industry,municipality,partner_name,partner_country,partner_province,stage,signed_on; "
        "all rows or none. Each bad row is printed to stderr with its line number; then nothing is imported."
    )

    def run_import(self, *, rows_source, file_format, edition, by, **options):
        return import_projects(rows_source=rows_source, file_format=file_format, edition=edition, by=by)
