"""Bad input: malformed and hostile values sent to every form and importer.

Every value below is listed once, in ``HOSTILE``; each target gets the ones that fit its
fields. A refused value must give a page (200) with a clear message in the reader's language,
never a 500, and write no row. Text that is hostile but valid (a script tag, SQL
metacharacters, right-to-left marks) may be stored, as typed, and must come back escaped.
"""

import io
import os
import random
import re
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from PIL import Image

from tests.security.conftest import rolled_back_demo

# The hostile values, in one place -------------------------------------------------------

PNG_HEADER = b"\x89PNG\r\n\x1a\n"
HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"
LIMIT = 4096  # the upload limits during these tests (bytes)


def _png(size: tuple[int, int] = (4, 4), noise: bool = False) -> bytes:
    image = Image.new("RGB", size, "red")
    if noise:
        rng = random.Random(9)
        image.putdata([(rng.randrange(256), rng.randrange(256), rng.randrange(256)) for _ in range(size[0] * size[1])])
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


HOSTILE = {
    "text": {
        "over_long": "长" * 5000,
        "nul_byte": "Jilin\x00Trade",
        "zero_width_only": "\u200b\u200c\u200d\u2060\ufeff",
    },
    # hostile but valid text: stored as typed, shown escaped
    "storable_text": {
        "script_tag": "<script>alert('expo')</script>",
        "sql_metacharacters": "Robert'); DROP TABLE projects_project;--",
        "right_to_left": "\u202eCompany\u202c Ltd",
        "zero_width_inside": "Jilin\u200bTrade",
    },
    "amount": {
        "negative": "-1",
        "nan": "NaN",
        "infinity": "Infinity",
        "minus_infinity": "-Infinity",
        "exponent_overflow": "1e400",
        "over_precise": "100.001",
        "too_many_digits": "9" * 40,
        "words": "一亿元",
    },
    "percent": {
        "negative": "-1",
        "over_100": "101",
        "nan": "NaN",
        "infinity": "Infinity",
        "fraction": "50.5",
        "too_many_digits": "9" * 40,
    },
    "date": {
        "before_the_edition": "1900-01-01",
        "after_the_edition": "2999-12-31",
        "impossible": "2021-02-30",
        "words": "next Tuesday",
    },
    "file": {
        "wrong_type": ("tool.exe", b"MZ\x90\x00" + b"\x00" * 60),
        "html_named_png": ("photo.png", HTML),
        "png_header_then_html": ("photo.png", PNG_HEADER + HTML),
        "oversize": ("big.png", _png((64, 64), noise=True)),
        "empty": ("nothing.png", b""),
    },
}
HOSTILE_COUNT = sum(len(values) for values in HOSTILE.values())


def cases(*groups: str):
    return [pytest.param(group, name, id=f"{group}-{name}") for group in groups for name in HOSTILE[group]]


def value(group: str, name: str):
    found = HOSTILE[group][name]
    if group == "file":
        filename, content = found
        return SimpleUploadedFile(filename, content, content_type="image/png")
    return found


def test_the_list_of_hostile_values():
    assert len(_png((64, 64), noise=True)) > LIMIT  # the oversize file is over the limits
    assert HOSTILE_COUNT == 30
    print(f"\nbad input: {HOSTILE_COUNT} hostile values")


# The data: the light demo once per module, with small upload limits -------------------------


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker, tmp_path_factory):
    with rolled_back_demo(django_db_blocker, media_root=tmp_path_factory.mktemp("media")):
        yield


@pytest.fixture
def site(demo_data, db, settings, monkeypatch):
    from expo.forms import ImportFileForm

    settings.EXHIBITORS_MAX_IMAGE_BYTES = LIMIT
    settings.COMMITTEE_MAX_ATTACHMENT_BYTES = LIMIT
    monkeypatch.setattr(ImportFileForm, "MAX_BYTES", LIMIT)


def login(client, username: str):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username=username))


def rows(*models) -> tuple[int, ...]:
    return tuple(model.objects.count() for model in models)


def refused(response) -> str:
    """The messages of a page that refused the input: a 200 with form errors (or an error
    message) on it, or the 400 of a NUL character (expo.security), never a 500 or a redirect."""
    if response.status_code == 400:
        text = response.content.decode()
        assert any(mark in text for mark in ("null character", "空字符")), text
        return text
    assert response.status_code == 200, response.status_code
    form = (response.context or {}).get("form") if response.context else None
    if form is not None and form.errors:
        return " ".join(str(e) for errors in form.errors.values() for e in errors)
    failure = (response.context or {}).get("failure") if response.context else None
    if failure is not None:
        return " ".join([failure.message, *(str(e) for e in failure.errors)])
    text = response.content.decode()
    assert any(mark in text for mark in ("field--error", "form-errors", 'class="errorlist')), text[-3000:]
    return text


# Department portal: cooperation projects ---------------------------------------------------


