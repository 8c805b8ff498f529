"""Paths to pages by URL name, for lists that link every row; and whether a page to return to is ours.

`reverse()` resolves a URL name afresh on each call (about 40 µs here), and a worklist page links each of
its rows two or three times. `path_format` reverses a name once, with a stand-in for each number, and
returns the path as a `str.format` template; formatting it is a thousandth of the cost:

    episode_path = path_format("patients:episode_detail", int)
    episode_path.format(episode.pk)          # "/episodes/42/"

An argument given as `int` is a number filled in per row (always passed through int(), so a row can only
ever put digits in a path); any other argument is fixed and reversed as it is (a transition's name, say).
"""
from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.http import url_has_allowed_host_and_scheme

# Reversed in place of each number, then replaced by a format field. It matches an <int:…> converter and
# is far beyond any id, so it cannot be mistaken for a fixed part of a path.
_STAND_IN = 987_654_321_000


def path_format(name: str, *args: object) -> str:
    """The path of URL `name` with `args`, as a template with `{0}`, `{1}`… where an argument is `int`."""
    return _path_format(get_script_prefix(), get_urlconf(), name, args)


@lru_cache(maxsize=512)
def _path_format(prefix: str, urlconf, name: str, args: tuple) -> str:
    stand_ins = {i: str(_STAND_IN + i) for i, arg in enumerate(args) if arg is int}
    path = reverse(name, urlconf=urlconf, args=[stand_ins.get(i, arg) for i, arg in enumerate(args)])
    path = path.replace("{", "{{").replace("}", "}}")
    for i, stand_in in stand_ins.items():
        if path.count(stand_in) != 1:
            raise ValueError(f"{name}: argument {i} does not appear once in {path!r}")
        path = path.replace(stand_in, f"{{{i}:d}}")
    return path


def is_return_here(request, url: str) -> bool:
    """Whether `url`, a page to return to that came from the browser (a form's `next`), is a page of this
    site: anything else would make the form an open redirect. Only a path from the root counts ("/worklist/"):
    `redirect()` would take "abc" for the name of a view and fail, and a control (or other unprintable)
    character cannot go in a Location header."""
    return (bool(url) and url.startswith("/") and url.isprintable()
            and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                                require_https=request.is_secure()))


def return_path(request, url: str, default: str) -> str:
    """`url` if it is a page of this site to return to (is_return_here), otherwise `default`: a bad `next`
    is ignored and the user goes to the page they would have gone to without one."""
    return url if is_return_here(request, url) else default
