"""Every write to patients and episodes. Keyword-only functions that validate, save in a
transaction and raise ValidationError with messages written for the person at the keyboard."""
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fls.inserts import insert_history, insert_many
from fls.read_models import episodes_changed, one_refresh
from fls.records import record_save, record_update
from fls.versioning import StaleRecord  # noqa: F401 (re-exported)

from fls.dates import DayMonthYear

from . import pathway
from .eligibility import ineligibility_reasons
from .identifiers import normalise_hospital_number
from .models import FractureEpisode, Patient, PatientRecordAccess, RecordAccessKind

PATIENT_FIELDS = (
    "local_id", "national_id", "family_name", "given_name", "family_name_kana", "given_name_kana", "date_of_birth",
    "sex", "postcode", "phone", "gp_practice_name", "gp_practice_code", "gp_practice_contact", "residence", "date_of_death",
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
            {"local_id": [_("A patient with this hospital number already exists at this site.")]},
            code="duplicate",
        )


class PossibleDuplicate(ValidationError):
    """Another patient at the site has the same name and date of birth; the user must confirm."""

    def __init__(self, matches: list[Patient]):
        self.matches = matches
        super().__init__(
            _(
                "A patient with the same name and date of birth already exists at this site. "
                "Check it is not the same person, then confirm to create a new record."
            ),
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
    try:
        with transaction.atomic():
            record_save(patient, by=by)
    except IntegrityError:
        # Two people saving the same hospital number at the same moment: the constraint decides.
        raise DuplicatePatient(Patient.objects.get(site=site, local_id=patient.local_id))
    return patient


def _save_with_version(instance, *, by, expected_version: int, fields: dict, allowed: tuple):
    return record_update(instance, expected_version=expected_version, by=by,
                         fields={name: value for name, value in fields.items() if name in allowed},
                         validate=lambda locked: locked.full_clean(validate_constraints=False))


def patient_update(*, patient: Patient, by, expected_version: int, **fields) -> Patient:
    if "local_id" in fields:
        # Compared as stored: a number that differs only by spaces is the same number.
        fields["local_id"] = normalise_hospital_number(fields["local_id"])
        clash = Patient.objects.filter(site_id=patient.site_id, local_id=fields["local_id"]).exclude(pk=patient.pk).first()
        if clash:
            raise DuplicatePatient(clash)
    with transaction.atomic(), one_refresh():
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
                pathway.record_death(episode, by=None, note=_("Date of death recorded: %(date)s.") % {
                    "date": DayMonthYear()(saved.date_of_death),
                })
    return saved


def previous_episode_for(patient: Patient, fracture_date) -> FractureEpisode | None:
    """The patient's most recent earlier episode: a new fracture after it is a refracture.
    (previous_episode_among is the same rule over episodes already in hand.)"""
    return patient.episodes.filter(fracture_date__lt=fracture_date).order_by("-fracture_date", "-id").first()


def previous_episode_among(episodes, fracture_date) -> FractureEpisode | None:
    """previous_episode_for over a patient's episodes already in hand, in the order they were
    created (saved ones first, new ones after, as their ids will be)."""
    earlier = [(e.fracture_date, position, e) for position, e in enumerate(episodes) if e.fracture_date < fracture_date]
    return max(earlier, key=lambda item: item[:2])[2] if earlier else None


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
    record_save(episode, by=by, fields={"refracture_of": previous_episode_for(patient, episode.fracture_date)})
    pathway.record_identified(episode, by=by)
    reasons = episode_exclusion_reasons(episode)
    if reasons:
        pathway.exclude(episode, by=None, reason=" ".join(reasons))
    return EpisodeOutcome(episode=episode, excluded_reasons=reasons)


def episode_exclusion_reasons(episode: FractureEpisode) -> list[str]:
    """Why a new episode is outside the service's scope (excluded at once), for one or many."""
    return ineligibility_reasons(age_at_fracture=episode.age_at_fracture, mechanism=episode.mechanism)


@transaction.atomic
def fractures_import(*, patients: list[Patient], episodes: list[FractureEpisode], by) -> None:
    """episode_create (and patient_create) for many rows at once, for the bulk import: the new
    patients, then their episodes, each with its history row, each episode's identify event and,
    for those outside the service's scope, the exclude move: the same records as one at a time,
    written with one INSERT per table. The caller has validated every record (full_clean) and
    matched it against the database (hospital number, fracture), and set each episode's patient
    (new or saved) and refracture_of (previous_episode_among: saved, or new in `episodes`)."""
    for patient in patients:
        patient.created_by = by
    insert_many(Patient, patients)
    insert_history(Patient, patients, user=by)
    later_refractures = []
    for episode in episodes:
        episode.patient = episode.patient  # the patient's id, now that a new patient has one
        episode.site_id = episode.patient.site_id
        episode.created_by = by
        if episode.refracture_of is not None and episode.refracture_of.pk is None:
            # An earlier fracture of the same list: linked once both have their ids.
            later_refractures.append((episode, episode.refracture_of))
            episode.refracture_of = None
    insert_many(FractureEpisode, episodes)
    if later_refractures:
        for episode, earlier in later_refractures:
            episode.refracture_of = earlier
        FractureEpisode.objects.bulk_update([episode for episode, _ in later_refractures], ["refracture_of"])
    insert_history(FractureEpisode, episodes, user=by)
    pathway.record_identified_in_bulk(episodes, by=by)
    excluded = [(episode, " ".join(reasons)) for episode in episodes if (reasons := episode_exclusion_reasons(episode))]
    if excluded:
        pathway.exclude_new_in_bulk(excluded)


def episode_update(*, episode: FractureEpisode, by, expected_version: int, **fields) -> FractureEpisode:
    with transaction.atomic():
        saved = _save_with_version(episode, by=by, expected_version=expected_version, fields=fields,
                                   allowed=EPISODE_FIELDS)
        episodes_changed([saved.pk])
    return saved


def patient_record_viewed(*, patient: Patient, by, page: str, kind: str = RecordAccessKind.VIEWED) -> None:
    """Log that `by` saw this patient's record on `page` (a view, a letter, a print)."""
    PatientRecordAccess.objects.create(patient=patient, site_id=patient.site_id, user=by, page=page, kind=kind)


# Patients logged per INSERT by patient_records_accessed: big enough that a national dataset export costs a few
# hundred statements, small enough that a chunk's rows are held in memory only briefly.
ACCESS_LOG_CHUNK = 2000


def _patient_and_site(row) -> tuple[int, int]:
    if isinstance(row, Patient):
        return row.pk, row.site_id
    return (row["patient_id"], row["site_id"]) if isinstance(row, Mapping) else (row.patient_id, row.site_id)


def patient_records_listed(*, rows: Iterable, by, page: str, kind: str = RecordAccessKind.VIEWED) -> None:
    """Log one access per patient among the rows a page lists (patients, or rows with their patient's and site's
    ids), in one INSERT for a page's worth."""
    for _row in patient_records_accessed(rows=rows, by=by, page=page, kind=kind):
        pass


def patient_records_accessed(*, rows: Iterable, by, page: str, kind: str = RecordAccessKind.EXPORTED,
                             chunk_size: int = ACCESS_LOG_CHUNK) -> Iterator:
    """Pass an export's (or a list page's) rows through, logging one access per patient among them, however many
    rows each patient has. Each row is a patient, or carries its patient's and site's ids ('patient_id' and
    'site_id', as keys or as attributes of a model instance). Rows are handed on a chunk at a time, after that
    chunk's new patients are logged in one INSERT: nothing leaves the service before its access is recorded, and an
    export that stops half-way has logged what it sent, and little more."""
    seen: set[int] = set()
    chunk: list = []
    new: list[tuple[int, int]] = []
    for row in rows:
        chunk.append(row)
        patient_id, site_id = _patient_and_site(row)
        if patient_id not in seen:
            seen.add(patient_id)
            new.append((patient_id, site_id))
        if len(chunk) >= chunk_size:
            _log_accesses(new, by=by, page=page, kind=kind)
            yield from chunk
            chunk, new = [], []
    _log_accesses(new, by=by, page=page, kind=kind)
    yield from chunk


def _log_accesses(patients_and_sites: list[tuple[int, int]], *, by, page: str, kind: str) -> None:
    if not patients_and_sites:
        return
    if connection.vendor != "postgresql":
        PatientRecordAccess.objects.bulk_create(
            [PatientRecordAccess(patient_id=patient_id, site_id=site_id, user=by, page=page, kind=kind)
             for patient_id, site_id in patients_and_sites], batch_size=len(patients_and_sites))
        return
    # Two arrays and four constants: one short statement however many patients, with no model instance or
    # parameter per row. bulk_create of the same rows took about twice as long (BENCHMARKS.md, "Record-access
    # log and the access report").
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {PatientRecordAccess._meta.db_table} (patient_id, site_id, user_id, viewed_at, kind, page) "
            "SELECT patient_id, site_id, %s, %s, %s, %s FROM unnest(%s::bigint[], %s::bigint[]) AS t(patient_id, site_id)",
            [by.pk, timezone.now(), kind, page,
             [patient_id for patient_id, _ in patients_and_sites], [site_id for _, site_id in patients_and_sites]],
        )


def episode_assign(*, episode: FractureEpisode, nurse, by) -> FractureEpisode:
    """Assign (or unassign, with nurse=None) the liaison nurse responsible for an episode."""

    def works_at_the_site(locked):
        if nurse is not None and not nurse.memberships.filter(site_id=locked.site_id).exists():
            raise ValidationError({"assigned_nurse": [_("That nurse does not work at this episode's site.")]})

    with transaction.atomic():
        saved = record_update(episode, expected_version=None, fields={"assigned_nurse": nurse}, by=by,
                              validate=works_at_the_site)
        episodes_changed([saved.pk])
    return saved
