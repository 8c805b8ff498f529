"""The clinician worklist's SQL (worklists.clinician_statements, assessments.statements) lists what the lists'
definitions (the querysets of worklists.selectors.clinician_lists) hold: the same rows in the same order on
every page, the same totals, and each row written as the model's own display rules write it."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from assessments.selectors import signoff_supports
from assessments.models import Assessment, BloodResult, TreatmentDecision
from fls.read_models import episodes_changed
from fls.roles import CLINICIAN
from tests.factories import UserFactory
from worklists import clinician_presenters, selectors
from worklists.models import ClinicalAdviceRequest
from worklists.services import advice_request_create, advice_request_answer

from .builders import episode_at, with_assessment, with_blood, with_decision

pytestmark = pytest.mark.django_db

PAGE = selectors.CLINICIAN_PAGE_SIZE


@pytest.fixture
def varied(site_a, site_b, nurse_a, nurse_b, clinician_a):
    """Rows on each list and rows just off them, at both sites, with ties in time and every shape of value;
    seen by a clinician of both sites."""
    now = timezone.now()
    for i in range(2 * PAGE + 10):
        site, nurse = (site_a, nurse_a) if i % 4 else (site_b, nurse_b)
        episode = episode_at(site, "assessed", family_name=f"Varied{i:02d}")
        assessment = with_assessment(episode, nurse)
        # T-scores of every class, or none (no DXA); FRAX whole, with a tenth, or missing.
        t = [None, Decimal("-2.6"), Decimal("-1.5"), Decimal("0.3"), Decimal("-3")][i % 5]
        Assessment.objects.filter(pk=assessment.pk).update(
            t_score_femoral_neck=t, t_score_lumbar_spine=None if i % 3 else Decimal("-1"),
            frax_mof_percent=[None, Decimal("12"), Decimal("7.5")][i % 3])
        # Results out of range (listed) and in range (not); a text result; an "other" test; one in error.
        value = ["3.1", "2.4", "1.9", "3.100", "12"][i % 5]
        blood = with_blood(assessment, nurse, value=value, low="2.2" if i % 2 else None, high="2.6")
        if i % 7 == 3:
            BloodResult.objects.filter(pk=blood.pk).update(test="other", test_name="Serum zinc", value=None,
                                                           result_text="Raised", flagged_abnormal=True)
        if i % 9 == 5:
            blood.entered_in_error = True
            blood.save()
        decision = with_decision(episode, nurse, signed_off=i % 6 == 1)
        recommendation = ["alendronate", "other", "zoledronate"][i % 3]
        TreatmentDecision.objects.filter(pk=decision.pk).update(
            recommendation=recommendation, recommendation_other="Romosozumab then alendronate",
            # Pairs drafted at the same moment: the tie is broken by id, in both.
            drafted_at=now - timedelta(days=40 - i // 2))
        request = advice_request_create(episode=episode, by=nurse, question=f"Question {i}?")
        ClinicalAdviceRequest.objects.filter(pk=request.pk).update(requested_at=now - timedelta(hours=i // 2))
        episodes_changed([episode.pk])  # the direct updates above, as a service would after its writes
        if i % 5 == 2:
            advice_request_answer(advice_request=request, by=clinician_a, answer="Go ahead.")
    return UserFactory(roles=[CLINICIAN], sites=[site_a, site_b])


def _pages(user, key):
    total = selectors.clinician_totals(user)[key]
    return [selectors.clinician_page(user, key, page) for page in range(1, total // PAGE + 2)]


@pytest.mark.parametrize("key", ["signoff", "bloods", "advice"])
def test_every_page_holds_the_definitions_rows_in_its_order(varied, key):
    definition = list(selectors.clinician_lists(varied)[key])
    pages = _pages(varied, key)
    assert [len(p) for p in pages[:-1]] == [PAGE] * (len(pages) - 1)
    assert [entry.pk for page in pages for entry in page] == [row.pk for row in definition]
    assert selectors.clinician_totals(varied)[key] == len(definition) > PAGE


def test_the_totals_are_the_definitions_counts_for_a_user_of_one_site_too(varied, clinician_a):
    for user in (varied, clinician_a):
        lists = selectors.clinician_lists(user)
        assert selectors.clinician_totals(user) == {key: qs.count() for key, qs in lists.items()}


def test_a_decisions_row_is_written_as_the_model_writes_it(varied):
    entries = [e for page in _pages(varied, "signoff") for e in page]
    rows = clinician_presenters.clinician_rows(decisions=entries, bloods=[], advice_requests=[], show_site=True,
                                               supports=signoff_supports(entries))["signoff_rows"]
    decisions = TreatmentDecision.objects.select_related("episode__patient", "episode__site", "drafted_by",
                                                         "episode__assessment").in_bulk([e.pk for e in entries])
    for row in rows:
        d = decisions[row.pk]
        a = d.episode.assessment
        assert row.patient == str(d.episode.patient) and row.local_id == d.episode.patient.local_id
        assert row.site_code == d.episode.site.code
        assert row.recommendation == d.recommendation_label and row.drafted_by == str(d.drafted_by)
        assert row.findings == (f"{a.who_class_label} (T {a.lowest_t_score})" if a.who_class else "No DXA")
        assert row.frax_mof == ("" if a.frax_mof_percent is None else f"FRAX MOF {a.frax_mof_percent}%")
    assert {row.findings.split(" (")[0] for row in rows} == {"No DXA", "Osteoporosis", "Osteopenia", "Normal"}
    assert {row.recommendation for row in rows} >= {"Romosozumab then alendronate"}


def test_a_bloods_row_is_written_as_the_model_writes_it(varied):
    entries = [e for page in _pages(varied, "bloods") for e in page]
    rows = clinician_presenters.clinician_rows(decisions=[], bloods=entries, advice_requests=[],
                                               show_site=True, supports={})["blood_rows"]
    results = BloodResult.objects.select_related("assessment__episode__patient", "assessment__episode__site").in_bulk(
        [e.pk for e in entries])
    for entry, row in zip(entries, rows):
        b = results[entry.pk]
        assert (row.test, row.value, row.reference_range) == (b.display_name, b.display_value, b.reference_range)
        assert row.patient == str(b.assessment.episode.patient) and row.site_code == b.assessment.episode.site.code
    assert {row.value for row in rows} >= {"3.1 mmol/L", "12 mmol/L", "Raised"}
    assert {row.reference_range for row in rows} == {"2.2–2.6", "≤ 2.6"}


def test_an_advice_row_names_the_asker_and_the_patient(varied):
    entries = [e for page in _pages(varied, "advice") for e in page]
    requests = ClinicalAdviceRequest.objects.select_related("episode__patient", "requested_by").in_bulk(
        [e.pk for e in entries])
    for entry in entries:
        r = requests[entry.pk]
        assert (entry.patient_name, entry.asked_by, entry.question) == (str(r.episode.patient), str(r.requested_by),
                                                                        r.question)
