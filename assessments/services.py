"""Every write to assessments, blood results, treatment decisions and letters sent.

Keyword-only functions that validate, save in a transaction and raise ValidationError with
messages for the person at the keyboard. Episode state changes only through patients.pathway.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from fls.dates import format_date
from fls.reactions import Reactions
from fls.read_models import episodes_changed, one_refresh
from fls.records import record_create, record_lock, record_save, record_update
from fls.text import SHORT_NOTE_MAX, checked_text
from patients import pathway
from patients.models import EpisodeState as S
from patients.models import FractureEpisode

from . import thresholds
from .facts import advice_for_episode
from .models import (
    INITIATOR_FOR_FLS_MODEL, Assessment, BloodResult, LetterSent, Recommendation, TreatmentDecision,
    TreatmentStatus, VertebralFracture, WarningAcknowledgement,
)

# The fields each part of the assessment form saves, so one part never overwrites another.
ASSESSMENT_PARTS = {
    "falls": ("falls_last_12_months", "gait_balance_result", "falls_assessment", "strength_balance"),
    "dxa": (
        "dxa_requested_on", "dxa_performed_on", "t_score_lumbar_spine", "t_score_total_hip", "t_score_femoral_neck",
        "z_score_lumbar_spine", "z_score_total_hip", "z_score_femoral_neck",
    ),
    "spine": ("spine_imaging", "spine_imaging_on", "spine_imaging_result"),
    "safety": ("prior_mi_or_stroke", "oesophageal_disorder", "cannot_stay_upright", "skeletal_contraindication"),
    "risk_factors": (
        "previous_fracture", "parental_hip_fracture", "current_smoker", "alcohol_3_or_more_units",
        "oral_glucocorticoids", "glucocorticoid_mg_per_day", "glucocorticoid_months", "rheumatoid_arthritis",
        "secondary_osteoporosis", "other_fractures_last_2_years", "height_cm", "weight_kg",
    ),
    "fracture_risk": ("frax_mof_percent", "frax_hip_percent", "frax_with_bmd"),
    "summary": ("assessed_on", "notes"),
}

# An assessment is recorded once the episode is accepted, and results may still arrive after it is complete.
RECORDABLE_STATES = frozenset({S.AWAITING_ASSESSMENT, S.ASSESSED, S.TREATMENT_DECIDED, S.IN_FOLLOW_UP})
REGIMEN_FIELDS = ("dose", "route", "interval", "duration_months")
DECISION_EDITABLE_FIELDS = (
    "recommendation", "recommendation_other", *REGIMEN_FIELDS, "calcium_vitamin_d", "initiated_by", "status",
    "started_on", "status_reason", "notes",
)
# What the clinician may change on the sign-off page: the drug and its regimen.
SIGN_OFF_AMENDABLE_FIELDS = ("recommendation", "recommendation_other", *REGIMEN_FIELDS)
# Once signed off, the recommendation is the clinician's; only what happened next may be updated.
AFTER_SIGN_OFF_FIELDS = ("status", "started_on", "status_reason")


def _check_recordable(episode: FractureEpisode) -> None:
    if episode.state not in RECORDABLE_STATES:
        state = {"state": episode.get_state_display().lower()}
        if episode.state == S.IDENTIFIED:
            raise ValidationError(gettext("An assessment cannot be recorded while the episode is %(state)s. "
                                          "Accept it for assessment first.") % state)
        raise ValidationError(gettext("An assessment cannot be recorded while the episode is %(state)s.") % state)


def _assessment_for_update(*, episode: FractureEpisode, by, expected_version: int | None = None) -> Assessment:
    """The episode's assessment, locked; created (dated today, by `by`) the first time a part is saved.

    With `expected_version`, the version of the assessment the form was built from, refuses (StaleRecord)
    when someone has saved it since. A form built when there was no assessment carries NO_RECORD
    (fls.versioning), so one made meanwhile by someone else is refused too, rather than silently overwritten."""
    _check_recordable(episode)
    assessment = record_lock(Assessment, expected_version=expected_version, or_none=True, episode=episode)
    if assessment is None:
        # Two people starting the same assessment at once: the one-to-one constraint decides, and the
        # other's form, built when there was none, is refused like any save over a newer change.
        assessment = record_create(Assessment, lookup={"episode": episode}, expected_version=expected_version, by=by,
                                   fields={"assessed_on": timezone.localdate(), "assessed_by": by,
                                           "previous_fracture": episode.previous_fracture_count > 0
                                           or episode.refracture_of_id is not None})
    return assessment


def _validate_assessment(assessment: Assessment, part: str) -> None:
    assessment.full_clean(validate_constraints=False, exclude=["episode", "assessed_by", "completed_by"])
    errors = {}
    today = timezone.localdate()
    fracture_date = assessment.episode.fracture_date
    for name in ("dxa_requested_on", "dxa_performed_on", "spine_imaging_on", "assessed_on"):
        value = getattr(assessment, name)
        if value and value > today:
            errors[name] = [gettext("This date cannot be in the future.")]
    if part == "summary" and assessment.assessed_on and assessment.assessed_on < fracture_date:
        errors["assessed_on"] = [gettext("The assessment cannot be before the fracture.")]
    if (assessment.dxa_requested_on and assessment.dxa_performed_on
            and assessment.dxa_performed_on < assessment.dxa_requested_on and "dxa_performed_on" not in errors):
        errors["dxa_performed_on"] = [gettext("The scan cannot be performed before it was requested.")]
    if part == "dxa" and assessment.has_dxa_result and not assessment.dxa_performed_on:
        errors["dxa_performed_on"] = [gettext("Enter the date of the scan the T-scores come from.")]
    if part == "risk_factors" and assessment.oral_glucocorticoids is False and (
        assessment.glucocorticoid_mg_per_day or assessment.glucocorticoid_months
    ):
        errors["oral_glucocorticoids"] = [gettext("Tick oral glucocorticoids, or clear the dose and duration.")]
    if errors:
        raise ValidationError(errors)


def assessment_record_part(*, episode: FractureEpisode, part: str, by, expected_version: int | None, **fields) -> Assessment:
    """Save one part of the episode's assessment (falls, DXA, spine imaging, risk factors, fracture risk,
    or the summary), leaving the other parts as they are. Starts the assessment if there is none yet."""
    allowed = ASSESSMENT_PARTS.get(part)
    if allowed is None:
        raise ValidationError(gettext("That is not a part of the assessment."))
    with transaction.atomic():
        assessment = _assessment_for_update(episode=episode, by=by, expected_version=expected_version)
        record_save(assessment, by=by, fields={name: fields[name] for name in allowed if name in fields},
                    validate=lambda record: _validate_assessment(record, part))
        episodes_changed([episode.pk])
    return assessment


def assessment_complete(*, episode: FractureEpisode, by, note: str = "") -> Assessment:
    """Record that the assessment is complete: awaiting assessment → assessed, through the pathway."""
    with transaction.atomic(), one_refresh():
        assessment = record_lock(Assessment, or_none=True, episode=episode)
        if assessment is None:
            raise ValidationError(gettext("Record at least one part of the assessment before completing it."))
        if assessment.is_complete:
            raise ValidationError(gettext("The assessment is already complete."))
        pathway.complete_assessment(episode, by=by, note=note)
        record_save(assessment, by=by, fields={"completed_at": timezone.now(), "completed_by": by})
        episodes_changed([episode.pk])
    return assessment


def blood_result_add(*, episode: FractureEpisode, by, **fields) -> BloodResult:
    names = ("test", "test_name", "taken_on", "value", "result_text", "unit", "reference_low", "reference_high",
             "flagged_abnormal")
    with transaction.atomic():
        assessment = _assessment_for_update(episode=episode, by=by)
        result = BloodResult(assessment=assessment, recorded_by=by,
                             **{k: v for k, v in fields.items() if k in names})
        result.full_clean(exclude=["assessment", "recorded_by"])
        errors = {}
        if result.value is None and not result.result_text.strip():
            errors["value"] = [gettext("Enter the result, as a number or in words.")]
        if result.test == "other" and not result.test_name.strip():
            errors["test_name"] = [gettext("Name the test.")]
        if (result.reference_low is not None and result.reference_high is not None
                and result.reference_low > result.reference_high):
            errors["reference_high"] = [gettext("The top of the range is below the bottom.")]
        if result.taken_on and result.taken_on > timezone.localdate():
            errors["taken_on"] = [gettext("This date cannot be in the future.")]
        if errors:
            raise ValidationError(errors)
        record_save(result, by=by)
        episodes_changed([episode.pk])
    return result


def blood_result_mark_entered_in_error(*, result: BloodResult, by) -> BloodResult:
    """A result entered by mistake is struck through, never deleted."""
    with transaction.atomic():
        struck = record_update(result, expected_version=None, fields={"entered_in_error": True}, by=by)
        episodes_changed([struck.assessment.episode_id])
    return struck


def vertebral_fracture_add(*, episode: FractureEpisode, by, **fields) -> VertebralFracture:
    """A vertebral fracture found on VFA or spine imaging (other than the index fracture): kept, never deleted."""
    names = ("found_by", "seen_on", "level", "grade", "age")
    with transaction.atomic():
        assessment = _assessment_for_update(episode=episode, by=by)
        fracture = VertebralFracture(assessment=assessment, recorded_by=by,
                                     **{k: v for k, v in fields.items() if k in names})
        fracture.full_clean(exclude=["assessment", "recorded_by"])
        if fracture.seen_on > timezone.localdate():
            raise ValidationError({"seen_on": [gettext("This date cannot be in the future.")]})
        born = episode.patient.date_of_birth
        if born and fracture.seen_on < born:
            raise ValidationError({"seen_on": [gettext("The imaging date is before the patient's date of birth.")]})
        record_save(fracture, by=by)
        episodes_changed([episode.pk])
    return fracture


def vertebral_fracture_mark_entered_in_error(*, fracture: VertebralFracture, by) -> VertebralFracture:
    """A vertebral fracture recorded by mistake is struck through, never deleted."""
    with transaction.atomic():
        struck = record_update(fracture, expected_version=None, fields={"entered_in_error": True}, by=by)
        episodes_changed([struck.assessment.episode_id])
    return struck


def default_initiator(episode: FractureEpisode) -> str:
    return INITIATOR_FOR_FLS_MODEL.get(episode.site.fls_model, INITIATOR_FOR_FLS_MODEL["A"])


def _validate_decision(decision: TreatmentDecision) -> None:
    # The episode, its site and the people are the service's to set, never a form's: not looked up again.
    decision.full_clean(validate_constraints=False, exclude=["episode", "site", "drafted_by", "signed_off_by"])
    errors = {}
    if decision.recommendation == Recommendation.OTHER and not decision.recommendation_other.strip():
        errors["recommendation_other"] = [gettext("Name the treatment recommended.")]
    if decision.status == TreatmentStatus.STARTED:
        if not decision.started_on:
            errors["started_on"] = [gettext("Enter the date the treatment was started.")]
        elif decision.started_on > timezone.localdate():
            errors["started_on"] = [gettext("The start date cannot be in the future.")]
        elif decision.started_on < decision.episode.fracture_date:
            errors["started_on"] = [gettext("Treatment for this fracture cannot start before the fracture.")]
        if decision.recommendation == Recommendation.NONE:
            errors["status"] = [gettext("No drug treatment was recommended, so none can have started.")]
    elif decision.started_on:
        errors["started_on"] = [gettext("Only enter a start date when the treatment has started.")]
    if decision.status in (TreatmentStatus.DECLINED, TreatmentStatus.CONTRAINDICATED) and not decision.status_reason.strip():
        errors["status_reason"] = [gettext("Give the reason.")]
    if errors:
        raise ValidationError(errors)


# What later steps do when a treatment's start is recorded on a signed-off decision, after the decision is saved,
# in the decision's transaction (registered at start-up by the app that owns each; assessments imports none):
#   "follow-up windows"  followup.reactions.treatment_started: start the follow-ups that waited for the start, or
#                        keep the open ones' windows from opening before it.
# Like the pathway's reactions (patients.pathway.REACTIONS), a reaction is called explicitly, never by a signal
# (fls.reactions), as reaction(decision, by).
TREATMENT_STARTED = Reactions("the treatment decision", ("follow-up windows",))
on_treatment_started = TREATMENT_STARTED.register

# What later steps do whenever a signed-off decision is saved (its sign-off, a start, a decline), called as
# reaction(decision, by) under the decision's lock, in its transaction:
#   "treatment course"  treatment.services.course_from_decision: open the decision's course with its regimen,
#                       move its start, or stop a course never started when the treatment is declined.
SIGNED_DECISION_SAVED = Reactions("the signed-off treatment decision", ("treatment course",))
on_signed_decision_saved = SIGNED_DECISION_SAVED.register


def _react_to_signed_decision_saved(decision: TreatmentDecision, *, by) -> None:
    if decision.is_signed_off:
        for reaction in SIGNED_DECISION_SAVED:
            reaction(decision, by)


def _react_to_treatment_started(decision: TreatmentDecision, *, by) -> None:
    if decision.is_signed_off and decision.status == TreatmentStatus.STARTED and decision.started_on:
        for reaction in TREATMENT_STARTED:
            reaction(decision, by)


def regimen_defaults(drug: str) -> dict:
    """The usual regimen of `drug` (assessments.thresholds.REGIMENS; docs/clinical-rules.md#regimens), as the
    decision's fields: what a new decision, or one whose drug changed with no regimen given, is filled with."""
    regimen = thresholds.REGIMENS.get(drug)
    if regimen is None:
        return dict.fromkeys(REGIMEN_FIELDS[:3], "") | {"duration_months": None}
    return {"dose": str(regimen.dose), "route": regimen.route, "interval": regimen.interval,
            "duration_months": regimen.duration_months}


def _with_regimen(fields: dict, current: TreatmentDecision | None) -> dict:
    """`fields`, with the drug's usual regimen where none is given: for a new decision, or when the drug changes
    and the regimen fields are not in `fields` (a form that shows them always sends them)."""
    drug = fields.get("recommendation")
    changed = drug is not None and (current is None or drug != current.recommendation)
    if changed and not any(fields.get(name) for name in REGIMEN_FIELDS):
        return {**fields, **regimen_defaults(drug)}
    return fields


def treatment_decision_save(*, episode: FractureEpisode, by, expected_version: int | None = None, **fields) -> TreatmentDecision:
    """Draft (or revise the draft of) the episode's treatment decision. After sign-off only the
    treatment status (started, declined, contraindicated) can change."""
    with transaction.atomic(), one_refresh():
        locked_episode = record_lock(FractureEpisode.objects.select_related("site"), pk=episode.pk)
        # A decision starts at version 1, so a form built when there was none (NO_RECORD, 0) is refused here
        # if someone has made the decision since, as an edit over a newer change is (fls.versioning).
        decision = record_lock(TreatmentDecision, expected_version=expected_version, or_none=True,
                               episode=locked_episode)
        fields = _with_regimen(fields, decision)
        if decision is None:
            if locked_episode.state != S.ASSESSED:
                raise ValidationError(
                    gettext("Complete the assessment before drafting the treatment decision.")
                    if locked_episode.state == S.AWAITING_ASSESSMENT
                    else gettext("A treatment decision cannot be drafted while the episode is %(state)s.")
                    % {"state": locked_episode.get_state_display().lower()}
                )
            decision = record_create(
                TreatmentDecision, lookup={"episode": locked_episode}, expected_version=expected_version, by=by,
                fields={"site_id": locked_episode.site_id, "drafted_by": by, "drafted_at": timezone.now(),
                        "initiated_by": default_initiator(locked_episode),
                        **{name: fields[name] for name in DECISION_EDITABLE_FIELDS if name in fields}},
                validate=_validate_decision,
            )
        else:
            allowed = AFTER_SIGN_OFF_FIELDS if decision.is_signed_off else DECISION_EDITABLE_FIELDS
            decision.episode = locked_episode
            record_save(decision, by=by, fields={name: fields[name] for name in allowed if name in fields},
                        validate=_validate_decision)
            _react_to_treatment_started(decision, by=by)
            _react_to_signed_decision_saved(decision, by=by)
        episodes_changed([locked_episode.pk])
    return decision


def treatment_sign_off(*, decision: TreatmentDecision, by, note: str = "", acknowledgements: dict | None = None,
                       amendments: dict | None = None, expected_version: int | None = None) -> TreatmentDecision:
    """A clinician signs the decision off: assessed → treatment decided, through the pathway.

    Only a clinician may (assessments.sign_off_treatment, granted in fls/roles.py); anyone else is refused
    with PermissionDenied and nothing changes. `amendments`: the drug and regimen as the clinician changed them
    on the sign-off page (kept in the decision's history). Every safety warning of the drug signed off
    (assessments.facts, docs/clinical-rules.md#treatment-safety-checks) must be acknowledged with a reason in
    `acknowledgements` (code → reason), checked against the records as they are now, under the decision's lock:
    a warning the clinician was not shown refuses the sign-off. `expected_version`: the decision's version the
    page was drawn from (a page drawn before someone changed the decision is refused).
    """
    if by is None or not by.has_perm("assessments.sign_off_treatment"):
        raise PermissionDenied(gettext("Only a clinician can sign off a treatment decision."))
    one_click = acknowledgements is None  # the queue's button or the episode page's: no reasons can be given
    acknowledgements = {code: (reason or "").strip() for code, reason in (acknowledgements or {}).items()}
    with transaction.atomic(), one_refresh():
        locked = record_lock(TreatmentDecision.objects.select_related("episode"), pk=decision.pk,
                             expected_version=expected_version)
        if locked.is_signed_off:
            raise ValidationError(gettext("This decision was already signed off by %(by)s on %(day)s.") % {
                "by": locked.signed_off_by, "day": format_date(timezone.localtime(locked.signed_off_at))})
        for name in SIGN_OFF_AMENDABLE_FIELDS:
            if amendments and name in amendments:
                setattr(locked, name, amendments[name])
        _validate_decision(locked)
        support = advice_for_episode(locked.episode, proposed=locked.recommendation)
        missing = {f"ack_{w.code}": [gettext("Give the reason for going ahead despite this warning.")]
                   for w in support.acknowledgeable if not acknowledgements.get(w.code)}
        if missing:
            if one_click:
                raise ValidationError(ngettext(
                    "This decision has %(count)d safety warning: open the sign-off page to acknowledge it.",
                    "This decision has %(count)d safety warnings: open the sign-off page to acknowledge them.",
                    len(missing)) % {"count": len(missing)}, code="warnings")
            raise ValidationError(missing, code="warnings")
        for w in support.acknowledgeable:
            checked_text(acknowledgements[w.code], SHORT_NOTE_MAX, field=f"ack_{w.code}")
        # "The FLS initiates treatment" as its own sentence: lower-cased into this one it read "the fls initiates".
        summary = gettext("Signed off: %(treatment)s. %(initiator)s.") % {
            "treatment": locked.recommendation_label, "initiator": locked.get_initiated_by_display()}
        if support.acknowledgeable:
            summary += " " + ngettext("%(count)d warning acknowledged.", "%(count)d warnings acknowledged.",
                                      len(support.acknowledgeable)) % {"count": len(support.acknowledgeable)}
        pathway.decide_treatment(locked.episode, by=by, note=(note.strip() + " " + summary).strip())
        now = timezone.now()
        record_save(locked, by=by, fields={"signed_off_by": by, "signed_off_at": now})
        _react_to_signed_decision_saved(locked, by=by)
        WarningAcknowledgement.objects.bulk_create([
            WarningAcknowledgement(decision=locked, code=w.code, shown=w.message, reason=acknowledgements[w.code],
                                   by=by, at=now) for w in support.acknowledgeable])
        episodes_changed([locked.episode_id])
    for field in ("signed_off_by_id", "signed_off_at", "version", *SIGN_OFF_AMENDABLE_FIELDS):
        setattr(decision, field, getattr(locked, field))
    return locked


def letter_record_sent(*, episode: FractureEpisode, by, sent_on, method: str, recipient: str, content_html: str,
                       kind: str = LetterSent.Kind.GP) -> LetterSent:
    """Record that a letter (to primary care, or to the patient: `kind`) was sent, keeping the letter as it was sent.

    The same sending recorded twice (a double click, the form sent again from the browser's history) is
    refused: the decision's row is locked while the episode's letters are checked, so two submissions at the
    same moment take turns and the second finds the first. The same letter sent again another way, to
    someone else or on another day is a new record."""
    with transaction.atomic():
        decision = record_lock(TreatmentDecision, or_none=True, episode=episode)
        return _letter_record_sent(episode=episode, decision=decision, by=by, sent_on=sent_on, method=method,
                                   recipient=recipient, content_html=content_html, kind=kind)


def _letter_record_sent(*, episode, decision, by, sent_on, method, recipient, content_html, kind) -> LetterSent:
    if decision is None or not decision.is_signed_off:
        raise ValidationError(gettext("The letter can be sent once a clinician has signed off the treatment decision."))
    errors = {}
    if sent_on is None:
        errors["sent_on"] = [gettext("Enter the date it was sent.")]
    elif sent_on > timezone.localdate():
        errors["sent_on"] = [gettext("The date sent cannot be in the future.")]
    elif sent_on < timezone.localtime(decision.signed_off_at).date():
        errors["sent_on"] = [gettext("The letter cannot be sent before the decision was signed off.")]
    if not (recipient or "").strip():
        errors["recipient"] = [gettext("Say who it was sent to.")]
    if errors:
        raise ValidationError(errors)
    recipient = " ".join(recipient.split())
    earlier = LetterSent.objects.filter(episode=episode, kind=kind, sent_on=sent_on, method=method,
                                        recipient=recipient).first()
    if earlier is not None:
        raise ValidationError(
            gettext("This letter was already recorded as sent on %(day)s (%(method)s) to %(recipient)s, by %(by)s.")
            % {"day": format_date(sent_on), "method": earlier.get_method_display().lower(),
               "recipient": recipient, "by": earlier.sent_by}, code="already_recorded")
    return LetterSent.objects.create(
        episode=episode, kind=kind, sent_by=by, sent_on=sent_on, method=method, recipient=recipient,
        content_html=content_html,
    )
