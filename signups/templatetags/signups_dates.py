from django import template

from signups.dates import when_range as _when_range

register = template.Library()


@register.simple_tag
def when_range(start, end=None):
    """{% when_range session.starts_at session.ends_at %}: see signups.dates.when_range."""
    return _when_range(start, end) if start else ""
