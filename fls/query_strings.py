"""Query strings every page shares: no NUL reaches a view (settings.MIDDLEWARE)."""
from django.http import QueryDict


class QueryStringWithoutNul:
    """Drops NUL characters from the query string's names and values before any view reads it.

    PostgreSQL refuses a NUL in text, so `?q=%00` in a search box was a 500 wherever the value reached a query
    (issue 14). No search term, filter or page number means anything with a NUL in it, so it is dropped here,
    once, rather than in each view. Form fields (POST) are not touched: Django's form fields refuse a NUL
    with a message beside the field, and services that take text straight from a request check it
    (fls.text.checked_text)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query_string = request.META.get("QUERY_STRING", "")
        if "%00" in query_string or "\x00" in query_string:
            cleaned = QueryDict(mutable=True)
            for name, values in request.GET.lists():
                cleaned.setlist(name.replace("\x00", ""), [value.replace("\x00", "") for value in values])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)
