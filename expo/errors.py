"""Domain errors: a refusal with a message for the user, in the user's language."""

from django.db import connection
from django.utils.translation import gettext as _


class DomainError(Exception):
    """A business rule said no; ``message`` says why, already translated."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class EditionClosed(DomainError):
    """A write that would change the figures of a closed edition."""

    def __init__(self, edition=None):
        if edition is not None and hasattr(edition, "name"):
            message = _("%(edition)s is closed: its results are final and can no longer be changed.") % {
                "edition": edition.name
            }
        else:
            message = _("This edition is closed: its results are final and can no longer be changed.")
        super().__init__(message)
        self.edition = edition


def set_lock_timeout(milliseconds: int) -> None:
    """Inside a transaction on PostgreSQL: wait at most this long for a row lock, then fail
    (OperationalError) so the caller can answer "busy, try again" instead of hanging."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = '{int(milliseconds)}ms'")
