"""Writes about sites, users and workers, and users' two-factor devices."""
import logging
import math
import re

import django_otp
from axes.utils import reset as axes_reset
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import selectors
from .models import Site, SiteMembership, User, WorkerHeartbeat
from .roles import ALL_ROLES

logger = logging.getLogger(__name__)


def worker_heartbeat_record(*, hostname: str) -> WorkerHeartbeat:
    heartbeat, _ = WorkerHeartbeat.objects.update_or_create(
        hostname=hostname, defaults={"last_seen": timezone.now()}
    )
    return heartbeat


@transaction.atomic
def user_create(
    *, username: str, password: str, roles: list[str], sites: list[Site], first_name: str = "",
    last_name: str = "", email: str = "", lead_of: list[Site] = (), is_staff: bool = False, language: str = "",
) -> User:
    unknown = set(roles) - set(ALL_ROLES)
    if unknown:
        raise ValueError(f"Unknown role(s): {', '.join(sorted(unknown))}")
    user = User(username=username, first_name=first_name, last_name=last_name, email=email, is_staff=is_staff,
                language=language)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    user.groups.set(Group.objects.filter(name__in=roles))
    for site in sites:
        SiteMembership.objects.create(user=user, site=site, is_lead=site in lead_of)
    return user


# --- Two-factor sign-in (who must use it: fls.selectors.two_factor_requirement) ------------------
# An authenticator app is a django-otp TOTP device; backup codes are one static device with single-use tokens.
# Devices are credentials, not clinical records: replacing or resetting them deletes them.

BACKUP_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"
_SIX_DIGITS = re.compile(r"\d{6}")


def _normalised_code(code: str) -> str:
    # Apps show "123 456"; printed backup codes are read aloud or copied with spaces and dashes.
    return re.sub(r"[\s-]", "", code or "").lower()


def _refused(device) -> ValidationError | None:
    """The message for a device that is refusing codes for now (django-otp's throttling: 1, 2, 4, 8... s)."""
    allowed, why = device.verify_is_allowed()
    if allowed:
        return None
    locked_until = (why or {}).get("locked_until")
    seconds = max(1, math.ceil((locked_until - timezone.now()).total_seconds())) if locked_until else 1
    return ValidationError(
        ngettext(
            "Too many wrong codes. Wait %(seconds)d second, then try again.",
            "Too many wrong codes. Wait %(seconds)d seconds, then try again.",
            seconds,
        ) % {"seconds": seconds},
        code="throttled",
    )


def _wrong_code(*, backup_codes: bool = True) -> ValidationError:
    return ValidationError(
        gettext("That code is not right. Enter the 6-digit code your app shows now, or an unused backup code.")
        if backup_codes else gettext("That code is not right. Enter the 6-digit code your app shows now."),
        code="wrong_code",
    )


def _checked(user, device, code: str, *, backup_codes: bool = True):
    """`device` if it accepts `code` (each code once), else a ValidationError. Verified inside django-otp's
    own transaction, which locks the device, so that a failure's throttling is saved even though we refuse."""
    refused = _refused(device)
    if refused:
        raise refused
    verified = django_otp.verify_token(user, device.persistent_id, code)
    if verified is None:
        raise _wrong_code(backup_codes=backup_codes)
    return verified


def two_factor_enrolment_start(*, user: User) -> TOTPDevice:
    """The authenticator app being enrolled: the same secret each time the page is shown, until confirmed."""
    device = selectors.two_factor_app_device(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def two_factor_enrolment_confirm(*, user: User, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the app being enrolled with a code it shows, replace any earlier app, and make new backup codes.

    Returns the app and the backup codes, which are shown once. A wrong code raises ValidationError.
    """
    device = selectors.two_factor_app_device(user, confirmed=False)
    if device is None:
        raise ValidationError(gettext("This enrolment has expired. Start again."), code="no_enrolment")
    device = _checked(user, device, _normalised_code(code), backup_codes=False)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = two_factor_backup_codes_replace(user=user)
    logger.info("Two-factor enrolled for user %s", user.pk)
    return device, codes


@transaction.atomic
def two_factor_backup_codes_replace(*, user: User) -> list[str]:
    """New backup codes, each usable once; the old ones stop working."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=token) for token in codes)
    return codes


def two_factor_verify(*, user: User, code: str):
    """The device that accepts `code`: six digits are the app's, anything else a backup code (used up here).
    A wrong code, or one while the device is refusing codes, raises ValidationError."""
    code = _normalised_code(code)
    model = TOTPDevice if _SIX_DIGITS.fullmatch(code) else StaticDevice
    devices = list(model.objects.filter(user=user, confirmed=True).order_by("-id"))
    if not devices:
        raise _wrong_code()
    return _checked(user, devices[0], code)


@transaction.atomic
def two_factor_reset(*, user: User, by: User) -> int:
    """Delete the user's app and backup codes (a lost phone): they enrol again at their next sign-in, and a
    session they had verified with them is signed out at its next request (fls.middleware). Returns how many
    devices were deleted."""
    deleted = 0
    for model in (TOTPDevice, StaticDevice):
        deleted += model.objects.filter(user=user).count()
        model.objects.filter(user=user).delete()
    logger.warning("Two-factor reset for user %s by user %s (%d device(s) deleted)", user.pk, by.pk, deleted)
    return deleted


def sign_in_unlock(*, user: User, by: User) -> int:
    """Clear the failed sign-ins counted against this username (django-axes), so they may try again at once.
    A lockout of the address they sign in from is cleared in the admin's Axes pages. Returns the attempts removed."""
    removed = axes_reset(username=user.get_username())
    logger.warning("Sign-in unlocked for user %s by user %s", user.pk, by.pk)
    return removed
