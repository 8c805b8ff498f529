"""Every write to patients and episodes. Keyword-only functions that validate, save in a
transaction and raise ValidationError with messages written for the person at the keyboard."""
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from fls.versioning import StaleRecord, refuse_if_stale  # noqa: F401 (StaleRecord: re-exported)

from . import pathway
from .eligibility import ineligibility_reasons
from .identifiers import normalise_hospital_number
from .models import FractureEpisode, Patient, PatientRecordAccess

PATIENT_FIELDS = (
    "local_id", "national_id", "family_name", "given_name", "date_of_birth", "sex", "postcode", "phone",
    "gp_practice_name", "gp_practice_code", "gp_practice_contact", "residence", "date_of_death",
)
EPISODE_FIELDS = (
    "fracture_date", "fracture_site", "side", "mechanism", "identified_on", "source", "assigned_nurse",
    "previous_fracture_count", "previous_fractures_note",
)


class DuplicatePatient(ValidationError):
    """The hospital number is already in use at this site."""

    def __init__(self, existing: Patient):
        self.existing = existing
        super().__init__(
            {"local_id": ["A patient with this hospital number already exists at this site."]}, code="duplicate"
        )


class PossibleDuplicate(ValidationError):
    """Another patient at the site has the same name and date of birth; the user must confirm."""

    def __init__(self, matches: list[Patient]):
        self.matches = matches
        super().__init__(
            "A patient with the same name and date of birth already exists at this site. "
            "Check it is not the same person, then confirm to create a new record.",
            code="possible_duplicate",
        )


def patient_matches(*, site, family_name: str, given_name: str, date_of_birth, exclude_id=None) -> list[Patient]:
    qs = Patient.objects.filter(
        site=site, family_name__iexact=family_name.strip(), given_name__iexact=given_name.strip(),
        date_of_birth=date_of_birth,
    )
    if exclude_id:
        qs = qs.exclude(pk=exclude_id)
    return list(qs.order_by("id")[:5])


@transaction.atomic
def patient_create(*, site, by, confirm_possible_duplicate: bool = False, **fields) -> Patient:
    patient = Patient(site=site, created_by=by, **{k: v for k, v in fields.items() if k in PATIENT_FIELDS})
    patient.full_clean(validate_constraints=False)
    existing = Patient.objects.filter(site=site, local_id=patient.local_id).first()
    if existing:
        raise DuplicatePatient(existing)
    if not confirm_possible_duplicate:
        matches = patient_matches(
            site=site, family_name=patient.family_name, given_name=patient.given_name,
            date_of_birth=patient.date_of_birth,
        )
        if matches:
            raise PossibleDuplicate(matches)
    patient._history_user = by
    try:
        with transaction.atomic():
            patient.save()
    except IntegrityError:
        # Two people saving the same hospital number at the same moment: the constraint decides.
        raise DuplicatePatient(Patient.objects.get(site=site, local_id=patient.local_id))
    return patient


def _save_with_version(instance, *, by, expected_version: int, fields: dict, allowed: tuple):
    with transaction.atomic():
        locked = type(instance).objects.select_for_update().get(pk=instance.pk)
        refuse_if_stale(locked, expected_version)
        for name, value in fields.items():
            if name in allowed:
                setattr(locked, name, value)
        locked.full_clean(validate_constraints=False)
        locked.version += 1
        locked._history_user = by
        locked.save()
        return locked


def patient_update(*, patient: Patient, by, expected_version: int, **fields) -> Patient:
    if "local_id" in fields:
        # Compared as stored: a number that differs only by spaces is the same number.
        fields["local_id"] = normalise_hospital_number(fields["local_id"])
        clash = Patient.objects.filter(site_id=patient.site_id, local_id=fields["local_id"]).exclude(pk=patient.pk).first()
        if clash:
            raise DuplicatePatient(clash)
    with transaction.atomic():
        try:
            with transaction.atomic():
                saved = _save_with_version(patient, by=by, expected_version=expected_version, fields=fields,
                                           allowed=PATIENT_FIELDS)
        except IntegrityError:
            # Someone gave another patient this number at the same moment: the constraint decides.
            raise DuplicatePatient(Patient.objects.get(site_id=patient.site_id, local_id=fields["local_id"])) from None
        if saved.date_of_death and not patient.date_of_death:
            # A recorded death ends every active episode, through the pathway (so each keeps its event).
            for episode in saved.episodes.filter(state__in=pathway.ACTIVE):
                pathway.record_death(episode, by=None, note=f"Date of death recorded: {saved.date_of_death:%d %b %Y}.")
    return saved


def previous_episode_for(patient: Patient, fracture_date) -> FractureEpisode | None:
    """The patient's most recent earlier episode: a new fracture after it is a refracture."""
    return patient.episodes.filter(fracture_date__lt=fracture_date).order_by("-fracture_date", "-id").first()


@dataclass
class EpisodeOutcome:
    episode: FractureEpisode
    excluded_reasons: list[str] = field(default_factory=list)

    @property
    def is_refracture(self) -> bool:
        return self.episode.is_refracture


@transaction.atomic
def episode_create(*, patient: Patient, by, **fields) -> EpisodeOutcome:
    """Log a fracture for a patient. A later fracture than an existing episode is linked to it as
    a refracture; an episode outside the service's scope is excluded at once, with the reason."""
    episode = FractureEpisode(
        patient=patient, site_id=patient.site_id, created_by=by,
        **{k: v for k, v in fields.items() if k in EPISODE_FIELDS},
    )
    episode.full_clean(validate_constraints=False)
    episode.refracture_of = previous_episode_for(patient, episode.fracture_date)
    episode._history_user = by
    episode.save()
    pathway.record_identified(episode, by=by)
    reasons = ineligibility_reasons(age_at_fracture=episode.age_at_fracture, mechanism=episode.mechanism)
    if reasons:
        pathway.exclude(episode, by=None, reason=" ".join(reasons))
    return EpisodeOutcome(episode=episode, excluded_reasons=reasons)


def episode_update(*, episode: FractureEpisode, by, expected_version: int, **fields) -> FractureEpisode:
    return _save_with_version(episode, by=by, expected_version=expected_version, fields=fields, allowed=EPISODE_FIELDS)


def patient_record_viewed(*, patient: Patient, by, page: str) -> None:
    PatientRecordAccess.objects.create(patient=patient, user=by, page=page)


def episode_assign(*, episode: FractureEpisode, nurse, by) -> FractureEpisode:
    """Assign (or unassign, with nurse=None) the liaison nurse responsible for an episode."""
    with transaction.atomic():
        locked = FractureEpisode.objects.select_for_update().get(pk=episode.pk)
        if nurse is not None and not nurse.memberships.filter(site_id=locked.site_id).exists():
            raise ValidationError({"assigned_nurse": ["That nurse does not work at this episode's site."]})
        locked.assigned_nurse = nurse
        locked.version += 1
        locked._history_user = by
        locked.save()
    return locked
