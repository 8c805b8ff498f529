"""Writes about sites, users and workers."""
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from .models import Site, SiteMembership, User, WorkerHeartbeat
from .roles import ALL_ROLES


def worker_heartbeat_record(*, hostname: str) -> WorkerHeartbeat:
    heartbeat, _ = WorkerHeartbeat.objects.update_or_create(
        hostname=hostname, defaults={"last_seen": timezone.now()}
    )
    return heartbeat


@transaction.atomic
def user_create(
    *, username: str, password: str, roles: list[str], sites: list[Site], first_name: str = "",
    last_name: str = "", email: str = "", lead_of: list[Site] = (), is_staff: bool = False,
) -> User:
    unknown = set(roles) - set(ALL_ROLES)
    if unknown:
        raise ValueError(f"Unknown role(s): {', '.join(sorted(unknown))}")
    user = User(username=username, first_name=first_name, last_name=last_name, email=email, is_staff=is_staff)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    user.groups.set(Group.objects.filter(name__in=roles))
    for site in sites:
        SiteMembership.objects.create(user=user, site=site, is_lead=site in lead_of)
    return user
