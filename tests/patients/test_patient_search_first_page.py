"""A common surname matches more patients than a page holds: the search keeps the first 50 in name order and
counts the episodes of those alone, with the same rows and counts as counting every match would give."""
from datetime import date

import pytest
from django.db.models import Count

from patients.models import Patient
from patients.selectors import search_patients
from tests.factories import FractureEpisodeFactory, PatientFactory

pytestmark = pytest.mark.django_db


def test_the_first_fifty_matches_come_in_name_order_with_their_own_episode_counts(site_a, site_b, nurse_a):
    for i in range(60):
        patient = PatientFactory(site=site_a, family_name="Smith", given_name=f"Ann{i:02d}", local_id=f"S{i:04d}",
                                 date_of_birth=date(1940, 1, 1 + i % 28))
        for _ in range(i % 3):
            FractureEpisodeFactory(patient=patient)
    PatientFactory(site=site_b, family_name="Smith", given_name="Aaron", local_id="B0001")  # another site's
    found = list(search_patients(nurse_a, "smith"))
    every = list(Patient.objects.filter(site=site_a, family_name="Smith").annotate(n=Count("episodes"))
                 .order_by("family_name", "given_name", "id")[:50])
    assert [(p.pk, p.episode_count) for p in found] == [(p.pk, p.n) for p in every]
    assert len(found) == 50 and {p.episode_count for p in found} == {0, 1, 2}
    assert all(p.site_id == site_a.pk for p in found)
