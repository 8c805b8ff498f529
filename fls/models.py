"""Who uses FLS Tracker and where: users, sites (a hospital's FLS service) and memberships."""
import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from .text import is_japanese_script


class User(AbstractUser):
    """A member of staff. Custom from the first migration so it can grow without pain."""

    # Blank: the language of their site (Site.language), else of their browser (fls.languages).
    language = models.CharField(
        _("language"), max_length=10, blank=True, choices=settings.LANGUAGES,
        help_text=_("The language you read FLS Tracker in. Blank: your site's language."),
    )

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.display_name(self.first_name, self.last_name, self.username)

    @staticmethod
    def display_name(first_name: str, last_name: str, username: str) -> str:
        """How a member of staff is named on every page: their full name (family name first for a name in
        Japanese script: 佐藤 美咲), or their username."""
        if is_japanese_script(last_name):
            return f"{last_name} {first_name}".strip()
        return f"{first_name} {last_name}".strip() or username

    def get_full_name(self):
        return self.display_name(self.first_name, self.last_name, "")

    @property
    def role_names(self) -> set[str]:
        """The names of this user's roles (Django groups), cached per instance: read with the user's
        permissions, in the one query of fls.auth."""
        if not hasattr(self, "_role_names"):
            from .auth import load_roles_and_permissions

            load_roles_and_permissions(self)
        return self._role_names


def _validate_timezone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not a known time zone (for example Europe/London).")
                              % {"value": repr(value)})


class Site(models.Model):
    """One hospital's Fracture Liaison Service. Patients belong to exactly one site."""

    class Country(models.TextChoices):
        GB = "GB", _("United Kingdom")
        JP = "JP", _("Japan")
        US = "US", _("United States")
        IE = "IE", _("Ireland")
        AU = "AU", _("Australia")
        OTHER = "XX", pgettext_lazy("country", "Other")

    class FLSModel(models.TextChoices):
        # docs/clinical-rules.md#fls-models-a-to-d (Napoli, Ebeling & Kiel, NEJM 2025).
        A = "A", _("A: identify, investigate and initiate treatment")
        B = "B", _("B: identify and assess; primary care initiates")
        C = "C", _("C: alert primary care only")
        D = "D", _("D: inform the patient only")

    code = models.SlugField(_("code"), max_length=20, unique=True,
                            help_text=_("Short code used in imports and commands."))
    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices, default=Country.GB)
    fls_model = models.CharField(_("FLS model"), max_length=1, choices=FLSModel.choices, default=FLSModel.A)
    timezone = models.CharField(_("timezone"), max_length=64, default="Europe/London",
                                validators=[_validate_timezone])
    # The language its staff read the app in unless they choose their own (fls.languages).
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="en-gb",
        help_text=_("The language this site's staff see FLS Tracker in, unless they choose another."),
    )
    # The national patient number this site records (patients.IdentifierScheme): its name, rules and check digit.
    # None: the site records no national number at all (Japan: the hospital's own patient ID is the identifier).
    identifier_scheme = models.ForeignKey(
        "patients.IdentifierScheme", on_delete=models.PROTECT, null=True, blank=True, related_name="sites",
        verbose_name=_("identifier scheme"),
        help_text=_("The national patient number this site records, such as the NHS number. Blank: none is asked "
                    "(a Japanese hospital identifies patients by its own patient ID)."),
    )
    is_active = models.BooleanField(_("is active"), default=True)
    # Administrators always use two-factor sign-in, clinicians and managers by default; nurses where their
    # site asks for it. A nurse of several sites follows the strictest (fls.selectors.two_factor_requirement).
    nurses_require_two_factor = models.BooleanField(
        _("nurses must use two-factor sign-in"), default=False,
        help_text=_("Liaison nurses of this site must sign in with a code from an authenticator app too "
                    "(from their next sign-in)."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        # Role-level abilities that are not about one model; granted to groups in fls/roles.py.
        permissions = [
            ("view_nurse_worklist", _("Can view the liaison nurse worklist")),
            ("view_signoff_queue", _("Can view the clinician sign-off queue")),
            ("view_dashboard", _("Can view the audit dashboard")),
            ("view_operations", _("Can view service operations (workers, imports)")),
        ]

    def __str__(self):
        return self.name


class SiteMembership(models.Model):
    """A user works at a site. A user only ever sees data of the sites they are a member of."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user"))
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("site"))
    is_lead = models.BooleanField(
        _("is lead"), default=False, help_text=_("The site's FLS lead receives escalations of overdue follow-ups.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "site"], name="one_membership_per_user_and_site")]
        ordering = ["site__name"]
        verbose_name = _("site membership")
        verbose_name_plural = _("site memberships")

    def __str__(self):
        return gettext("%(user)s at %(site)s") % {"user": self.user, "site": self.site}


class WorkerHeartbeat(models.Model):
    """The last time a Celery worker ran the heartbeat task, so operators can see workers are alive."""

    hostname = models.CharField(_("hostname"), max_length=255, unique=True)
    last_seen = models.DateTimeField(_("last seen"))

    class Meta:
        ordering = ["-last_seen"]
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self):
        return gettext("%(hostname)s at %(time)s") % {"hostname": self.hostname,
                                                      "time": f"{self.last_seen:%Y-%m-%d %H:%M}"}
