"""Two people open the form for a record that does not exist yet (an assessment part, a treatment decision)
and both save it: the second is refused with the message an edit over a newer change gets, and the first
person's values stay (issue 14: the version check was skipped when no record existed, so the second silently
overwrote the first). The form for a new record carries version 0, "none"."""
import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import Assessment, TreatmentDecision
from fls.roles import NURSE
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

STALE = "Someone else changed this record while you were editing it"


@pytest.fixture
def second_nurse(site_a):
    return UserFactory(username="nurse_a2", roles=[NURSE], sites=[site_a])


def _opened(user, url):
    client = Client()
    client.force_login(user)
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="version" value="0"' in page.content.decode()
    return client


def test_the_second_first_save_of_an_assessment_part_is_refused(make_episode, site_a, nurse_a, second_nurse):
    episode = make_episode(site_a, nurse_a)
    url = reverse("assessments:assessment_part", args=[episode.pk, "falls"])
    first, second = _opened(nurse_a, url), _opened(second_nurse, url)

    saved = first.post(url, {"falls_last_12_months": "2", "falls_assessment": "done", "strength_balance": "referred", "version": "0"})
    refused = second.post(url, {"falls_last_12_months": "0", "falls_assessment": "not_done", "strength_balance": "referred", "version": "0"})

    assert saved.status_code == 302
    assert refused.status_code == 200
    assert STALE in refused.content.decode()
    assert Assessment.objects.get(episode=episode).falls_last_12_months == 2


def test_the_second_first_save_of_a_treatment_decision_is_refused(assessed_episode, nurse_a, second_nurse):
    url = reverse("assessments:treatment_decision", args=[assessed_episode.pk])
    first, second = _opened(nurse_a, url), _opened(second_nurse, url)
    form = {"calcium_vitamin_d": "start", "initiated_by": "fls", "status": "planned", "version": "0"}

    saved = first.post(url, {**form, "recommendation": "alendronate"})
    refused = second.post(url, {**form, "recommendation": "denosumab"})

    assert saved.status_code == 302
    assert refused.status_code == 200
    assert STALE in refused.content.decode()
    assert TreatmentDecision.objects.get(episode=assessed_episode).recommendation == "alendronate"


def test_an_edit_of_the_decision_just_made_is_still_accepted(assessed_episode, nurse_a):
    url = reverse("assessments:treatment_decision", args=[assessed_episode.pk])
    client = _opened(nurse_a, url)
    form = {"calcium_vitamin_d": "start", "initiated_by": "fls", "status": "planned"}
    client.post(url, {**form, "recommendation": "alendronate", "version": "0"})
    version = TreatmentDecision.objects.get(episode=assessed_episode).version

    response = client.post(url, {**form, "recommendation": "risedronate", "version": str(version)})

    assert response.status_code == 302
    assert TreatmentDecision.objects.get(episode=assessed_episode).recommendation == "risedronate"
