"""Patient and fracture-episode pages. Thin: check permission, parse, call a service, render."""
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fls import paging
from fls.links import return_path
from fls.roles import NURSE
from fls.selectors import visible_sites

from . import pathway, selectors, services
from .forms import FractureEpisodeForm, PatientForm, SiteChoiceForm, TransitionForm
from .identifiers import national_number_labels, patient_search_hint
from .models import FractureEpisode, Patient, RecordAccessKind
from .panels import episode_panels, form_prefill, form_saved, triage_sections


def _episode_saved_message(request, outcome):
    episode = outcome.episode
    if outcome.excluded_reasons:
        messages.warning(request, _("Fracture logged but excluded: %(reasons)s A clinician can override this with a "
                                    "reason.") % {"reasons": " ".join(outcome.excluded_reasons)})
    elif episode.is_refracture:
        messages.success(request, _("Fracture logged as a refracture, linked to the patient's earlier episode."))
    else:
        messages.success(request, _("Fracture logged. It is in the triage list."))


def _new_episode_form(request, site, patient=None, prefilled=None, **kwargs):
    initial = {"identified_on": timezone.localdate()}
    if NURSE in request.user.role_names:
        initial["assigned_nurse"] = request.user.pk
    initial.update(prefilled or {})
    instance = FractureEpisode(site=site, patient=patient) if patient else FractureEpisode(site=site)
    return FractureEpisodeForm(
        request.POST or None, instance=instance, prefix="episode", initial=initial,
        nurses=selectors.nurses_at_sites(request.user).filter(memberships__site=site), **kwargs,
    )


@permission_required("patients.add_patient", raise_exception=True)
def patient_new(request):
    sites = visible_sites(request.user)
    choose_site = len(sites) > 1  # a single-site user is never asked
    site_form = SiteChoiceForm(
        request.POST if choose_site and request.method == "POST" else None, sites=sites,
        initial={"site": sites.first()}, prefix="where",
    )
    site = site_form.cleaned_data["site"] if choose_site and site_form.is_valid() else sites.first()
    if site is None:
        messages.error(request, _("You are not a member of any site, so you cannot log patients."))
        return redirect("home")
    prefill = form_prefill(request)  # e.g. a case-finding candidate (?candidate=<id>)
    patient_form = PatientForm(request.POST or None, instance=Patient(site=site), prefix="patient", initial=prefill["patient"])
    episode_form = _new_episode_form(request, site, prefilled=prefill["episode"])
    episode_form.instance.patient = patient_form.instance
    existing, matches = None, []
    forms_valid = [patient_form.is_valid(), episode_form.is_valid()] + ([site_form.is_valid()] if choose_site else [])
    if request.method == "POST" and all(forms_valid):
        try:
            with transaction.atomic():
                patient = services.patient_create(
                    site=site, by=request.user, confirm_possible_duplicate=bool(request.POST.get("confirm_duplicate")),
                    **patient_form.cleaned_data,
                )
                outcome = services.episode_create(patient=patient, by=request.user, **episode_form.cleaned_data)
                form_saved(request, outcome.episode)
        except services.DuplicatePatient as exc:
            existing = exc.existing
            patient_form.add_error("local_id", exc.message_dict["local_id"])
        except services.PossibleDuplicate as exc:
            matches = exc.matches
        except ValidationError as exc:
            episode_form.add_error(None, exc)
        else:
            _episode_saved_message(request, outcome)
            return redirect("patients:episode_detail", outcome.episode.pk)
    # The page names the patients the new one may duplicate: each is logged as seen.
    services.patient_records_listed(rows=[existing] if existing else matches, by=request.user,
                                    page="possible duplicate", kind=RecordAccessKind.VIEWED)
    return render(request, "patients/patient_new.html", {
        "site_form": site_form, "patient_form": patient_form, "episode_form": episode_form,
        "show_site_choice": choose_site, "existing": existing, "matches": matches, "banners": prefill["banners"],
    })


@permission_required("patients.add_fractureepisode", raise_exception=True)
def episode_new(request, patient_pk):
    patient = selectors.patient_for_user(request.user, patient_pk)
    prefill = form_prefill(request, patient)
    form = _new_episode_form(request, patient.site, patient=patient, prefilled=prefill["episode"])
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                outcome = services.episode_create(patient=patient, by=request.user, **form.cleaned_data)
                form_saved(request, outcome.episode)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            _episode_saved_message(request, outcome)
            return redirect("patients:episode_detail", outcome.episode.pk)
    services.patient_record_viewed(patient=patient, by=request.user, page="new fracture")
    return render(request, "patients/episode_form.html", {
        "form": form, "patient": patient, "creating": True, "banners": prefill["banners"],
    })


