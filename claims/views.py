"""The claims pages: an admission added or edited and the time of the fracture (from the episode page), the monthly
claims list with its CSV for the medical affairs office, and each site's facility standard checklist. Thin: check
permission, parse the form, call a service, render."""
import re
import unicodedata
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fls.csvsafe import write_csv
from fls.form_errors import add_service_errors
from fls.selectors import site_for_user
from fls.versioning import NO_RECORD
from patients import selectors as patient_selectors
from patients.models import RecordAccessKind
from patients.services import patient_record_viewed, patient_records_accessed, patient_records_listed

from . import fee_rules as rules
from . import selectors, services
from .forms import AdmissionForm, FacilityStandardForm, FractureTimeForm
from .models import FractureTime


def _episode_page(episode_id: int):
    return redirect(reverse("patients:episode_detail", args=[episode_id]))


def _in_scope_episode(request, episode_id: int):
    episode = patient_selectors.episode_for_user(request.user, episode_id)
    if not services.in_scope(episode):
        raise Http404("The FLS management fee is for hip fractures at hospitals in Japan.")
    return episode


def _admission_page(request, episode, form, admission=None):
    patient_record_viewed(patient=episode.patient, by=request.user, page="admission")
    return render(request, "claims/admission_form.html", {
        "episode": episode, "patient": episode.patient, "form": form, "admission": admission})


@permission_required("claims.add_admission", raise_exception=True)
def admission_add(request, episode_id):
    episode = _in_scope_episode(request, episode_id)
    form = AdmissionForm(request.POST or None, initial={"admitted_on": episode.fracture_date})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.admission_add(episode=episode, by=request.user,
                                   **{name: data.get(name) for name in services.ADMISSION_FIELDS})
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Admission recorded."))
            return _episode_page(episode.pk)
    return _admission_page(request, episode, form)


@permission_required("claims.change_admission", raise_exception=True)
def admission_edit(request, admission_id):
    admission = selectors.admission_for_user(request.user, admission_id)
    episode = admission.episode
    form = AdmissionForm(request.POST or None, instance=admission)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.admission_update(admission=admission, by=request.user, expected_version=data["version"],
                                      **{name: data.get(name) for name in services.ADMISSION_FIELDS})
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Admission saved."))
            return _episode_page(episode.pk)
    return _admission_page(request, episode, form, admission)


