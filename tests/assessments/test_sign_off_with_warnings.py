"""Sign-off with the whole picture (issue 16): a decision whose drug has a safety warning cannot be signed off in one
click; the clinician signs it off on the sign-off page, acknowledging each warning with a reason, which the record
keeps (what was shown, by whom, when); the drug and regimen can be amended there, with history."""
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from assessments import services
from assessments.models import TreatmentDecision, WarningAcknowledgement
from patients.models import EpisodeState

pytestmark = pytest.mark.django_db


def _egfr(episode, by, value):
    services.blood_result_add(episode=episode, by=by, test="egfr", taken_on=timezone.localdate(),
                              value=Decimal(value), unit="mL/min/1.73m²")


@pytest.fixture
def low_egfr_decision(assessed_episode, nurse_a):
    _egfr(assessed_episode, nurse_a, "28")
    return services.treatment_decision_save(episode=assessed_episode, by=nurse_a, recommendation="alendronate",
                                            calcium_vitamin_d="start")


def test_a_new_decision_takes_the_drugs_usual_regimen(drafted_decision):
    assert (drafted_decision.dose, drafted_decision.route, drafted_decision.interval,
            drafted_decision.duration_months) == ("70 mg", "oral", "weekly", 60)


def test_changing_the_drug_without_a_regimen_takes_the_new_drugs_and_a_given_regimen_is_kept(drafted_decision,
                                                                                            nurse_a):
    changed = services.treatment_decision_save(episode=drafted_decision.episode, by=nurse_a,
                                               expected_version=drafted_decision.version, recommendation="denosumab")
    assert (changed.dose, changed.route, changed.interval) == ("60 mg", "sc", "six_monthly")
    kept = services.treatment_decision_save(episode=drafted_decision.episode, by=nurse_a,
                                            expected_version=changed.version, recommendation="zoledronic_acid",
                                            dose="4 mg", route="iv", interval="yearly", duration_months=24)
    assert (kept.dose, kept.duration_months) == ("4 mg", 24)
    assert kept.history.count() == 3  # every change of the regimen kept


def test_one_click_sign_off_is_refused_while_a_warning_stands(low_egfr_decision, clinician_a):
    with pytest.raises(ValidationError, match="1 safety warning: open the sign-off page"):
        services.treatment_sign_off(decision=low_egfr_decision, by=clinician_a)
    low_egfr_decision.refresh_from_db()
    assert not low_egfr_decision.is_signed_off
    assert low_egfr_decision.episode.state == EpisodeState.ASSESSED


def test_a_warning_without_a_reason_is_refused_beside_it(low_egfr_decision, clinician_a):
    with pytest.raises(ValidationError) as refused:
        services.treatment_sign_off(decision=low_egfr_decision, by=clinician_a, acknowledgements={"renal_impairment": " "})
    assert "ack_renal_impairment" in refused.value.message_dict
    assert not WarningAcknowledgement.objects.exists()


def test_signing_off_with_each_warning_acknowledged_keeps_what_was_shown(low_egfr_decision, clinician_a):
    services.treatment_sign_off(decision=low_egfr_decision, by=clinician_a,
                                acknowledgements={"renal_impairment": "Nephrology agreed; reduced frequency."})
    low_egfr_decision.refresh_from_db()
    assert low_egfr_decision.is_signed_off
    (ack,) = low_egfr_decision.acknowledgements.all()
    assert (ack.code, ack.by, ack.reason) == ("renal_impairment", clinician_a, "Nephrology agreed; reduced frequency.")
    assert "eGFR 28 is below 35" in ack.shown
    assert "1 warning acknowledged" in low_egfr_decision.episode.events.get(transition="decide_treatment").note


def test_amending_the_drug_at_sign_off_checks_the_new_drugs_warnings(low_egfr_decision, clinician_a):
    # eGFR 28 is below alendronate's limit (35); romosozumab has no renal limit, so switched to it at sign-off the
    # decision has nothing to acknowledge (a reason given for something else is not kept).
    services.treatment_sign_off(decision=low_egfr_decision, by=clinician_a, acknowledgements={"none": "-"},
                                amendments={"recommendation": "romosozumab", "dose": "210 mg", "route": "sc",
                                            "interval": "monthly", "duration_months": 12})
    decision = TreatmentDecision.objects.get(pk=low_egfr_decision.pk)
    assert (decision.recommendation, decision.is_signed_off) == ("romosozumab", True)
    assert not decision.acknowledgements.exists()
    assert decision.history.filter(recommendation="alendronate").exists()  # the drug drafted stays in the history


