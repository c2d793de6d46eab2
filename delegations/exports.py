"""The delegates of an edition as an XLSX workbook: the protocol office gets the protected
fields in clear (and the export is logged), everybody else gets them masked."""

from django.utils.translation import gettext as _

from delegations import protection
from delegations.enums import AccessAction
from delegations.selectors import delegate_list
from expo import xlsx


def _columns() -> list[xlsx.XColumn]:
    return [
        xlsx.XColumn(label, xlsx.INTEGER if index == RANK_COLUMN else xlsx.TEXT)
        for index, label in enumerate(_labels())
    ]


RANK_COLUMN = 9


def _labels() -> list[str]:
    return [
        _("Origin"),
        _("Delegation"),
        _("Name (Latin letters)"),
        _("Name (original script)"),
        _("Head"),
        _("Title"),
        _("Organization"),
        _("Gender"),
        _("Languages"),
        _("Rank level"),
        _("Rank"),
        _("Attended"),
        _("Invitation"),
        _("Host member unit"),
        _("Passport number"),
        _("Date of birth"),
        _("Phone"),
    ]


def delegates_xlsx(*, edition, user) -> bytes:
    """The workbook of ``edition``'s delegates as ``user`` may see them. Side effect: an
    export of protected data in clear is recorded in ProtectedDataAccess. Names, titles and
    every other text are string cells (the one XLSX writer), never formulas."""
    yes, no = _("yes"), _("no")
    ids, rows = [], []
    for delegate in delegate_list(edition=edition).iterator(chunk_size=1000):
        delegation = delegate.delegation
        ids.append(delegate.pk)
        rows.append(
            [
                delegation.get_origin_kind_display(),
                delegation.origin_name,
                delegate.name_latin,
                delegate.name_original,
                yes if delegate.is_head else no,
                delegate.title,
                delegate.organization,
                delegate.get_gender_display(),
                delegate.languages,
                delegate.rank,
                delegate.get_rank_display(),
                yes if delegate.attended else no,
                delegation.get_status_display(),
                delegation.host_unit.name if delegation.host_unit_id else "",
                *(protection.shown(user, delegate, field) for field in protection.PROTECTED_FIELDS),
            ]
        )
    protection.log_access(
        user=user, action=AccessAction.EXPORT, where=f"delegates.xlsx, edition {edition.number}", delegate_ids=ids
    )
    book = xlsx.XlsxBook()
    book.table(_("Delegates"), _columns(), rows)
    return book.to_bytes()
