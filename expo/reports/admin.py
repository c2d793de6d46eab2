"""Report runs in the administration: organizers may request a run here too (the same
service as the reports page); runs and files are read-only records of what was built."""

from django import forms
from django.contrib import admin, messages
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from expo.errors import DomainError
from expo.models import ReportFormat, ReportKind, ReportRun, RunSource
from expo.reports.runs import report_run_request
from expo.reports.selectors import report_kinds_for


class ReportRunAddForm(forms.ModelForm):
    formats = forms.MultipleChoiceField(
        label=_("Formats"), choices=ReportFormat.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ReportRun
        fields = ("kind", "edition", "language", "formats")


@admin.register(ReportRun)
class ReportRunAdmin(admin.ModelAdmin):
    list_display = (
        "pk",
        "kind",
        "edition",
        "language",
        "status",
        "progress",
        "source",
        "requested_by",
        "created_at",
        "downloads",
    )
    list_display_links = ("pk", "kind")
    list_filter = ("status", "kind", "language", "source", "edition")
    list_select_related = ("edition", "requested_by")
    search_fields = ("error", "requested_by__username", "=task_id")
    date_hierarchy = "created_at"
    actions = ("request_again",)
    readonly_fields = (
        "kind", "edition", "language", "formats", "parameters", "status", "progress", "step", "error", "attempts",
        "source", "requested_by", "task_id", "created_at", "started_at", "heartbeat_at", "finished_at",
        "emailed_at", "digest_week", "downloads",
    )  # fmt: skip

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related("files")
        return queryset.filter(kind__in=report_kinds_for(request.user))

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "kind":
            kinds = report_kinds_for(request.user)
            kwargs["choices"] = [(value, label) for value, label in ReportKind.choices if value in kinds]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ReportRunAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else ()

    def get_fields(self, request, obj=None):
        return ("kind", "edition", "language", "formats") if obj is None else self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return False  # runs are the record of what the committee was sent

    def save_model(self, request, obj, form, change):
        if change:
            return
        run = report_run_request(
            kind=form.cleaned_data["kind"],
            edition=form.cleaned_data["edition"],
            language=form.cleaned_data["language"],
            formats=form.cleaned_data["formats"],
            requested_by=request.user,
            source=RunSource.ADMIN,
        )
        obj.pk = run.pk
        obj.refresh_from_db()

    @admin.display(description=_("files"))
    def downloads(self, obj):
        return (
            format_html_join(
                " ", '<a href="{}">{}</a>', ((f.get_absolute_url(), f.format.upper()) for f in obj.files.all())
            )
            or "—"
        )

    @admin.action(description=_("Build the selected reports again"))
    def request_again(self, request, queryset):
        count = 0
        for run in queryset.select_related("edition"):
            try:
                report_run_request(
                    kind=run.kind,
                    edition=run.edition,
                    language=run.language,
                    formats=run.formats,
                    requested_by=request.user,
                    source=RunSource.ADMIN,
                )
            except DomainError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                count += 1
        self.message_user(
            request, ngettext("%(count)d report queued.", "%(count)d reports queued.", count) % {"count": count}
        )