@pytest.fixture
def open_window(site, settings):
    """The current edition a few days ahead, with the portal's registration window open."""
    import datetime

    from django.utils import timezone

    from expo.models import Edition

    today = timezone.localdate()
    edition = Edition.objects.get(is_current=True)
    edition.year, edition.start_date = today.year, today + datetime.timedelta(days=10)
    edition.end_date = edition.start_date + datetime.timedelta(days=4)
    edition.save()
    settings.PROJECTS_REGISTRATION_WINDOW = ((1, 1), (12, 31))
    return edition


def project_post(**changes) -> dict:
    from expo.models import MemberUnit

    data = {
        "title": "矩阵测试项目",
        "type": "contract",
        "investment_yuan": "1200000000.00",
        "industry": "new_energy",
        "municipality": MemberUnit.objects.get(code="changchun").pk,
        "partner_name": "Hanbit Energy Co.",
        "partner_country": "KR",
        "partner_province": "",
        "stage": "negotiating",
        "signed_on": "",
        "signing_ceremony": "",
    }
    return {**data, **changes}


@pytest.mark.parametrize(("group", "name"), cases("text"))
@pytest.mark.parametrize("field", ["title", "partner_name"])
def test_project_form_refuses_bad_text(client, open_window, field, group, name):
    from projects.models import Project

    login(client, "commerce")
    before = rows(Project)
    response = client.post(reverse("portal_projects:create"), project_post(**{field: value(group, name)}))
    refused(response)
    assert rows(Project) == before


@pytest.mark.parametrize(("group", "name"), cases("amount"))
def test_project_form_refuses_bad_amounts(client, open_window, group, name):
    from projects.models import Project

    login(client, "commerce")
    before = rows(Project)
    response = client.post(reverse("portal_projects:create"), project_post(investment_yuan=value(group, name)))
    refused(response)
    assert rows(Project) == before


@pytest.mark.parametrize(("group", "name"), cases("date"))
def test_project_form_refuses_bad_signing_dates(client, open_window, group, name):
    from projects.models import Project

    login(client, "commerce")
    before = rows(Project)
    response = client.post(
        reverse("portal_projects:create"), project_post(stage="signed", signed_on=value(group, name))
    )
    refused(response)
    assert rows(Project) == before


@pytest.mark.parametrize(
    ("language", "message"),
    [("zh-hans", "输入一个数字。"), ("en", "Enter a number.")],
)
def test_project_form_says_why_in_the_readers_language(client, open_window, language, message):
    login(client, "commerce")
    client.cookies["django_language"] = language
    response = client.post(
        reverse("portal_projects:create"), project_post(investment_yuan="NaN"), HTTP_ACCEPT_LANGUAGE=language
    )
    assert message in refused(response)


@pytest.mark.parametrize(("group", "name"), cases("storable_text"))
def test_project_form_stores_hostile_text_as_typed_and_shows_it_escaped(client, open_window, group, name):
    from projects.models import Project

    login(client, "commerce")
    text = value(group, name)
    response = client.post(reverse("portal_projects:create"), project_post(title=f"项目 {text}"))
    assert response.status_code == 302
    project = Project.objects.get(title=f"项目 {text}")
    page = client.get(reverse("portal_projects:detail", args=[project.pk])).content.decode()
    assert "<script>alert('expo')</script>" not in page
    if name == "script_tag":
        assert "&lt;script&gt;" in page


# Department portal: progress reports with attachments ---------------------------------------


@pytest.fixture
def commerce_item(site):
    from expo.models import Edition, MemberUnit
    from tests.committee.factories import WorkItemFactory

    unit = MemberUnit.objects.get(code="commerce")
    return WorkItemFactory(edition=Edition.objects.get(is_current=True), lead_unit=unit, code="98.1")


def report_post(**changes) -> dict:
    return {"narrative": "按计划推进", "percent": "50", "problems": "", "action": "save", **changes}


@pytest.mark.parametrize(("group", "name"), [*cases("percent"), *cases("text"), *cases("file")])
def test_progress_report_form_refuses_bad_input(client, commerce_item, group, name):
    from expo.models import ProgressReport, ReportAttachment

    login(client, "commerce")
    field = {"percent": "percent", "text": "narrative", "file": "attachment"}[group]
    if group == "text" and name != "over_long":
        field = "narrative"
    before = rows(ProgressReport, ReportAttachment)
    response = client.post(
        reverse("portal:committee_report_write", args=[commerce_item.pk]), report_post(**{field: value(group, name)})
    )
    if group == "text" and name == "over_long":
        # a long narrative is what some units write: it is kept, in full
        assert response.status_code == 302
        assert ProgressReport.objects.get(work_item=commerce_item).narrative == value(group, name)
        return
    refused(response)
    assert rows(ProgressReport, ReportAttachment) == before


# Exhibitor portal -----------------------------------------------------------------------


def exhibit_post(**changes) -> dict:
    from exhibitors.models import Pavilion

    pavilion = Pavilion.objects.filter(edition__is_current=True, mode__in=("online", "both")).order_by("pk").first()
    return {"pavilion": pavilion.pk, "name": "智能装备", "category": "Machinery", "description": "", **changes}


@pytest.mark.parametrize(("group", "name"), [*cases("text"), *cases("file")])
def test_exhibit_form_refuses_bad_input(client, site, group, name):
    from exhibitors.models import Exhibit

    login(client, "exhibitor1")
    field = "image" if group == "file" else "name"
    before = rows(Exhibit)
    response = client.post(reverse("exhibitor:exhibit_create"), exhibit_post(**{field: value(group, name)}))
    refused(response)
    assert rows(Exhibit) == before


