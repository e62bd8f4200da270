from django import template

from ..budget import zl as _zl

register = template.Library()


@register.filter
def zl(value):
    if value is None or value == "":
        return ""
    return _zl(value)
