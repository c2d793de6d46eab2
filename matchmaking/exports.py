"""The exhibitor's leads as XLSX. One small function, so the shared XLSX writer of all
exports can replace it: every cell of text a person typed is written as a string, never a
formula."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell


def _text_cell(sheet, value) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=str(value or ""))
    cell.data_type = "s"  # "=1+1" stays text, not a formula
    return cell


def leads_xlsx(*, leads) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Leads"))
    sheet.freeze_panes = "A2"
    headers = [
        _("Name"),
        _("Organization"),
        _("Country or region"),
        _("Email"),
        _("Phone"),
        _("Rating"),
        _("Note"),
        _("Scanned at"),
    ]
    sheet.append([_text_cell(sheet, h) for h in headers])
    for lead in leads:
        a = lead.attendee
        row = [_text_cell(sheet, v) for v in (a.name, a.organization, a.country.name, a.email, a.phone)]
        row.append(lead.rating)
        row.append(_text_cell(sheet, lead.note))
        row.append(lead.created_at.replace(tzinfo=None))
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
