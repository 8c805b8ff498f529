"""Follow-up pages: due this week, overdue, lost to follow-up, the contact form, the patient reminder
letter, notifications and the site's schedule settings. Thin: check permission, parse the form, call a
service, render. Every follow-up is fetched through the user's visible sites (another site's is a 404)."""
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from fls import paging, pdf
from fls.form_errors import add_service_errors
from fls.links import return_path
from fls.selectors import visible_sites
from fls.versioning import StaleRecord
from patients.models import RecordAccessKind
from patients.services import patient_record_viewed

from . import selectors, services
from .forms import ContactForm, MethodForm, SettingsForm

PAGE_SIZE = 50
# Each list counts follow-ups (a patient may have two: a 4-week one overdue and a 12-week one due), so its tab says
# "Follow-ups …"; the nurse worklist's tabs count patients and say "Patients …" (worklists.selectors.TABS).
LISTS = {
    "due": (_("Follow-ups due this week"), _("Window open now or opening by Sunday, soonest closing first.")),
    "overdue": (_("Follow-ups overdue"),
                _("Past the end of their window and still not made. The FLS lead has been told.")),
    "lost": (_("Follow-ups lost"), _("Unanswered at the site's limit of attempts. Resume from the episode page.")),
}


def _follow_up_list(request, which: str):
    today = timezone.localdate()
    site_id = paging.record_id(request.GET.get("site"))
    mine = request.GET.get("mine") == "1"
    if which == "due":
        qs = selectors.due_this_week(request.user, today=today, site_id=site_id, mine=mine)
    elif which == "overdue":
        qs = selectors.overdue(request.user, today=today, site_id=site_id, mine=mine)
    else:
        qs = selectors.lost_to_follow_up(request.user, site_id=site_id, mine=mine)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for follow_up in page.object_list:
        follow_up.timing = follow_up.timing_on(today)
    title, explanation = LISTS[which]
    return render(request, "followup/follow_up_list.html", {
        "which": which, "title": title, "explanation": explanation, "page": page, "today": today,
        "counts": selectors.counts(request.user, today=today, site_id=site_id, mine=mine),
        "sites": list(visible_sites(request.user)), "site_id": site_id, "mine": mine,
        # The reminders that put this list's follow-ups on the nurse's worklist: only rows of this table.
        "worklist": list(selectors.worklist(request.user).filter(pk__in=qs.values("pk"))[:20])
        if which in ("due", "overdue") else [],
    })


@permission_required("followup.view_followup", raise_exception=True)
def due(request):
    return _follow_up_list(request, "due")


@permission_required("followup.view_followup", raise_exception=True)
def overdue(request):
    return _follow_up_list(request, "overdue")


@permission_required("followup.view_followup", raise_exception=True)
def lost(request):
    return _follow_up_list(request, "lost")


@permission_required("followup.add_followupcontact", raise_exception=True)
def contact(request, pk):
    follow_up = selectors.follow_up_for_user(request.user, pk)
    episode = follow_up.episode
    patient_record_viewed(patient=episode.patient, by=request.user, page="follow-up")
    form = ContactForm(request.POST or None, follow_up=follow_up)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        expected = data.pop("version", None)
        for name in ("new_fracture_date", "new_fracture_site", "new_fracture_side", "new_fracture_mechanism"):
            data[name] = form.cleaned_data.get(name)
        try:
            saved = services.contact_record(follow_up=follow_up, by=request.user, expected_version=expected, **data)
        except StaleRecord as exc:
            form.add_error(None, exc)
            # Show what is there now; the nurse re-enters the contact knowing what changed.
            follow_up = selectors.follow_up_for_user(request.user, pk)
            form.data = form.data.copy()
            form.data["version"] = follow_up.version
        except ValidationError as exc:
            add_service_errors(form, exc)
            if any(error.code == "outside_window" for error in getattr(exc, "error_dict", {}).get("contacted_on", [])):
                form.ask_to_confirm_outside_window()
        else:
            if saved.refracture_episode_id:
                messages.warning(request, gettext(
                    "New fracture recorded: a new episode was started, linked as a refracture."))
            if not saved.reached:
                follow_up.refresh_from_db()
                if follow_up.status == follow_up.Status.LOST:
                    messages.warning(request, gettext(
                        "Not reached: that was the last attempt allowed. "
                        "The patient is lost to follow-up and the manager has been told."))
                else:
                    messages.info(request, gettext("Attempt recorded (%(count)s unanswered inside the window).") % {
                        "count": follow_up.failed_attempts})
            else:
                messages.success(request, gettext("%(kind)s follow-up recorded: %(outcome)s.") % {
                    "kind": follow_up.get_kind_display(), "outcome": saved.outcome_label})
            return redirect(return_path(request, request.POST.get("next", ""), reverse("followup:due")))
    return render(request, "followup/contact_form.html", {
        "follow_up": follow_up, "episode": episode, "patient": episode.patient, "form": form,
        "contacts": selectors.contacts_for(follow_up), "limit": services.settings_for_site(follow_up.site).failed_attempt_limit,
        "method_form": MethodForm(initial={"planned_method": follow_up.planned_method}),
        "today": timezone.localdate(),
    })


