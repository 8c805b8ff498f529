"""KPI 1 (data completeness) counts a missing national number only where the site records one (issue 18,
docs/clinical-rules.md#identifiers): a Japanese site's patients have none to miss."""
from datetime import date

import pytest

from audit.kpis import kpi_table
from tests.factories import SiteFactory

from .conftest import AS_OF, PERIOD

pytestmark = pytest.mark.django_db


def completeness_note(site):
    results = kpi_table(sites=[site], date_from=PERIOD[0], date_to=PERIOD[1], as_of=AS_OF)
    return next(r for r in results if r.number == 1).note


def test_a_site_without_a_scheme_is_never_missing_a_national_number(audit_data):
    japanese = SiteFactory(code="sakura-kpi", country="JP", timezone="Asia/Tokyo")
    for n in range(3):
        audit_data.episode(japanese, date(2025, 3, 1 + n), family_name="山田", family_name_kana="ヤマダ",
                           given_name_kana="ハナコ", postcode="100-0001")
    assert "NHS number" not in completeness_note(japanese)


def test_a_uk_site_without_nhs_numbers_is_missing_them(site_a, audit_data):
    for n in range(3):
        audit_data.episode(site_a, date(2025, 3, 1 + n))
    assert "NHS number" in completeness_note(site_a)
