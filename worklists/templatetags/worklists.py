from django import template
from django.utils.http import urlencode

register = template.Library()


@register.simple_tag
def query(state, **changes):
    """The worklist's query string with some keys changed; empty values are dropped."""
    merged = {**state, **changes}
    return urlencode({k: v for k, v in merged.items() if v not in ("", None)})


