"""The nurse worklist's two statements (worklists.statements, written in SQL for speed) select exactly what the
tabs' rules say, read as querysets (selectors.tab_condition and the filters as ORM lookups), on varied data and
under every filter: the rows of each tab, in every sort, and the number on each tab."""
import itertools
from datetime import timedelta

import pytest
from django.db.models import Q

from patients.models import EpisodeState as S
from patients.models import FractureEpisode
from worklists import selectors
from worklists.models import WorklistEpisode

from .builders import TODAY, episode_at, with_assessment, with_decision, with_follow_up

pytestmark = pytest.mark.django_db

NAMES = ["Smith", "Smythe", "Okafor", "Nowak"]


@pytest.fixture
def varied(site_a, site_b, nurse_a, nurse_b):
    n = itertools.count()
    for site, nurse in ((site_a, nurse_a), (site_b, nurse_b)):
        for state in (S.IDENTIFIED, S.AWAITING_ASSESSMENT, S.ASSESSED, S.TREATMENT_DECIDED, S.IN_FOLLOW_UP,
                      S.LOST_TO_FOLLOW_UP, S.COMPLETED):
            for variant in range(6):
                i = next(n)
                episode = episode_at(site, state, nurse=nurse if i % 3 else None, family_name=NAMES[i % 4],
                                     given_name="Smita" if i % 5 == 0 else "Ann", local_id=f"H{i:04d}",
                                     fracture_site=("hip", "wrist", "vertebra")[i % 3],
                                     identified_on=TODAY - timedelta(days=5 + 7 * (i % 9)))
                if variant in (1, 2, 3):
                    with_assessment(episode, nurse, dxa_requested=variant >= 2, dxa_done=variant == 3)
                if variant in (3, 4):
                    with_decision(episode, nurse, signed_off=variant == 4)
                if state in (S.IN_FOLLOW_UP, S.LOST_TO_FOLLOW_UP):
                    windows = [(-3, 9), (-60, -2), (30, 60), (-40, 3)][variant % 4]
                    with_follow_up(episode, kind="week_4", opens=TODAY + timedelta(days=windows[0]),
                                   closes=TODAY + timedelta(days=windows[1]),
                                   status="lost" if state == S.LOST_TO_FOLLOW_UP else "scheduled")
                    # A second follow-up on the same tab: still one row. (Only in follow-up: an episode that
                    # leaves follow-up has its scheduled follow-ups cancelled or put on hold.)
                    if variant == 5 and state == S.IN_FOLLOW_UP:
                        with_follow_up(episode, kind="week_12", opens=TODAY - timedelta(days=20),
                                       closes=TODAY - timedelta(days=1))


def _oracle(user, filters: selectors.Filters) -> Q:
    """The filters as ORM lookups on the episode."""
    q = Q(site__memberships__user=user)
    if filters.site_id:
        q &= Q(site_id=filters.site_id)
    if filters.nurse == "mine":
        q &= Q(assigned_nurse=user)
    elif filters.nurse == "none":
        q &= Q(assigned_nurse__isnull=True)
    elif filters.nurse.isdigit():
        q &= Q(assigned_nurse_id=int(filters.nurse))
    if filters.fracture_site:
        q &= Q(fracture_site=filters.fracture_site)
    if filters.identified_from:
        q &= Q(identified_on__gte=filters.identified_from)
    if filters.identified_to:
        q &= Q(identified_on__lte=filters.identified_to)
    for word in filters.q.split():
        q &= (Q(patient__family_name__istartswith=word) | Q(patient__given_name__istartswith=word)
              | Q(patient__local_id__iexact=word) | Q(patient__national_id=word))
    return q


def _filter_sets(nurse_a):
    return [
        selectors.Filters(),
        selectors.Filters(nurse="mine"),
        selectors.Filters(nurse="none"),
        selectors.Filters(nurse=str(nurse_a.pk)),
        selectors.Filters(fracture_site="wrist"),
        # Both bounds fall on days episodes were identified (5 + 7k days ago): the bounds are inclusive.
        selectors.Filters(identified_from=TODAY - timedelta(days=26), identified_to=TODAY - timedelta(days=12)),
        selectors.Filters(q="smi"),
        selectors.Filters(q="h0007"),
        selectors.Filters(q="sm ann", nurse="mine", fracture_site="hip"),
        selectors.Filters(q="sm_th"),  # a LIKE wildcard typed in a search is a letter, not a wildcard
        selectors.Filters(q="%"),
    ]


def test_every_tab_under_every_filter_holds_what_the_rules_say(varied, nurse_a, site_a):
    for filters in _filter_sets(nurse_a) + [selectors.Filters(site_id=site_a.pk, nurse="mine")]:
        counts = selectors.tab_counts(nurse_a, filters, today=TODAY)
        for tab in selectors.TAB_KEYS:
            # The tab's rule over the read model (which the suite checks equals the records after every
            # test), the filters over the records themselves.
            on_tab = WorklistEpisode.objects.filter(selectors.tab_condition(tab, TODAY)).values("pk")
            expected = set(FractureEpisode.objects.filter(_oracle(nurse_a, filters), pk__in=on_tab)
                           .values_list("pk", flat=True))
            for sort in selectors.sorts_for(tab):
                for descending in (False, True):
                    got = [e.pk for e in selectors.tab_rows(nurse_a, tab, filters, sort=sort, descending=descending,
                                                            limit=1000, today=TODAY)]
                    assert len(got) == len(set(got)), (tab, sort, filters)
                    assert set(got) == expected, (tab, sort, descending, filters)
            assert counts[tab] == len(expected), (tab, filters)


def test_pages_in_every_sort_cover_the_tab_once(varied, nurse_a):
    for tab in selectors.TAB_KEYS:
        whole = [e.pk for e in selectors.tab_rows(nurse_a, tab, selectors.Filters(), limit=1000, today=TODAY)]
        for sort in selectors.sorts_for(tab):
            paged = []
            for offset in range(0, len(whole) + 3, 3):
                paged += [e.pk for e in selectors.tab_rows(nurse_a, tab, selectors.Filters(), sort=sort, offset=offset,
                                                           limit=3, today=TODAY)]
            assert sorted(paged) == sorted(whole), (tab, sort)
