"""The daily email digest: one email a day to each member of staff with notifications since their
last one, and the lock every notification writer takes so the digest's high-water mark is exact."""
import logging
from datetime import date, timedelta

from django.conf import settings as django_settings
from django.core.mail import send_mail
from django.db import connection, transaction
from django.db.models import Count, OuterRef, Subquery
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import ngettext

from fls.models import SiteMembership, User

from ..models import DigestSent, FollowUpSettings, Notification

logger = logging.getLogger(__name__)

# The kinds about treatment courses (a CourseReminder's), which the digest points to the Treatment due tab.
TREATMENT_KINDS = (Notification.Kind.TREATMENT, Notification.Kind.TREATMENT_ESCALATED)

# A digest claimed this long ago and still not sent (the sender died) may be claimed again.
DIGEST_RECLAIM_AFTER = timedelta(minutes=10)


def _in(values) -> tuple[str, list]:
    """An IN list's placeholders and parameters (never empty: IN () is not SQL)."""
    values = list(values) or [None]
    return ", ".join(["%s"] * len(values)), values


def notification_writer_enter(*, site_ids) -> None:
    """Called in a transaction about to write notifications for these sites, before it writes them.

    The digest's high-water mark is only exact if no notification with a lower id can still commit after
    the mark is taken. Every writer holds its sites' settings rows FOR SHARE until it commits (writers
    never wait for each other); the digest takes every site's row FOR UPDATE while it reads the marks, so
    it waits for the writers in flight, and any writer after it draws higher ids from the sequence.
    SQLite runs one writing transaction at a time, so its ids always commit in order."""
    if connection.vendor != "postgresql":
        return
    ids_sql, ids_params = _in(site_ids)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {FollowUpSettings._meta.db_table} WHERE site_id IN ({ids_sql}) FOR SHARE",
                       ids_params)


def _newest_notification_ids(user_ids) -> dict[int, tuple[int, int]]:
    """{user id: (newest notification id, high-water mark of the last digest sent)}: two index probes a person."""
    newest = Notification.objects.filter(user_id=OuterRef("pk")).order_by("-id").values("id")[:1]
    last_sent = (DigestSent.objects.filter(user_id=OuterRef("pk"), sent_at__isnull=False)
                 .order_by("-digest_date").values("up_to_notification_id")[:1])
    return {pk: (top or 0, done or 0) for pk, top, done in
            User.objects.filter(id__in=user_ids).annotate(top=Subquery(newest), done=Subquery(last_sent))
            .values_list("id", "top", "done")}


def _claim_digests(*, today: date, user_ids) -> list[tuple[DigestSent, int]]:
    """Today's digest of each person with notifications since their last digest, if this caller may send
    it: created now, or abandoned by a sender that died before sending (claimed long ago, never sent) and
    claimed again with a conditional UPDATE. Each with the high-water mark of the digest before it."""
    claimed = []
    now = timezone.now()
    with transaction.atomic():
        # Wait for every notification writer in flight (notification_writer_enter), so that no lower id
        # than the marks read below can commit later.
        list(FollowUpSettings.objects.select_for_update().order_by("id").values_list("id", flat=True))
        for user_id, (top, done) in sorted(_newest_notification_ids(user_ids).items()):
            if top <= done:
                continue
            digest, created = DigestSent.objects.get_or_create(
                user_id=user_id, digest_date=today, defaults={"claimed_at": now, "up_to_notification_id": top})
            if not created:
                if digest.sent_at is not None or digest.claimed_at >= now - DIGEST_RECLAIM_AFTER:
                    continue  # already sent today (or being sent): the rest wait for tomorrow's digest
                if not DigestSent.objects.filter(pk=digest.pk, sent_at__isnull=True, claimed_at=digest.claimed_at
                                                 ).update(claimed_at=now, up_to_notification_id=top):
                    continue
                digest.claimed_at, digest.up_to_notification_id = now, top
            claimed.append((digest, done))
    return claimed


def digests_send(*, today: date, site_ids) -> int:
    """One email a day to each member of staff of these sites with notifications since their last digest.
    No patient identifiers leave by email: the digest gives counts and where to look in FLS Tracker."""
    member_ids = (SiteMembership.objects.filter(site_id__in=site_ids, user__is_active=True)
                  .values_list("user_id", flat=True).distinct())
    sent = 0
    for digest, done in _claim_digests(today=today, user_ids=list(member_ids)):
        user = User.objects.get(pk=digest.user_id)
        pending = Notification.objects.filter(user_id=user.pk, id__gt=done, id__lte=digest.up_to_notification_id)
        counts = dict(pending.order_by().values_list("kind").annotate(n=Count("id")))
        total = sum(counts.values())
        if user.email and total:
            treatment = sum(n for kind, n in counts.items() if kind in TREATMENT_KINDS)
            body = render_to_string("followup/email/digest.txt", {
                "user": user, "today": today, "counts": [(Notification.Kind(k).label, n) for k, n in sorted(counts.items())],
                "total": total, "follow_ups": total - treatment, "treatment": treatment,
            })
            if treatment:
                subject = ngettext("FLS Tracker: %(count)s notification for %(date)s",
                                   "FLS Tracker: %(count)s notifications for %(date)s", total)
            else:
                subject = ngettext("FLS Tracker: %(count)s follow-up notification for %(date)s",
                                   "FLS Tracker: %(count)s follow-up notifications for %(date)s", total)
            # "%d %b %Y" as it was, in the active language's month names.
            subject %= {"count": total, "date": date_format(today, "d M Y")}
            try:
                send_mail(subject, body, django_settings.DEFAULT_FROM_EMAIL, [user.email])
            except Exception:  # noqa: BLE001 - a mail server outage must not stop the reminders being made
                logger.exception("Digest email to user %s failed; it will be claimed again later", user.pk)
                continue
        DigestSent.objects.filter(pk=digest.pk).update(sent_at=timezone.now(), notification_count=total)
        sent += 1
    return sent
