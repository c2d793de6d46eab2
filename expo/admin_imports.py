"""An "Import" page for a ModelAdmin: a CSV or XLSX file and an edition, all rows or none, and
on failure every bad row listed by its line (templates/admin/import_form.html)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path

from expo.errors import DomainError
from expo.forms import ImportFileForm
from expo.tabular import ImportFailed


class ImportAdminMixin:
    import_form_class = ImportFileForm
    import_title = ""
    import_template = "admin/import_form.html"
    import_columns: tuple[str, ...] = ()

    def has_import_permission(self, request) -> bool:
        raise NotImplementedError

    def run_import(self, request, form):
        """Import ``form``'s file; returns a result with ``summary()`` or raises ImportFailed."""
        raise NotImplementedError

    def import_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_import"
        return [path("import/", self.admin_site.admin_view(self.import_view), name=name)]

    def import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = self.import_form_class(request.POST or None, request.FILES or None)
        failure = None
        if request.method == "POST" and form.is_valid():
            try:
                result = self.run_import(request, form)
            except ImportFailed as exc:
                failure = exc
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                self.message_user(request, result.summary(), messages.SUCCESS)
                return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": self.import_title,
            "opts": self.opts,
            "form": form,
            "failure": failure,
            "columns": ",".join(self.import_columns),
        }
        return render(request, self.import_template, context)