def profile_post(exhibitor, **changes) -> dict:
    from exhibitors.portal_forms import COMPANY_FIELDS

    data = {name: getattr(exhibitor, name) or "" for name in COMPANY_FIELDS}
    data["country"] = str(exhibitor.country)
    return {**data, **changes}


@pytest.mark.parametrize(("group", "name"), [*cases("text"), *cases("file")])
def test_exhibitor_profile_refuses_bad_input(client, site, group, name):
    from exhibitors.models import Exhibitor

    login(client, "exhibitor1")
    exhibitor = Exhibitor.objects.get(members__user__username="exhibitor1")
    field = "logo" if group == "file" else "name"
    before = Exhibitor.objects.filter(pk=exhibitor.pk).values().get()
    response = client.post(reverse("exhibitor:profile"), profile_post(exhibitor, **{field: value(group, name)}))
    refused(response)
    assert Exhibitor.objects.filter(pk=exhibitor.pk).values().get() == before


def signup_post(**changes) -> dict:
    return {
        "kind": "enterprise",
        "name": "吉林矩阵科技有限公司",
        "name_en": "Jilin Matrix Technology Co., Ltd.",
        "country": "CN",
        "province": "Jilin",
        "city": "Changchun",
        "industry": "electronics",
        "contact_name": "张伟",
        "contact_phone": "+86 431 8888 0000",
        "contact_email": "contact@matrix.example.org",
        "website": "",
        "description": "",
        "username": "matrix-signup",
        "first_name": "伟",
        "last_name": "张",
        "email": "zhang@matrix.example.org",
        "password1": "a-long-Pass-phrase-2026",
        "password2": "a-long-Pass-phrase-2026",
        **changes,
    }


@pytest.mark.parametrize(("group", "name"), cases("text", "storable_text"))
@pytest.mark.parametrize("field", ["username", "email"])
def test_exhibitor_signup_refuses_bad_account_fields(client, site, field, group, name):
    from django.contrib.auth import get_user_model

    from exhibitors.models import Exhibitor

    before = rows(get_user_model(), Exhibitor)
    response = client.post(reverse("exhibitor:signup"), signup_post(**{field: value(group, name)}))
    refused(response)
    assert rows(get_user_model(), Exhibitor) == before


@pytest.mark.parametrize(("group", "name"), cases("text"))
@pytest.mark.parametrize("field", ["name", "contact_name"])
def test_exhibitor_signup_refuses_bad_company_fields(client, site, field, group, name):
    from django.contrib.auth import get_user_model

    from exhibitors.models import Exhibitor

    before = rows(get_user_model(), Exhibitor)
    response = client.post(reverse("exhibitor:signup"), signup_post(**{field: value(group, name)}))
    refused(response)
    assert rows(get_user_model(), Exhibitor) == before


def test_booth_hold_of_a_booth_that_is_not_there_is_404(client, site):
    from exhibitors.models import BoothApplication

    login(client, "exhibitor1")
    before = rows(BoothApplication)
    for pk in ("999999999", "2147483648"):
        assert client.post(f"/exhibitor/booths/{pk}/hold/").status_code == 404
    assert rows(BoothApplication) == before


# Public registration --------------------------------------------------------------------


def registration_post(**changes) -> dict:
    return {
        "name": "Kim Min-jun",
        "organization": "Hanbit Trading",
        "email": "kim@hanbit.example.org",
        "country": "KR",
        "kind": "merchant",
        "industry": "",
        "phone": "",
        **changes,
    }


@pytest.mark.parametrize(
    ("field", "group", "name"),
    [
        pytest.param(field, group, name, id=f"{field}-{group}-{name}")
        for field in ("name", "organization", "email", "phone")
        for group, name in (("text", n) for n in HOSTILE["text"])
        # an optional field: see test_a_value_of_only_invisible_characters_is_empty
        if (field, name) != ("phone", "zero_width_only")
    ],
)
def test_registration_refuses_bad_input(client, site, field, group, name):
    from events.models import Attendee

    before = rows(Attendee)
    response = client.post(reverse("programme:register"), registration_post(**{field: value(group, name)}))
    refused(response)
    assert rows(Attendee) == before


def test_a_value_of_only_invisible_characters_is_empty(client, site):
    """Regression: a value of only zero-width characters passed for a name; now the forms cut
    them like spaces, so a required field refuses it and an optional one stores nothing."""
    from events.models import Attendee
    from exhibitors.models import Exhibitor

    invisible = HOSTILE["text"]["zero_width_only"]
    response = client.post(reverse("programme:register"), registration_post(phone=invisible, name=" Kim\u200b "))
    assert response.status_code == 302
    attendee = Attendee.objects.get(email="kim@hanbit.example.org")
    assert (attendee.name, attendee.phone) == ("Kim", "")
    client.logout()
    response = client.post(reverse("exhibitor:signup"), signup_post(city=invisible))
    assert response.status_code == 302
    assert Exhibitor.objects.get(name="吉林矩阵科技有限公司").city == ""


