"""Each part of the assessment is recorded separately, as results come in."""
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from assessments import services
from assessments.models import Assessment, BloodResult
from patients.services import StaleRecord

from .conftest import record_dxa

pytestmark = pytest.mark.django_db


def test_the_first_part_saved_starts_the_assessment(make_episode, site_a, nurse_a):
    episode = make_episode(site_a, nurse_a)
    assessment = services.assessment_record_part(
        episode=episode, part="falls", by=nurse_a, expected_version=None, falls_last_12_months=2,
        falls_assessment="referred",
    )
    assert assessment.assessed_on == timezone.localdate()
    assert assessment.assessed_by == nurse_a
    assert assessment.falls_last_12_months == 2
    assert not assessment.is_complete


def test_saving_one_part_leaves_the_others_as_they_were(make_episode, site_a, nurse_a):
    episode = make_episode(site_a, nurse_a)
    record_dxa(episode, nurse_a, spine="-2.6")
    services.assessment_record_part(
        episode=episode, part="falls", by=nurse_a, expected_version=None, falls_last_12_months=1,
        t_score_lumbar_spine=Decimal("1.0"),  # not a falls field: ignored
    )
    assessment = Assessment.objects.get(episode=episode)
    assert assessment.t_score_lumbar_spine == Decimal("-2.6")
    assert assessment.who_class == "osteoporosis"
    assert assessment.falls_last_12_months == 1


def test_a_save_over_someone_elses_newer_change_is_refused(make_episode, site_a, nurse_a, clinician_a):
    episode = make_episode(site_a, nurse_a)
    seen = record_dxa(episode, nurse_a, spine="-1.5").version
    services.assessment_record_part(episode=episode, part="dxa", by=clinician_a, expected_version=seen,
                                    t_score_lumbar_spine=Decimal("-1.7"))
    with pytest.raises(StaleRecord) as exc:
        services.assessment_record_part(episode=episode, part="dxa", by=nurse_a, expected_version=seen,
                                        t_score_lumbar_spine=Decimal("-1.9"))
    assert "lumbar spine T-score" in exc.value.messages[0]
    assert Assessment.objects.get(episode=episode).t_score_lumbar_spine == Decimal("-1.7")


def test_t_scores_need_the_date_of_the_scan(make_episode, site_a, nurse_a):
    episode = make_episode(site_a, nurse_a)
    with pytest.raises(ValidationError) as exc:
        services.assessment_record_part(episode=episode, part="dxa", by=nurse_a, expected_version=None,
                                        t_score_total_hip=Decimal("-2.0"))
    assert "dxa_performed_on" in exc.value.message_dict


def test_an_episode_not_yet_accepted_cannot_be_assessed(make_episode, site_a, nurse_a):
    episode = make_episode(site_a, nurse_a, state="identified")
    with pytest.raises(ValidationError, match="Accept it for assessment first"):
        services.assessment_record_part(episode=episode, part="falls", by=nurse_a, expected_version=None,
                                        falls_last_12_months=0)


def test_risk_factors_give_a_bmi_and_keep_the_history_with_who_changed_it(make_episode, site_a, nurse_a):
    episode = make_episode(site_a, nurse_a)
    assessment = services.assessment_record_part(
        episode=episode, part="risk_factors", by=nurse_a, expected_version=None, current_smoker=True,
        height_cm=Decimal("160"), weight_kg=Decimal("48"),
    )
    assert assessment.bmi == Decimal("18.8")
    assert assessment.history.first().history_user == nurse_a


def test_a_blood_result_outside_its_reference_range_is_flagged(make_episode, site_a, nurse_a):
    episode = make_episode(site_a, nurse_a)
    low = services.blood_result_add(episode=episode, by=nurse_a, test="vitamin_d", value=Decimal("18"),
                                    unit="nmol/L", reference_low=Decimal("50"), reference_high=Decimal("175"))
    normal = services.blood_result_add(episode=episode, by=nurse_a, test="calcium", value=Decimal("2.30"),
                                       unit="mmol/L", reference_low=Decimal("2.20"), reference_high=Decimal("2.60"))
    paraprotein = services.blood_result_add(episode=episode, by=nurse_a, test="myeloma",
                                            result_text="Paraprotein band detected", flagged_abnormal=True)
    assert low.is_out_of_range and paraprotein.is_out_of_range
    assert not normal.is_out_of_range
    assert low.reference_range == "50–175"


def test_a_blood_result_needs_a_value(make_episode, site_a, nurse_a):
    episode = make_episode(site_a, nurse_a)
    with pytest.raises(ValidationError) as exc:
        services.blood_result_add(episode=episode, by=nurse_a, test="tsh", unit="mU/L")
    assert "value" in exc.value.message_dict


def test_a_blood_result_entered_in_error_is_struck_through_not_deleted(client, make_episode, site_a, nurse_a):
    episode = make_episode(site_a, nurse_a)
    result = services.blood_result_add(episode=episode, by=nurse_a, test="alp", value=Decimal("90"), unit="U/L")
    client.force_login(nurse_a)
    client.post(reverse("assessments:blood_result_entered_in_error", args=[episode.pk, result.pk]))
    result.refresh_from_db()
    assert result.entered_in_error
    assert BloodResult.objects.filter(pk=result.pk).exists()


def test_a_nurse_records_dxa_through_the_form_and_sees_the_who_class(client, make_episode, site_a, nurse_a):
    episode = make_episode(site_a, nurse_a)
    client.force_login(nurse_a)
    url = reverse("assessments:assessment_part", args=[episode.pk, "dxa"])
    assert client.get(url).status_code == 200
    response = client.post(url, {
        "dxa_performed_on": timezone.localdate().isoformat(), "t_score_lumbar_spine": "-1.2",
        "t_score_total_hip": "-2.5", "t_score_femoral_neck": "-1.9",
    }, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "WHO: <strong>Osteoporosis</strong>" in page


def test_a_form_error_is_shown_beside_its_field(client, make_episode, site_a, nurse_a):
    episode = make_episode(site_a, nurse_a)
    client.force_login(nurse_a)
    response = client.post(reverse("assessments:assessment_part", args=[episode.pk, "dxa"]),
                           {"t_score_total_hip": "-2.0"})
    assert response.status_code == 200
    assert "Enter the date of the scan" in response.content.decode()
    assert response.context["form"].errors["dxa_performed_on"]


def test_a_manager_may_not_record_an_assessment(client, make_episode, site_a, nurse_a, manager_a):
    episode = make_episode(site_a, nurse_a)
    client.force_login(manager_a)
    assert client.get(reverse("assessments:assessment_part", args=[episode.pk, "falls"])).status_code == 403
