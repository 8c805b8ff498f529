"""Every write of the follow-up step, one module per concern:

- `settings`: a site's follow-up settings (the schedule's windows, the attempt limit, the scan time);
- `schedule`: creating the follow-ups, moving their windows, closing or holding them with the episode;
- `contacts`: recording a contact with the patient, and the planned method of the next one;
- `notifications`: who is told at each site, and notifications read and letters printed;
- `scan`: the reminder scan (due and overdue), its SQL and its writer threads;
- `digests`: the daily email digest;
- `dispatch`: beat's fan-out of each site's daily scan.

Keyword-only functions that validate, save in a transaction and raise ValidationError with
messages for the person at the keyboard. Episode state changes only through patients.pathway.
The names below are the package's public ones, so callers import them from `followup.services`.
"""
from .contacts import (
    CONTACT_FIELDS, NEW_FRACTURE_FIELDS, contact_record, contact_timing, follow_up_set_method, lost_note,
)
from .digests import DIGEST_RECLAIM_AFTER, digests_send, notification_writer_enter
from .dispatch import SCAN_RECLAIM_AFTER, scan_run_finish, scans_to_queue
from .notifications import letter_mark_printed, notification_mark_read
from .scan import DEFAULT_CHUNK_SIZE, ScanResult, followups_scan
from .schedule import (
    INITIATED_ELSEWHERE, ON_HOLD_NOTE, SCHEDULED_NOTE, episode_left_pathway, episode_resumed, follow_up_window,
    schedule_create, schedule_is_due, treatment_started,
)
from .settings import SETTINGS_FIELDS, followup_settings_update, settings_for_site

__all__ = [
    "CONTACT_FIELDS", "DEFAULT_CHUNK_SIZE", "DIGEST_RECLAIM_AFTER", "INITIATED_ELSEWHERE", "NEW_FRACTURE_FIELDS",
    "ON_HOLD_NOTE", "SCAN_RECLAIM_AFTER", "SCHEDULED_NOTE", "SETTINGS_FIELDS", "ScanResult", "contact_record", "contact_timing",
    "digests_send",
    "episode_left_pathway", "episode_resumed", "follow_up_set_method", "follow_up_window", "followup_settings_update",
    "followups_scan", "letter_mark_printed", "lost_note", "notification_mark_read", "notification_writer_enter",
    "scan_run_finish", "scans_to_queue", "schedule_create", "schedule_is_due", "settings_for_site",
    "treatment_started",
]
