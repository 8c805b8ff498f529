"""fls.urls and its error handlers, plus a page that fails: the 500 page's tests (test_error_pages.py)."""
from django.contrib.auth.decorators import login_not_required
from django.urls import path

from fls.urls import handler500, urlpatterns as app_urlpatterns  # noqa: F401 (handler500 is read from this module)


@login_not_required
def a_page_that_fails(request):
    raise RuntimeError("Traceback-worthy failure that names nobody")


urlpatterns = [*app_urlpatterns, path("failing-page/", a_page_that_fails)]
