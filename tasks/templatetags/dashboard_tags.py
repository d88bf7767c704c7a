from django import template
from django.utils.http import urlencode

register = template.Library()


@register.simple_tag
def query(filters, **changes):
    """The dashboard's filters as a URL query string, with ``changes`` applied."""
    return urlencode(filters.as_query(**changes))
