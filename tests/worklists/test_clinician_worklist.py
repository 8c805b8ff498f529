"""The clinician's home: decisions awaiting sign-off oldest first, abnormal bloods, and advice requests."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import TreatmentDecision
from fls.read_models import episodes_changed

from .builders import episode_at, with_assessment, with_blood, with_decision

pytestmark = pytest.mark.django_db


def test_the_clinicians_home_is_the_clinician_worklist(client, clinician_a):
    client.force_login(clinician_a)
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("worklists:clinician")
    assert 'data-testid="home-heading">My worklist<' in response.content.decode()


def test_the_nurses_home_is_the_nurse_worklist(client, nurse_a):
    client.force_login(nurse_a)
    response = client.get(reverse("home"))
    assert response.url == reverse("worklists:nurse")


def test_decisions_awaiting_sign_off_come_oldest_first(client, site_a, nurse_a, clinician_a):
    newer, older = episode_at(site_a, "assessed"), episode_at(site_a, "assessed")
    with_decision(newer, nurse_a)
    with_decision(older, nurse_a)
    TreatmentDecision.objects.filter(episode=older).update(drafted_at=timezone.now() - timedelta(days=9))
    episodes_changed([older.pk])
    signed = episode_at(site_a, "treatment_decided")
    with_decision(signed, nurse_a, signed_off=True)
    client.force_login(clinician_a)
    decisions = client.get(reverse("worklists:clinician")).context["decisions"]
    assert [d.episode_id for d in decisions] == [older.pk, newer.pk]


def test_only_out_of_range_bloods_of_unsigned_episodes_are_listed(client, site_a, nurse_a, clinician_a):
    open_ep = episode_at(site_a, "assessed")
    a = with_assessment(open_ep, nurse_a)
    high = with_blood(a, nurse_a, value="2.9")
    with_blood(a, nurse_a, value="2.4")  # in range
    struck = with_blood(a, nurse_a, value="1.2")
    struck.entered_in_error = True
    struck.save()
    episodes_changed([open_ep.pk])
    done = episode_at(site_a, "treatment_decided")
    with_blood(with_assessment(done, nurse_a), nurse_a, value="3.3")
    with_decision(done, nurse_a, signed_off=True)
    client.force_login(clinician_a)
    bloods = client.get(reverse("worklists:clinician")).context["bloods"]
    assert [b.pk for b in bloods] == [high.pk]


def test_a_nurse_cannot_open_the_clinician_worklist(client, nurse_a):
    client.force_login(nurse_a)
    assert client.get(reverse("worklists:clinician")).status_code == 403
