"""Every write of the claims app: an admission added or edited, the time of the fracture recorded, a site's facility
standard edited. Keyword-only functions that validate, save in a transaction through fls.records (lock, version
check, history with the acting user) and raise ValidationError with each message beside its field.

Lock order: the episode, then its record (as treatment.services), so two writers never wait on each other in a
circle.
"""
import zoneinfo
from datetime import date, datetime, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fls.dates import format_date
from fls.models import Site
from fls.records import record_create, record_lock, record_save, record_update
from fls.versioning import NO_RECORD
from patients.models import FractureEpisode, FractureSite

from .models import POST_ACUTE_WARDS, Admission, FacilityStandard, FractureTime, WardType


def site_today(site: Site) -> date:
    """Today at the site (a hospital in Japan is nine hours ahead of the server's London)."""
    return timezone.now().astimezone(zoneinfo.ZoneInfo(site.timezone)).date()


def site_now(site: Site) -> datetime:
    """The site's local time now, without a time zone (as admissions and fracture times are recorded)."""
    return timezone.now().astimezone(zoneinfo.ZoneInfo(site.timezone)).replace(tzinfo=None)


def in_scope(episode: FractureEpisode) -> bool:
    """The fee is for hip fractures at hospitals in Japan (docs/clinical-rules.md#levels-of-the-fls-management-fee)."""
    return episode.site.country == Site.Country.JP and episode.fracture_site == FractureSite.HIP


def _require(by, perm: str) -> None:
    if by is None or not by.has_perm(perm):
        raise PermissionDenied(_("You cannot record this."))


def _require_in_scope(episode: FractureEpisode) -> None:
    if not in_scope(episode):
        raise ValidationError(_("The FLS management fee is for hip fractures at hospitals in Japan only."))


def _lock_episode(episode: FractureEpisode) -> FractureEpisode:
    return FractureEpisode.objects.select_for_update().select_related("site").get(pk=episode.pk)


# --- Admissions --------------------------------------------------------------------------------------------------

def _validate_admission(admission: Admission, *, episode: FractureEpisode, fracture_time: time | None) -> None:
    errors: dict[str, list] = {}
    today = site_today(episode.site)
    ward = admission.ward
    if ward not in WardType.values:
        errors["ward"] = [_("Choose the ward type.")]
    admitted, discharged = admission.admitted_on, admission.discharged_on
    if admitted is None:
        errors["admitted_on"] = [_("Enter the date of admission.")]
    elif admitted > today:
        errors["admitted_on"] = [_("The date of admission cannot be in the future.")]
    elif admitted < episode.fracture_date:
        errors["admitted_on"] = [_("The admission cannot be before the fracture (%(date)s).") % {
            "date": format_date(episode.fracture_date)}]
    if discharged is not None:
        if discharged > today:
            errors["discharged_on"] = [_("The date of discharge cannot be in the future.")]
        elif admitted is not None and discharged < admitted:
            errors["discharged_on"] = [_("The discharge cannot be before the admission.")]
    if admission.level_1_claimed_elsewhere and ward not in POST_ACUTE_WARDS:
        errors["level_1_claimed_elsewhere"] = [
            _("Only a rehabilitation or community-care admission follows level 1 at another hospital.")]
    surgery_day, surgery_time = admission.surgery_started_on, admission.surgery_started_time
    if (surgery_day or surgery_time) and ward != WardType.ACUTE:
        errors["surgery_started_on"] = [_("Surgery is recorded on the acute admission.")]
    elif surgery_day and not surgery_time:
        errors["surgery_started_time"] = [_("Enter the time surgery started.")]
    elif surgery_time and not surgery_day:
        errors["surgery_started_on"] = [_("Enter the date surgery started.")]
    elif surgery_day and surgery_time:
        started = datetime.combine(surgery_day, surgery_time)
        if started > site_now(episode.site):
            errors["surgery_started_on"] = [_("Surgery cannot start in the future.")]
        elif admitted and (surgery_day < admitted or (discharged and surgery_day > discharged)):
            errors["surgery_started_on"] = [_("Surgery must fall within the admission.")]
        elif surgery_day < episode.fracture_date or (
                fracture_time and started < datetime.combine(episode.fracture_date, fracture_time)):
            errors["surgery_started_on"] = [_("Surgery cannot start before the fracture.")]
    if errors:
        raise ValidationError(errors)


ADMISSION_FIELDS = ("ward", "admitted_on", "discharged_on", "level_1_claimed_elsewhere", "surgery_started_on",
                    "surgery_started_time")


def _fracture_time_of(episode: FractureEpisode) -> time | None:
    return FractureTime.objects.filter(episode=episode).values_list("time", flat=True).first()


