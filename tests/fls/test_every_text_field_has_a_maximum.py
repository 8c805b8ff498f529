"""Every text field has a stated maximum, enforced with Django's message beside the field and set as the
HTML maxlength; nothing is silently cut (issue 14: free text took 100,000 characters, and notes that were too
long were dropped while the move went ahead)."""
import pytest
from django.apps import apps
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse

from casefinding.intake import report_batch_from_file
from fls.text import LONG_NOTE_MAX, SHORT_NOTE_MAX
from patients.models import EpisodeEvent
from tests.worklists.builders import episode_at
from worklists.models import ClinicalAdviceRequest

pytestmark = pytest.mark.django_db

OUR_APPS = ("fls", "patients", "casefinding", "assessments", "treatment", "followup", "worklists", "audit")
# Written by the app itself, never typed into a form or a file: a letter as generated, an import's file
# (bounded by the upload limit), a worker's failure, the screener's evidence sentence (from a bounded report).
GENERATED = {"assessments.LetterSent.content_html", "followup.PatientReminderLetter.content_html",
             "patients.ImportBatch.content", "patients.ImportBatch.failure", "casefinding.RadiologyReport.evidence"}


def test_every_text_column_of_our_models_has_a_maximum_that_validation_enforces():
    unbounded = []
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS or model.__name__.startswith("Historical"):
            continue
        for field in model._meta.concrete_fields:
            name = f"{model._meta.label}.{field.name}"
            if not isinstance(field, (models.CharField, models.TextField)) or name in GENERATED:
                continue
            # A MaxLengthValidator: a TextField's max_length alone is not checked by Django (and the episode
            # table's are validators only, see patients.models.FractureEpisode).
            if not any(isinstance(v, MaxLengthValidator) for v in field.validators):
                unbounded.append(name)
    assert unbounded == []


def test_an_overlong_note_is_refused_beside_the_field_with_djangos_message(client, nurse_a, site_a):
    episode = episode_at(site_a, "awaiting_assessment")
    client.force_login(nurse_a)
    url = reverse("assessments:assessment_part", args=[episode.pk, "summary"])

    page = client.get(url).content.decode()
    response = client.post(url, {"assessed_on": episode.identified_on.isoformat(), "notes": "n" * (LONG_NOTE_MAX + 1),
                                 "version": ""})

    assert f'maxlength="{LONG_NOTE_MAX}"' in page
    assert response.status_code == 200
    assert (f"Ensure this value has at most {LONG_NOTE_MAX} characters (it has {LONG_NOTE_MAX + 1})."
            in response.content.decode())
    assert not hasattr(episode, "assessment") or episode.assessment is None


def test_a_pathway_move_with_an_overlong_note_is_refused_not_made_without_it(client, nurse_a, site_a):
    episode = episode_at(site_a, "identified")
    client.force_login(nurse_a)

    response = client.post(reverse("patients:episode_transition", args=[episode.pk, "exclude"]),
                           {"note": "r" * (SHORT_NOTE_MAX + 1)}, follow=True)

    episode.refresh_from_db()
    assert episode.state == "identified"
    assert not EpisodeEvent.objects.filter(episode=episode, transition="exclude").exists()
    assert f"Ensure this value has at most {SHORT_NOTE_MAX} characters" in response.content.decode()


def test_an_overlong_advice_question_is_refused_with_a_message(client, nurse_a, site_a):
    episode = episode_at(site_a, "awaiting_assessment")
    client.force_login(nurse_a)

    response = client.post(reverse("worklists:advice_request_new", args=[episode.pk]),
                           {"question": "q" * (SHORT_NOTE_MAX + 1)}, follow=True)

    assert f"Ensure this value has at most {SHORT_NOTE_MAX} characters" in response.content.decode()
    assert not ClinicalAdviceRequest.objects.exists()


def test_an_overlong_cell_in_a_report_file_is_a_row_problem_not_cut(site_a, nurse_a):
    raw = ("accession,local_id,family_name,given_name,date_of_birth,sex,exam_date,modality,body_part,report_text\n"
           f"ACC-1,H1,{'F' * 101},Ann,1940-01-02,female,2026-01-10,XR,wrist,Fracture of the radius.\n").encode()
    batch = report_batch_from_file(site=site_a, by=nurse_a, filename="r.csv", raw_bytes=raw).batch
    assert batch.rejected == 1
    assert batch.problems == [{"row": 2, "column": "family_name",
                               "message": "Ensure this value has at most 100 characters (it has 101)."}]


def test_the_search_boxes_say_how_long_a_search_can_be(client, nurse_a):
    client.force_login(nurse_a)
    for url in (reverse("patients:search"), reverse("worklists:nurse")):
        page = client.get(url).content.decode()
        assert 'name="q" maxlength="100"' in page



def test_the_hand_written_text_boxes_carry_the_same_limits(client, nurse_a, site_a):
    """The advice question and answer are typed into templates' own boxes (not a Django form): their
    maxlength is the limit the service enforces (fls.text)."""
    episode = episode_at(site_a, "awaiting_assessment")
    client.force_login(nurse_a)
    panel = client.get(reverse("worklists:advice_panel", args=[episode.pk])).content.decode()
    assert f'name="question" rows="2" maxlength="{SHORT_NOTE_MAX}"' in panel


def test_an_overlong_cell_in_the_patient_import_is_a_row_problem_not_cut(site_a, nurse_a):
    from patients.importing import import_batch_create, import_batch_run
    from patients.models import Patient
    from tests.patients.csv_rows import csv_bytes, row

    batch = import_batch_create(site=site_a, by=nurse_a, filename="ed.csv",
                                raw_bytes=csv_bytes([row(1, family_name="F" * 101)]))
    batch = import_batch_run(batch.pk)
    assert batch.rejected == 1
    assert {"row": 2, "column": "family_name",
            "message": "Ensure this value has at most 100 characters (it has 101)."} in batch.problems
    assert not Patient.objects.exists()