@pytest.mark.parametrize("field", ["country", "kind", "industry"])
def test_registration_refuses_choices_it_does_not_offer(client, site, field):
    from events.models import Attendee

    before = rows(Attendee)
    response = client.post(reverse("programme:register"), registration_post(**{field: "'; DROP TABLE x;--"}))
    refused(response)
    assert rows(Attendee) == before


# Organizers: check-in desk, protocol desk ---------------------------------------------------


@pytest.mark.parametrize(("group", "name"), cases("text", "storable_text"))
def test_check_in_refuses_bad_codes(client, site, group, name):
    from events.models import CheckIn

    login(client, "protocol")
    before = rows(CheckIn)
    response = client.post(reverse("attendance:check_in"), {"code": value(group, name)})
    assert response.status_code == (400 if "\x00" in value(group, name) else 200)
    assert rows(CheckIn) == before


@pytest.mark.parametrize(("group", "name"), cases("date", "amount"))
def test_protocol_desk_takes_any_day_and_edition(client, site, group, name):
    login(client, "protocol")
    bad = value(group, name)
    for query in ({"day": bad}, {"edition": bad}, {"day": bad, "edition": bad}):
        assert client.get(reverse("protocol:desk"), query).status_code in (200, 404)
        assert client.get(reverse("protocol:export"), query).status_code in (200, 404)


# Importers: the admin pages and the management commands --------------------------------------

PROJECT_ROW = {
    "title": "长春氢能产业园项目",
    "type": "contract",
    "investment_yuan": "1200000000.00",
    "industry": "New Energy and Clean Energy",
    "municipality": "Changchun",
    "partner_name": "Hanbit Energy Co.",
    "partner_country": "KR",
    "partner_province": "",
    "stage": "signed",
    "signed_on": "2021-09-23",
}
DELEGATE_ROW = {
    "origin_kind": "foreign",
    "origin": "RU",
    "name_original": "Алексей Орлов",
    "name_latin": "Aleksey Orlov",
    "title": "Deputy Minister",
    "organization": "Ministry of Economic Development",
    "gender": "male",
    "languages": "Russian",
    "rank": "4",
    "head": "yes",
    "attended": "yes",
    "passport_number": "75 1234567",
    "date_of_birth": "1966-04-02",
    "phone": "+7 495 123 45 67",
}
ATTENDEE_ROW = {
    "name": "Kim Min-jun",
    "organization": "Hanbit Trading",
    "country": "KR",
    "industry": "",
    "email": "kim@hanbit.example.org",
    "phone": "",
    "invited_by": "",
}
EXHIBITOR_ROW = {
    "name": "吉林矩阵科技有限公司",
    "name_en": "Jilin Matrix Technology Co., Ltd.",
    "kind": "enterprise",
    "country": "CN",
    "province": "Jilin",
    "city": "Changchun",
    "industry": "electronics",
    "contact_name": "张伟",
    "contact_phone": "+86 431 8888 0000",
    "contact_email": "contact@matrix.example.org",
    "website": "",
    "mode": "online",
    "pavilion": "",
}


def _importers():
    from delegations.models import Delegate
    from events.models import Attendee
    from exhibitors.models import Exhibitor
    from projects.models import Project

    # command, extra options, good row, the columns that get hostile text, an amount, a date; model
    return {
        "projects": (
            "import_projects",
            {},
            PROJECT_ROW,
            ("title", "partner_name"),
            "investment_yuan",
            "signed_on",
            Project,
        ),
        "delegates": (
            "import_delegates",
            {},
            DELEGATE_ROW,
            ("name_latin", "organization"),
            "rank",
            "date_of_birth",
            Delegate,
        ),
        "attendees": (
            "import_attendees",
            {"kind": "merchant"},
            ATTENDEE_ROW,
            ("name", "organization"),
            None,
            None,
            Attendee,
        ),
        "exhibitors": ("import_exhibitors", {}, EXHIBITOR_ROW, ("name", "contact_name"), None, None, Exhibitor),
    }


def _table(row: dict, file_format: str) -> bytes:
    if file_format == "csv":
        out = io.StringIO()
        import csv

        writer = csv.writer(out)
        writer.writerow(row.keys())
        writer.writerow(row.values())
        return out.getvalue().encode("utf-8")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(row.keys()))
    sheet.append(list(row.values()))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _import_cases():
    found = []
    for importer, (_command, _options, _good, _texts, amount, date, _model) in _importers().items():
        for group in ("text", "amount", "date"):
            if (group == "amount" and amount is None) or (group == "date" and date is None):
                continue
            for name in HOSTILE[group]:
                if group == "text" and name == "nul_byte":
                    continue  # checked separately: a NUL cannot be written into an XLSX cell
                if importer == "delegates" and name == "before_the_edition":
                    continue  # a date of birth: any past date will do
                found.append(pytest.param(importer, group, name, id=f"{importer}-{group}-{name}"))
    return found