@permission_required("patients.view_patient", raise_exception=True)
def patient_detail(request, pk):
    patient = selectors.patient_for_user(request.user, pk)
    services.patient_record_viewed(patient=patient, by=request.user, page="patient")
    return render(request, "patients/patient_detail.html", {
        "patient": patient,
        "episodes": selectors.patient_episodes(patient),
        "changes": selectors.record_changes(patient),
        "accesses": selectors.record_accesses(patient),
    })


@permission_required("patients.change_patient", raise_exception=True)
def patient_edit(request, pk):
    patient = selectors.patient_for_user(request.user, pk)
    form = PatientForm(request.POST or None, instance=Patient.objects.get(pk=patient.pk), prefix="patient", show_death=True)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        expected = data.pop("version") or patient.version
        try:
            services.patient_update(patient=patient, by=request.user, expected_version=expected, **data)
        except services.DuplicatePatient as exc:
            form.add_error("local_id", exc.message_dict["local_id"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Patient details saved."))
            return redirect("patients:patient_detail", patient.pk)
    services.patient_record_viewed(patient=patient, by=request.user, page="patient edit")
    return render(request, "patients/patient_edit.html", {"form": form, "patient": patient})


@permission_required("patients.view_fractureepisode", raise_exception=True)
def episode_detail(request, pk):
    episode = selectors.episode_for_user(request.user, pk)
    services.patient_record_viewed(patient=episode.patient, by=request.user, page="episode")
    return render(request, "patients/episode_detail.html", {
        "episode": episode,
        "patient": episode.patient,
        "timeline": selectors.episode_timeline(episode),
        "changes": selectors.record_changes(episode),
        "refractures": selectors.episode_refractures(episode),
        "moves": pathway.manual_transitions_for(episode, request.user),
        "transition_form": TransitionForm(),
        "panels": episode_panels(episode, request.user),
    })


@permission_required("patients.change_fractureepisode", raise_exception=True)
def episode_edit(request, pk):
    episode = selectors.episode_for_user(request.user, pk)
    form = FractureEpisodeForm(
        request.POST or None, instance=FractureEpisode.objects.select_related("patient").get(pk=episode.pk),
        prefix="episode", nurses=selectors.nurses_at_sites(request.user).filter(memberships__site=episode.site_id),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        expected = data.pop("version") or episode.version
        try:
            services.episode_update(episode=episode, by=request.user, expected_version=expected, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Fracture details saved."))
            return redirect("patients:episode_detail", episode.pk)
    services.patient_record_viewed(patient=episode.patient, by=request.user, page="fracture edit")
    return render(request, "patients/episode_form.html", {"form": form, "patient": episode.patient, "episode": episode})


def _back(request, default):
    return redirect(return_path(request, request.POST.get("next", ""), default))


@require_POST
def episode_transition(request, pk, name):
    episode = selectors.episode_for_user(request.user, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        # A note that cannot be kept (too long, a NUL) refuses the move rather than making it without the note.
        for message in form.errors.get("note", []):
            messages.error(request, _("Note: %(problem)s") % {"problem": message})
        return _back(request, reverse("patients:episode_detail", args=[episode.pk]))
    try:
        pathway.apply_named(episode, name, by=request.user, note=form.cleaned_data["note"])
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Episode is now %(state)s.") % {"state": episode.get_state_display().lower()})
    return _back(request, reverse("patients:episode_detail", args=[episode.pk]))


@require_POST
@permission_required("patients.change_fractureepisode", raise_exception=True)
def episode_assign_to_me(request, pk):
    episode = selectors.episode_for_user(request.user, pk)
    try:
        services.episode_assign(episode=episode, nurse=request.user, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Assigned to you."))
    return _back(request, reverse("patients:episode_detail", args=[episode.pk]))


@permission_required("fls.view_nurse_worklist", raise_exception=True)
def triage(request):
    sites = visible_sites(request.user)
    site_id = paging.record_id(request.GET.get("site"))
    return render(request, "patients/triage.html", {
        "sites": sites,
        "site_id": site_id,
        "episodes": selectors.triage_list(request.user, site_id=site_id)[:200],
        "sections": triage_sections(request, site_id),
        "counts": selectors.state_counts(request.user),
        "transition_form": TransitionForm(),
    })


@permission_required("patients.view_patient", raise_exception=True)
def search(request):
    query = request.GET.get("q", "").strip()[:100]
    results = list(selectors.search_patients(request.user, query)) if query else []
    sites = visible_sites(request.user)
    labels = national_number_labels(sites)
    return render(request, "patients/search.html", {
        "query": query, "results": results, "placeholder": patient_search_hint(sites),
        "national_number_heading": " / ".join(labels) if 0 < len(labels) < 3 else _("National no."),
        "shows_national_number": bool(labels) or any(p.national_id for p in results),
    })
