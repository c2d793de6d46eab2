"""The figures of the three reports, composed from each app's selectors and statistics.

Every builder runs a fixed number of queries whatever the size of the edition: the counting
and summing happen in the database (aggregates), and no builder iterates over attendees,
exhibits or projects in Python. Builders run inside ``translation.override(language)``: the
labels they return are in the report's language.
"""

import datetime
import functools
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_countries.fields import Country

from delegations.selectors import leaders_summary
from events.enums import AttendeeKind
from events.invitations import invitations_by_unit
from events.selectors import attendee_counts, merchants_summary, notable_events, programme_summary
from exhibitors.statistics import exhibition_headline, pavilion_statistics
from expo.committee.selectors import committee_matrix, problems_needing_coordination
from expo.enums import EditionStatus, Industry
from expo.models import Edition, WorkItemStatus
from expo.reports.document import (
    AMOUNT,
    DATE,
    INTEGER,
    PERCENT,
    VARIES,
    YUAN,
    Chart,
    Column,
    Document,
    Section,
    number_text,
)
from matchmaking.enums import Outcome
from matchmaking.statistics import matchmaking_results
from projects.amounts import report_amount_with_unit, report_unit
from projects.enums import ProjectStage, ProjectType
from projects.statistics import pipeline_statistics, results_projects, signed_statistics


def _in_language(builder):
    """Run a document builder in its ``language`` keyword argument."""

    @functools.wraps(builder)
    def wrapper(*args, language: str, **kwargs):
        with translation.override(language):
            return builder(*args, language=language, **kwargs)

    return wrapper


def _area_text(value) -> str:
    return str(value.quantize(Decimal("0.01")))


def results_json(*, edition: Edition) -> dict:
    """The results report exactly as shared/DESIGN.md writes it, plus its ``notable_events``
    (the notable events with their attendance) and ``matchmaking`` keys. Thirteen queries."""
    exhibition = exhibition_headline(edition=edition)
    merchants = merchants_summary(edition=edition)
    programme = programme_summary(edition=edition)
    return {
        "edition": edition.number,
        "leaders": leaders_summary(edition=edition),
        "merchants": {"count": merchants["count"], "countries_regions": merchants["countries_regions"]},
        "projects": results_projects(edition=edition),
        "exhibition": {
            "pavilions": exhibition["pavilions"],
            "offline_area_m2": _area_text(exhibition["offline_area_m2"]),
            "offline_exhibitors": exhibition["offline_exhibitors"],
            "online_exhibitors": exhibition["online_exhibitors"],
            "online_exhibits": exhibition["online_exhibits"],
            "online_visitors": attendee_counts(edition=edition).get(AttendeeKind.ONLINE_VISITOR, 0),
        },
        "events": {
            "main_forum_events": programme["main_forum_events"],
            "supporting_events": programme["supporting_events"],
        },
        "notable_events": notable_events(edition=edition),
        "matchmaking": matchmaking_results(edition=edition),
    }


def results_frozen(*, edition: Edition) -> bool:
    """Whether the results report of ``edition`` shows the snapshot taken at its closing."""
    return edition.status == EditionStatus.CLOSED and edition.results_snapshot is not None


def results_figures(*, edition: Edition, live: bool = False) -> dict:
    """The results report's figures: for a closed edition the snapshot taken at closing, with
    ``"frozen": true`` and ``"frozen_at"`` added (every key of the contract kept as it was);
    otherwise, or with ``live``, the figures computed from the records now."""
    if live or not results_frozen(edition=edition):
        return results_json(edition=edition)
    frozen_at = edition.results_snapshot_at
    return {**edition.results_snapshot, "frozen": True, "frozen_at": frozen_at.isoformat() if frozen_at else None}


def _area_display(text: str) -> str:
    """An area in m² as people write it: "70,000", or "3,000.50" when it has a fraction."""
    value = Decimal(text)
    places = 0 if value == value.to_integral_value() else 2
    return number_text(value, places)


def _number(value) -> str:
    return number_text(value) if isinstance(value, int) else str(value)


