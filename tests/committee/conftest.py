import io

import pytest
from PIL import Image

from expo.celery import app as celery_app
from tests.committee.factories import ProgressReportFactory, WorkItemFactory
from tests.factories import MemberUnitFactory, MemberUnitUserFactory, OrganizerFactory


@pytest.fixture
def eager_tasks():
    """Run Celery tasks in the test's own process, as a worker would."""
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


@pytest.fixture
def unit(db):
    return MemberUnitFactory(code="commerce", name_en="Department of Commerce", email="commerce@example.org")


@pytest.fixture
def other_unit(db):
    return MemberUnitFactory(code="changchun", name_en="Changchun", email="changchun@example.org")


@pytest.fixture
def unit_user(unit):
    return MemberUnitUserFactory(member_unit=unit, username="zhangwei", email="zhangwei@example.org")


@pytest.fixture
def other_user(other_unit):
    return MemberUnitUserFactory(member_unit=other_unit, username="liuyang")


@pytest.fixture
def secretary(db):
    return OrganizerFactory(username="secretary", offices=["secretariat"])


@pytest.fixture
def item(edition, unit, other_unit):
    """Led by ``unit``; ``other_unit`` co-works on it."""
    return WorkItemFactory(edition=edition, lead_unit=unit, co_units=[other_unit], title_en="5G theme exhibition")


@pytest.fixture
def other_item(edition, other_unit):
    """Led by ``other_unit`` alone: ``unit`` has nothing to do with it."""
    return WorkItemFactory(edition=edition, lead_unit=other_unit, title_en="Changchun theme activity")


@pytest.fixture
def other_report(item, other_unit):
    """``other_unit``'s draft on the shared item, with a problem it tells only the secretariat."""
    return ProgressReportFactory(work_item=item, unit=other_unit, problems="SECRET-PROBLEM-长春", narrative="长春草稿")


@pytest.fixture
def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return buffer.getvalue()