@pytest.mark.parametrize(("importer", "group", "name"), _import_cases())
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_import_commands_refuse_bad_rows_and_write_nothing(site, tmp_path, importer, group, name, file_format):
    command, options, good, texts, amount, date, model = _importers()[importer]
    columns = {"text": texts, "amount": (amount,), "date": (date,)}[group]
    bad = value(group, name)
    row = {**good, **dict.fromkeys(columns, bad)}
    if group == "text" and name == "zero_width_only" and importer in ("delegates",):
        row = {**row, "name_original": bad}
    path = tmp_path / f"bad.{file_format}"
    path.write_bytes(_table(row, file_format))
    before = rows(model)
    with pytest.raises(CommandError):
        call_command(command, str(path), edition=13, stdout=io.StringIO(), stderr=io.StringIO(), **options)
    assert rows(model) == before


@pytest.mark.parametrize("importer", ["projects", "delegates", "attendees", "exhibitors"])
def test_import_commands_refuse_a_nul_byte(site, tmp_path, importer):
    command, options, good, texts, *_, model = _importers()[importer]
    path = tmp_path / "nul.csv"
    path.write_bytes(_table({**good, texts[0]: HOSTILE["text"]["nul_byte"]}, "csv"))
    before = rows(model)
    with pytest.raises(CommandError):
        call_command(command, str(path), edition=13, stdout=io.StringIO(), stderr=io.StringIO(), **options)
    assert rows(model) == before


@pytest.mark.parametrize("importer", ["projects", "delegates", "attendees", "exhibitors"])
@pytest.mark.parametrize(
    ("filename", "content"),
    [
        pytest.param("rows.png", PNG_HEADER + HTML, id="png-header-then-html"),
        pytest.param("rows.xlsx", PNG_HEADER + HTML, id="png-named-xlsx"),
        pytest.param("rows.csv", PNG_HEADER + HTML, id="png-named-csv"),
        pytest.param("rows.xlsx", b"PK\x03\x04" + b"\x00" * 200, id="broken-zip"),
        pytest.param("rows.csv", b"", id="empty"),
    ],
)
def test_import_commands_refuse_files_that_are_not_tables(site, tmp_path, importer, filename, content):
    command, options, *_, model = _importers()[importer]
    path = tmp_path / filename
    path.write_bytes(content)
    before = rows(model)
    with pytest.raises(CommandError):
        call_command(command, str(path), edition=13, stdout=io.StringIO(), stderr=io.StringIO(), **options)
    assert rows(model) == before


ADMIN_IMPORTS = {
    "projects": "admin:projects_project_import",
    "delegates": "admin:delegations_delegate_import",
    "exhibitors": "admin:exhibitors_exhibitor_import",
}


@pytest.mark.parametrize("importer", list(ADMIN_IMPORTS))
@pytest.mark.parametrize(
    ("filename", "content"),
    [
        pytest.param("rows.exe", b"MZ\x90\x00", id="wrong-type"),
        pytest.param("rows.csv", PNG_HEADER + HTML, id="png-header-then-html"),
        pytest.param("rows.xlsx", HTML, id="html-named-xlsx"),
        pytest.param("rows.csv", b"x" * (LIMIT + 1), id="oversize"),
        pytest.param("rows.csv", "\u202etitle,\u200b\n<script>,'--\n".encode(), id="hostile-header"),
    ],
)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_admin_import_pages_refuse_bad_files(client, site, importer, filename, content, language):
    from expo.models import Edition

    _command, _options, *_, model = _importers()[importer]
    login(client, "organizer")
    client.cookies["django_language"] = language
    before = rows(model)
    response = client.post(
        reverse(ADMIN_IMPORTS[importer]),
        {"file": SimpleUploadedFile(filename, content), "edition": Edition.objects.get(is_current=True).pk},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    message = refused(response)
    assert rows(model) == before
    assert _chinese(message) == (language == "zh-hans"), message


def _chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_hostile_file_names_do_not_reach_the_disk(client, commerce_item):
    """A report attachment named with a path and markup is stored under a random name."""
    from expo.models import ReportAttachment

    login(client, "commerce")
    upload = SimpleUploadedFile("../../<script>x</script>\u202egnp.png", _png(), content_type="image/png")
    response = client.post(
        reverse("portal:committee_report_write", args=[commerce_item.pk]), report_post(attachment=upload)
    )
    assert response.status_code == 302
    attachment = ReportAttachment.objects.get(report__work_item=commerce_item)
    assert ".." not in attachment.file.name
    assert "<" not in attachment.file.name
    assert "\u202e" not in attachment.file.name
    assert Path(attachment.file.path).is_file()
    os.remove(attachment.file.path)


def test_admin_project_import_of_a_huge_amount_is_a_message_not_a_500(client, site):
    """Regression: 1e400 and 40-digit amounts made Decimal.quantize raise InvalidOperation."""
    from expo.models import Edition
    from projects.models import Project

    login(client, "organizer")
    client.cookies["django_language"] = "en"
    before = rows(Project)
    upload = SimpleUploadedFile("rows.csv", _table({**PROJECT_ROW, "investment_yuan": "1e400"}, "csv"))
    response = client.post(
        reverse(ADMIN_IMPORTS["projects"]), {"file": upload, "edition": Edition.objects.get(is_current=True).pk}
    )
    assert "line 2: investment_yuan 1e400 is too large." in refused(response)
    assert rows(Project) == before


@pytest.mark.parametrize(
    ("method", "url"),
    [("get", "/programme/my/%00/"), ("post", "/programme/my/A%00B/cancel/1/"), ("get", "/programme/my/%3Cscript%3E/")],
)
def test_a_registration_link_with_a_nul_or_markup_is_404(client, site, method, url):
    """Regression: on PostgreSQL a NUL in the code reached the query and made a 500."""
    assert getattr(client, method)(url).status_code == (400 if "%00" in url else 404)


# Hostile files: built to hold a worker or exhaust its memory (issue 15) ---------------------
#
# Each is built by writing the zip members (or the CSV lines) directly, so the test files are
# small and fast; a limit is lowered where really reaching the default would cost gigabytes.

CONTENT_TYPES_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    b'<Override PartName="/xl/sharedStrings.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    b"</Types>"
)
PACKAGE_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Target="xl/workbook.xml" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    b"</Relationships>"
)
WORKBOOK_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    b'<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
    b'<Relationship Id="rId2" Target="sharedStrings.xml" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
    b"</Relationships>"
)
SHEET_NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _inline_row(line: int, values) -> bytes:
    cells = b"".join(
        f'<c r="{get_column_letter(n)}{line}" t="inlineStr"><is><t>{escape(str(v))}</t></is></c>'.encode()
        for n, v in enumerate(values, start=1)
    )
    return f'<row r="{line}">'.encode() + cells + b"</row>"