def _document(kind, edition, title, language, now, paragraphs, highlights, sections) -> Document:
    return Document(
        kind=kind,
        edition_number=edition.number,
        title=title,
        subtitle=_generated_subtitle(edition, now),
        language=language,
        generated_at=now,
        paragraphs=paragraphs,
        highlights=highlights,
        sections=sections,
    )


def frozen_note(edition: Edition) -> str:
    """What the results report of a closed edition says about its figures."""
    frozen_at = edition.results_snapshot_at or edition.status_changed_at
    return _(
        "Figures frozen at closing on %(date)s: the edition is closed, and this report shows its results as "
        "they stood then."
    ) % {"date": date_format(timezone.localtime(frozen_at).date(), "DATE_FORMAT") if frozen_at else "—"}


def _generated_subtitle(edition: Edition, now: datetime.datetime) -> str:
    return _("%(edition)s · prepared by the secretariat of the executive committee on %(date)s") % {
        "edition": edition.name,
        "date": date_format(timezone.localtime(now).date(), "DATE_FORMAT"),
    }


@_in_language
def results_document(
    *, edition: Edition, language: str, now: datetime.datetime | None = None, live: bool = False
) -> Document:
    """The results report for the committee: the published figures with their narrative,
    then the projects by type and industry with growth over the previous edition, the leaders
    by origin and the pavilions. Ten queries. A closed edition's published figures come from
    its snapshot (``live`` computes them from the records instead), and the subtitle says so."""
    now = now or timezone.now()
    frozen = not live and results_frozen(edition=edition)
    figures = results_figures(edition=edition, live=live)
    statistics = signed_statistics(edition=edition, units=[])
    pavilions = pavilion_statistics(edition=edition)
    leaders, projects, exhibition = figures["leaders"], figures["projects"], figures["exhibition"]
    by_type_key = {row["key"]: row for row in statistics["by_type"]}
    contract, agreement = by_type_key[ProjectType.CONTRACT], by_type_key[ProjectType.AGREEMENT]
    numbers = {
        "foreign": leaders["foreign"]["leaders"],
        "countries": leaders["foreign"]["countries_regions"],
        "central": leaders["central"]["leaders"],
        "institutions": leaders["central"]["institutions"],
        "provincial": leaders["provincial"]["leaders"],
        "provinces": leaders["provincial"]["provinces"],
        "merchants": _number(figures["merchants"]["count"]),
        "merchant_countries": figures["merchants"]["countries_regions"],
        "signed": projects["signed"]["count"],
        "signed_amount": report_amount_with_unit(statistics["signed"]["investment_yuan"]),
        "contract": projects["contract"]["count"],
        "contract_amount": report_amount_with_unit(contract["investment_yuan"]),
        "growth": projects["contract"]["growth_pct"] or "—",
        "agreement": projects["agreement"]["count"],
        "agreement_amount": report_amount_with_unit(agreement["investment_yuan"]),
        "pavilions": exhibition["pavilions"],
        "area": _area_display(exhibition["offline_area_m2"]),
        "offline": _number(exhibition["offline_exhibitors"]),
        "online": _number(exhibition["online_exhibitors"]),
        "exhibits": _number(exhibition["online_exhibits"]),
        "visitors": _number(exhibition["online_visitors"]),
        "forum_events": figures["events"]["main_forum_events"],
        "supporting": figures["events"]["supporting_events"],
    }
    paragraphs = [frozen_note(edition)] if frozen else []
    paragraphs += [
        _(
            "Leaders: %(foreign)s foreign leaders at or above the vice-ministerial (provincial) level from "
            "%(countries)s countries and regions attended the expo; %(central)s leaders at or above the "
            "vice-ministerial level came from %(institutions)s central ministries, commissions and "
            "institutions, and %(provincial)s leaders at or above the vice-provincial level from %(provinces)s "
            "provinces and equivalent units. %(merchants)s merchants from %(merchant_countries)s countries and "
            "regions took part in the offline expo."
        )
        % numbers,
        _(
            "Forums and conferences: the main forum held %(forum_events)s events, and %(supporting)s supporting "
            "conferences were held during the expo."
        )
        % numbers,
        _(
            "Projects: %(signed)s cooperation projects were signed with a total investment of %(signed_amount)s. "
            "Among them, %(contract)s contract projects with a total investment of %(contract_amount)s, up "
            "%(growth)s percent over the previous edition, and %(agreement)s agreement projects with an agreed "
            "amount of %(agreement_amount)s."
        )
        % numbers,
        _(
            "Exhibition: %(pavilions)s theme pavilions online and offline; the offline exhibition covered "
            "%(area)s square metres with %(offline)s enterprises and institutions; the online exhibition had "
            "%(online)s exhibitors with %(exhibits)s exhibits and %(visitors)s online visitors."
        )
        % numbers,
    ]
    highlights = [
        (_("foreign leaders"), numbers["foreign"], INTEGER),
        (_("merchants"), figures["merchants"]["count"], INTEGER),
        (_("signed projects"), numbers["signed"], INTEGER),
        (_("signed investment"), statistics["signed"]["investment_yuan"], YUAN),
        (_("offline exhibitors"), exhibition["offline_exhibitors"], INTEGER),
        (_("online visitors"), exhibition["online_visitors"], INTEGER),
    ]
    amount_unit = report_unit()

    def growth_columns(first: str) -> list[Column]:
        return [
            Column("label", first, code_key="key"),
            Column("count", _("Projects"), INTEGER),
            Column("investment_yuan", _("Investment (yuan)"), YUAN),
            Column("previous_count", _("Previous: projects"), INTEGER),
            Column("previous_investment_yuan", _("Previous: investment (yuan)"), YUAN),
            Column("growth_pct", _("Growth (%)"), PERCENT),
        ]

    by_type = [{**row} for row in statistics["by_type"]] + [{**statistics["signed"], "label": _("Total")}]
    by_industry = [{**row, "amount": row["investment_yuan"]} for row in statistics["by_industry"]]
    origin_labels = {
        "foreign": _("Foreign countries and regions"),
        "central": _("Central institutions"),
        "provincial": _("Other provinces"),
    }
    origin_keys = {"foreign": "countries_regions", "central": "institutions", "provincial": "provinces"}
    leader_rows = [
        {
            "key": key,
            "label": origin_labels[key],
            "leaders": leaders[key]["leaders"],
            "origins": leaders[key][origin_keys[key]],
        }
        for key in ("foreign", "central", "provincial")
    ]
    sections = [
        Section(
            "headline",
            _("Published figures"),
            [Column("label", _("Figure")), Column("value", _("Value"), VARIES)],
            [
                {"label": label, "value": value, "kind": kind}
                for label, value, kind in _headline_rows(figures, statistics)
            ],
            sheet=_("Published figures"),
        ),
        Section(
            "projects_by_type",
            _("Signed projects by type"),
            growth_columns(_("Type")),
            by_type,
            intro=_("Growth compares with the signed projects of the previous edition."),
            sheet=_("Projects by type"),
        ),
        Section(
            "projects_by_industry",
            _("Signed projects by industry"),
            growth_columns(_("Industry")),
            by_industry,
            chart=Chart(_("Investment by industry"), "label", "investment_yuan", amount_unit),
            sheet=_("Projects by industry"),
        ),
        Section(
            "leaders",
            _("Leaders at or above the vice-ministerial (provincial) level"),
            [
                Column("label", _("Origin"), code_key="key"),
                Column("leaders", _("Leaders"), INTEGER),
                Column("origins", _("Countries, institutions or provinces"), INTEGER),
            ],
            leader_rows,
            chart=Chart(_("Leaders by origin"), "label", "leaders", _("leaders"), horizontal=False),
            sheet=_("Leaders"),
        ),
        Section(
            "notable_events",
            _("Notable events"),
            [
                Column("title", _("Event")),
                Column("date", _("Date"), DATE),
                Column("attendance", _("Attendance"), INTEGER),
            ],
            _notable_rows(figures, language),
            intro=_("Events held alongside the expo, with the number of confirmed registrations."),
            empty_text=_("No event of this edition is marked notable."),
            sheet=_("Notable events"),
        ),
        Section(
            "pavilions",
            _("Theme pavilions"),
            [
                Column("name", _("Pavilion")),
                Column("mode_label", _("Mode")),
                Column("gross_area_m2", _("Gross area (m²)"), AMOUNT),
                Column("offline_exhibitors", _("Offline exhibitors"), INTEGER),
                Column("exhibits", _("Online exhibits"), INTEGER),
            ],
            pavilions,
            chart=Chart(_("Exhibitors by pavilion"), "name", "offline_exhibitors", _("exhibitors")),
            sheet=_("Pavilions"),
        ),
        *_matchmaking_sections(figures["matchmaking"]),
    ]
    return _document(
        "results",
        edition,
        _("Results of the %(edition)s") % {"edition": edition.name},
        language,
        now,
        paragraphs,
        highlights,
        sections,
    )


