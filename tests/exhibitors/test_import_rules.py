"""The exhibitors' import checks the province with the portal's own rule: the same bad
company gets the same message from the import as from the portal's form."""

import pytest

from exhibitors.imports import ImportFailed, import_exhibitors
from exhibitors.models import Exhibitor
from exhibitors.portal_forms import CompanyForm
from tests.exhibitors.test_imports import csv_file, row

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("country", "province"),
    [("CN", ""), ("KR", "Jilin"), ("DE", "Zhejiang")],
    ids=["domestic without province", "foreign with province", "foreign with another province"],
)
def test_the_import_and_the_portal_refuse_a_bad_province_with_the_same_message(edition, english, country, province):
    company = row("Seoul Foods", country=country, province=province)
    form = CompanyForm(data={**company, "industry": "automobile"})

    with pytest.raises(ImportFailed) as failed:
        import_exhibitors(rows_source=csv_file([company]), file_format="csv", edition=edition)

    assert not form.is_valid()
    assert [(e.line, e.message) for e in failed.value.errors] == [(2, form.errors["province"][0])]
    assert not Exhibitor.objects.exists()