def test_a_page_drawn_before_the_decision_changed_is_refused(low_egfr_decision, clinician_a, nurse_a):
    drawn_at = low_egfr_decision.version
    services.treatment_decision_save(episode=low_egfr_decision.episode, by=nurse_a, expected_version=drawn_at,
                                     recommendation="risedronate")
    with pytest.raises(ValidationError):
        services.treatment_sign_off(decision=low_egfr_decision, by=clinician_a, expected_version=drawn_at,
                                    acknowledgements={"renal_impairment": "ok"})
    assert not TreatmentDecision.objects.get(pk=low_egfr_decision.pk).is_signed_off


def test_the_queue_shows_the_warning_and_sends_the_row_to_the_sign_off_page(client, low_egfr_decision, clinician_a):
    client.force_login(clinician_a)
    page = client.get(reverse("assessments:signoff_queue")).content.decode()
    assert 'data-testid="row-warning"' in page and "Renal function" in page
    assert 'data-testid="review-sign-off"' in page
    assert f'action="{reverse("assessments:treatment_sign_off", args=[low_egfr_decision.episode_id])}"' not in page


def test_a_one_click_post_with_a_warning_goes_to_the_sign_off_page(client, low_egfr_decision, clinician_a):
    client.force_login(clinician_a)
    url = reverse("assessments:treatment_sign_off", args=[low_egfr_decision.episode_id])
    response = client.post(url, {"from": "queue"})
    assert response.status_code == 302 and response.url == url
    assert not TreatmentDecision.objects.get(pk=low_egfr_decision.pk).is_signed_off


def test_the_sign_off_page_shows_the_whole_picture_and_signs_off_with_reasons(client, low_egfr_decision, clinician_a):
    client.force_login(clinician_a)
    url = reverse("assessments:treatment_sign_off", args=[low_egfr_decision.episode_id])
    page = client.get(url).content.decode()
    for testid in ("whole-picture", "sign-off-dxa", "sign-off-bloods", "sign-off-vertebral", "safety-warnings",
                   "ack-renal_impairment"):
        assert f'data-testid="{testid}"' in page, testid
    form = {"sign_off_page": "1", "version": low_egfr_decision.version, "recommendation": "alendronate",
            "dose": "70 mg", "route": "oral", "interval": "weekly", "duration_months": "60", "note": ""}
    refused = client.post(url, form)
    assert refused.status_code == 200
    assert "Give the reason for going ahead despite this warning." in refused.content.decode()
    signed = client.post(url, {**form, "ack_renal_impairment": "Discussed with the renal team."})
    assert signed.status_code == 302
    assert TreatmentDecision.objects.get(pk=low_egfr_decision.pk).acknowledgements.get().reason == \
        "Discussed with the renal team."


def test_the_decision_form_shows_the_support_for_the_drug_chosen(client, low_egfr_decision, nurse_a):
    client.force_login(nurse_a)
    url = reverse("assessments:decision_support", args=[low_egfr_decision.episode_id])
    assert 'data-code="renal_impairment"' in client.get(url, {"recommendation": "alendronate"}).content.decode()
    assert 'data-code="renal_impairment"' not in client.get(url, {"recommendation": "romosozumab"}).content.decode()
    form = client.get(reverse("assessments:treatment_decision", args=[low_egfr_decision.episode_id])).content.decode()
    assert 'id="decision-support"' in form and 'id="regimens"' in form


def test_another_sites_episode_has_no_sign_off_page_or_support(client, low_egfr_decision, site_b):
    from fls.roles import CLINICIAN
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="clinician_b", roles=[CLINICIAN], sites=[site_b]))
    for name in ("assessments:treatment_sign_off", "assessments:decision_support"):
        assert client.get(reverse(name, args=[low_egfr_decision.episode_id])).status_code == 404


def test_the_usual_regimen_is_shown_with_its_status(client, low_egfr_decision, nurse_a):
    client.force_login(nurse_a)
    url = reverse("assessments:decision_support", args=[low_egfr_decision.episode_id])
    oral = client.get(url, {"recommendation": "alendronate"}).content.decode()
    assert "70 mg, by mouth, weekly, 60 months" in oral and "unverified" in oral
    injection = client.get(url, {"recommendation": "denosumab"}).content.decode()
    assert "60 mg, subcutaneous injection, every 6 months" in injection
