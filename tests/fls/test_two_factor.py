"""Two-factor sign-in: who must use it, enrolment with a real authenticator code, backup codes, the step that
every page waits for, an administrator's reset, and the demo's exemption that production refuses.

These tests sign in through the login form (the shared `force_login` passes the step for the personas).
"""
import re
import time
from base64 import b32decode
from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from fls import selectors, services
from fls.models import User
from fls.roles import NURSE
from patients.models import PatientRecordAccess
from tests.factories import FractureEpisodeFactory, PatientFactory, UserFactory
from tests.fls.test_settings_from_environment import _manage, _production_environment
from tests.two_factor import app_code, confirmed_app

pytestmark = pytest.mark.django_db

VERIFY = reverse("two_factor_verify")
ENROL = reverse("two_factor_enrol")
BACKUP_CODES = reverse("two_factor_backup_codes")


def _sign_in(client, user, password, **extra):
    """The login form, as a person uses it; returns where it sent them."""
    response = client.post(reverse("login"), {"username": user.username, "password": password}, **extra)
    assert response.status_code == 302, "the password was refused"
    return response


def _code_for_secret(secret: str, *, at: float | None = None) -> str:
    """What an authenticator app shows for a key typed in from the enrolment page."""
    totp = TOTP(b32decode(secret.replace(" ", "")))
    totp.time = time.time() if at is None else at
    return f"{totp.token():06d}"


def _secret_on(page: str) -> str:
    return re.search(r'data-testid="two-factor-secret">([A-Z2-7 ]+)<', page).group(1)


def _errors(response) -> str:
    return " ".join(response.context["form"].errors.get("code", []))


# --- Who must use it ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona, needed", [
    ("admin_a", True), ("clinician_a", True), ("manager_a", True), ("nurse_a", False),
])
def test_who_must_use_two_factor_depends_on_the_role(request, persona, needed):
    user = request.getfixturevalue(persona)
    assert (selectors.two_factor_requirement(user) is not None) is needed


def test_anyone_who_can_open_the_admin_must_use_it_whatever_their_role(site_a):
    staff = UserFactory(roles=[NURSE], sites=[site_a], is_staff=True)
    assert "Administrators" in selectors.two_factor_requirement(staff)


def test_clinicians_and_managers_can_be_let_off_but_administrators_never(settings, clinician_a, manager_a, admin_a):
    settings.FLS_TWO_FACTOR_FOR_CLINICIANS_AND_MANAGERS = False
    assert selectors.two_factor_requirement(clinician_a) is None
    assert selectors.two_factor_requirement(manager_a) is None
    assert selectors.two_factor_requirement(admin_a) is not None


def test_a_site_can_ask_its_nurses_to_use_two_factor(client, site_a, nurse_a, persona_password):
    site_a.nurses_require_two_factor = True
    site_a.save()
    assert "North General Hospital" in selectors.two_factor_requirement(User.objects.get(pk=nurse_a.pk))

    response = client.get(_sign_in(client, nurse_a, persona_password).url, follow=True)
    assert response.redirect_chain[-1][0].startswith(ENROL)


def test_a_nurse_of_several_sites_follows_the_strictest(site_a, site_b):
    site_b.nurses_require_two_factor = True
    site_b.save()
    nurse = UserFactory(roles=[NURSE], sites=[site_a, site_b])
    assert "South County Hospital" in selectors.two_factor_requirement(nurse)
    assert selectors.two_factor_requirement(UserFactory(roles=[NURSE], sites=[site_a])) is None


