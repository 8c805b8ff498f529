"""Bounded offset paging, shared by every list that pages: the nurse worklist, the clinician worklist's three
lists and the sign-off queue page.

Beyond MAX_OFFSET rows a user narrows the list (filters, a site) instead of paging on, so no request ever
makes the database walk and discard more than MAX_OFFSET rows."""
from dataclasses import dataclass

from django.utils.http import urlencode

MAX_OFFSET = 2000


def bounded_page(total: int, requested: int, page_size: int) -> tuple[int, int, bool]:
    """(the page to show, the last page, whether rows go on past it) for a list of `total` rows: the page asked
    for, clamped to the last page the bound on the offset (MAX_OFFSET) lets a request reach."""
    pages = -(-total // page_size)
    last_page = max(1, min(pages, MAX_OFFSET // page_size + 1))
    return min(max(1, requested), last_page), last_page, pages > last_page


def page_offset(page: int, page_size: int) -> int:
    """Where page `page` (from 1) starts, within the bound."""
    return max(0, min((page - 1) * page_size, MAX_OFFSET))


# No id (a bigint) is larger: a larger number would fail in the database (SQLite cannot even bind it).
LARGEST_ID = 2**63 - 1


def whole_number(text: str | None) -> int | None:
    """A whole number from the query string (a page, a site's id), or None for anything that is not one.
    isdecimal, not isdigit: "²" is a digit that int() refuses; and int() refuses over 4,300 digits."""
    try:
        return int(text) if text and text.isdecimal() else None
    except ValueError:
        return None


def record_id(text: str | None) -> int | None:
    """An id from the query string (a site's) that a query can use, or None: one beyond any id is none."""
    number = whole_number(text)
    return number if number is not None and number <= LARGEST_ID else None


def page_number(text: str | None) -> int:
    """A page number from the query string; 1 for anything that is not one."""
    return whole_number(text) or 1


def query(state: dict, **changes) -> str:
    """A page's query string with some keys changed; empty values are dropped."""
    merged = {**state, **changes}
    return urlencode({k: v for k, v in merged.items() if v not in ("", None)})


@dataclass(frozen=True)
class ListPage:
    """Where one list of a page is (templates/fls/_list_pager.html): its true total and which of its pages is
    shown, with links to the pages either side that keep the page's other state."""
    key: str
    total: int
    page: int
    last_page: int
    truncated: bool  # more rows than the pages reach
    previous: str  # a query string, "" on the first page
    next: str  # "" on the last page


def page_parameter(key: str) -> str:
    return f"{key}_page"


def list_pages(totals: dict[str, int], requested: dict[str, int], page_size: int,
               state: dict | None = None) -> dict[str, ListPage]:
    """Each list's page: the one asked for (1 if none), clamped to its last page. Each list pages on its own,
    and its links keep `state` (a filter, say) and the other lists on their pages."""
    bounded = {key: bounded_page(total, requested.get(key, 1), page_size) for key, total in totals.items()}
    # Page 1 is left out of the links, so a list that was never paged keeps a clean query string.
    state = {**(state or {}), **{page_parameter(key): page for key, (page, _, _) in bounded.items() if page > 1}}
    pages = {}
    for key, total in totals.items():
        page, last_page, truncated = bounded[key]
        pages[key] = ListPage(key=key, total=total, page=page, last_page=last_page, truncated=truncated,
                              previous=_link(state, key, page - 1) if page > 1 else "",
                              next=_link(state, key, page + 1) if page < last_page else "")
    return pages


def _link(state: dict, key: str, page: int) -> str:
    # The fragment brings the user back to the list they paged, not the top of the page.
    return f"?{query(state, **{page_parameter(key): page if page > 1 else ''})}#{key}"
