"""Domain errors: a refusal with a message for the user, in the user's language.

Services raise only these (subclasses of ``DomainError``); views catch only these; one that
no view catches becomes a page (or JSON) with the message and ``status_code``
(``expo.edition_guard.DomainErrorMiddleware``), never a 500.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class DomainError(Exception):
    """A business rule said no; ``message`` says why, already translated.

    ``status_code`` is the HTTP status of the page shown when no view catches it: 409, the
    request conflicts with the state of what it would change."""

    status_code = 409

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


class LockTimeout(DomainError):
    """A row stayed locked by another writer longer than ``settings.LOCK_TIMEOUT_MS``
    (``expo.locking.lock_rows``); nothing was written, trying again later will do."""

    def __init__(self, message: str | None = None):
        super().__init__(message or _("Someone else is changing this right now; please try again."))


class InvalidInput(DomainError):
    """Values a rule refuses, by field: ``errors`` maps a field name (or ``None`` for the
    whole) to its messages; ``message`` joins them. Made from the model's ``full_clean``
    (``from_validation_error``), so a form can show each message at its field."""

    status_code = 400

    def __init__(self, errors: dict | str):
        if isinstance(errors, str):
            errors = {None: [errors]}
        self.errors = {
            field: [str(m) for m in (messages if isinstance(messages, list | tuple) else [messages])]
            for field, messages in errors.items()
        }
        super().__init__(" ".join(m for messages in self.errors.values() for m in messages))

    @classmethod
    def from_validation_error(cls, error: ValidationError) -> "InvalidInput":
        if hasattr(error, "error_dict"):
            return cls(
                {None if field == "__all__" else field: messages for field, messages in error.message_dict.items()}
            )
        return cls({None: list(error.messages)})

    def add_to_form(self, form) -> None:
        """Show each message at its field of ``form`` (at the top for a field it lacks)."""
        for field, messages in self.errors.items():
            for message in messages:
                form.add_error(field if field in form.fields else None, message)
