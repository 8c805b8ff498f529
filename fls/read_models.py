"""Read models other apps keep of the clinical records, refreshed by explicit calls, never by signals.

A later app that keeps a projection of the earlier apps' records (the worklists' read model,
worklists.read_model) registers its refresh function here when it is ready; the services of the earlier apps,
which may not import it (imports flow one way: fls <- patients <- assessments <- followup <- reporting), call
`episodes_changed(ids)` after they change anything about those episodes, in their own transaction. The refresh
runs there and then, so the projection commits or rolls back with the change.
"""
from collections.abc import Callable, Iterable

_refreshers: list[Callable[[list[int]], None]] = []


def register(refresh: Callable[[list[int]], None]) -> None:
    """Call `refresh(episode_ids)` whenever episodes change (once per function, however often registered)."""
    if refresh not in _refreshers:
        _refreshers.append(refresh)


def episodes_changed(episode_ids: Iterable[int]) -> None:
    """The records of these episodes (the episode, its assessment, bloods, decision or follow-ups) have changed
    in the current transaction: bring every read model of them up to date, in that transaction."""
    ids = sorted({int(pk) for pk in episode_ids if pk is not None})
    if not ids:
        return
    for refresh in _refreshers:
        refresh(ids)
