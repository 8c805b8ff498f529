"""Login throttling (django-axes): repeated failures for one username or from one address pause signing in,
with the same words whether the username exists or not; an administrator can unlock; no password is kept."""
import logging
import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from fls.models import User

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")
WRONG = "Wrong-Password-Zebra-77"


def _try(client, username, password=WRONG, address="10.1.1.1", **headers):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **headers)


def _fail(client, username, times, **kwargs):
    for _ in range(times):
        _try(client, username, **kwargs)


def _lockout_text(response) -> str:
    return re.search(r'data-testid="locked-out">(.*?)</div>', response.content.decode(), re.S).group(1).strip()


def test_four_failures_still_let_the_right_password_in(client, nurse_a, persona_password):
    assert [_try(client, "nurse_a").status_code for _ in range(4)] == [200] * 4
    assert _try(client, "nurse_a", persona_password).status_code == 302


def test_the_fifth_failure_for_a_username_pauses_it_even_for_the_right_password(client, nurse_a, persona_password):
    assert [_try(client, "nurse_a").status_code for _ in range(5)] == [200, 200, 200, 200, 429]

    response = _try(client, "nurse_a", persona_password)

    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in _lockout_text(response)
    assert "paused for 15 minutes" in _lockout_text(response)
    assert "_auth_user_id" not in client.session
    # In the app's layout, with a way back.
    page = response.content.decode()
    assert "FLS Tracker" in page and f'href="{LOGIN}"' in page


def test_the_pause_is_the_same_for_a_username_that_does_not_exist(client, nurse_a):
    _fail(client, "nurse_a", 5)
    _fail(client, "nobody-here", 5, address="10.2.2.2")

    real = _try(client, "nurse_a")
    unknown = _try(client, "nobody-here", address="10.2.2.2")

    assert real.status_code == unknown.status_code == 429
    assert _lockout_text(real) == _lockout_text(unknown)
    assert "nurse_a" not in real.content.decode() and "nobody-here" not in unknown.content.decode()


def test_a_wrong_password_and_an_unknown_username_get_the_same_message(client, nurse_a):
    def message(response):
        return " ".join(response.context["form"].non_field_errors())

    assert message(_try(client, "nurse_a")) == message(_try(client, "nobody-here"))


def test_a_paused_username_is_paused_from_every_address(client, nurse_a, persona_password):
    _fail(client, "nurse_a", 5, address="10.1.1.1")
    assert _try(client, "nurse_a", persona_password, address="10.9.9.9").status_code == 429


def test_five_failures_from_one_address_pause_every_username_from_it(client, nurse_a, clinician_a, persona_password):
    for name in ["alice", "bob", "carol", "dave", "erin"]:
        _try(client, name, address="10.3.3.3")

    assert _try(client, "nurse_a", persona_password, address="10.3.3.3").status_code == 429
    # The same nurse from her own ward computer is not affected.
    assert _try(client, "nurse_a", persona_password, address="10.4.4.4").status_code == 302


def test_signing_in_works_again_after_the_cool_off(client, nurse_a, persona_password, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    _fail(client, "nurse_a", 5)
    time_machine.shift(timedelta(minutes=14))
    assert _try(client, "nurse_a", persona_password).status_code == 429
    # Each attempt while paused starts the 15 minutes again.
    time_machine.shift(timedelta(minutes=16))
    assert _try(client, "nurse_a", persona_password).status_code == 302


def test_the_limit_and_the_pause_are_settings(client, settings, nurse_a, persona_password):
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = timedelta(minutes=30)
    _fail(client, "nurse_a", 2)
    response = _try(client, "nurse_a", persona_password)
    assert response.status_code == 429
    assert "paused for 30 minutes" in _lockout_text(response)


def test_an_administrator_unlocks_a_username_with_the_command(client, nurse_a, persona_password):
    _fail(client, "nurse_a", 5)
    call_command("axes_reset_username", "nurse_a", stdout=open("/dev/null", "w"))
    assert _try(client, "nurse_a", persona_password).status_code == 302


def test_an_administrator_unlocks_a_user_from_the_admin(client, nurse_a, persona_password):
    _fail(client, "nurse_a", 5, address="10.5.5.5")
    root = User.objects.create_superuser("root", "root@fls.example.org", "root-password-1234")
    admin = type(client)()
    admin.force_login(root)

    response = admin.post(reverse("admin:fls_user_changelist"),
                          {"action": "unlock_sign_in", "_selected_action": [nurse_a.pk]})

    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="nurse_a").exists()
    assert _try(client, "nurse_a", persona_password, address="10.6.6.6").status_code == 302


def test_the_admin_lists_the_attempts_so_an_address_can_be_unlocked_too(client, nurse_a):
    _fail(client, "nurse_a", 5, address="10.7.7.7")
    root = User.objects.create_superuser("root", "root@fls.example.org", "root-password-1234")
    admin = type(client)()
    admin.force_login(root)
    page = admin.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    assert "10.7.7.7" in page and "nurse_a" in page


def test_no_password_is_stored_or_logged(client, nurse_a, persona_password, caplog, settings):
    settings.AXES_ENABLE_ACCESS_FAILURE_LOG = True
    with caplog.at_level(logging.DEBUG):
        _fail(client, "nurse_a", 6)
        _try(client, "clinician-x")
        _try(client, "nurse_a", persona_password, address="10.8.8.8")

    assert AccessAttempt.objects.exists() and AccessFailureLog.objects.exists()
    stored = [str(value) for model in (AccessAttempt, AccessFailureLog, AccessLog)
              for row in model.objects.values() for value in row.values()]
    assert not [value for value in stored if WRONG in value or persona_password in value]
    assert WRONG not in caplog.text and persona_password not in caplog.text
    assert "AXES: Locking out" in caplog.text


def test_a_forwarded_address_is_ignored_unless_a_proxy_is_trusted(client, nurse_a, persona_password):
    # Without a trusted proxy, an attacker cannot pick a new address per guess with X-Forwarded-For.
    for i in range(5):
        _try(client, f"guess{i}", address="10.10.10.10", HTTP_X_FORWARDED_FOR=f"192.0.2.{i}")
    assert _try(client, "nurse_a", persona_password, address="10.10.10.10",
                HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429


def test_behind_a_trusted_proxy_the_address_it_saw_is_counted(client, settings, nurse_a, persona_password):
    settings.FLS_TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.1"
    # Behind one proxy every request comes from the proxy; the client is the right-most forwarded address,
    # and whatever the client wrote further left is ignored.
    for i in range(5):
        _try(client, f"guess{i}", address=proxy, HTTP_X_FORWARDED_FOR=f"198.51.100.{i}, 192.0.2.66")
    assert _try(client, "nurse_a", persona_password, address=proxy,
                HTTP_X_FORWARDED_FOR="192.0.2.66").status_code == 429
    assert _try(client, "nurse_a", persona_password, address=proxy,
                HTTP_X_FORWARDED_FOR="192.0.2.77").status_code == 302
