"""Domain errors: a refusal with a message for the user, in the user's language.

Services raise only these (subclasses of ``DomainError``); views catch only these; one that
no view catches becomes a page (or JSON) with the message and ``status_code``
(``expo.edition_guard.DomainErrorMiddleware``), never a 500.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
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


class InvalidInput(DomainError, ValidationError):
    """Values a rule refuses, by field: ``message_dict`` maps a field name (``"__all__"`` for
    the whole) to its messages, ``message`` joins them. It is a ``ValidationError`` too, so a
    form shows each message at its field (``form.add_error(None, error)``) and callers written
    for ``full_clean`` keep working."""

    status_code = 400

    def __init__(self, errors: dict | str):
        if isinstance(errors, str):
            errors = {NON_FIELD_ERRORS: [errors]}
        errors = {
            NON_FIELD_ERRORS if field is None else field: messages if isinstance(messages, list) else [messages]
            for field, messages in errors.items()
        }
        ValidationError.__init__(self, errors)
        DomainError.__init__(self, " ".join(str(m) for messages in self.message_dict.values() for m in messages))

    def __str__(self):
        return self.message

    @classmethod
    def from_validation_error(cls, error: ValidationError) -> "InvalidInput":
        if hasattr(error, "error_dict"):
            return cls(error.message_dict)
        return cls({NON_FIELD_ERRORS: list(error.messages)})


def full_clean(instance, **kwargs) -> None:
    """``instance.full_clean(**kwargs)`` for services: a broken rule is an ``InvalidInput``."""
    try:
        instance.full_clean(**kwargs)
    except ValidationError as error:
        raise InvalidInput.from_validation_error(error) from None
