"""Factories for the people and places of FLS Tracker. Synthetic data only, never real staff."""
import factory
from django.contrib.auth.models import Group

from fls.models import Site, SiteMembership, User
from fls.services import user_create
from patients.identifier_schemes import default_scheme

# Every persona signs in with this; long enough for the project's password validators.
PERSONA_PASSWORD = "correct-horse-battery-9"


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"site-{n}")
    name = factory.LazyAttribute(lambda site: f"{site.code.title()} General Hospital")
    country = Site.Country.GB
    fls_model = Site.FLSModel.A
    timezone = "Europe/London"
    # The NHS number in the UK, none in Japan (patients.identifier_schemes), seeded again if a flush removed it.
    identifier_scheme = factory.LazyAttribute(lambda site: default_scheme(site.country))


class SiteMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SiteMembership

    user = factory.SubFactory("tests.factories.UserFactory")
    site = factory.SubFactory(SiteFactory)


class UserFactory(factory.django.DjangoModelFactory):
    """A member of staff: `UserFactory(roles=[NURSE], sites=[site])`.

    Created through fls.services.user_create, so the password is hashed and the user validated
    exactly as the admin and the demo command do it.
    """

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda user: f"{user.username}@fls.example.org")
    password = PERSONA_PASSWORD
    is_staff = False

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Roles and sites are added by the post-generation hooks below.
        return user_create(roles=[], sites=[], **kwargs)

    @factory.post_generation
    def roles(user, create, extracted, **kwargs):
        if not create or not extracted:
            return
        groups = list(Group.objects.filter(name__in=extracted))
        missing = set(extracted) - {group.name for group in groups}
        if missing:
            # A typo in a test must not silently produce a user without a role.
            raise ValueError(f"No role group named {', '.join(sorted(missing))}; see fls.roles.")
        user.groups.add(*groups)

    @factory.post_generation
    def sites(user, create, extracted, **kwargs):
        if not create or not extracted:
            return
        for site in extracted:
            SiteMembershipFactory(user=user, site=site)


class PatientFactory(factory.django.DjangoModelFactory):
    """A synthetic patient aged about 74. Saved through patients.services.patient_create."""

    class Meta:
        model = "patients.Patient"

    site = factory.SubFactory(SiteFactory)
    local_id = factory.Sequence(lambda n: f"H{n:06d}")
    family_name = factory.Faker("last_name")
    given_name = factory.Faker("first_name_female")
    date_of_birth = factory.Faker("date_between", start_date="-85y", end_date="-60y")
    sex = "female"
    created_by = None

    @classmethod
    def _create(cls, model_class, *args, site, created_by=None, **kwargs):
        from patients.services import patient_create

        return patient_create(site=site, by=created_by, confirm_possible_duplicate=True, **kwargs)


class FractureEpisodeFactory(factory.django.DjangoModelFactory):
    """A low-trauma hip fracture, logged through patients.services.episode_create (so it has its
    opening pathway event and is excluded if ineligible, exactly as in the app)."""

    class Meta:
        model = "patients.FractureEpisode"

    patient = factory.SubFactory(PatientFactory)
    fracture_date = factory.Faker("date_between", start_date="-120d", end_date="-10d")
    fracture_site = "hip"
    side = "left"
    mechanism = "low"
    identified_on = factory.LazyAttribute(lambda ep: ep.fracture_date)
    source = "ed"
    created_by = None

    @classmethod
    def _create(cls, model_class, *args, patient, created_by=None, **kwargs):
        from patients.services import episode_create

        return episode_create(patient=patient, by=created_by, **kwargs).episode
