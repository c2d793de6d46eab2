"""Bad input: malformed and hostile values sent to every form and importer.

Every value below is listed once, in ``HOSTILE``; each target gets the ones that fit its
fields. A refused value must give a page (200) with a clear message in the reader's language,
never a 500, and write no row. Text that is hostile but valid (a script tag, SQL
metacharacters, right-to-left marks) may be stored, as typed, and must come back escaped.
"""

import io
import os
import random
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook
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
