import datetime

import factory

from expo.committee.periods import current_period
from expo.models import ProgressReport, ReportStatus, WorkItem
from tests.factories import EditionFactory, MemberUnitFactory


class WorkItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkItem
        skip_postgeneration_save = True

    edition = factory.SubFactory(EditionFactory)
    code = factory.Sequence(lambda n: f"9.{n}")
    sort_order = factory.Sequence(lambda n: n)
    title_zh = factory.Sequence(lambda n: f"测试工作{n}")
    title_en = factory.Sequence(lambda n: f"Test work item {n}")
    lead_unit = factory.SubFactory(MemberUnitFactory)
    deadline = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=30))

    @factory.post_generation
    def co_units(self, create, extracted, **kwargs):
        if create and extracted:
            self.co_units.set(extracted)


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    work_item = factory.SubFactory(WorkItemFactory)
    unit = factory.LazyAttribute(lambda o: o.work_item.lead_unit)
    period = factory.LazyFunction(current_period)
    narrative = "按计划推进"
    percent = 50
    status = ReportStatus.DRAFT
