"""The exhibitor's leads as XLSX, with the one XLSX writer of every export (``expo.xlsx``):
every cell of text a person typed is a string cell, never a formula."""

from django.utils import timezone
from django.utils.translation import gettext as _

from expo import xlsx


def leads_xlsx(*, leads) -> bytes:
    columns = [
        xlsx.XColumn(_("Name")),
        xlsx.XColumn(_("Organization")),
        xlsx.XColumn(_("Country or region")),
        xlsx.XColumn(_("Email")),
        xlsx.XColumn(_("Phone")),
        xlsx.XColumn(_("Rating"), xlsx.INTEGER),
        xlsx.XColumn(_("Note")),
        xlsx.XColumn(_("Scanned at"), xlsx.DATETIME),
    ]
    rows = [
        [
            lead.attendee.name,
            lead.attendee.organization,
            lead.attendee.country.name,
            lead.attendee.email,
            lead.attendee.phone,
            lead.rating,
            lead.note,
            timezone.localtime(lead.created_at).replace(tzinfo=None),
        ]
        for lead in leads
    ]
    book = xlsx.XlsxBook()
    book.table(_("Leads"), columns, rows)
    return book.to_bytes()
