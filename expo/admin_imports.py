"""An "Import" page for a ModelAdmin: a CSV or XLSX file and an edition, all rows or none, and
on failure every bad row listed by its line (templates/admin/import_form.html).

A small file (at most IMPORT_INLINE_MAX_BYTES) is imported while the page waits; a larger one
is stored and imported by a Celery worker (expo.import_runs), and the page then shows the
run's progress (``?run=<id>``, refreshed by a meta tag) and its result."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse

from expo.errors import DomainError
from expo.forms import ImportFileForm
from expo.import_runs import import_run_request, register_importer
from expo.models import ImportRun
from expo.services import edition_require_writable
from expo.tabular import ImportFailed


class ImportAdminMixin:
    import_form_class = ImportFileForm
    import_title = ""
    import_template = "admin/import_form.html"
    import_columns: tuple[str, ...] = ()
    # The importer (keyword-only: rows_source, file_format, edition, by) and its name for runs.
    import_kind = ""
    import_function = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.import_kind and cls.import_function is not None:
            register_importer(cls.import_kind, cls.import_function)

    def has_import_permission(self, request) -> bool:
        raise NotImplementedError

    def run_import(self, request, form):
        """Import ``form``'s file; returns a result with ``summary()`` or raises ImportFailed."""
        return type(self).import_function(
            rows_source=form.cleaned_data["file"],
            file_format=form.file_format,
            edition=form.cleaned_data["edition"],
            by=request.user,
        )

    def import_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_import"
        return [path("import/", self.admin_site.admin_view(self.import_view), name=name)]

    def import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = self.import_form_class(request.POST or None, request.FILES or None)
        failure = None
        run = self._import_run(request)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                if self.import_kind and upload.size > settings.IMPORT_INLINE_MAX_BYTES:
                    # A closed edition is refused here, and again inside the worker's import.
                    edition_require_writable(form.cleaned_data["edition"])
                    run = import_run_request(
                        kind=self.import_kind,
                        edition=form.cleaned_data["edition"],
                        upload=upload,
                        file_format=form.file_format,
                        requested_by=request.user,
                    )
                    url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import")
                    return redirect(f"{url}?run={run.pk}")
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
            "run": run,
            "columns": ",".join(self.import_columns),
        }
        return render(request, self.import_template, context)

    def _import_run(self, request) -> ImportRun | None:
        """The run of ``?run=``: one of this page's kind (any organizer who may import may
        follow it), or 404."""
        run_id = request.GET.get("run", "")
        if not run_id:
            return None
        if not run_id.isdigit() or len(run_id) > 18:
            raise Http404
        run = ImportRun.objects.select_related("edition", "requested_by").filter(pk=run_id, kind=self.import_kind)
        found = run.first()
        if found is None:
            raise Http404
        return found
