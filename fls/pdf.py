"""Letters as PDF: the one renderer every letter goes through (WeasyPrint).

Why WeasyPrint (README, "Libraries added"): it lays out HTML with CSS paged media (A4 pages, margins, a
running header, "Page 1 of 2" in the footer), wraps table cells instead of failing on them (xhtml2pdf
answered 500 for half of the demo's letters: "negative availWidth"), and finds fonts through fontconfig,
so a Japanese or right-to-left name is drawn with a font that has it (Noto Sans CJK, DejaVu Sans). It needs
Debian's pango (libpango-1.0-0, libpangoft2-1.0-0), loaded through cffi.

A letter is a standalone HTML document (`letter_document`), the same one a letter as sent is stored as;
`pdf_from_document` adds the page furniture and renders it. WeasyPrint never fetches anything from the
network: its URL fetcher serves the app's own static files and refuses everything else.
"""
import logging
import mimetypes
import os
import posixpath
import re
import traceback
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.http import HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

logger = logging.getLogger(__name__)

# What relative URLs in a letter resolve against. ".invalid" is reserved (RFC 2606): the name can never
# resolve, and the fetcher below serves it from disk without opening a connection anyway.
LETTER_BASE_URL = "https://letter.invalid/"


class LetterRenderingFailed(Exception):
    pass


def letter_language(site):
    """Every letter is written in the language of the patient's site (Site.language): the patient and their
    doctor read it, whatever language the member of staff who prints it reads the app in. A context manager:
    `with letter_language(site): body = render(...)`."""
    return translation.override(site.language)


_DOCUMENT_LANGUAGE = re.compile(r'<html lang="([A-Za-z-]{2,10})"')


def _document_language(document_html: str) -> str | None:
    """The language a letter document was written in (its `lang`, set by `letter_document`), or None."""
    found = _DOCUMENT_LANGUAGE.search(document_html[:500])
    return found.group(1) if found else None


def letter_document(*, body: str, title: str) -> str:
    """A standalone HTML document around a letter's body: what is stored when a letter is sent, and what
    `pdf_from_document` renders. Its `lang` is the active language: call it inside `letter_language`."""
    return render_to_string("fls/letter_document.html", {"body": body, "title": title})


def _static_file(url: str) -> str | None:
    """The file on disk of the app's static file that `url` names (`{% static %}` in a letter), or None."""
    if urlsplit(settings.STATIC_URL).netloc:
        return None  # static files served from another host: a letter takes none of them
    static_url = urljoin(LETTER_BASE_URL, settings.STATIC_URL)  # "static/" and "/static/" alike
    if not url.startswith(static_url):
        return None
    name = posixpath.normpath(unquote(urlsplit(url).path[len(urlsplit(static_url).path):]))
    if name in (".", "") or name.startswith(("/", "..")) or "\\" in name or "\x00" in name:
        return None
    # The source files (development, tests), else what collectstatic gathered (the hashed names production
    # writes into pages). Both join the name under their own root and refuse a name that would leave it.
    try:
        path = finders.find(name)
        if not path and hasattr(staticfiles_storage, "path") and staticfiles_storage.exists(name):
            path = staticfiles_storage.path(name)
    except (SuspiciousFileOperation, NotImplementedError):
        return None
    return path if path and os.path.isfile(path) else None


def _url_fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesOnly(URLFetcher):
        """Serves the app's static files and `data:` URLs (self-contained); refuses every other URL."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = _static_file(url)
            if path is None:
                # WeasyPrint logs it and leaves the image or stylesheet out; the letter still renders.
                raise ValueError("A letter may only use the app's static files; refused to fetch it.")
            with open(path, "rb") as file:
                body = file.read()
            content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body, {"Content-Type": content_type})

    return StaticFilesOnly(allowed_protocols=("data",))


def _css_string(text: str) -> str:
    """`text` as a CSS string literal (the running header is the site's name, typed by an administrator)."""
    escaped = "".join(
        f"\\{ord(char):x} " if char in '"\\' or ord(char) < 0x20 or ord(char) == 0x7f else char for char in text
    )
    return f'"{escaped}"'


# The page's margins take no font from the letter (a letter stored years ago may name another one).
MARGIN_TEXT = 'font-family: "DejaVu Sans", "Noto Sans CJK JP", sans-serif; font-size: 8pt; color: #555;'


def _page_css(running_header: str) -> str:
    # "Page %(page)s of %(pages)s" stays one sentence to translate; the counters go where its placeholders are.
    page_of = gettext("Page %(page)s of %(pages)s")
    pieces = page_of.replace("%(page)s", "\0page\0").replace("%(pages)s", "\0pages\0").split("\0")
    footer = " ".join(f"counter({piece})" if piece in ("page", "pages") else _css_string(piece)
                      for piece in pieces if piece)
    return f"""
        @page {{
            size: A4;
            margin: 2.2cm 2cm 2cm 2cm;
            @top-left {{ content: {_css_string(running_header)}; {MARGIN_TEXT} }}
            @bottom-center {{ content: {footer}; {MARGIN_TEXT} }}
        }}
    """


def pdf_from_document(document_html: str, *, running_header: str = "") -> bytes:
    """Render a letter document (see `letter_document`) to PDF, with the site's name at the head of every
    page and "Page n of m" at its foot."""
    try:
        # Imported here: it loads pango when imported (OSError if the library is missing), and only letters need it.
        from weasyprint import CSS, HTML

        document = HTML(string=document_html, base_url=LETTER_BASE_URL, url_fetcher=_url_fetcher())
        # "Page n of m" in the letter's own language, which may not be the reader's.
        with translation.override(_document_language(document_html) or translation.get_language()):
            page_css = _page_css(running_header)
        return document.write_pdf(stylesheets=[CSS(string=page_css)])
    except Exception as exc:
        # Where it failed, but not the message: a layout error quotes the letter's text, which names the patient.
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        logger.error("A letter could not be rendered as PDF: %s at %s:%s.", type(exc).__name__,
                     frame.filename, frame.lineno)
        raise LetterRenderingFailed("The letter could not be rendered as PDF.") from None


def pdf_download(request, document_html: str, *, running_header: str, filename: str, back_url: str):
    """The letter as a PDF to download, for a view; if it cannot be rendered, back to the letter's printable
    page with a message (never a 500). `filename` names the record by its id, never by patient identifiers."""
    try:
        content = pdf_from_document(document_html, running_header=running_header)
    except LetterRenderingFailed:
        messages.error(request, gettext("The PDF could not be made. Print the letter from this page instead."))
        return HttpResponseRedirect(back_url)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
