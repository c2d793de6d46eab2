import io
import os

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from delegations.models import Delegate
from delegations.selectors import leaders_summary
from events.enums import AttendeeKind
from events.models import Attendee
from events.selectors import merchants_summary
from exhibitors.models import BoothApplication, Exhibit, Exhibitor
from exhibitors.statistics import exhibition_headline
from expo.models import Edition, MemberUnit, ProgressReport, ReportFile, ReportRun
from expo.scale import ScaleRefused, edition_checksum, scale_edition_seed
from projects.enums import ProjectStage
from projects.models import Project
from projects.statistics import results_projects


def _quiet(message):
    pass


def _counts(edition) -> dict[str, int]:
    headline = exhibition_headline(edition=edition)
    return {
        "offline": headline["offline_exhibitors"],
        "online": headline["online_exhibitors"],
        "exhibits": headline["online_exhibits"],
        "merchants": Attendee.objects.filter(edition=edition, kind=AttendeeKind.MERCHANT).count(),
        "visitors": Attendee.objects.filter(edition=edition, kind=AttendeeKind.ONLINE_VISITOR).count(),
        "delegates": Delegate.objects.filter(delegation__edition=edition).count(),
        "projects": Project.objects.filter(edition=edition).count(),
    }


@pytest.mark.django_db
def test_seed_scale_counts_are_the_13th_edition_times_the_factor():
    small = scale_edition_seed(number=31, factor=0.01, log=_quiet)
    double = scale_edition_seed(number=32, factor=0.02, log=_quiet)

    assert _counts(small) == {
        "offline": 10,
        "online": 18,
        "exhibits": 166,
        "merchants": 200,
        "visitors": 2100,
        "delegates": 3,
        "projects": 10,
    }
    assert _counts(double) == {
        "offline": 20,
        "online": 37,
        "exhibits": 332,
        "merchants": 400,
        "visitors": 4200,
        "delegates": 6,
        "projects": 20,
    }


@pytest.mark.django_db
def test_seed_scale_figures_come_out_of_the_product_selectors():
    edition = scale_edition_seed(number=31, factor=0.01, log=_quiet)

    assert merchants_summary(edition=edition) == {"count": 200, "countries_regions": 51}
    leaders = leaders_summary(edition=edition)
    assert sum(kind["leaders"] for kind in leaders.values()) <= 3
    signed = Project.objects.filter(edition=edition, stage=ProjectStage.SIGNED).count()
    assert results_projects(edition=edition)["signed"]["count"] == signed >= 1
    # Every offline exhibitor holds one confirmed booth, and no booth is taken twice.
    assert BoothApplication.objects.filter(booth__pavilion__edition=edition).count() == 10
    assert BoothApplication.objects.filter(booth__pavilion__edition=edition).values("booth").distinct().count() == 10
    assert MemberUnit.objects.count() == 47
    assert ProgressReport.objects.filter(work_item__edition=edition).count() == 1 * 5 * 4
    assert edition.previous is None
    assert not edition.is_current


@pytest.mark.django_db
def test_seed_scale_same_seed_gives_the_same_rows():
    edition = scale_edition_seed(number=31, factor=0.01, seed=7, log=_quiet)
    first = edition_checksum(edition=edition)

    again = scale_edition_seed(number=31, factor=0.01, seed=7, replace=True, log=_quiet)
    other = scale_edition_seed(number=33, factor=0.01, seed=8, log=_quiet)

    assert edition_checksum(edition=again) == first
    assert edition_checksum(edition=other) != first


@pytest.mark.django_db
def test_seed_scale_refuses_an_edition_with_data_unless_replace():
    scale_edition_seed(number=31, factor=0.01, log=_quiet)

    with pytest.raises(ScaleRefused):
        scale_edition_seed(number=31, factor=0.01, log=_quiet)
    assert Exhibitor.objects.count() == 10 + 18 - 7  # 65% of the offline exhibitors also online

    scale_edition_seed(number=31, factor=0.02, replace=True, log=_quiet)
    assert Edition.objects.filter(number=31).count() == 1
    assert Exhibitor.objects.count() == 20 + 37 - 13
    assert Exhibit.objects.count() == 332


@pytest.mark.django_db
def test_seed_scale_replaces_an_edition_a_later_one_is_compared_with():
    scale_edition_seed(number=31, factor=0.01, log=_quiet)
    later = scale_edition_seed(number=32, factor=0.01, log=_quiet)
    assert later.previous.number == 31

    again = scale_edition_seed(number=31, factor=0.01, replace=True, log=_quiet)

    later.refresh_from_db()
    assert later.previous is None
    assert Edition.objects.filter(number=31).get() == again


@pytest.mark.django_db(transaction=True)
def test_seed_scale_replaces_an_edition_with_report_runs_and_their_files():
    """A bench's report runs protect their edition: replacing it deletes them with their files
    (it raised ProtectedError)."""
    edition = scale_edition_seed(number=31, factor=0.01, log=_quiet)
    run = ReportRun.objects.create(kind="results", edition=edition, formats=["json"], language="en")
    made = ReportFile.objects.create(run=run, format="json", file=ContentFile(b"{}", name="results.json"))
    path = made.file.path
    assert os.path.exists(path)

    again = scale_edition_seed(number=31, factor=0.01, replace=True, log=_quiet)

    assert Edition.objects.filter(number=31).get() == again
    assert not ReportRun.objects.exists()
    assert not os.path.exists(path)


@pytest.mark.django_db
def test_seed_scale_refuses_a_demo_edition_number(edition, english):
    with pytest.raises(CommandError, match="demo data"):
        call_command("seed_scale", edition=13, factor=0.01, stdout=io.StringIO())
    assert Attendee.objects.count() == 0


@pytest.mark.django_db
def test_seed_scale_command_prints_the_checksum_and_compares_with_the_previous_edition(edition):
    out = io.StringIO()

    call_command("seed_scale", edition=31, factor=0.01, seed=3, checksum=True, stdout=out)

    scaled = Edition.objects.get(number=31)
    assert f"checksum {edition_checksum(edition=scaled)}" in out.getvalue()
    assert scaled.previous == edition
    assert results_projects(edition=scaled)["contract"]["previous_investment_yuan"] == "0.00"