def _notable_rows(figures: dict, language: str) -> list[dict]:
    """From the figures (a closed edition's snapshot may predate the section: none then)."""
    key = "title_zh" if language.startswith("zh") else "title_en"
    return [
        {
            "title": row[key] or row["title_en"] or row["title_zh"],
            "date": datetime.date.fromisoformat(row["date"]),
            "attendance": row["attendance"],
        }
        for row in figures.get("notable_events", [])
    ]


def _matchmaking_sections(figures: dict) -> list[Section]:
    """The results report's matchmaking sections, from the ``matchmaking`` key of its JSON."""
    counts = [
        Column("requested", _("Meetings requested"), INTEGER),
        Column("accepted", _("Accepted"), INTEGER),
        Column("held", _("Held"), INTEGER),
    ]
    outcome_labels = dict(Outcome.choices)
    summary = [
        {"label": _("Meetings requested"), "value": figures["meetings_requested"]},
        {"label": _("Meetings accepted"), "value": figures["meetings_accepted"]},
        {"label": _("Meetings held"), "value": figures["meetings_held"]},
        *({"label": str(outcome_labels[k]), "value": n} for k, n in figures["outcomes"].items()),
        {"label": _("Projects from meetings"), "value": figures["projects"]["count"]},
    ]
    return [
        Section(
            "matchmaking",
            _("Business matchmaking"),
            [Column("label", _("Figure")), Column("value", _("Value"), INTEGER)],
            summary,
            sheet=_("Matchmaking"),
            intro=_("Projects from meetings: %(count)s, with an investment of %(amount)s.")
            % {
                "count": figures["projects"]["count"],
                "amount": report_amount_with_unit(Decimal(figures["projects"]["investment_yuan"])),
            },
        ),
        Section(
            "matchmaking_by_country",
            _("Meetings by country"),
            [Column("label", _("Country or region")), *counts],
            [{**row, "label": Country(row["country"]).name} for row in figures["by_country"]],
            chart=Chart(_("Meetings by country or region"), "label", "requested", _("meetings"), limit=12),
            empty_text=_("No meetings."),
            sheet=_("Meetings by country"),
        ),
        Section(
            "matchmaking_by_industry",
            _("Meetings by industry"),
            [Column("label", _("Industry field")), *counts],
            [{**row, "label": str(Industry(row["industry"]).label)} for row in figures["by_industry"]],
            chart=Chart(_("Meetings by industry"), "label", "requested", _("meetings")),
            empty_text=_("No meetings."),
            sheet=_("Meetings by industry"),
        ),
    ]