def admission_add(*, episode: FractureEpisode, by, **fields) -> Admission:
    """Record a new admission for the hip fracture."""
    _require(by, "claims.add_admission")
    with transaction.atomic():
        locked = _lock_episode(episode)
        _require_in_scope(locked)
        admission = Admission(episode=locked, site_id=locked.site_id, created_by=by,
                              **{name: fields.get(name) for name in ADMISSION_FIELDS
                                 if fields.get(name) is not None})
        return record_save(admission, by=by, validate=lambda a: _validate_admission(
            a, episode=locked, fracture_time=_fracture_time_of(locked)))


def admission_update(*, admission: Admission, by, expected_version: int | None, **fields) -> Admission:
    """Edit an admission; a form drawn before someone else's save is refused (fls.versioning)."""
    _require(by, "claims.change_admission")
    with transaction.atomic():
        locked_episode = _lock_episode(admission.episode)
        fracture_time = _fracture_time_of(locked_episode)
        changes = {name: fields[name] for name in ADMISSION_FIELDS if name in fields}
        return record_update(Admission, pk=admission.pk, expected_version=expected_version, fields=changes, by=by,
                             validate=lambda a: _validate_admission(a, episode=locked_episode,
                                                                    fracture_time=fracture_time))


# --- The time of the fracture -----------------------------------------------------------------------------------

def fracture_time_record(*, episode: FractureEpisode, by, fracture_day: date | None, fracture_time: time | None,
                         expected_version: int | None) -> FractureTime:
    """Record (or correct) the time of the fracture. Its date must be the episode's fracture date; a surgery
    already recorded cannot start before it. `expected_version`: the record's version the form was drawn from
    (fls.versioning.NO_RECORD for a first record)."""
    _require(by, "claims.add_fracturetime")
    with transaction.atomic():
        locked_episode = _lock_episode(episode)
        _require_in_scope(locked_episode)
        errors: dict[str, list] = {}
        if fracture_day is None:
            errors["fracture_day"] = [_("Enter the date of the fracture.")]
        elif fracture_day != locked_episode.fracture_date:
            errors["fracture_day"] = [_("The time must fall on the fracture date, %(date)s.") % {
                "date": format_date(locked_episode.fracture_date)}]
        if fracture_time is None:
            errors["fracture_time"] = [_("Enter the time of the fracture.")]
        if not errors:
            fractured_at = datetime.combine(fracture_day, fracture_time)
            if fractured_at > site_now(locked_episode.site):
                errors["fracture_time"] = [_("The time of the fracture cannot be in the future.")]
            elif any(datetime.combine(day, at) < fractured_at for day, at in
                     Admission.objects.filter(episode=locked_episode, surgery_started_on__isnull=False)
                     .values_list("surgery_started_on", "surgery_started_time")):
                errors["fracture_time"] = [_("Surgery is recorded as starting before this time.")]
        if errors:
            raise ValidationError(errors)
        current = record_lock(FractureTime, or_none=True, expected_version=expected_version, episode=locked_episode)
        if current is None:
            return record_create(FractureTime, lookup={"episode": locked_episode},
                                 fields={"site_id": locked_episode.site_id, "time": fracture_time}, by=by,
                                 expected_version=NO_RECORD if expected_version is None else expected_version)
        return record_save(current, by=by, fields={"time": fracture_time})


# --- The facility standard ----------------------------------------------------------------------------------------

FACILITY_FIELDS = ("doctor", "nurse", "pharmacist", "pharmacist_at_partner_pharmacy", "last_training_on")


def _validate_facility(standard: FacilityStandard) -> None:
    errors = {}
    if standard.last_training_on and standard.last_training_on > site_today(standard.site):
        errors["last_training_on"] = [_("The date of the training cannot be in the future.")]
    for name in ("doctor", "nurse", "pharmacist"):
        value = getattr(standard, name) or ""
        if len(value) > 100:
            errors[name] = [_("At most 100 characters.")]
        setattr(standard, name, value.strip())
    if errors:
        raise ValidationError(errors)


def facility_standard_save(*, site: Site, by, expected_version: int | None, **fields) -> FacilityStandard:
    """Save the site's facility standard (made on its first save); a form drawn before someone else's save is
    refused."""
    if by is None or not (by.has_perm("claims.change_facilitystandard")):
        raise PermissionDenied(_("You cannot change the facility standard."))
    changes = {name: fields[name] for name in FACILITY_FIELDS if name in fields}
    with transaction.atomic():
        current = record_lock(FacilityStandard.objects.select_related("site"), or_none=True,
                              expected_version=expected_version, site=site)
        if current is None:
            return record_create(FacilityStandard, lookup={"site": site}, fields=changes, by=by,
                                 expected_version=NO_RECORD if expected_version is None else expected_version,
                                 validate=_validate_facility)
        return record_save(current, by=by, fields=changes, validate=_validate_facility)