def _sheet(row: dict, *, dimension: str = "", rows: bytes = b"", shared_cell: bool = False) -> bytes:
    """A sheet with ``row``'s header and values, then ``rows`` (XML written as given)."""
    head = f'<dimension ref="{dimension}"/>'.encode() if dimension else b""
    values = _inline_row(1, row.keys()) + _inline_row(2, row.values())
    if shared_cell:  # the first cell of the values' row holds shared string 0
        values = _inline_row(1, row.keys()) + b'<row r="2"><c r="A2" t="s"><v>0</v></c></row>'
    return b"<worksheet " + SHEET_NS + b">" + head + b"<sheetData>" + values + rows + b"</sheetData></worksheet>"


def _xlsx(sheet: bytes, *, shared: bytes = b"", extra: int = 0) -> bytes:
    """A workbook written member by member: the sheet as given, the shared strings (each
    ``<si>``) if any, and ``extra`` empty parts more."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES_XML)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK_XML)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        archive.writestr("xl/sharedStrings.xml", b"<sst " + SHEET_NS + b">" + shared + b"</sst>")
        for n in range(extra):
            archive.writestr(f"xl/custom/part{n}.xml", b"")
    return buffer.getvalue()


def _empty_rows(first: int, count: int) -> bytes:
    return b"".join(b'<row r="%d"/>' % n for n in range(first, first + count))


HOSTILE_FILES = {
    # name: (file name, builder(good row) -> bytes, settings to lower, English message)
    "xlsx-2-million-empty-rows": (
        "rows.xlsx",
        lambda row: _xlsx(_sheet(row, rows=b"<row/>" * 2_000_000)),
        {},
        re.compile(
            r"The file is packed \d{3,4} to 1, more than any office program packs \(at most 100 to 1\): "
            r"it looks built to exhaust the server and is not opened\."
        ),
    ),
    "xlsx-2-million-empty-rows-allowed-any-packing": (
        "rows.xlsx",
        lambda row: _xlsx(_sheet(row, rows=b"<row/>" * 2_000_000)),
        {"IMPORT_XLSX_MAX_RATIO": 100_000},
        "The workbook holds 2000002 rows; at most 300000 rows can be imported.",
    ),
    "xlsx-a-row-2-million-lines-below": (
        "rows.xlsx",
        lambda row: _xlsx(_sheet(row, rows=_inline_row(2_000_000, row.values()))),
        {},
        "line 1003: more than 1000 empty rows follow one another here. "
        "Remove the empty rows and import the file again.",
    ),
    "xlsx-declares-2-million-rows": (
        "rows.xlsx",
        lambda row: _xlsx(_sheet(row, dimension="A1:N2000000")),
        {},
        "The sheet declares 2000000 rows and 14 columns; at most 300000 rows and 100 columns can be imported.",
    ),
    "xlsx-a-huge-shared-string": (
        "rows.xlsx",
        lambda row: _xlsx(_sheet(row, shared_cell=True), shared=b"<si><t>" + b"A" * 20_000 + b"</t></si>"),
        {"IMPORT_MAX_CELL_CHARS": 1000},
        "The workbook holds a value longer than a cell may be: at most 1000 characters are allowed.",
    ),
    "xlsx-a-long-cell": (
        "rows.xlsx",
        lambda row: _xlsx(_sheet({**row, next(iter(row)): "长" * 1500})),
        {"IMPORT_MAX_CELL_CHARS": 1000},
        "line 2: a cell holds 1500 characters; at most 1000 are allowed in a cell.",
    ),
    "xlsx-shared-strings-declared-big": (
        "rows.xlsx",
        lambda row: _xlsx(_sheet(row), shared=b"<si><t>x</t></si>" * 2000),
        {"IMPORT_XLSX_MAX_SHARED_STRINGS_BYTES": 10_000},
        re.compile(r"The file's part xl/sharedStrings.xml unpacks to 3\d\.\d\xa0KB; the limit is 9.8\xa0KB\."),
    ),
    "xlsx-zip-bomb": (
        "rows.xlsx",
        lambda row: _xlsx(_sheet(row, rows=b" " * 20_000_000)),
        {},
        re.compile(
            r"The file is packed \d{3,4} to 1, more than any office program packs \(at most 100 to 1\): "
            r"it looks built to exhaust the server and is not opened\."
        ),
    ),
    "xlsx-unpacks-too-big": (
        "rows.xlsx",
        lambda row: _xlsx(_sheet(row, rows=_empty_rows(3, 50_000))),
        {"IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES": 100_000},
        re.compile(r"The file unpacks to \d{3}\.\d\xa0KB; the limit is 97.7\xa0KB\. Split it into smaller files\."),
    ),
    "xlsx-too-many-parts": (
        "rows.xlsx",
        lambda row: _xlsx(_sheet(row), extra=500),
        {},
        "The file holds 506 parts; at most 200 are accepted. Save it again as a new file.",
    ),
    "csv-a-giant-field": (
        "rows.csv",
        lambda row: _table({**row, next(iter(row)): "A" * 200_000}, "csv"),
        {},
        "line 2: a cell holds more than 10000 characters; at most 10000 are allowed in a cell.",
    ),
    "csv-a-giant-line": (
        "rows.csv",
        lambda row: _table(row, "csv") + b"A" * 3 * 1024 * 1024,
        {},
        "line 3: the line is longer than 1.0\xa0MB; a line of a CSV file may be at most that long.",
    ),
    "csv-many-blank-lines": (
        "rows.csv",
        lambda row: _table(row, "csv") + b"\n" * 2_000_000 + _table(row, "csv"),
        {},
        "line 1003: more than 1000 empty rows follow one another here. "
        "Remove the empty rows and import the file again.",
    ),
    "csv-blank-lines-here-and-there": (
        "rows.csv",
        lambda row: _table(row, "csv") + (b",\n" * 900 + b"x\n") * 12,
        {},
        "line 10014: the file has more than 10000 empty rows. Remove the empty rows and import the file again.",
    ),
    "csv-too-many-rows": (
        "rows.csv",
        lambda row: _table(row, "csv") + b"x\n" * 300,
        {"IMPORT_MAX_ROWS": 200},
        "The file has more than 200 rows. Split it into smaller files.",
    ),
}


@pytest.fixture
def writable_edition(site):
    from tests.factories import EditionFactory

    return EditionFactory()


@pytest.fixture(scope="module")
def hostile_file_contents():
    """Each hostile file, built once for each importer's good row."""
    return {}


