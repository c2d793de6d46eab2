from django import template

from projects import amounts

register = template.Library()

register.filter("report_amount", amounts.report_amount)
register.filter("report_amount_with_unit", amounts.report_amount_with_unit)
register.filter("yuan", amounts.yuan)
register.filter("growth", amounts.growth)


@register.simple_tag
def report_unit() -> str:
    return amounts.report_unit()