def _headline_rows(figures: dict, statistics: dict) -> list[tuple[str, object, str]]:
    """The published figures as (label, value, kind): numbers stay numbers."""
    leaders, exhibition, projects = figures["leaders"], figures["exhibition"], figures["projects"]
    by_type = {row["key"]: row for row in statistics["by_type"]}
    growth = projects["contract"]["growth_pct"]
    return [
        (_("Foreign leaders"), leaders["foreign"]["leaders"], INTEGER),
        (_("Their countries and regions"), leaders["foreign"]["countries_regions"], INTEGER),
        (_("Leaders of central institutions"), leaders["central"]["leaders"], INTEGER),
        (_("Central institutions"), leaders["central"]["institutions"], INTEGER),
        (_("Leaders of other provinces"), leaders["provincial"]["leaders"], INTEGER),
        (_("Provinces and equivalent units"), leaders["provincial"]["provinces"], INTEGER),
        (_("Merchants"), figures["merchants"]["count"], INTEGER),
        (_("Their countries and regions"), figures["merchants"]["countries_regions"], INTEGER),
        (_("Events of the main forum"), figures["events"]["main_forum_events"], INTEGER),
        (_("Supporting conferences"), figures["events"]["supporting_events"], INTEGER),
        (_("Signed projects"), projects["signed"]["count"], INTEGER),
        (_("Signed investment"), statistics["signed"]["investment_yuan"], YUAN),
        (_("Contract projects"), projects["contract"]["count"], INTEGER),
        (_("Contract investment"), by_type[ProjectType.CONTRACT]["investment_yuan"], YUAN),
        (_("Growth over the previous edition (%)"), Decimal(growth) if growth else None, PERCENT),
        (_("Agreement projects"), projects["agreement"]["count"], INTEGER),
        (_("Agreed amount"), by_type[ProjectType.AGREEMENT]["investment_yuan"], YUAN),
        (_("Theme pavilions"), exhibition["pavilions"], INTEGER),
        (_("Offline exhibition area (m²)"), Decimal(exhibition["offline_area_m2"]), AMOUNT),
        (_("Offline exhibitors"), exhibition["offline_exhibitors"], INTEGER),
        (_("Online exhibitors"), exhibition["online_exhibitors"], INTEGER),
        (_("Online exhibits"), exhibition["online_exhibits"], INTEGER),
        (_("Online visitors"), exhibition["online_visitors"], INTEGER),
    ]


