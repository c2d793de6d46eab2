"""The import checks a row with the service's own rules: the same bad project gets the same
message from the import as from project_create; the history is written by the service."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from expo.models import ActivityLog, AuditAction
from projects import imports as project_imports
from projects.enums import ProjectAction
from projects.imports import COLUMNS, ImportFailed, import_projects
from projects.models import Project, ProjectChange
from projects.services import project_create
from tests.factories import UserFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

GOOD = {
    "title": "长春氢能产业园项目",
    "type": "contract",
    "investment_yuan": Decimal("1200000000.00"),
    "industry": "new_energy",
    "partner_name": "Hanbit Energy Co.",
    "partner_country": "KR",
    "partner_province": "",
    "stage": "signed",
    "signed_on": datetime.date(2021, 9, 23),
}


def as_row(values: dict) -> str:
    cells = {
        **values,
        "industry": "New Energy and Clean Energy",
        "municipality": "Changchun",
        "signed_on": values["signed_on"].isoformat() if values["signed_on"] else "",
    }
    return ",".join(str(cells[column]) for column in COLUMNS)


def import_errors(edition, values: dict) -> list[tuple[int, str]]:
    source = io.BytesIO(("\n".join([",".join(COLUMNS), as_row(values)]) + "\n").encode())
    with pytest.raises(ImportFailed) as caught:
        import_projects(rows_source=source, file_format="csv", edition=edition)
    return [(error.line, error.message) for error in caught.value.errors]


def service_errors(edition, municipality, values: dict) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        project_create(edition=edition, reporting_unit=municipality, municipality=municipality, **values)
    return [message for messages in caught.value.message_dict.values() for message in messages]


BAD = {
    "signed without a date": {"signed_on": None},
    "a date but not signed": {"stage": "negotiating"},
    "signed outside the edition's cycle": {"signed_on": datetime.date(2015, 5, 1)},
    "a domestic partner without province": {"partner_country": "CN"},
    "a foreign partner with a province": {"partner_province": "Zhejiang"},
    "a negative investment": {"investment_yuan": Decimal("-5.00")},
}


@pytest.mark.parametrize("change", BAD.values(), ids=BAD.keys())
def test_the_import_and_the_service_refuse_a_bad_project_with_the_same_message(edition13, changchun, english, change):
    values = {**GOOD, **change}

    service = service_errors(edition13, changchun, values)

    assert len(service) == 1
    assert import_errors(edition13, values) == [(2, service[0])]
    assert not Project.objects.exists()


def test_the_import_and_the_service_refuse_a_title_the_edition_has_with_the_same_message(edition13, changchun, english):
    ProjectFactory(edition=edition13, title=GOOD["title"])

    service = service_errors(edition13, changchun, GOOD)

    assert import_errors(edition13, GOOD) == [(2, service[0])]


def test_the_import_writes_the_history_and_the_log_through_the_service(edition13, changchun, monkeypatch):
    clerk = UserFactory()
    calls = []
    helper = project_imports.projects_create_many

    def spy(**kwargs):
        calls.append(kwargs)
        return helper(**kwargs)

    monkeypatch.setattr(project_imports, "projects_create_many", spy)
    source = io.BytesIO(("\n".join([",".join(COLUMNS), as_row(GOOD)]) + "\n").encode())

    import_projects(rows_source=source, file_format="csv", edition=edition13, by=clerk)
    created = project_create(
        edition=edition13, reporting_unit=changchun, municipality=changchun, by=clerk, **{**GOOD, "title": "B"}
    )

    assert [(len(call["projects"]), call["by"]) for call in calls] == [(1, clerk)]
    imported = Project.objects.get(title=GOOD["title"])

    def history(project):
        return sorted(
            ProjectChange.objects.filter(project=project).values_list("field", "old_value", "new_value", "changed_by")
        )

    assert (
        history(imported)
        == history(created)
        == [
            ("investment_yuan", "", "1200000000.00", clerk.pk),
            ("stage", "", "signed", clerk.pk),
            ("type", "", "contract", clerk.pk),
        ]
    )
    logged = ActivityLog.objects.filter(action=ProjectAction.PROJECT_CREATE).order_by("pk")
    assert [(e.object_repr, e.actor_id, e.changes) for e in logged] == [
        (GOOD["title"], clerk.pk, logged[1].changes),
        ("B", clerk.pk, logged[1].changes),
    ]
    assert ActivityLog.objects.get(action=AuditAction.IMPORT).details == {"kind": "projects", "rows": 1, "signed": 1}


def test_the_command_names_the_importer_given_by_by(tmp_path, edition13, changchun):
    clerk = UserFactory(username="investment-office")
    path = tmp_path / "projects.csv"
    path.write_text("\n".join([",".join(COLUMNS), as_row(GOOD)]), encoding="utf-8")

    call_command("import_projects", str(path), "--edition", "13", "--by", "investment-office", stdout=io.StringIO())

    assert set(ProjectChange.objects.values_list("changed_by", flat=True)) == {clerk.pk}
    assert ActivityLog.objects.get(action=AuditAction.IMPORT).actor_id == clerk.pk


def test_the_command_refuses_an_unknown_importer(tmp_path, edition13, changchun):
    path = tmp_path / "projects.csv"
    path.write_text("\n".join([",".join(COLUMNS), as_row(GOOD)]), encoding="utf-8")

    with pytest.raises(CommandError, match="There is no active user 'nobody'."):
        call_command("import_projects", str(path), "--edition", "13", "--by", "nobody")

    assert not Project.objects.exists()
