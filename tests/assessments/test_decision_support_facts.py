"""What the decision support reads from an episode's records (assessments.facts): vertebral fractures from every
source and episode, counted once; the latest blood result in the rules' unit, converted or refused; the site's
settings; a fixed number of queries for any number of episodes."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments import decision_support as ds
from assessments import services
from assessments.facts import advice_for_episode, advice_for_episodes
from assessments.models import DecisionSupportSettings

pytestmark = pytest.mark.django_db


def _blood(episode, by, test, value, unit, days_ago=0):
    services.blood_result_add(episode=episode, by=by, test=test, value=None if value is None else Decimal(value),
                              result_text="" if value is not None else "<15", unit=unit,
                              taken_on=timezone.localdate() - timedelta(days=days_ago))


def _vfa(episode, by, level="t12", age="new", days_ago=0):
    services.vertebral_fracture_add(episode=episode, by=by, found_by="vfa", level=level, grade="2", age=age,
                                    seen_on=timezone.localdate() - timedelta(days=days_ago))


def test_a_new_vertebral_fracture_on_vfa_makes_a_hip_fracture_patient_very_high_risk(assessed_episode, nurse_a):
    assert advice_for_episode(assessed_episode).advice.very_high == []
    _vfa(assessed_episode, nurse_a)
    support = advice_for_episode(assessed_episode)
    assert [f.code for f in support.advice.very_high] == [ds.RECENT_VERTEBRAL]
    assert support.facts.vertebral_fractures == 1 and support.vertebral_sources == ["vfa"]


def test_the_same_level_seen_twice_counts_once_and_an_old_one_is_undated(assessed_episode, nurse_a):
    _vfa(assessed_episode, nurse_a, level="l1", age="old", days_ago=5)
    _vfa(assessed_episode, nurse_a, level="l1", age="old")
    support = advice_for_episode(assessed_episode)
    assert support.facts.vertebral_fractures == 1
    assert "vertebral_fracture_date_not_recorded" in [n.code for n in support.advice.notes]


def test_a_fracture_entered_in_error_is_not_counted(assessed_episode, nurse_a):
    _vfa(assessed_episode, nurse_a)
    fracture = assessed_episode.assessment.vertebral_fractures.get()
    services.vertebral_fracture_mark_entered_in_error(fracture=fracture, by=nurse_a)
    assert advice_for_episode(assessed_episode).facts.vertebral_fractures == 0


def test_vertebral_fractures_found_in_the_patients_earlier_episode_count(make_episode, assessed_episode, site_a,
                                                                        nurse_a):
    _vfa(assessed_episode, nurse_a, level="t8")
    _vfa(assessed_episode, nurse_a, level="t9")
    from patients import services as patient_services

    later = patient_services.episode_create(
        patient=assessed_episode.patient, by=nurse_a, fracture_date=timezone.localdate() - timedelta(days=3),
        fracture_site="wrist", side="left", mechanism="low", identified_on=timezone.localdate(), source="ed").episode
    codes = [f.code for f in advice_for_episode(later).advice.very_high]
    assert ds.MULTIPLE_VERTEBRAL in codes and ds.RECENT_VERTEBRAL in codes


@pytest.mark.parametrize("value, unit, expected", [
    ("2.15", "mmol/L", Decimal("2.15")),
    ("8.8", "mg/dL", Decimal("8.8") * Decimal("0.2495")),  # 2.1956: below 2.20, never rounded up to it
    ("8.8", "", None),  # no unit and implausible in mmol/L: a mix-up, not read
    ("2.15", "mEq/L", None),  # a unit the rules do not read
])
def test_calcium_is_read_in_mmol_per_litre_or_refused(assessed_episode, nurse_a, value, unit, expected):
    _blood(assessed_episode, nurse_a, "calcium", value, unit)
    support = advice_for_episode(assessed_episode, proposed="alendronate")
    assert support.facts.adjusted_calcium == expected
    codes = [w.code for w in support.advice.warnings]
    assert (ds.HYPOCALCAEMIA in codes) is (expected is not None)
    if expected is None:
        assert "adjusted_calcium_not_usable" in [n.code for n in support.advice.notes]
        assert support.unusable_results


def test_the_latest_result_counts_even_in_words(assessed_episode, nurse_a):
    _blood(assessed_episode, nurse_a, "egfr", "40", "mL/min/1.73m²", days_ago=30)
    _blood(assessed_episode, nurse_a, "egfr", None, "mL/min/1.73m²")
    support = advice_for_episode(assessed_episode, proposed="alendronate")
    assert support.facts.egfr is None  # not the older 40
    assert "egfr_not_usable" in [n.code for n in support.advice.notes]


def test_a_sites_calcium_setting_is_used(assessed_episode, nurse_a):
    _blood(assessed_episode, nurse_a, "calcium", "2.25", "mmol/L")
    assert ds.HYPOCALCAEMIA not in [w.code for w in advice_for_episode(assessed_episode, proposed="denosumab")
                                    .advice.warnings]
    DecisionSupportSettings.objects.create(site=assessed_episode.site, adjusted_calcium_low=Decimal("2.30"))
    assert ds.HYPOCALCAEMIA in [w.code for w in advice_for_episode(assessed_episode, proposed="denosumab")
                                .advice.warnings]


def test_many_episodes_are_advised_in_a_fixed_number_of_queries(make_episode, site_a, nurse_a):
    episodes = [make_episode(site_a, nurse_a) for _ in range(4)]
    for episode in episodes:
        _blood(episode, nurse_a, "egfr", "30", "mL/min/1.73m²")
        _vfa(episode, nurse_a)
    for count in (1, 4):
        with CaptureQueriesContext(connection) as queries:
            found = advice_for_episodes(episodes[:count])
        assert len(found) == count
        assert len(queries) == 7


def test_the_frax_table_is_read_from_the_database_and_unverified_until_every_row_is(assessed_episode, nurse_a):
    from assessments.models import FraxInterventionThreshold

    services.assessment_record_part(episode=assessed_episode, part="fracture_risk", by=nurse_a, expected_version=None,
                                    frax_mof_percent=Decimal("30"), frax_hip_percent=Decimal("2"))
    support = advice_for_episode(assessed_episode)  # born 1948: 78, the 70+ row (MOF 20 %: very high from 32 %)
    assert ds.FRAX_VERY_HIGH not in [f.code for f in support.advice.very_high]
    assert "frax_thresholds_unverified" in [n.code for n in support.advice.notes]
    FraxInterventionThreshold.objects.update(verified=True, source="NOGG (test)")
    FraxInterventionThreshold.objects.filter(from_age=70).update(mof_percent=Decimal("18.0"))  # 1.6 x 18 = 28.8
    support = advice_for_episode(assessed_episode)
    assert [f.code for f in support.advice.very_high] == [ds.FRAX_VERY_HIGH]
    assert not support.advice.very_high[0].unverified
    assert "frax_thresholds_unverified" not in [n.code for n in support.advice.notes]


def test_an_administrator_edits_the_frax_table_and_a_sites_calcium_setting_in_the_admin(client, admin_a, site_a):
    from django.urls import reverse

    client.force_login(admin_a)
    assert client.get(reverse("admin:assessments_fraxinterventionthreshold_changelist")).status_code == 200
    response = client.post(reverse("admin:assessments_decisionsupportsettings_add"),
                           {"site": site_a.pk, "adjusted_calcium_low": "2.15", "version": 1})
    assert response.status_code == 302
    assert DecisionSupportSettings.objects.get(site=site_a).adjusted_calcium_low == Decimal("2.15")
    too_high = client.post(reverse("admin:assessments_decisionsupportsettings_add"),
                           {"site": site_a.pk, "adjusted_calcium_low": "9", "version": 1})
    assert too_high.status_code == 200  # refused beside the field
