"""Every read the patient pages need, already scoped to the user's sites (fls.selectors)."""
import re

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet, Value
from django.db.models.functions import Concat
from django.http import Http404

from fls.dates import activate_date_entry, date_entry
from fls.models import User
from fls.roles import NURSE
from fls.selectors import visible_site_ids

from . import kana
from .identifiers import normalise_nhs_number
from .models import EpisodeEvent, EpisodeState, FractureEpisode, Patient, PatientRecordAccess


def patients_visible_to(user) -> QuerySet[Patient]:
    return Patient.objects.filter(site_id__in=visible_site_ids(user))


def episodes_visible_to(user) -> QuerySet[FractureEpisode]:
    return FractureEpisode.objects.filter(site_id__in=visible_site_ids(user)).select_related(
        "patient", "site", "assigned_nurse"
    )


def patient_for_user(user, pk: int) -> Patient:
    patient = patients_visible_to(user).select_related("site__identifier_scheme", "created_by").filter(pk=pk).first()
    if patient is None:
        raise Http404("No such patient.")
    activate_date_entry(patient.site.country)  # its page's dates are typed as its site's country types them
    return patient


def episode_for_user(user, pk: int) -> FractureEpisode:
    episode = (
        episodes_visible_to(user)
        # The patient's site and its identifier scheme: the banner names the patient's national number.
        .select_related("refracture_of", "eligibility_overridden_by", "created_by", "patient__site__identifier_scheme")
        .filter(pk=pk)
        .first()
    )
    if episode is None:
        raise Http404("No such fracture episode.")
    activate_date_entry(episode.site.country)  # its pages' dates are typed as its site's country types them
    return episode


def patient_episodes(patient: Patient) -> QuerySet[FractureEpisode]:
    return patient.episodes.select_related("assigned_nurse", "refracture_of").order_by("-fracture_date", "-id")


def episode_timeline(episode: FractureEpisode) -> QuerySet[EpisodeEvent]:
    return episode.events.select_related("by").order_by("at", "id")


def episode_refractures(episode: FractureEpisode) -> QuerySet[FractureEpisode]:
    return episode.refractures.order_by("fracture_date")


def record_changes(instance, limit: int = 50) -> list[dict]:
    """The record's edit history, newest first: who, when, and which fields changed from what to what,
    shown with the labels a person reads (choice labels, names of people) in a fixed number of queries."""
    records = list(instance.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    model_fields = {f.name: f for f in type(instance)._meta.fields}
    changes, user_ids = [], set()
    for newer, older in zip(records, records[1:] + [None]):
        if older is None:
            if len(records) <= limit:
                changes.append({"when": newer.history_date, "who": newer.history_user, "kind": "Created", "fields": []})
            continue
        fields = []
        for c in newer.diff_against(older).changes:
            if c.field in _HIDDEN_HISTORY_FIELDS:
                continue
            model_field = model_fields.get(c.field)
            if model_field is not None and model_field.is_relation and model_field.related_model is User:
                user_ids.update(v for v in (c.old, c.new) if v)
            fields.append({"name": c.field, "field": str(getattr(model_field, "verbose_name", c.field)), "old": c.old, "new": c.new})
        if fields:
            changes.append({"when": newer.history_date, "who": newer.history_user, "kind": "Changed", "fields": fields})
    people = {u.pk: str(u) for u in User.objects.filter(pk__in=user_ids)} if user_ids else {}
    for change in changes:
        for f in change["fields"]:
            model_field = model_fields.get(f["name"])
            for side in ("old", "new"):
                value = f[side]
                if model_field is not None and model_field.choices:
                    value = dict(model_field.flatchoices).get(value, value)
                elif value in people and model_field is not None and model_field.is_relation:
                    value = people[value]
                f[side] = value
    return changes


_HIDDEN_HISTORY_FIELDS = {"state_changed_at", "id"}


def record_accesses(patient: Patient, limit: int = 20) -> QuerySet[PatientRecordAccess]:
    return patient.record_accesses.select_related("user").order_by("-viewed_at")[:limit]


def triage_list(user, *, site_id: int | None = None) -> QuerySet[FractureEpisode]:
    """Newly identified episodes waiting for a nurse's triage, oldest first (nobody waits longest)."""
    qs = episodes_visible_to(user).filter(state=EpisodeState.IDENTIFIED)
    if site_id:
        qs = qs.filter(site_id=site_id)
    return qs.select_related("refracture_of").order_by("identified_on", "id")


def state_counts(user) -> dict[str, int]:
    rows = episodes_visible_to(user).order_by().values("state").annotate(n=Count("id"))
    return {row["state"]: row["n"] for row in rows}


def _as_date(text: str):
    """A date of birth typed in the search box as dates are typed here (fls.dates.date_entry: 09/03/1941 in the UK,
    1941/03/09 in Japan; YYYY-MM-DD anywhere), else None. Digits alone are a number, never a date."""
    if text.isdigit():
        return None
    try:
        return date_entry().parse(text)
    except ValidationError:
        return None


def search_patients(user, query: str, limit: int = 50) -> QuerySet[Patient]:
    """Find patients by hospital or national number, date of birth, or name ("smith", "smith ann",
    "ann smith", "smi an"), each word also matched against the start of either name."""
    qs = patients_visible_to(user)
    # Full-width letters and digits, half-width kana and hiragana are searched as what they stand for (patients.kana).
    query = kana.normalise(query)
    # A number typed with spaces ("943 476 5919") is one number, not three words.
    spaced_number = re.fullmatch(r"[\d\s\-]+", query.strip() or "x") and not _as_date(query.strip())
    words = [normalise_nhs_number(query)] if spaced_number else query.split()
    if not words:
        return qs.none()
    condition = Q()
    for word in words:
        day = _as_date(word)
        if day:
            condition &= Q(date_of_birth=day)
        elif re.fullmatch(r"[\d\s\-]+", word) or re.search(r"\d", word):
            digits = normalise_nhs_number(word)
            condition &= Q(local_id__iexact=word) | Q(national_id=digits.upper()) | Q(local_id__istartswith=word)
        else:
            names = Q(family_name__istartswith=word) | Q(given_name__istartswith=word)
            if kana.has_kana(word):
                names |= Q(family_name_kana__istartswith=word) | Q(given_name_kana__istartswith=word)
            condition &= names
    # The first `limit` matches first, then only those joined to their site and their episodes counted: a common
    # surname matches thousands of patients, and counting every match's episodes before keeping 50 took longer
    # (BENCHMARKS.md, "Patient search"). The matches are ordered by `family_name || ''`, the same order, so that
    # PostgreSQL finds them with the UPPER(name) indexes and sorts the few thousand, rather than walking the
    # site's whole name index in order until 50 happen to match (76 ms for "Smith", against 16 ms).
    order = ("family_name", "given_name", "id")
    first = (qs.filter(condition).order_by(Concat("family_name", Value("")), "given_name", "id")
             .values("pk")[:limit])
    return (Patient.objects.filter(pk__in=first).select_related("site__identifier_scheme").annotate(episode_count=Count("episodes"))
            .order_by(*order))


def nurses_at_sites(user) -> QuerySet[User]:
    return (
        User.objects.filter(memberships__site_id__in=visible_site_ids(user), groups__name=NURSE, is_active=True)
        .distinct()
        .order_by("first_name", "last_name")
    )