@_in_language
def progress_document(
    *, edition: Edition, language: str, today: datetime.date | None = None, now: datetime.datetime | None = None
) -> Document:
    """The committee's digest: work items by status, the overdue ones, the units that have not
    reported for the current period, the problems units asked the committee to coordinate, and
    each unit's progress (the mean percent of its latest reports). Five queries."""
    now = now or timezone.now()
    today = today or timezone.localdate()
    period = today.replace(day=1)
    matrix = committee_matrix(edition=edition, period=period, today=today, size=None)  # all, not a page
    items = matrix["items"]
    status_labels = {status: str(label) for status, label in WorkItemStatus.choices}
    by_status = dict.fromkeys(WorkItemStatus.values, 0)
    for item in items:
        by_status[item.status] += 1
    overdue = [
        {
            "code": item.code,
            "title": item.title,
            "lead_unit": item.lead_unit.name,
            "deadline": item.deadline,
            "days_overdue": (today - item.deadline).days,
            "status": item.status,
            "status_label": status_labels[item.status],
        }
        for item in sorted(matrix["overdue"], key=lambda i: (i.deadline, i.code))
    ]
    progress_rows = []
    for row in matrix["rows"]:
        percents = [cell["report"]["percent"] for cell in row["cells"] if cell and cell["report"]]
        involved = [cell for cell in row["cells"] if cell]
        progress_rows.append(
            {
                "unit": row["unit"].short_name,
                "items": len(involved),
                "reported_items": len(percents),
                "percent": round(sum(percents) / len(percents)) if percents else 0,
            }
        )
    progress_rows.sort(key=lambda r: (-r["percent"], r["unit"]))
    problems = [
        {
            "unit": report.unit.short_name,
            "item": f"{report.work_item.code} {report.work_item.title}",
            "period": report.period.strftime("%Y-%m"),
            "period_label": date_format(report.period, "YEAR_MONTH_FORMAT"),
            "problems": report.problems,
        }
        for report in problems_needing_coordination(edition=edition)
    ]
    not_reported = [
        {"unit": unit.name, "kind": unit.kind, "kind_label": unit.get_kind_display()} for unit in matrix["not_reported"]
    ]
    month = date_format(period, "YEAR_MONTH_FORMAT")
    numbers = {
        "items": len(items),
        "done": by_status[WorkItemStatus.DONE],
        "at_risk": by_status[WorkItemStatus.AT_RISK],
        "overdue": len(overdue),
        "not_reported": len(not_reported),
        "units": len(matrix["rows"]),
        "problems": len(problems),
        "month": month,
        "deadline": date_format(matrix["deadline"], "DATE_FORMAT"),
    }
    paragraphs = [
        _(
            "Of the committee's %(items)s work items, %(done)s are done and %(at_risk)s at risk; %(overdue)s are "
            "past their deadline and not done."
        )
        % numbers,
        _(
            "For %(month)s (due on %(deadline)s), %(not_reported)s of the %(units)s units with open work have not "
            "reported yet. Units asked the committee to coordinate %(problems)s problems."
        )
        % numbers,
    ]
    highlights = [
        (_("work items"), numbers["items"], INTEGER),
        (_("done"), numbers["done"], INTEGER),
        (_("overdue"), numbers["overdue"], INTEGER),
        (_("units not reported"), numbers["not_reported"], INTEGER),
    ]
    sections = [
        Section(
            "items_by_status",
            _("Work items by status"),
            [Column("status_label", _("Status"), code_key="status"), Column("count", _("Work items"), INTEGER)],
            [
                {"status": status, "status_label": status_labels[status], "count": count}
                for status, count in by_status.items()
            ],
            sheet=_("By status"),
        ),
        Section(
            "overdue_items",
            _("Overdue work items"),
            [
                Column("code", _("Code")),
                Column("title", _("Work item")),
                Column("lead_unit", _("Lead unit")),
                Column("deadline", _("Deadline"), DATE),
                Column("days_overdue", _("Days overdue"), INTEGER),
                Column("status_label", _("Status"), code_key="status"),
            ],
            overdue,
            empty_text=_("No work item is overdue."),
            sheet=_("Overdue items"),
        ),
        Section(
            "units_not_reported",
            _("Units that have not reported for %(month)s") % numbers,
            [Column("unit", _("Member unit")), Column("kind_label", _("Kind"), code_key="kind")],
            not_reported,
            empty_text=_("Every unit with open work has reported."),
            sheet=_("Units not reported"),
        ),
        Section(
            "problems",
            _("Problems needing coordination"),
            [
                Column("unit", _("Member unit")),
                Column("item", _("Work item")),
                Column("period_label", _("Period"), code_key="period"),
                Column("problems", _("Problem")),
            ],
            problems,
            empty_text=_("No unit has raised a problem."),
            sheet=_("Problems"),
            note=_problems_note(language, problems),
        ),
        Section(
            "progress_by_unit",
            _("Progress by unit"),
            [
                Column("unit", _("Member unit")),
                Column("items", _("Work items"), INTEGER),
                Column("reported_items", _("Items reported on"), INTEGER),
                Column("percent", _("Mean percent complete"), INTEGER),
            ],
            progress_rows,
            intro=_("The mean percent complete of each unit's latest submitted report on each of its work items."),
            chart=Chart(_("Progress by unit"), "unit", "percent", "%", limit=25),
            sheet=_("Progress by unit"),
        ),
    ]
    sections.append(_merchant_invitations_section(edition=edition))
    return _document(
        "progress",
        edition,
        _("Progress of the preparations: %(edition)s") % {"edition": edition.name},
        language,
        now,
        paragraphs,
        highlights,
        sections,
    )


