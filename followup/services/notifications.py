"""Notifications: who is told at each site (nurses, FLS leads, managers), the lost follow-up's
notification, and marking notifications read and reminder letters printed."""
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext

from fls.models import SiteMembership, User
from fls.roles import MANAGER, NURSE

from ..models import FollowUp, Notification, PatientReminderLetter
from .digests import notification_writer_enter


@dataclass
class _SiteStaff:
    nurses: list = field(default_factory=list)
    leads: list = field(default_factory=list)
    managers: list = field(default_factory=list)


def _staff_by_site(site_ids) -> dict[int, _SiteStaff]:
    """Who is told at each site, in two queries whatever the number of follow-ups."""
    staff = {site_id: _SiteStaff() for site_id in site_ids}
    memberships = (
        SiteMembership.objects.filter(site_id__in=site_ids, user__is_active=True)
        .values_list("site_id", "user_id", "is_lead").order_by("site_id", "user_id")
    )
    roles: dict[int, set] = {}
    for user_id, role in User.groups.through.objects.filter(
        user__memberships__site_id__in=site_ids, group__name__in=[NURSE, MANAGER]
    ).values_list("user_id", "group__name").distinct():
        roles.setdefault(user_id, set()).add(role)
    for site_id, user_id, is_lead in memberships:
        if NURSE in roles.get(user_id, ()):
            staff[site_id].nurses.append(user_id)
        if MANAGER in roles.get(user_id, ()):
            staff[site_id].managers.append(user_id)
        if is_lead:
            staff[site_id].leads.append(user_id)
    return staff


def _notify_lost(follow_up: FollowUp) -> None:
    """Flag a follow-up lost to follow-up for the site's managers and FLS lead."""
    staff = _staff_by_site([follow_up.site_id])[follow_up.site_id]
    people = set(staff.managers) | set(staff.leads)
    message = gettext("%(kind)s follow-up lost: %(count)s unanswered attempts.") % {
        "kind": follow_up.get_kind_display(), "count": follow_up.failed_attempts}
    notification_writer_enter(site_ids=[follow_up.site_id])
    Notification.objects.bulk_create(
        [Notification(user_id=uid, follow_up=follow_up, site_id=follow_up.site_id, kind=Notification.Kind.LOST,
                      message=message) for uid in sorted(people)],
        ignore_conflicts=True,
    )


def notification_mark_read(*, user, notification_ids=None) -> int:
    """Mark the user's own notifications read (all unread ones when no ids are given)."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(id__in=notification_ids)
    return qs.update(read_at=timezone.now())


def letter_mark_printed(*, letter: PatientReminderLetter) -> None:
    PatientReminderLetter.objects.filter(pk=letter.pk, printed_at__isnull=True).update(printed_at=timezone.now())
