import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from projects.imports import COLUMNS, ImportFailed, import_projects
from projects.models import Project, ProjectChange
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

HEADER = ",".join(COLUMNS)
GOOD_ROWS = [
    "长春氢能产业园项目,contract,1200000000.00,New Energy and Clean Energy,Changchun,Hanbit Energy Co.,KR,,signed,2021-09-23",
    "延边人参精深加工项目,agreement,350000000,绿色食品及农产品加工,yanbian,浙江瑞丰集团,cn,Zhejiang,negotiating,",
    "长春大数据中心项目,contract,0.5,electronic information and advanced technology,Changchun,Lion City Capital,SG,,ready_to_sign,",
]


def csv_file(*rows: str, header: str = HEADER) -> io.BytesIO:
    return io.BytesIO(("\n".join([header, *rows]) + "\n").encode("utf-8"))


def run(source, edition, file_format="csv"):
    return import_projects(rows_source=source, file_format=file_format, edition=edition)


def errors_of(source, edition, file_format="csv"):
    with pytest.raises(ImportFailed) as caught:
        run(source, edition, file_format)
    return [(e.line, e.message) for e in caught.value.errors]


@pytest.fixture
def units(changchun, yanbian):
    return changchun, yanbian


def test_import_creates_every_row_with_its_history(edition13, units, english):
    changchun, yanbian = units

    result = run(csv_file(*GOOD_ROWS), edition13)

    assert (result.rows, result.signed) == (3, 1)
    assert result.summary() == "3 projects imported (1 signed)."
    hydrogen = Project.objects.get(title="长春氢能产业园项目")
    assert (hydrogen.type, hydrogen.investment_yuan, hydrogen.industry, hydrogen.stage) == (
        "contract",
        Decimal("1200000000.00"),
        "new_energy",
        "signed",
    )
    assert (hydrogen.municipality, hydrogen.reporting_unit, hydrogen.partner_country.code) == (
        changchun,
        changchun,
        "KR",
    )
    assert str(hydrogen.signed_on) == "2021-09-23"
    ginseng = Project.objects.get(title="延边人参精深加工项目")
    assert (ginseng.industry, ginseng.municipality, ginseng.partner_country.code, ginseng.partner_province) == (
        "green_food",
        yanbian,
        "CN",
        "Zhejiang",
    )
    assert ProjectChange.objects.filter(project=hydrogen).count() == 3
    assert Project.objects.get(title="长春大数据中心项目").investment_yuan == Decimal("0.50")


