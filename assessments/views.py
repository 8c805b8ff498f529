"""Assessment, treatment-decision, sign-off and letter pages. Thin: check permission, parse the form,
call a service, render. Every episode is fetched through the user's visible sites (another site's is a 404)."""
from csp.decorators import csp
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fls import paging, pdf
from fls.form_errors import add_service_errors
from fls.links import return_path
from fls.selectors import visible_sites
from patients.models import RecordAccessKind
from patients.services import patient_record_viewed

from . import facts, letters, presenters, selectors, services
from .forms import (
    PART_TITLES, AssessmentPartForm, BloodResultForm, CompleteAssessmentForm, LetterSentForm, SignOffForm,
    SignOffAmendForm, TreatmentDecisionForm, VertebralFractureForm,
)
from .models import DEFAULT_UNITS, Assessment, LetterKind, Recommendation, TreatmentDecision
from .thresholds import REGIMENS



def _note_refused(request, form):
    """A note that cannot be kept (too long, a NUL) refuses the step rather than taking it without the note."""
    for message in form.errors.get("note", []):
        messages.error(request, _("Note: %(problem)s") % {"problem": message})


def _to_episode(episode):
    return redirect("patients:episode_detail", episode.pk)


@permission_required("assessments.change_assessment", raise_exception=True)
def assessment_part(request, pk, part):
    if part not in PART_TITLES:
        raise Http404("No such part of the assessment.")
    episode = selectors.episode_for_user(request.user, pk)
    current = selectors.assessment_for_episode(episode)
    instance = current or Assessment(episode=episode)
    form = AssessmentPartForm(request.POST or None, instance=instance, part=part)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        expected = data.pop("version", None)
        try:
            services.assessment_record_part(episode=episode, part=part, by=request.user, expected_version=expected, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(part)s saved.") % {"part": PART_TITLES[part]})
            return _to_episode(episode)
    patient_record_viewed(patient=episode.patient, by=request.user, page="assessment")
    return render(request, "assessments/assessment_part.html", {
        "episode": episode, "patient": episode.patient, "form": form, "title": PART_TITLES[part],
    })


@permission_required("assessments.add_bloodresult", raise_exception=True)
def blood_result_add(request, pk):
    episode = selectors.episode_for_user(request.user, pk)
    form = BloodResultForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["unit"] = data.get("unit") or DEFAULT_UNITS.get(data.get("test"), "")
        try:
            result = services.blood_result_add(episode=episode, by=request.user, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if result.is_out_of_range:
                messages.success(request, _("%(test)s saved (out of range).") % {"test": result.display_name})
            else:
                messages.success(request, _("%(test)s saved.") % {"test": result.display_name})
            if "add_another" in request.POST:
                return redirect("assessments:blood_result_add", episode.pk)
            return _to_episode(episode)
    patient_record_viewed(patient=episode.patient, by=request.user, page="blood result")
    return render(request, "assessments/blood_result_form.html", {
        "episode": episode, "patient": episode.patient, "form": form, "default_units": DEFAULT_UNITS,
    })


@require_POST
@permission_required("assessments.change_bloodresult", raise_exception=True)
def blood_result_entered_in_error(request, pk, result_pk):
    episode = selectors.episode_for_user(request.user, pk)
    result = next((b for b in selectors.blood_results_for_episode(episode) if b.pk == result_pk), None)
    if result is None:
        raise Http404("No such blood result.")
    services.blood_result_mark_entered_in_error(result=result, by=request.user)
    messages.success(request, _("%(test)s marked as entered in error.") % {"test": result.display_name})
    return _to_episode(episode)


@permission_required("assessments.add_vertebralfracture", raise_exception=True)
def vertebral_fracture_add(request, pk):
    episode = selectors.episode_for_user(request.user, pk)
    form = VertebralFractureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            fracture = services.vertebral_fracture_add(episode=episode, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(fracture)s recorded.") % {"fracture": fracture.label})
            if "add_another" in request.POST:
                return redirect("assessments:vertebral_fracture_add", episode.pk)
            return _to_episode(episode)
    patient_record_viewed(patient=episode.patient, by=request.user, page="vertebral fracture")
    return render(request, "assessments/vertebral_fracture_form.html", {
        "episode": episode, "patient": episode.patient, "form": form,
    })


@require_POST
@permission_required("assessments.change_vertebralfracture", raise_exception=True)
def vertebral_fracture_entered_in_error(request, pk, fracture_pk):
    episode = selectors.episode_for_user(request.user, pk)
    fracture = next((f for f in selectors.vertebral_fractures_for_episode(episode) if f.pk == fracture_pk), None)
    if fracture is None:
        raise Http404("No such vertebral fracture.")
    services.vertebral_fracture_mark_entered_in_error(fracture=fracture, by=request.user)
    messages.success(request, _("%(fracture)s marked as entered in error.") % {"fracture": fracture.label})
    return _to_episode(episode)


@require_POST
@permission_required("assessments.change_assessment", raise_exception=True)
def assessment_complete(request, pk):
    episode = selectors.episode_for_user(request.user, pk)
    form = CompleteAssessmentForm(request.POST)
    if not form.is_valid():
        _note_refused(request, form)
        return _to_episode(episode)
    try:
        services.assessment_complete(episode=episode, by=request.user, note=form.cleaned_data["note"])
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Assessment complete. The episode is now assessed."))
    return _to_episode(episode)


def _regimens() -> dict:
    """Each drug's usual regimen, for static/js/regimen.js to fill the form with when the drug changes."""
    return {drug: services.regimen_defaults(drug) for drug in REGIMENS}


def _posted_drug(request, default: str) -> str:
    drug = request.POST.get("recommendation") or request.GET.get("recommendation") or default
    return drug if drug in Recommendation.values else default


@permission_required("assessments.change_treatmentdecision", raise_exception=True)
def treatment_decision(request, pk):
    episode = selectors.episode_for_user(request.user, pk)
    current = selectors.decision_for_episode(episode)
    instance = current or TreatmentDecision(episode=episode, initiated_by=services.default_initiator(episode))
    locked = bool(current and current.is_signed_off)
    form = TreatmentDecisionForm(request.POST or None, instance=instance, locked_recommendation=locked,
                                 support_url=reverse("assessments:decision_support", args=[episode.pk]))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        expected = data.pop("version", None)
        try:
            services.treatment_decision_save(episode=episode, by=request.user, expected_version=expected, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Treatment decision saved.") if locked
                             else _("Treatment recommendation saved. It now waits for a clinician's sign-off."))
            return _to_episode(episode)
    patient_record_viewed(patient=episode.patient, by=request.user, page="treatment decision")
    record = selectors.episode_assessment_record(episode)
    drug = _posted_drug(request, instance.recommendation or "none")
    return render(request, "assessments/treatment_decision_form.html", {
        "episode": episode, "patient": episode.patient, "form": form, "decision": current,
        "assessment": record["assessment"], "regimens": _regimens(),
        "support": None if locked else facts.advice_for_episode(episode, proposed=drug, record=record),
    })


@permission_required("assessments.view_treatmentdecision", raise_exception=True)
def decision_support(request, pk):
    """The decision support for the drug chosen in a form, as it is filled (htmx: the drug's select)."""
    episode = selectors.episode_for_user(request.user, pk)
    record = selectors.episode_assessment_record(episode)
    current = record["decision"]
    drug = _posted_drug(request, current.recommendation if current else "none")
    support = facts.advice_for_episode(episode, proposed=drug, record=record)
    return render(request, "assessments/_support_for_drug.html", {
        "support": support, "with_acknowledgements": request.GET.get("acknowledge") == "1", "errors": {},
        "reasons": {}})


@permission_required("assessments.sign_off_treatment", raise_exception=True)
def treatment_sign_off(request, pk):
    """The sign-off page (GET): the whole picture — fracture, DXA, vertebral fractures, bloods, risk, the drug's
    warnings and the recommendation — with the drug and regimen amendable and each warning acknowledged with a
    reason. A POST from the page signs off with those; a one-click POST (the queue, the episode page) signs off a
    decision without warnings, and sends one with warnings to this page."""
    episode = selectors.episode_for_user(request.user, pk)
    decision = selectors.decision_for_episode(episode)
    if decision is None:
        raise Http404("No treatment decision to sign off.")
    from_page = request.method == "POST" and request.POST.get("sign_off_page") == "1"
    if request.method == "POST" and not from_page:
        return _sign_off_one_click(request, episode, decision)
    support_url = reverse("assessments:decision_support", args=[episode.pk]) + "?acknowledge=1"
    amend = SignOffAmendForm(request.POST if from_page else None, instance=decision, support_url=support_url)
    note_form = SignOffForm(request.POST if from_page else None)
    reasons = {key[4:]: value for key, value in request.POST.items() if key.startswith("ack_")}
    errors = {}
    if from_page and amend.is_valid() and note_form.is_valid():
        data = dict(amend.cleaned_data)
        expected = data.pop("version", None)
        try:
            services.treatment_sign_off(decision=decision, by=request.user, note=note_form.cleaned_data["note"],
                                        acknowledgements=reasons, amendments=data, expected_version=expected)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, messages_ in exc.message_dict.items():
                    if field.startswith("ack_"):
                        errors[field[4:]] = messages_
                    else:
                        amend.add_error(field if field in amend.fields else None, messages_)
            else:
                amend.add_error(None, exc)
        else:
            messages.success(request, _("Signed off: %(treatment)s. The letter to primary care is ready.")
                             % {"treatment": decision.recommendation_label})
            return redirect(return_path(request, request.POST.get("next", ""),
                                        reverse("patients:episode_detail", args=[episode.pk])))
    record = selectors.episode_assessment_record(episode)
    drug = _posted_drug(request, decision.recommendation) if from_page else decision.recommendation
    patient_record_viewed(patient=episode.patient, by=request.user, page="sign-off")
    return render(request, "assessments/sign_off.html", {
        "episode": episode, "patient": episode.patient, "decision": decision, "record": record,
        "assessment": record["assessment"], "amend": amend, "note_form": note_form, "regimens": _regimens(),
        "support": facts.advice_for_episode(episode, proposed=drug, record=record), "with_acknowledgements": True,
        "errors": errors, "reasons": reasons, "next": request.GET.get("next") or request.POST.get("next", ""),
    })


def _sign_off_one_click(request, episode, decision):
    form = SignOffForm(request.POST)
    page = reverse("assessments:treatment_sign_off", args=[episode.pk])
    if not form.is_valid():
        _note_refused(request, form)
    else:
        try:
            services.treatment_sign_off(decision=decision, by=request.user, note=form.cleaned_data["note"])
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            if getattr(exc, "code", None) == "warnings":
                return redirect(page)
        else:
            messages.success(request, _("Signed off: %(treatment)s. The letter to primary care is ready.")
                             % {"treatment": decision.recommendation_label})
    # Back to the list it was signed off from (the queue, or the clinician's worklist at the same pages), if
    # that is a page of this site: the field comes from the browser, so never anywhere else.
    default = reverse("assessments:signoff_queue") if request.POST.get("from") == "queue" else \
        reverse("patients:episode_detail", args=[episode.pk])
    return redirect(return_path(request, request.POST.get("next", ""), default))


@permission_required("fls.view_signoff_queue", raise_exception=True)
def signoff_queue(request):
    sites = visible_sites(request.user)
    site_id = paging.whole_number(request.GET.get("site"))
    chosen = next((s for s in sites if s.pk == site_id), None)
    site_id = chosen.pk if chosen else None
    total = selectors.signoff_queue_total(request.user, site_id=site_id)
    pages = paging.list_pages({"signoff": total}, {"signoff": paging.page_number(request.GET.get("signoff_page"))},
                              selectors.SIGNOFF_PAGE_SIZE, state={"site": site_id or ""})
    decisions = selectors.signoff_queue_page(request.user, site_id=site_id, page=pages["signoff"].page)
    return render(request, "assessments/signoff_queue.html", {
        "sites": sites, "site_id": site_id, "chosen_site": chosen, "decisions": decisions, "pages": pages,
        "signoff_rows": presenters.signoff_rows(decisions, supports=selectors.signoff_supports(decisions),
                                                show_site=len(sites) > 1 and not site_id),
        "here": request.get_full_path(),  # where a sign-off returns to
    })


# The two letters (letters.LetterKind): to primary care and to the patient. The same three views serve both, with
# the same permissions; each is recorded as sent the same way (LetterSent, with its kind).
_LETTER_PAGES = {
    LetterKind.GP: {"url": "assessments:letter", "template": "assessments/letter.html", "page": "letter",
                    "file": "fls-letter-episode-{pk}.pdf", "nothing": gettext_lazy("There is nothing to write to primary care about yet."),
                    "sent": gettext_lazy("Recorded the letter as sent.")},
    LetterKind.PATIENT: {"url": "assessments:patient_letter", "template": "assessments/letters/patient_letter_page.html",
                         "page": "patient letter", "file": "fls-patient-letter-episode-{pk}.pdf",
                         "nothing": gettext_lazy("There is nothing to write to the patient about yet."),
                         "sent": gettext_lazy("Recorded the letter to the patient as sent.")},
}


def _letter(episode, kind: str):
    record = selectors.episode_assessment_record(episode)
    if record["assessment"] is None and record["decision"] is None:
        raise Http404(_LETTER_PAGES[kind]["nothing"])
    return record, letters.render_letter_body(episode=episode, record=record, kind=kind)


@permission_required("assessments.view_treatmentdecision", raise_exception=True)
def letter(request, pk, kind=LetterKind.GP):
    episode = selectors.episode_for_user(request.user, pk)
    record, body = _letter(episode, kind)
    patient_record_viewed(patient=episode.patient, by=request.user, page=_LETTER_PAGES[kind]["page"],
                          kind=RecordAccessKind.LETTER)
    decision = record["decision"]
    form = None
    if decision and decision.is_signed_off and request.user.has_perm("assessments.add_lettersent"):
        form = LetterSentForm(initial=letters.sent_form_initial(episode, kind=kind))
    return render(request, _LETTER_PAGES[kind]["template"], {
        "episode": episode, "patient": episode.patient, "body": body, "record": record, "sent_form": form,
    })


@permission_required("assessments.view_treatmentdecision", raise_exception=True)
def letter_pdf(request, pk, kind=LetterKind.GP):
    episode = selectors.episode_for_user(request.user, pk)
    _record, body = _letter(episode, kind)
    patient_record_viewed(patient=episode.patient, by=request.user, page=f"{_LETTER_PAGES[kind]['page']} PDF",
                          kind=RecordAccessKind.PRINTED)
    return pdf.pdf_download(request, letters.render_letter_document(body=body, site=episode.site, kind=kind),
                            running_header=episode.site.name, filename=_LETTER_PAGES[kind]["file"].format(pk=episode.pk),
                            back_url=reverse(_LETTER_PAGES[kind]["url"], args=[episode.pk]))


@require_POST
@permission_required("assessments.add_lettersent", raise_exception=True)
def letter_sent(request, pk, kind=LetterKind.GP):
    episode = selectors.episode_for_user(request.user, pk)
    form = LetterSentForm(request.POST)
    if form.is_valid():
        _record, body = _letter(episode, kind)
        try:
            services.letter_record_sent(
                episode=episode, by=request.user, kind=kind,
                content_html=letters.render_letter_document(body=body, site=episode.site, kind=kind), **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _LETTER_PAGES[kind]["sent"])
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, _("%(field)s: %(problems)s") % {"field": label, "problems": " ".join(errors)})
    return redirect(_LETTER_PAGES[kind]["url"], episode.pk)


def _letter_as_sent(request, pk, letter_pk):
    """The episode and one of its letters as sent, both at the user's sites, or 404."""
    episode = selectors.episode_for_user(request.user, pk)
    sent = selectors.letter_sent_for_user(request.user, letter_pk)
    if sent.episode_id != episode.pk:
        raise Http404("No such letter.")
    return episode, sent


# The letter as sent is a stored, standalone document with its own <style> (for the PDF renderer), which
# cannot be changed after the fact. It is served inert: sandboxed, no script at all, nothing loaded from
# anywhere; only its own inline styles apply.
@csp({
    "default-src": ["'none'"], "style-src": ["'unsafe-inline'"], "img-src": ["data:"], "sandbox": True,
    "base-uri": ["'none'"], "form-action": ["'none'"], "frame-ancestors": ["'none'"],
})
@permission_required("assessments.view_lettersent", raise_exception=True)
def letter_sent_copy(request, pk, letter_pk):
    """The letter exactly as it was when sent."""
    episode, sent = _letter_as_sent(request, pk, letter_pk)
    patient_record_viewed(patient=episode.patient, by=request.user, page="letter as sent", kind=RecordAccessKind.LETTER)
    return HttpResponse(sent.content_html)


@permission_required("assessments.view_lettersent", raise_exception=True)
def letter_sent_pdf(request, pk, letter_pk):
    """The letter exactly as it was when sent, as a PDF."""
    episode, sent = _letter_as_sent(request, pk, letter_pk)
    patient_record_viewed(patient=episode.patient, by=request.user, page="letter as sent PDF",
                          kind=RecordAccessKind.PRINTED)
    return pdf.pdf_download(request, sent.content_html, running_header=episode.site.name,
                            filename=f"fls-letter-episode-{episode.pk}-sent-{sent.pk}.pdf",
                            back_url=reverse(_LETTER_PAGES[sent.kind]["url"], args=[episode.pk]))
