"""Waiting for a condition in a page that runs under the app's Content-Security-Policy."""
import time

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError


def wait_until(page, expression: str, timeout: float = 10.0) -> None:
    """Wait until the JavaScript `expression` is true in `page`, polling every 50 ms.

    Not Playwright's `page.wait_for_function`: with a string it builds its polling predicate with eval() inside
    the page, and the app's policy (script-src 'self', no 'unsafe-eval') refuses that whenever the first check is
    false and the predicate runs again ("EvalError: Evaluating a string as JavaScript violates the following
    Content Security Policy directive"). `page.evaluate` runs the expression through the DevTools protocol, which
    the page's policy does not govern."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise PlaywrightTimeoutError(f"{expression!r} was still false after {timeout} s")
        page.wait_for_timeout(50)
