"""A site id or page in the query string that is no usable number ("²", one beyond any id) is ignored, never
a 500 (the fuzz test found ?site=99999999999999999999 failing on SQLite, where it cannot be bound, and
isdigit() let "²" through to int())."""
import pytest

from fls.paging import record_id

pytestmark = pytest.mark.django_db

PAGES = ["/triage/", "/case-finding/disagreements/", "/follow-ups/", "/follow-ups/overdue/", "/follow-ups/lost/",
         "/worklist/", "/sign-off/"]


@pytest.mark.parametrize("value", ["99999999999999999999", "²", "9" * 5000, "-1"])
@pytest.mark.parametrize("page", PAGES)
def test_an_unusable_site_number_is_ignored(client, manager_a, nurse_a, clinician_a, page, value):
    for user in (nurse_a, clinician_a, manager_a):
        client.force_login(user)
        response = client.get(page, {"site": value, "page": value})
        assert response.status_code in (200, 302, 403)


def test_an_id_is_at_most_a_bigint():
    assert record_id(str(2**63 - 1)) == 2**63 - 1
    assert record_id(str(2**63)) is None
    assert record_id("²") is None
