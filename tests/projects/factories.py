from decimal import Decimal

import factory

from expo.enums import MemberUnitKind
from tests.factories import EditionFactory, MemberUnitFactory


class MunicipalityFactory(MemberUnitFactory):
    kind = MemberUnitKind.MUNICIPALITY
    code = factory.Sequence(lambda n: f"city-{n}")
    name_zh = factory.Sequence(lambda n: f"测试市{n}")
    name_en = factory.Sequence(lambda n: f"Test City {n}")
    short_name_zh = factory.Sequence(lambda n: f"测试{n}市")
    short_name_en = factory.Sequence(lambda n: f"Testcity{n}")


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.Project"

    edition = factory.SubFactory(EditionFactory)
    title = factory.Sequence(lambda n: f"测试合作项目{n}")
    type = "contract"
    investment_yuan = Decimal("100000000.00")
    industry = "new_energy"
    municipality = factory.SubFactory(MunicipalityFactory)
    reporting_unit = factory.LazyAttribute(lambda o: o.municipality)
    partner_name = "浙江测试集团有限公司"
    partner_country = "CN"
    partner_province = "Zhejiang"
    stage = "negotiating"


class SignedProjectFactory(ProjectFactory):
    stage = "signed"
    signed_on = factory.LazyAttribute(lambda o: o.edition.start_date)