def _hostile(hostile_file_contents, case: str, importer: str) -> tuple[str, bytes, dict, str]:
    filename, build, lowered, message = HOSTILE_FILES[case]
    good = _importers()[importer][2]
    key = (case, importer)
    if key not in hostile_file_contents:
        hostile_file_contents[key] = build(good)
    return filename, hostile_file_contents[key], lowered, message


@pytest.mark.parametrize("importer", ["projects", "delegates", "attendees", "exhibitors"])
@pytest.mark.parametrize("case", list(HOSTILE_FILES))
def test_import_commands_refuse_hostile_files_fast_with_a_message(
    writable_edition, settings, tmp_path, hostile_file_contents, case, importer, english
):
    command, options, *_, model = _importers()[importer]
    filename, content, lowered, message = _hostile(hostile_file_contents, case, importer)
    for name, limit in lowered.items():
        setattr(settings, name, limit)
    path = tmp_path / filename
    path.write_bytes(content)
    assert len(content) < (300_000 if filename.endswith(".xlsx") else 7_000_000)  # a small workbook
    before = rows(model)
    stderr = io.StringIO()

    started = time.monotonic()
    with pytest.raises(CommandError) as refusal:
        call_command(
            command, str(path), edition=writable_edition.number, stdout=io.StringIO(), stderr=stderr, **options
        )
    took = time.monotonic() - started

    assert str(refusal.value) == "The file has 1 problem; nothing was imported."
    assert _matches(stderr.getvalue(), message, "\n")
    assert rows(model) == before
    assert took < 3, took


@pytest.mark.parametrize("importer", list(ADMIN_IMPORTS))
@pytest.mark.parametrize("case", list(HOSTILE_FILES))
def test_admin_import_pages_refuse_hostile_files_fast_with_a_message(
    client, writable_edition, settings, hostile_file_contents, monkeypatch, case, importer
):
    """Through the page: a small file is refused while the page waits, a larger one by the
    worker of its import run (expo.import_runs), whose result the page then shows."""
    from expo.forms import ImportFileForm

    *_, model = _importers()[importer]
    filename, content, lowered, message = _hostile(hostile_file_contents, case, importer)
    for name, limit in lowered.items():
        setattr(settings, name, limit)
    monkeypatch.setattr(ImportFileForm, "MAX_BYTES", 10 * 1024 * 1024)
    login(client, "organizer")
    client.cookies["django_language"] = "en"
    before = rows(model)

    started = time.monotonic()
    text = _admin_import(client, ADMIN_IMPORTS[importer], filename, content, writable_edition, "en")
    took = time.monotonic() - started

    assert _matches(text, "The file has 1 problem; nothing was imported. ", message)
    assert rows(model) == before
    assert took < 3, took


