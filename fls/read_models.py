"""Read models other apps keep of the clinical records, refreshed by explicit calls, never by signals.

A later app that keeps a projection of the earlier apps' records (the worklists' read model,
worklists.read_model) registers its refresh function here when it is ready; the services of the earlier apps,
which may not import it (imports flow one way: fls <- patients <- assessments <- followup <- reporting), call
`episodes_changed(ids)` after they change anything about those episodes, in their own transaction. The refresh
runs in that transaction, so the projection commits or rolls back with the change.

A service whose work spans several changes (a sign-off moves the episode twice and schedules its follow-ups)
runs them inside `one_refresh()`: the episodes changed inside are collected and refreshed once, at the end of
the outermost block, still inside the caller's transaction.
"""
import threading
from collections.abc import Callable, Iterable
from contextlib import contextmanager

_refreshers: list[Callable[[list[int]], None]] = []
_collecting = threading.local()


def register(refresh: Callable[[list[int]], None]) -> None:
    """Call `refresh(episode_ids)` whenever episodes change (once per function, however often registered)."""
    if refresh not in _refreshers:
        _refreshers.append(refresh)


def _refresh(ids: set[int]) -> None:
    if ids:
        for refresh in _refreshers:
            refresh(sorted(ids))


def episodes_changed(episode_ids: Iterable[int]) -> None:
    """The records of these episodes (the episode, its assessment, bloods, decision or follow-ups) have changed
    in the current transaction: bring every read model of them up to date, in that transaction (at the end of
    the outermost `one_refresh()` block, when inside one)."""
    ids = {int(pk) for pk in episode_ids if pk is not None}
    pending = getattr(_collecting, "ids", None)
    if pending is not None:
        pending.update(ids)
    else:
        _refresh(ids)


@contextmanager
def one_refresh():
    """Collect the episodes changed inside the block and refresh them once, when the outermost block ends
    without an error. Use it inside the transaction: `with transaction.atomic(), one_refresh(): …`."""
    if getattr(_collecting, "ids", None) is not None:
        yield  # an outer block refreshes
        return
    _collecting.ids = set()
    try:
        yield
        ids = _collecting.ids
    finally:
        _collecting.ids = None
    _refresh(ids)