def test_a_nurse_whose_sites_do_not_ask_signs_in_with_her_password_alone(client, nurse_a, persona_password):
    response = client.get(_sign_in(client, nurse_a, persona_password).url, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("worklists:nurse")


def test_an_administrator_can_ask_a_sites_nurses_for_two_factor_in_the_admin(client, admin_a, site_a):
    client.force_login(admin_a)
    response = client.post(reverse("admin:fls_site_change", args=[site_a.pk]), {
        "code": site_a.code, "name": site_a.name, "country": site_a.country, "fls_model": site_a.fls_model,
        "timezone": site_a.timezone, "language": site_a.language, "is_active": "on", "nurses_require_two_factor": "on",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    site_a.refresh_from_db()
    assert site_a.nurses_require_two_factor


# --- Enrolment ----------------------------------------------------------------------------------------------------


def test_a_clinician_without_an_app_is_sent_to_enrol_after_her_password(client, clinician_a, persona_password):
    response = client.get(_sign_in(client, clinician_a, persona_password).url, follow=True)
    # Her home page ("/") waits behind the step.
    assert [url for url, _status in response.redirect_chain] == [f"{VERIFY}?next=%2F", f"{ENROL}?next=%2F"]
    page = response.content.decode()
    assert "<svg" in page and 'data-testid="two-factor-qr-code"' in page
    assert len(_secret_on(page).replace(" ", "")) == 32
    assert "Clinicians and managers sign in with two-factor authentication." in page


def test_enrolment_with_the_code_of_the_app_shows_ten_backup_codes_once(client, clinician_a, persona_password):
    _sign_in(client, clinician_a, persona_password)
    page = client.get(ENROL, {"next": "/worklist/clinician/"}).content.decode()
    # The same secret while the page is reloaded, until it is confirmed.
    assert _secret_on(client.get(ENROL).content.decode()) == _secret_on(page)

    response = client.post(ENROL, {"code": _code_for_secret(_secret_on(page)), "next": "/worklist/clinician/"})
    assert response.status_code == 302
    assert response.url == f"{BACKUP_CODES}?next=%2Fworklist%2Fclinician%2F"
    codes_page = client.get(response.url)
    codes = codes_page.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(code in codes_page.content.decode() for code in codes)
    assert TOTPDevice.objects.get(user=clinician_a).confirmed
    # Shown once only.
    again = client.get(BACKUP_CODES)
    assert again.status_code == 302 and again.url == reverse("two_factor_status")
    # And the session has passed the step.
    assert client.get(reverse("worklists:clinician")).status_code == 200


def test_a_wrong_code_at_enrolment_is_refused_beside_the_field(client, clinician_a, persona_password):
    _sign_in(client, clinician_a, persona_password)
    page = client.get(ENROL).content.decode()
    wrong = _code_for_secret(_secret_on(page), at=time.time() - 3600)

    response = client.post(ENROL, {"code": wrong})

    assert response.status_code == 200
    assert "That code is not right" in _errors(response)
    assert not TOTPDevice.objects.filter(user=clinician_a, confirmed=True).exists()
    assert client.get(reverse("worklists:clinician")).status_code == 302


def test_the_password_alone_cannot_enrol_a_new_app_over_a_confirmed_one(client, clinician_a, persona_password):
    confirmed_app(clinician_a)
    _sign_in(client, clinician_a, persona_password)
    response = client.get(ENROL)
    assert response.status_code == 302 and response.url.startswith(VERIFY)
    assert not TOTPDevice.objects.filter(user=clinician_a, confirmed=False).exists()


# --- Signing in with a code ---------------------------------------------------------------------------------------


def test_a_clinician_with_an_app_is_asked_for_its_code_and_then_goes_where_she_was_going(
        client, clinician_a, persona_password):
    device = confirmed_app(clinician_a)
    _sign_in(client, clinician_a, persona_password)
    page = client.get(VERIFY, {"next": "/sign-off/"})
    assert "Enter the 6-digit code from your app (or a backup code)." in page.content.decode()

    response = client.post(VERIFY, {"code": app_code(device), "next": "/sign-off/"})

    assert response.status_code == 302 and response.url == "/sign-off/"
    assert client.get(reverse("assessments:signoff_queue")).status_code == 200


def test_a_wrong_code_is_refused_with_a_message_and_the_page_stays_closed(client, clinician_a, persona_password):
    device = confirmed_app(clinician_a)
    _sign_in(client, clinician_a, persona_password)
    wrong = f"{(int(app_code(device)) + 1) % 1_000_000:06d}"

    response = client.post(VERIFY, {"code": wrong})

    assert response.status_code == 200
    assert "That code is not right" in _errors(response)
    assert 'class="invalid-feedback' in response.content.decode()
    assert client.get(reverse("worklists:clinician")).status_code == 302


def test_wrong_codes_are_throttled_then_the_right_code_works_again(client, clinician_a, persona_password,
                                                                    time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    device = confirmed_app(clinician_a)
    _sign_in(client, clinician_a, persona_password)
    wrong = f"{(int(app_code(device)) + 1) % 1_000_000:06d}"

    # django-otp's throttling: after n wrong codes in a row, the next is only checked 2^(n-1) seconds later.
    assert "That code is not right" in _errors(client.post(VERIFY, {"code": wrong}))
    assert "Wait 1 second, then try again." in _errors(client.post(VERIFY, {"code": wrong}))
    time_machine.shift(timedelta(seconds=1))
    assert "That code is not right" in _errors(client.post(VERIFY, {"code": wrong}))
    # Even the right code waits.
    assert "Too many wrong codes. Wait 2 seconds, then try again." in _errors(
        client.post(VERIFY, {"code": app_code(device)}))

    time_machine.shift(timedelta(seconds=2))
    assert client.post(VERIFY, {"code": app_code(device)}).status_code == 302


def test_a_backup_code_works_once(client, clinician_a, persona_password):
    confirmed_app(clinician_a)
    codes = services.two_factor_backup_codes_replace(user=clinician_a)
    _sign_in(client, clinician_a, persona_password)

    # Typed as people copy them: upper case, with a space.
    response = client.post(VERIFY, {"code": f"{codes[0][:4].upper()} {codes[0][4:].upper()}"}, follow=True)
    assert response.status_code == 200
    assert "You signed in with a backup code; 9 are left." in response.content.decode()
    assert StaticToken.objects.filter(device__user=clinician_a).count() == 9

    client.post(reverse("logout"))
    _sign_in(client, clinician_a, persona_password)
    again = client.post(VERIFY, {"code": codes[0]})
    assert "That code is not right" in _errors(again)


def test_an_unverified_session_cannot_reach_a_patient_page(client, site_a, clinician_a, persona_password):
    episode = FractureEpisodeFactory(patient=PatientFactory(site=site_a))
    confirmed_app(clinician_a)
    _sign_in(client, clinician_a, persona_password)
    patient_page = reverse("patients:patient_detail", args=[episode.patient.pk])

    for response in (client.get(patient_page), client.get(reverse("patients:search"), {"q": "a"}),
                     client.get(reverse("admin:index"))):
        assert response.status_code == 302
        assert response.url.startswith(f"{VERIFY}?next=")
    assert client.get(patient_page).url == f"{VERIFY}?next=%2Fpatients%2F{episode.patient.pk}%2F"
    assert not PatientRecordAccess.objects.exists()


def test_signing_out_works_during_the_step(client, clinician_a, persona_password):
    confirmed_app(clinician_a)
    _sign_in(client, clinician_a, persona_password)
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response.url == reverse("login")
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "abc", "", "/a\nb", "/a\x00b"])
def test_the_step_returns_only_to_a_page_of_this_site(client, clinician_a, persona_password, target):
    device = confirmed_app(clinician_a)
    _sign_in(client, clinician_a, persona_password)
    response = client.post(VERIFY, {"code": app_code(device), "next": target})
    assert response.status_code == 302 and response.url == reverse("home")


# --- The user's own page ------------------------------------------------------------------------------------------


def test_a_user_sees_her_status_and_makes_new_backup_codes_which_replace_the_old(client, clinician_a):
    confirmed_app(clinician_a)
    old = services.two_factor_backup_codes_replace(user=clinician_a)
    client.force_login(clinician_a)
    page = client.get(reverse("two_factor_status")).content.decode()
    assert "On: you sign in with a code from your authenticator app" in page
    assert "You have 10 unused backup codes." in page

    response = client.post(BACKUP_CODES, {"next": reverse("two_factor_status")}, follow=True)

    new = response.context["codes"]
    assert len(new) == 10 and not set(new) & set(old)
    assert set(StaticToken.objects.filter(device__user=clinician_a).values_list("token", flat=True)) == set(new)


def test_a_nurse_may_enrol_of_her_own_accord_and_is_then_asked_for_codes(client, nurse_a, persona_password):
    _sign_in(client, nurse_a, persona_password)
    assert "Off: you sign in with your password only." in client.get(reverse("two_factor_status")).content.decode()
    secret = _secret_on(client.get(ENROL).content.decode())
    client.post(ENROL, {"code": _code_for_secret(secret)})
    client.post(reverse("logout"))

    _sign_in(client, nurse_a, persona_password)
    response = client.get(reverse("worklists:nurse"))
    assert response.status_code == 302 and response.url.startswith(VERIFY)


# --- Reset by an administrator ------------------------------------------------------------------------------------


@pytest.fixture
def superuser(site_a):
    return User.objects.create_superuser("root", "root@fls.example.org", "root-password-1234")


def test_an_administrator_resets_a_users_two_factor_and_it_is_logged(client, superuser, clinician_a,
                                                                      persona_password):
    confirmed_app(clinician_a)
    services.two_factor_backup_codes_replace(user=clinician_a)
    clinician = Client()  # her own browser
    clinician.force_login(clinician_a)
    assert clinician.get(reverse("worklists:clinician")).status_code == 200
    client.force_login(superuser)

    response = client.post(reverse("admin:fls_user_changelist"),
                           {"action": "reset_two_factor", "_selected_action": [clinician_a.pk]})

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=clinician_a).exists()
    assert not StaticDevice.objects.filter(user=clinician_a).exists()
    entry = LogEntry.objects.get(object_id=str(clinician_a.pk))
    assert entry.user == superuser and "Reset two-factor" in entry.get_change_message()
    # The session she verified with them is signed out, and her next sign-in enrols again.
    response = clinician.get(reverse("worklists:clinician"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("login")
    assert "Your two-factor sign-in was reset. Sign in again to set it up." in response.content.decode()
    assert "_auth_user_id" not in clinician.session
    assert clinician.get(_sign_in(clinician, clinician_a, persona_password).url, follow=True
                         ).redirect_chain[-1][0].startswith(ENROL)


def test_the_reset_button_on_a_users_page_asks_first(client, superuser, clinician_a):
    confirmed_app(clinician_a)
    client.force_login(superuser)
    user_page = client.get(reverse("admin:fls_user_change", args=[clinician_a.pk])).content.decode()
    button = reverse("admin:fls_user_reset_two_factor", args=[clinician_a.pk])
    assert button in user_page and "Authenticator app set up on" in user_page

    assert "Yes, reset two-factor" in client.get(button).content.decode()
    assert TOTPDevice.objects.filter(user=clinician_a).exists()
    response = client.post(button)

    assert response.status_code == 302 and response.url == reverse("admin:fls_user_change", args=[clinician_a.pk])
    assert not TOTPDevice.objects.filter(user=clinician_a).exists()
    assert LogEntry.objects.filter(object_id=str(clinician_a.pk), user=superuser).exists()


def test_a_user_without_the_right_to_change_users_cannot_reset(client, admin_a, clinician_a):
    confirmed_app(clinician_a)
    client.force_login(admin_a)
    assert client.post(reverse("admin:fls_user_reset_two_factor", args=[clinician_a.pk])).status_code == 403
    assert TOTPDevice.objects.filter(user=clinician_a).exists()


def test_the_admin_shows_no_ones_secret_or_backup_codes(client, superuser):
    client.force_login(superuser)
    index = client.get(reverse("admin:index")).content.decode()
    assert "TOTP devices" not in index and "Static devices" not in index


# --- The demo ------------------------------------------------------------------------------------------------------


def test_the_demo_exemption_lets_everyone_sign_in_with_a_password(client, settings, clinician_a, persona_password):
    settings.FLS_DEMO_TWO_FACTOR_EXEMPT = True
    response = client.get(_sign_in(client, clinician_a, persona_password).url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("worklists:clinician")
    assert response.status_code == 200


def test_production_refuses_the_demo_exemption():
    result = _manage("check", env={**_production_environment(), "FLS_DEMO_TWO_FACTOR_EXEMPT": "true"})
    assert result.returncode != 0
    assert "FLS_DEMO_TWO_FACTOR_EXEMPT is for make run's demo only" in result.stderr