def _problems_note(language: str, problems: list[dict]) -> str:
    """Units write their problems in Chinese: a report in another language says it quotes them."""
    if language.startswith("zh") or not any(_has_chinese(row["problems"]) for row in problems):
        return ""
    return _("Problems are quoted as the units reported them, in Chinese.")


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text or "")


def _merchant_invitations_section(*, edition: Edition) -> Section:
    """Merchants invited by each unit through its links: registered, checked in, against the
    secretariat's target (events.invitations). Three queries."""
    rows = [
        {
            "unit": row["unit"].short_name,
            "registered": row["registered"],
            "checked_in": row["checked_in"],
            "target": row["target"],
            "percent_of_target": row["percent_of_target"],
        }
        for row in invitations_by_unit(edition=edition)
    ]
    return Section(
        "merchant_invitations",
        _("Merchants invited by unit"),
        [
            Column("unit", _("Member unit")),
            Column("registered", _("Merchants registered"), INTEGER),
            Column("checked_in", _("Checked in"), INTEGER),
            Column("target", _("Target"), INTEGER),
            Column("percent_of_target", _("Percent of the target"), INTEGER),
        ],
        rows,
        intro=_("Merchants who registered through a unit's invitation links, and the target the secretariat set."),
        empty_text=_("No unit has invited merchants through its links yet."),
        sheet=_("Invited merchants"),
    )


