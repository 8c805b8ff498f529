"""Reads of the claims app, scoped to the user's sites: the facts the fee rules need for one episode (the panel) or
for every in-scope episode of the user's sites in Japan (the monthly list), each in a fixed number of queries
whatever the number of episodes, admissions and contacts.
"""
import zoneinfo
from collections import defaultdict
from datetime import date, datetime

from django.db.models import Exists, OuterRef
from django.http import Http404

from assessments.models import Assessment, Recommendation, TreatmentDecision
from fls.dates import activate_date_entry
from fls.models import Site
from fls.selectors import visible_site_ids, visible_sites
from followup.models import FollowUpContact
from patients.models import FractureEpisode, FractureSite
from treatment.models import DoseGiven, DosePlace, TreatmentCourse

from . import fee_rules as rules
from .models import Admission, FacilityStandard, FeeSchedule, FractureTime
from .services import in_scope


def admission_for_user(user, pk: int) -> Admission:
    admission = (Admission.objects.select_related("episode__patient", "episode__site")
                 .filter(pk=pk, site_id__in=visible_site_ids(user)).first())
    if admission is None:
        raise Http404("No such admission.")
    activate_date_entry(admission.episode.site.country)  # typed as its site's country types dates
    return admission


def japanese_sites(user) -> list[Site]:
    """The user's sites in Japan, by name (no query beyond visible_sites' one)."""
    return [site for site in visible_sites(user) if site.country == Site.Country.JP]


def schedules() -> tuple[rules.Schedule, ...]:
    return tuple(schedule_of(row) for row in FeeSchedule.objects.all())


def schedule_of(row: FeeSchedule) -> rules.Schedule:
    return rules.Schedule(
        effective_from=row.effective_from, level_1_points=row.level_1_points, level_2_points=row.level_2_points,
        level_3_points=row.level_3_points, level_3_months=row.level_3_months, addon_min_age=row.addon_min_age,
        addon_within_hours=row.addon_within_hours, verified=row.verified)


def facility_of(row: FacilityStandard | None) -> rules.Facility | None:
    if row is None:
        return None
    return rules.Facility(doctor=row.doctor, nurse=row.nurse, pharmacist=row.pharmacist,
                          last_training_on=row.last_training_on)


def _stay(row: Admission) -> rules.Stay:
    surgery = (datetime.combine(row.surgery_started_on, row.surgery_started_time)
               if row.surgery_started_on and row.surgery_started_time else None)
    return rules.Stay(id=row.pk, ward=row.ward, admitted_on=row.admitted_on, discharged_on=row.discharged_on,
                      level_1_elsewhere=row.level_1_claimed_elsewhere, surgery_started=surgery)


def claim_facts(episodes: list[FractureEpisode]) -> dict[int, rules.ClaimFacts]:
    """The fee rules' facts for each in-scope episode (its patient and site already read), by episode id: nine
    queries whatever the number of episodes (none when none is in scope)."""
    episodes = [episode for episode in episodes if in_scope(episode)]
    if not episodes:
        return {}
    ids = [episode.pk for episode in episodes]
    site_ids = {episode.site_id for episode in episodes}
    evaluated = dict(Assessment.objects.filter(episode_id__in=ids).values_list("episode_id", "assessed_on"))
    decisions = {row["episode_id"]: row["signed_off_at"] for row in TreatmentDecision.objects.filter(
        episode_id__in=ids, signed_off_at__isnull=False).exclude(recommendation=Recommendation.NONE)
        .values("episode_id", "signed_off_at")}
    courses = defaultdict(list)
    for row in TreatmentCourse.objects.filter(episode_id__in=ids).values("episode_id", "starts_on", "stopped_on"):
        courses[row["episode_id"]].append(rules.CourseSpan(row["starts_on"], row["stopped_on"]))
    stays = defaultdict(list)
    for row in Admission.objects.filter(episode_id__in=ids).order_by("admitted_on", "id"):
        stays[row.episode_id].append(_stay(row))
    times = dict(FractureTime.objects.filter(episode_id__in=ids).values_list("episode_id", "time"))
    contacts = defaultdict(set)
    for episode_id, day in FollowUpContact.objects.filter(follow_up__episode_id__in=ids, reached=True).values_list(
            "follow_up__episode_id", "contacted_on"):
        contacts[episode_id].add(day)
    for episode_id, day in DoseGiven.objects.filter(
            course__episode_id__in=ids, place=DosePlace.FLS_CLINIC, entered_in_error=False).values_list(
            "course__episode_id", "given_on"):
        contacts[episode_id].add(day)
    facilities = {row.site_id: facility_of(row) for row in FacilityStandard.objects.filter(site_id__in=site_ids)}
    fee_schedules = schedules()
    facts = {}
    for episode in episodes:
        signed_off = decisions.get(episode.pk)
        planned_on = signed_off.astimezone(zoneinfo.ZoneInfo(episode.site.timezone)).date() if signed_off else None
        facts[episode.pk] = rules.ClaimFacts(
            in_scope=True, fracture_date=episode.fracture_date, age_at_fracture=episode.age_at_fracture,
            fracture_time=times.get(episode.pk), evaluated_on=evaluated.get(episode.pk),
            treatment_planned_on=planned_on, courses=tuple(courses[episode.pk]), stays=tuple(stays[episode.pk]),
            outpatient_contacts=tuple(sorted(contacts[episode.pk])), facility=facilities.get(episode.site_id),
            schedules=fee_schedules)
    return facts


def episode_claims(episode: FractureEpisode, *, as_of: date) -> rules.ClaimsPicture:
    facts = claim_facts([episode]).get(episode.pk)
    if facts is None:
        return rules.ClaimsPicture(in_scope=False)
    return rules.claims_picture(facts, as_of=as_of)


def episode_admissions(episode: FractureEpisode) -> list[Admission]:
    return list(Admission.objects.filter(episode=episode).order_by("admitted_on", "id"))


def claimable_episodes(user, sites: list[Site]) -> list[FractureEpisode]:
    """The hip-fracture episodes of these sites (the user's, in Japan) that have an admission: only those can have
    a claim. One query, with their patients."""
    site_ids = [site.pk for site in sites if site.pk in visible_site_ids(user)]
    return list(FractureEpisode.objects.filter(site_id__in=site_ids, fracture_site=FractureSite.HIP)
                .filter(Exists(Admission.objects.filter(episode=OuterRef("pk"))))
                .select_related("patient", "site").order_by("patient__local_id", "id"))


def monthly_claims(user, sites: list[Site], month: date, *, as_of: date) -> list[dict]:
    """One row per claimable line dated in `month` at these sites (the user's in Japan), as of `as_of` (the end of
    the month, or today if sooner): patient, level, points, date, add-on. Ten queries whatever the rows."""
    episodes = claimable_episodes(user, sites)
    facts = claim_facts(episodes)
    rows = []
    for episode in episodes:
        if episode.pk not in facts:
            continue
        picture = rules.claims_picture(facts[episode.pk], as_of=as_of)
        for line in picture.lines_in_month(month):
            rows.append({
                "episode": episode, "patient": episode.patient, "site": episode.site, "level": line.level,
                "points": line.points, "on": line.on, "addon": bool(line.addon and line.addon.claimable),
                "unverified": bool(line.schedule and not line.schedule.verified),
                "patient_id": episode.patient_id, "site_id": episode.site_id})
    rows.sort(key=lambda row: (row["on"], row["patient"].local_id, row["level"]))
    return rows


def facility_standard_of(site: Site) -> FacilityStandard | None:
    return FacilityStandard.objects.filter(site=site).first()