@require_POST
@permission_required("followup.change_followup", raise_exception=True)
def set_method(request, pk):
    follow_up = selectors.follow_up_for_user(request.user, pk)
    form = MethodForm(request.POST)
    if form.is_valid():
        try:
            services.follow_up_set_method(follow_up=follow_up, by=request.user, method=form.cleaned_data["planned_method"])
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, gettext("Planned contact method saved."))
    return redirect("followup:contact", follow_up.pk)


@permission_required("followup.view_followup", raise_exception=True)
def letter(request, pk):
    letter = selectors.letter_for_user(request.user, pk)
    patient_record_viewed(patient=letter.follow_up.episode.patient, by=request.user, page="reminder letter",
                          kind=RecordAccessKind.LETTER)
    if request.method == "POST":
        services.letter_mark_printed(letter=letter)
        messages.success(request, gettext("Letter marked as printed."))
        return redirect("followup:letter", letter.pk)
    return render(request, "followup/letter.html", {"letter": letter, "follow_up": letter.follow_up})


@permission_required("followup.view_followup", raise_exception=True)
def letter_pdf(request, pk):
    """The reminder letter as it was generated, as a PDF in the layout every letter shares."""
    letter = selectors.letter_for_user(request.user, pk)
    patient_record_viewed(patient=letter.follow_up.episode.patient, by=request.user, page="reminder letter PDF",
                          kind=RecordAccessKind.PRINTED)
    # The stored letter is the app's own HTML (rendered with autoescape when the scan made it).
    with pdf.letter_language(letter.follow_up.site):  # the language it was written in (followup.services.scan)
        document = pdf.letter_document(body=mark_safe(letter.content_html), title=gettext("Reminder letter"))
    return pdf.pdf_download(request, document, running_header=letter.follow_up.site.name,
                            filename=f"fls-reminder-letter-{letter.pk}.pdf",
                            back_url=reverse("followup:letter", args=[letter.pk]))


def notifications(request):
    page = Paginator(selectors.notifications_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "followup/notifications.html", {"page": page})


@require_POST
def notifications_read(request):
    # "Mark all as read" says so (all=1); otherwise only the ids given, and an id that is not one marks nothing.
    if request.POST.get("all") == "1":
        ids = None
    else:
        ids = [number for text in request.POST.getlist("id")
               if text.isascii() and (number := paging.record_id(text)) is not None]
    count = services.notification_mark_read(user=request.user, notification_ids=ids)
    messages.success(request, ngettext("%(count)s notification marked as read.",
                                       "%(count)s notifications marked as read.", count) % {"count": count})
    return redirect("followup:notifications")


@permission_required("followup.change_followupsettings", raise_exception=True)
def settings_index(request):
    sites = list(selectors.settings_sites(request.user))
    if len(sites) == 1:
        return redirect("followup:settings_edit", sites[0].code)
    return render(request, "followup/settings_index.html", {"sites": sites})


@permission_required("followup.change_followupsettings", raise_exception=True)
def settings_edit(request, code):
    current = selectors.settings_for_user(request.user, code)
    form = SettingsForm(request.POST or None, instance=type(current).objects.get(pk=current.pk))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        expected = data.pop("version", None)
        try:
            services.followup_settings_update(site=current.site, by=request.user, expected_version=expected, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, gettext("Follow-up settings for %(site)s saved. "
                                              "They apply to follow-ups scheduled from now on.") % {
                "site": current.site})
            return redirect("followup:settings_edit", code)
    return render(request, "followup/settings_form.html", {"form": form, "site": current.site, "settings": current})