@_in_language
def pipeline_document(*, edition: Edition, language: str, now: datetime.datetime | None = None) -> Document:
    """The projects of the edition by the month they were registered (May to August first), by
    host municipality, by industry and by stage. Two queries."""
    now = now or timezone.now()
    statistics = pipeline_statistics(edition=edition)
    stage_columns = [Column(stage.value, str(stage.label), INTEGER) for stage in ProjectStage]
    columns = [
        Column("label", _("Group"), code_key="key"),
        *stage_columns,
        Column("count", _("Projects"), INTEGER),
        Column("pipeline_yuan", _("In the pipeline (yuan)"), YUAN),
        Column("signed_yuan", _("Signed (yuan)"), YUAN),
    ]
    by_month = [{**row, "label": date_format(row["key"], "YEAR_MONTH_FORMAT")} for row in statistics["by_month"]]
    total = statistics["total"]
    numbers = {
        "count": total["count"],
        "pipeline": total[ProjectStage.NEGOTIATING] + total[ProjectStage.READY_TO_SIGN],
        "ready": total[ProjectStage.READY_TO_SIGN],
        "signed": total[ProjectStage.SIGNED],
        "pipeline_amount": report_amount_with_unit(total["pipeline_yuan"]),
        "signed_amount": report_amount_with_unit(total["signed_yuan"]),
    }
    paragraphs = [
        _(
            "%(count)s projects are registered: %(pipeline)s in the pipeline (%(ready)s ready to sign) with "
            "%(pipeline_amount)s, and %(signed)s signed with %(signed_amount)s."
        )
        % numbers
    ]
    highlights = [
        (_("projects"), numbers["count"], INTEGER),
        (_("in the pipeline"), numbers["pipeline"], INTEGER),
        (_("ready to sign"), numbers["ready"], INTEGER),
        (_("pipeline investment"), total["pipeline_yuan"], YUAN),
    ]
    sections = [
        Section(
            "by_month",
            _("Projects by month of registration"),
            columns,
            by_month,
            chart=Chart(_("Projects registered by month"), "label", "count", _("projects"), horizontal=False),
            sheet=_("By month"),
        ),
        Section(
            "by_municipality",
            _("Projects by host municipality"),
            columns,
            statistics["by_municipality"],
            sheet=_("By municipality"),
        ),
        Section(
            "by_industry",
            _("Projects by industry"),
            columns,
            statistics["by_industry"],
            chart=Chart(_("Pipeline investment by industry"), "label", "pipeline_yuan", report_unit()),
            sheet=_("By industry"),
        ),
        Section("by_stage", _("Projects by stage"), columns, [*statistics["by_stage"], total], sheet=_("By stage")),
    ]
    return _document(
        "pipeline",
        edition,
        _("Project pipeline: %(edition)s") % {"edition": edition.name},
        language,
        now,
        paragraphs,
        highlights,
        sections,
    )
