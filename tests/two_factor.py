"""Two-factor sign-in for tests: an enrolled authenticator app, the code it would show now, and a test client's
session that has passed the second factor as the two-factor page leaves it (django_otp.login's session key).

The shared fixtures use these so that `client.force_login(clinician_a)` and `login_as(...)` keep giving the
personas a usable session, while the two-factor step itself stays on for every test
(tests/fls/test_two_factor.py tests that step).
"""
import time

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from fls.middleware import TWO_FACTOR_SESSION_KEY


def confirmed_app(user) -> TOTPDevice:
    """The user's enrolled authenticator app, enrolled now if they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def app_code(device: TOTPDevice, *, at: float | None = None) -> str:
    """The code the app shows, as a person would type it. A code is accepted once: when this time step's code
    was used already (two sign-ins within 30 seconds), the next step's, which the device's tolerance accepts."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if at is None else at
    if at is None and totp.t() <= device.last_t:
        totp.time += device.step * (device.last_t + 1 - totp.t())
    return f"{totp.token():0{device.digits}d}"


def verify_session(client, user) -> None:
    """Make `client`'s signed-in session one that has passed the second factor, if it needs one."""
    session = client.session
    if not session.get(TWO_FACTOR_SESSION_KEY):
        return
    # What django_otp.login() stores, without the otp_device it also sets on the user object: a persona
    # carrying one would be verified by django-otp's user_logged_in receiver at every later sign-in.
    session[DEVICE_ID_SESSION_KEY] = confirmed_app(user).persistent_id
    session.save()