@permission_required("claims.add_fracturetime", raise_exception=True)
def fracture_time(request, episode_id):
    episode = _in_scope_episode(request, episode_id)
    current = FractureTime.objects.filter(episode=episode).first()
    version = current.version if current else NO_RECORD
    initial = {"fracture_day": episode.fracture_date, "fracture_time": current.time if current else None}
    form = FractureTimeForm(request.POST or None, version=version, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.fracture_time_record(episode=episode, by=request.user, fracture_day=data["fracture_day"],
                                          fracture_time=data["fracture_time"], expected_version=data["version"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Time of the fracture recorded."))
            return _episode_page(episode.pk)
    patient_record_viewed(patient=episode.patient, by=request.user, page="fracture time")
    return render(request, "claims/fracture_time_form.html", {
        "episode": episode, "patient": episode.patient, "form": form})


# --- The monthly claims list ------------------------------------------------------------------------------------

# YYYY-MM as links write it; 2026/12, ２０２６／１２ or 2026年12月 as the month box is typed in Japan.
MONTH = re.compile(r"^(\d{4})\s*[-/.\s]\s*(\d{1,2})$")


def _month(request, today: date) -> tuple[date, str | None]:
    """The month asked for (?month=YYYY-MM, or YYYY/MM as typed), or this one with a message when it is not
    a month."""
    text = (request.GET.get("month") or "").strip()
    if not text:
        return today.replace(day=1), None
    found = MONTH.match(unicodedata.normalize("NFKC", text[:40]).replace("年", "/").replace("月", "").strip())
    if found and 1 <= int(found.group(2)) <= 12 and 2000 <= int(found.group(1)) <= today.year + 1:
        return date(int(found.group(1)), int(found.group(2)), 1), None
    return today.replace(day=1), _("“%(text)s” is not a month: use YYYY-MM.") % {"text": text[:20]}


def _claims(request):
    sites = selectors.japanese_sites(request.user)
    if not sites:  # the menu shows the link to every manager; the page says why it is empty
        today = timezone.localdate()
        return sites, today.replace(day=1), None, []
    today = services.site_today(sites[0])
    month, problem = _month(request, today)
    end_of_month = rules.add_months(month, 1).replace(day=1)
    as_of = min(today, date.fromordinal(end_of_month.toordinal() - 1))
    rows = selectors.monthly_claims(request.user, sites, month, as_of=as_of) if month <= today else []
    return sites, month, problem, rows


@permission_required("claims.view_claims", raise_exception=True)
def claims_list(request):
    if not request.user.has_perm("patients.view_patient"):
        raise PermissionDenied
    sites, month, problem, rows = _claims(request)
    patient_records_listed(rows=rows, by=request.user, page="claims list")
    return render(request, "claims/claims_list.html", {
        "sites": sites, "month": month, "month_text": f"{month:%Y-%m}", "problem": problem, "rows": rows,
        "previous": f"{rules.add_months(month, -1):%Y-%m}", "next": f"{rules.add_months(month, 1):%Y-%m}",
        "total": sum(row["points"] for row in rows), "unverified": any(row["unverified"] for row in rows),
        "schedules": selectors.schedules()})


# The medical affairs office's columns, in Japanese whatever the user's language (a Japanese office's file).
CSV_HEADER = ["患者ID", "氏名", "施設", "区分", "点数", "算定日", "緊急整復固定加算", "点数の確認"]
LEVEL_NAMES = {1: "二次性骨折予防継続管理料1", 2: "二次性骨折予防継続管理料2", 3: "二次性骨折予防継続管理料3"}


@permission_required("claims.view_claims", raise_exception=True)
def claims_csv(request):
    if not request.user.has_perm("patients.view_patient"):
        raise PermissionDenied
    _sites, month, _problem, rows = _claims(request)
    lines = ([row["patient"].local_id, f"{row['patient'].family_name} {row['patient'].given_name}",
              row["site"].code, LEVEL_NAMES[row["level"]], row["points"], row["on"].isoformat(),
              "あり" if row["addon"] else "", "未確認" if row["unverified"] else "確認済"]
             for row in patient_records_accessed(rows=rows, by=request.user, page="claims CSV",
                                                  kind=RecordAccessKind.EXPORTED))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="fls-claims-{month:%Y-%m}.csv"'
    response["Cache-Control"] = "no-store"
    # A byte-order mark: Excel in Japan then reads the file as UTF-8, not Shift_JIS.
    response.write("\ufeff")
    write_csv(lines, CSV_HEADER, out=response)
    return response


# --- The facility standard checklist ----------------------------------------------------------------------------

@permission_required("claims.view_facilitystandard", raise_exception=True)
def facility_standards(request):
    """The checklist of the user's first site in Japan (each site's page links the others)."""
    sites = selectors.japanese_sites(request.user)
    if not sites:  # the menu shows the link to every manager and administrator; the page says why it is empty
        return render(request, "claims/facility_none.html")
    return redirect("claims:facility_standard", code=sites[0].code)


@permission_required("claims.view_facilitystandard", raise_exception=True)
def facility_standard(request, code):
    site = site_for_user(request.user, code)
    if site.country != site.Country.JP:
        raise Http404("The facility standard is for hospitals in Japan.")
    standard = selectors.facility_standard_of(site)
    can_edit = request.user.has_perm("claims.change_facilitystandard")
    form = FacilityStandardForm(request.POST or None, instance=standard) if can_edit else None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.facility_standard_save(site=site, by=request.user, expected_version=data["version"],
                                                **{name: data.get(name) for name in services.FACILITY_FIELDS})
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Facility standard saved."))
                return redirect("claims:facility_standard", code=site.code)
    today = services.site_today(site)
    facility = selectors.facility_of(standard)
    gaps = rules.facility_standard_gaps(facility, today)
    training_overdue = bool(standard and standard.last_training_on
                            and (today - standard.last_training_on).days > rules.TRAINING_VALID_DAYS)
    checklist = [
        (_("Designated doctor"), bool(standard and standard.doctor), standard.doctor if standard else ""),
        (_("Designated nurse"), bool(standard and standard.nurse), standard.nurse if standard else ""),
        (_("Designated pharmacist"), bool(standard and standard.pharmacist),
         (standard.pharmacist + (" (" + _("partner pharmacy") + ")" if standard.pharmacist_at_partner_pharmacy
                                 else "")) if standard else ""),
        (_("Staff training within the last year"), bool(standard and standard.last_training_on and not training_overdue),
         standard.last_training_on if standard else None),
    ]
    return render(request, "claims/facility_standard.html", {
        "site": site, "sites": selectors.japanese_sites(request.user), "standard": standard, "form": form,
        "gaps": gaps, "met": not gaps, "checklist": checklist, "training_overdue": training_overdue,
        "today": today})