def test_import_reads_xlsx_with_numbers_and_dates(edition13, units):
    import datetime

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    sheet.append(
        [
            "长春汽车零部件产业园项目",
            "contract",
            1234567.89,
            "汽车及零部件加工",
            "Changchun",
            "Rhein GmbH",
            "DE",
            None,
            "signed",
            datetime.datetime(2021, 9, 24),
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)

    run(buffer, edition13, "xlsx")

    project = Project.objects.get()
    assert (project.investment_yuan, project.industry, str(project.signed_on)) == (
        Decimal("1234567.89"),
        "automobile",
        "2021-09-24",
    )


BAD_ROWS = [
    (
        "坏行业项目,contract,100,space mining,Changchun,A Co.,KR,,negotiating,",
        "industry “space mining” is not one of the 12 industry fields.",
    ),
    ("负数项目,contract,-5,new materials,Changchun,A Co.,KR,,negotiating,", "The investment cannot be negative."),
    (
        "文字项目,contract,a lot,new materials,Changchun,A Co.,KR,,negotiating,",
        "investment_yuan “a lot” is not a number of yuan; write digits with a dot for decimals, e.g. 1200000000.00, "
        "without thousands separators.",
    ),
    (
        "NaN项目,contract,NaN,new materials,Changchun,A Co.,KR,,negotiating,",
        "investment_yuan “NaN” is not a number of yuan; write digits with a dot for decimals, e.g. 1200000000.00, "
        "without thousands separators.",
    ),
    (
        "无穷项目,contract,Infinity,new materials,Changchun,A Co.,KR,,negotiating,",
        "investment_yuan “Infinity” is not a number of yuan; write digits with a dot for decimals, e.g. 1200000000.00, "
        "without thousands separators.",
    ),
    (
        "厘项目,contract,1.005,new materials,Changchun,A Co.,KR,,negotiating,",
        "investment_yuan 1.005 has more than two decimals (fen).",
    ),
    (
        "国家项目,contract,100,new materials,Changchun,A Co.,XX,,negotiating,",
        "partner_country “XX” is not an ISO 3166 two-letter country code (CN for China).",
    ),
    (
        "无日期项目,contract,100,new materials,Changchun,A Co.,KR,,signed,",
        "Give the signing date of a signed project.",
    ),
    (
        "坏日期项目,contract,100,new materials,Changchun,A Co.,KR,,signed,23/09/2021",
        "signed_on “23/09/2021” is not a date written YYYY-MM-DD.",
    ),
    (
        "城市项目,contract,100,new materials,Harbin,A Co.,KR,,negotiating,",
        "municipality “Harbin” is not a municipality or prefecture of Jilin (one of: Changchun, Yanbian).",
    ),
    ("类型项目,loan,100,new materials,Changchun,A Co.,KR,,negotiating,", "type “loan” is not contract or agreement."),
    (
        "阶段项目,contract,100,new materials,Changchun,A Co.,KR,,planned,",
        "stage “planned” is not negotiating, ready_to_sign, signed or withdrawn.",
    ),
    (
        "省份项目,contract,100,new materials,Changchun,A Co.,CN,,negotiating,",
        "Give the province of a domestic partner.",
    ),
    (
        "外省项目,contract,100,new materials,Changchun,A Co.,KR,Zhejiang,negotiating,",
        "Leave the province empty for a partner outside mainland China.",
    ),
    (",contract,100,new materials,Changchun,A Co.,KR,,negotiating,", "title is required."),
]


@pytest.mark.parametrize(("row", "message"), BAD_ROWS)
def test_import_names_each_bad_row_by_line_and_reason_and_writes_nothing(edition13, units, english, row, message):
    source = csv_file(GOOD_ROWS[0], row, GOOD_ROWS[1])

    assert errors_of(source, edition13) == [(3, message)]
    assert Project.objects.count() == 0
    assert ProjectChange.objects.count() == 0


def test_import_reports_every_bad_row_at_once(edition13, units, english):
    source = csv_file(*(row for row, _message in BAD_ROWS[:4]))

    errors = errors_of(source, edition13)

    assert [line for line, _message in errors] == [2, 3, 4, 5]
    assert Project.objects.count() == 0


def test_import_refuses_a_title_the_edition_has_or_the_file_repeats(edition13, units, english):
    ProjectFactory(edition=edition13, title="长春氢能产业园项目")
    repeated = GOOD_ROWS[1].replace("350000000", "1")

    errors = errors_of(csv_file(GOOD_ROWS[0], GOOD_ROWS[1], repeated), edition13)

    assert errors == [
        (2, "The edition already has a project with this title."),
        (4, "title “延边人参精深加工项目” is also on line 3; a title can appear only once in an edition."),
    ]
    assert Project.objects.count() == 1


def test_import_refuses_a_header_without_the_contract_columns(edition13, units, english):
    errors = errors_of(csv_file(GOOD_ROWS[0], header=HEADER.replace("signed_on", "date")), edition13)

    assert errors == [
        (
            1,
            "the header lacks the columns signed_on. The header row must name these columns: " + HEADER + ".",
        )
    ]


def test_command_imports_and_reports(tmp_path, edition13, units):
    path = tmp_path / "projects.csv"
    path.write_text("\n".join([HEADER, *GOOD_ROWS]), encoding="utf-8")
    out = io.StringIO()

    call_command("import_projects", str(path), "--edition", "13", stdout=out)

    assert Project.objects.filter(edition=edition13).count() == 3


def test_command_exits_non_zero_naming_each_bad_line(tmp_path, edition13, units, english):
    path = tmp_path / "projects.csv"
    path.write_text("\n".join([HEADER, GOOD_ROWS[0], BAD_ROWS[0][0], BAD_ROWS[1][0]]), encoding="utf-8")
    err = io.StringIO()

    with pytest.raises(CommandError, match="The file has 2 problems; nothing was imported."):
        call_command("import_projects", str(path), "--edition", "13", stderr=err)

    assert err.getvalue().splitlines() == [
        "line 3: industry “space mining” is not one of the 12 industry fields.",
        "line 4: The investment cannot be negative.",
    ]
    assert Project.objects.count() == 0


def test_command_exit_status_is_non_zero(tmp_path, edition13, units):
    import subprocess
    import sys

    from tests.helpers import ROOT, clean_env, database_url_of_tests

    path = tmp_path / "projects.csv"
    path.write_text("\n".join([HEADER, BAD_ROWS[0][0]]), encoding="utf-8")
    env = clean_env(
        DATABASE_URL=database_url_of_tests(),
        SECRET_KEY="test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        CELERY_BROKER_URL="memory://",
        HTTPS="false",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "import_projects", str(path), "--edition", "99"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 1
    assert "There is no edition number 99." in result.stderr
