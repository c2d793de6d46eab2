"""Change lists of large tables (attendees, exhibitors): the same pages for less work.

pyinstrument on the attendee and exhibitor change lists (docs/benchmarks/2026-12-01-notes.md)
showed the time in the paginator's ``COUNT(*)`` over millions of rows, in the action
checkbox (a form widget rendered through the template engine for every row) and in the
country column (the field's display rebuilding the translated country list for every row)."""

from django.contrib import admin
from django.contrib.admin import helpers
from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from expo import kept_pages
from expo.figures_cache import cached_figures
from expo.i18n import country_choices
from expo.models import Edition, MemberUnit

# Below this many rows (by the planner's estimate) an exact count costs little.
ESTIMATE_ABOVE_ROWS = 100_000


class EstimatedCountPaginator(Paginator):
    """On PostgreSQL, the unfiltered list of a large table counts its rows from the
    planner's statistics (``pg_class.reltuples``, kept by autovacuum's ANALYZE) instead
    of ``COUNT(*)``, which reads the whole table. A filtered or small list is counted
    exactly, in the same single query (PostgreSQL runs the ``COUNT(*)`` only if needed)."""

    @cached_property
    def count(self):
        queryset = self.object_list
        query = getattr(queryset, "query", None)
        connection = connections[queryset.db] if query is not None else None
        if connection is None or connection.vendor != "postgresql" or query.where or query.distinct:
            return super().count
        table = connection.ops.quote_name(queryset.model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT CASE WHEN estimate.n > %s THEN estimate.n ELSE (SELECT COUNT(*) FROM {table}) END "
                "FROM (SELECT reltuples::bigint AS n FROM pg_class WHERE oid = %s::regclass) AS estimate",
                [ESTIMATE_ABOVE_ROWS, queryset.model._meta.db_table],
            )
            return int(cursor.fetchone()[0])


class PresentCountryFilter(admin.SimpleListFilter):
    """The countries and regions of the list's rows only, by name in the reader's language:
    Django's filter of a country field lists all 250, a column of links taller than the
    list. The codes present are read once per ``FIGURES_REFRESH_SECONDS`` for every process
    (``expo.figures_cache``): a ``DISTINCT`` over millions of attendees."""

    title = gettext_lazy("country or region")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        model = model_admin.model
        present = cached_figures(
            f"admin-countries:{model._meta.label_lower}",
            edition_id=0,
            compute=lambda: sorted(
                filter(None, model._default_manager.order_by().values_list("country", flat=True).distinct())
            ),
        )
        codes = set(present.value)
        # In the reader's order: by pinyin for Chinese readers (expo.i18n.country_choices).
        return [(code, name) for code, name in country_choices() if code in codes]

    def queryset(self, request, queryset):
        return queryset.filter(country=self.value()) if self.value() else queryset


class InvitingUnitKindFilter(admin.ChoicesFieldListFilter):
    """The kind of the unit that invited the row, titled so: beside the row's own kind, the
    field's name alone ("kind") made two filters of the same title."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = gettext_lazy("kind of inviting unit")


class LargeChangeListMixin:
    """For the ModelAdmin of a large table: no full count, estimated pages, the action
    checkbox written directly (the same markup as ``ModelAdmin.action_checkbox``), and each
    page of the list kept for its reader while the tables it shows do not change
    (``expo.kept_pages``): ``kept_sources``, by default every table of the model's app, the
    editions and the member units."""

    paginator = EstimatedCountPaginator
    show_full_result_count = False
    kept_sources: tuple = ()

    def changelist_view(self, request, extra_context=None):
        # ``extra_context`` of a subclass follows from the reader (a permission): the page is
        # kept for that reader only.
        if kept_pages.enabled():
            return self._kept_changelist(request, extra_context)
        return super().changelist_view(request, extra_context)

    @cached_property
    def _kept_changelist(self):
        shown = super().changelist_view
        meta = self.model._meta
        sources = self.kept_sources or (meta.app_label, Edition, MemberUnit)
        return kept_pages.kept_page(*sources, name=f"admin:{meta.label}")(
            lambda request, extra_context=None: shown(request, extra_context)
        )

    def action_checkbox(self, obj):
        label = format_html(_("Select this object for an action - {}"), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            str(obj.pk),
            label,
        )

    @admin.display(description=gettext_lazy("country or region"), ordering="country")
    def country_name(self, obj):
        # The field's own display rebuilds and sorts the translated country list for every row.
        return obj.country.name