def _matches(text: str, *parts) -> bool:
    """``text`` is exactly the parts, each a string or a pattern (for figures that depend on the
    row the file holds, such as a packing ratio)."""
    pattern = "".join(part.pattern if isinstance(part, re.Pattern) else re.escape(part) for part in parts)
    assert re.fullmatch(pattern, text, flags=re.DOTALL), (text, pattern)
    return True


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("csv-many-blank-lines", "此处连续空行超过 1000 行。请删除空行后重新导入。"),
        ("xlsx-too-many-parts", "文件包含 506 个部件，最多接受 200 个。请另存为新文件。"),
        ("xlsx-a-long-cell", "有一个单元格含 1500 个字符，每个单元格最多 1000 个字符。"),
    ],
)
def test_admin_import_page_says_why_a_hostile_file_is_refused_in_chinese(
    client, writable_edition, settings, hostile_file_contents, monkeypatch, case, message
):
    from exhibitors.models import Exhibitor
    from expo.forms import ImportFileForm

    filename, content, lowered, _message = _hostile(hostile_file_contents, case, "exhibitors")
    for name, limit in lowered.items():
        setattr(settings, name, limit)
    monkeypatch.setattr(ImportFileForm, "MAX_BYTES", 10 * 1024 * 1024)
    login(client, "organizer")
    client.cookies["django_language"] = "zh-hans"
    before = rows(Exhibitor)

    text = _admin_import(client, ADMIN_IMPORTS["exhibitors"], filename, content, writable_edition, "zh-hans")

    assert message in text, text
    assert "The file" not in text
    assert rows(Exhibitor) == before


def test_an_office_attachment_that_is_a_zip_bomb_is_refused_with_a_message(site, settings, english):
    from django.core.exceptions import ValidationError

    settings.COMMITTEE_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
    from expo.uploads import REPORT_ATTACHMENT, check_upload

    bomb = SimpleUploadedFile("plan.xlsx", _xlsx(_sheet(PROJECT_ROW, rows=b" " * 20_000_000)))
    assert bomb.size < 100_000

    with pytest.raises(ValidationError) as refusal:
        check_upload(bomb, kind=REPORT_ATTACHMENT)

    assert refusal.value.code == "bad_package"
    assert re.fullmatch(
        r"The file is packed \d{3,4} to 1, more than any office program packs \(at most 100 to 1\): "
        r"it looks built to exhaust the server and is not opened\.",
        refusal.value.messages[0],
    )
    plain = SimpleUploadedFile("plan.xlsx", _xlsx(_sheet(PROJECT_ROW)))
    assert (
        check_upload(plain, kind=REPORT_ATTACHMENT)
        == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def test_a_workbook_written_member_by_member_imports_when_it_is_within_the_limits(writable_edition, tmp_path, english):
    """The control of the hostile files: the same construction, within the limits, imports."""
    from events.models import Attendee

    second = {**ATTENDEE_ROW, "email": "park@hanbit.example.org"}
    path = tmp_path / "rows.xlsx"
    path.write_bytes(_xlsx(_sheet(ATTENDEE_ROW, rows=_empty_rows(3, 900) + _inline_row(903, second.values()))))

    call_command("import_attendees", str(path), edition=writable_edition.number, kind="merchant", stdout=io.StringIO())

    assert sorted(Attendee.objects.filter(edition=writable_edition).values_list("email", flat=True)) == [
        "kim@hanbit.example.org",
        "park@hanbit.example.org",
    ]


def _admin_import(client, url_name: str, filename: str, content: bytes, edition, language: str) -> str:
    """Post a file to an admin import page and return the messages of its refusal: from the
    page itself, or, for a file above IMPORT_INLINE_MAX_BYTES, from its import run once a
    worker (called here as the task would) has run it, checked on the page that follows it."""
    from expo import import_runs
    from expo.models import ImportRun
    from expo.tabular import RowError

    # Inside the test's transaction the run's on-commit callback (the task) never runs: the
    # test is the worker.
    response = client.post(
        reverse(url_name),
        {"file": SimpleUploadedFile(filename, content), "edition": edition.pk},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    if response.status_code != 302 or "?run=" not in response.headers.get("Location", ""):
        return refused(response)
    run_id = int(response.headers["Location"].rsplit("=", 1)[1])
    import_runs.execute(run_id)
    run = ImportRun.objects.get(pk=run_id)
    page = client.get(response.headers["Location"], HTTP_ACCEPT_LANGUAGE=language)
    assert page.status_code == 200
    assert run.status == "failed"
    assert run.summary in page.content.decode()
    assert run.file.name == ""
    return " ".join([run.summary, *(str(RowError(line, message)) for line, message in run.errors)])
