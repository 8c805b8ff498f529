"""A small fixed audit dataset whose KPIs are computed by hand in the tests.

Records are made directly (not through the pathway services) so each date is exactly the edge the test
means: day 0, day 90, day 91, day 84, day 112, the period's first and last days.
"""
from datetime import date, datetime, timedelta, timezone as dt_timezone

import pytest

from assessments.models import Assessment, TreatmentDecision
from fls.read_models import episodes_changed
from followup.models import FollowUp, FollowUpContact
from patients.models import EpisodeState
from tests.factories import FractureEpisodeFactory, PatientFactory

PERIOD = (date(2025, 1, 1), date(2025, 12, 31))
AS_OF = date(2026, 11, 24)


def day(fracture_date, n):
    return fracture_date + timedelta(days=n)


class AuditData:
    """Records made directly, each refreshing the worklists' read model after it as the services do."""

    def __init__(self, user):
        self.user = user
        self.counter = 0

    def episode(self, site, fracture_date, fracture_site="hip", *, died_on=None, **patient_fields):
        self.counter += 1
        patient_fields = {"postcode": "AB1 2CD", "gp_practice_code": "P12345", "national_id": "",
                          "date_of_birth": date(1945, 3, 3), **patient_fields}
        patient = PatientFactory(site=site, local_id=f"AUD{self.counter:04d}", **patient_fields)
        episode = FractureEpisodeFactory(patient=patient, fracture_date=fracture_date, fracture_site=fracture_site,
                                         identified_on=fracture_date)
        if died_on:
            type(patient).objects.filter(pk=patient.pk).update(date_of_death=died_on)
        return episode

    def assess(self, episode, assessed_on, *, falls="done", dxa_requested_on=None, dxa_performed_on=None):
        assessment = Assessment.objects.create(
            episode=episode, assessed_on=assessed_on, assessed_by=self.user, falls_assessment=falls,
            dxa_requested_on=dxa_requested_on, dxa_performed_on=dxa_performed_on,
        )
        episodes_changed([episode.pk])
        return assessment

    def decide(self, episode, recommendation="alendronate", *, status="planned", started_on=None):
        decision = TreatmentDecision.objects.create(
            episode=episode, recommendation=recommendation, calcium_vitamin_d="start", initiated_by="fls",
            status=status, started_on=started_on, drafted_by=self.user,
            drafted_at=datetime(2025, 1, 1, tzinfo=dt_timezone.utc),
        )
        episodes_changed([episode.pk])
        return decision

    def contact(self, episode, kind, contacted_on, *, reached=True, adherence="", strength_balance_started_on=None):
        weeks = {"week_4": (3, 4, 6), "week_12": (12, 12, 16), "week_52": (48, 52, 56)}[kind]
        follow_up, _ = FollowUp.objects.get_or_create(
            episode=episode, kind=kind,
            defaults=dict(site=episode.site, anchor="fracture", anchor_date=episode.fracture_date,
                          opens_week=weeks[0], due_week=weeks[1], closes_week=weeks[2],
                          window_opens=day(episode.fracture_date, weeks[0] * 7),
                          due_on=day(episode.fracture_date, weeks[1] * 7),
                          window_closes=day(episode.fracture_date, weeks[2] * 7)),
        )
        episodes_changed([episode.pk])
        return FollowUpContact.objects.create(
            follow_up=follow_up, contacted_on=contacted_on, method="phone", reached=reached, adherence=adherence,
            strength_balance_started_on=strength_balance_started_on, recorded_by=self.user,
        )


@pytest.fixture
def audit_data(nurse_a):
    return AuditData(nurse_a)


@pytest.fixture
def north_records(site_a, audit_data):
    """Five audit records at site_a (UK FLS-DB standard) and three that are not records.

    Hand count (period 2025): records E1 E2 E3 E5 E8.
    """
    d = audit_data
    e = {}
    # E1: the period's first day; assessed and scanned on day 90 (the window's last day); contact on day 84
    # (the 12-16 week window's first day); started on day 112; still taking at 52 weeks.
    f = date(2025, 1, 1)
    e[1] = d.episode(site_a, f, "hip")
    d.assess(e[1], day(f, 90), falls="done", dxa_requested_on=day(f, 10), dxa_performed_on=day(f, 90))
    d.decide(e[1], "alendronate", status="started", started_on=day(f, 112))
    d.contact(e[1], "week_12", day(f, 84))
    d.contact(e[1], "week_52", day(f, 364), adherence="as_prescribed")
    # E2: the period's last day; spinal; assessed and scanned on day 91 (one day late); no drug indicated.
    f = date(2025, 12, 31)
    e[2] = d.episode(site_a, f, "vertebra")
    d.assess(e[2], day(f, 91), falls="not_done", dxa_requested_on=day(f, 5), dxa_performed_on=day(f, 91))
    d.decide(e[2], "none")
    # E3: wrist; assessed on day 0; referred for falls; no DXA; denosumab planned, not started;
    # contact on day 113 (a day late); strength and balance started on day 112.
    f = date(2025, 6, 1)
    e[3] = d.episode(site_a, f, "wrist")
    d.assess(e[3], f, falls="referred")
    d.decide(e[3], "denosumab", status="planned")
    d.contact(e[3], "week_12", day(f, 113), strength_balance_started_on=day(f, 112))
    # E5: wrist; died on day 28, never assessed.
    f = date(2025, 2, 1)
    e[5] = d.episode(site_a, f, "wrist", died_on=day(f, 28))
    # E8: humerus; assessed day 10, falls assessment recommended; started day 10; contact reached on day
    # 112 (the window's last day) after an unreached call on day 90; died on day 200.
    f = date(2025, 9, 1)
    e[8] = d.episode(site_a, f, "humerus", died_on=day(f, 200))
    d.assess(e[8], day(f, 10), falls="recommended")
    d.decide(e[8], "zoledronic_acid", status="started", started_on=day(f, 10))
    d.contact(e[8], "week_12", day(f, 90), reached=False)
    d.contact(e[8], "week_12", day(f, 112))
    # Not records: E4 excluded; E6 the day before the period; E7 the day after.
    e[4] = d.episode(site_a, date(2025, 3, 1), "wrist")
    type(e[4]).objects.filter(pk=e[4].pk).update(state=EpisodeState.EXCLUDED)
    episodes_changed([e[4].pk])  # the worklists' read model follows, as after any service
    e[6] = d.episode(site_a, date(2024, 12, 31), "vertebra")
    e[7] = d.episode(site_a, date(2026, 1, 1), "vertebra")
    return e
