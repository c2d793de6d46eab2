"""The doors of a closed edition: what a refused write looks like to the person at each door.

The services refuse (``expo.services.edition_require_writable`` raises ``EditionClosed``);
this module turns the refusal into a page, a message or a form error, never a 500:

- ``DomainErrorMiddleware``: any view that lets a ``DomainError`` through (``EditionClosed``,
  a ``LockTimeout``, any refusal of a service) answers with the error's status (409 for the
  most) and its message, a page in the user's language (JSON for JSON clients), never a 500;
- ``EditionWritableAdminMixin``: the admin's change form of an edition-bound model refuses,
  as a form error, to save an object of a closed edition or to move one into it, and does
  not offer to delete such objects.
"""

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import render

from expo.enums import EditionStatus
from expo.errors import DomainError, EditionClosed
from expo.models import Edition


class DomainErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DomainError):
            return None
        status = exception.status_code
        if "application/json" in request.headers.get("Accept", "") or request.content_type == "application/json":
            return JsonResponse({"error": exception.message}, status=status)
        context = {"message": exception.message, "edition_closed": isinstance(exception, EditionClosed)}
        return render(request, "409.html", context, status=status)


def _closed_edition(edition_id) -> Edition | None:
    if edition_id is None:
        return None
    return Edition.objects.filter(pk=edition_id, status=EditionStatus.CLOSED).first()


class EditionWritableAdminMixin:
    """For a ModelAdmin of a model bound to an edition; ``edition_path`` is the lookup from
    the model to its edition (``"edition"``, ``"pavilion__edition"``...)."""

    edition_path = "edition"

    def _stored_edition_id(self, pk):
        if pk is None:
            return None
        return self.model._default_manager.filter(pk=pk).values_list(self.edition_path, flat=True).first()

    def _new_edition_id(self, cleaned_data: dict, instance):
        first, *rest = self.edition_path.split("__")
        value = cleaned_data[first] if first in cleaned_data else getattr(instance, first, None)
        for name in rest:
            value = getattr(value, name, None) if value is not None else None
        return getattr(value, "pk", value)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        model_admin = self

        class EditionWritableForm(form_class):
            def clean(self):
                cleaned_data = super().clean()
                for edition_id in dict.fromkeys(
                    (
                        model_admin._stored_edition_id(self.instance.pk),
                        model_admin._new_edition_id(cleaned_data or {}, self.instance),
                    )
                ):
                    closed = _closed_edition(edition_id)
                    if closed is not None:
                        raise ValidationError(EditionClosed(closed).message, code="edition_closed")
                return cleaned_data

        EditionWritableForm.__name__ = form_class.__name__
        return EditionWritableForm

    def has_delete_permission(self, request, obj=None):
        if obj is not None and _closed_edition(self._stored_edition_id(obj.pk)) is not None:
            return False
        return super().has_delete_permission(request, obj)


class EditionWritableInlineMixin:
    """For an inline of edition-bound rows under a parent that is not bound to one (an
    exhibitor's participations): a changed, added or deleted row of a closed edition, or one
    moved into it, makes the formset invalid with the refusal's message."""

    edition_path = "edition"

    def get_formset(self, request, obj=None, **kwargs):
        formset_class = super().get_formset(request, obj, **kwargs)
        inline = self

        class EditionWritableFormSet(formset_class):
            def clean(self):
                super().clean()
                guard = EditionWritableAdminMixin()
                guard.model, guard.edition_path = inline.model, inline.edition_path
                for form in self.forms:
                    if not form.has_changed() and not self._should_delete_form(form):
                        continue
                    cleaned_data = getattr(form, "cleaned_data", None) or {}
                    for edition_id in dict.fromkeys(
                        (guard._stored_edition_id(form.instance.pk), guard._new_edition_id(cleaned_data, form.instance))
                    ):
                        closed = _closed_edition(edition_id)
                        if closed is not None:
                            raise ValidationError(EditionClosed(closed).message, code="edition_closed")

        EditionWritableFormSet.__name__ = formset_class.__name__
        return EditionWritableFormSet
