"""A letter's PDF is made from what the app holds: WeasyPrint serves the app's own static files and
refuses every other URL (the network, the file system, a way out of the static folder), and the letter
still renders without it. The site's name heads each page as text. A letter that cannot be rendered
logs where, never its text."""
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO

import pytest
from django.utils.safestring import mark_safe
from pypdf import PdfReader

from fls import pdf
from tests.pdf import pdf_text, squeezed

pytestmark = pytest.mark.django_db


@pytest.fixture
def web_server():
    """A web server on a loopback port that notes every connection made to it (a TLS handshake too)."""
    connections = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = b'body::after { content: "FETCHED FROM THE NETWORK"; }'
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    class Server(ThreadingHTTPServer):
        def verify_request(self, request, client_address):
            connections.append(client_address)
            return True

    server = Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", connections
    server.shutdown()
    server.server_close()


@pytest.fixture
def static_folder(tmp_path, settings):
    """A static folder with one stylesheet in it, and a stylesheet next to it (outside it)."""
    static = tmp_path / "static"
    (static / "letters").mkdir(parents=True)
    (static / "letters" / "letter.css").write_text('h1::after { content: " SERVED FROM STATIC"; }')
    (tmp_path / "outside.css").write_text('h1::before { content: "READ FROM OUTSIDE STATIC "; }')
    settings.STATICFILES_DIRS = [str(static)]
    return tmp_path


def _document(head: str) -> str:
    return pdf.letter_document(body=mark_safe(f"{head}<h1>Dear colleague</h1>"), title="Test")


def test_the_apps_static_files_are_served(static_folder):
    content = pdf.pdf_from_document(_document('<link rel="stylesheet" href="/static/letters/letter.css">'))
    assert "DearcolleagueSERVEDFROMSTATIC" in pdf_text(content)


def test_a_collected_static_file_is_served_by_its_hashed_name(tmp_path, settings):
    # In production {% static %} names the file collectstatic wrote, with its hash, in STATIC_ROOT.
    collected = tmp_path / "collected" / "letters"
    collected.mkdir(parents=True)
    (collected / "letter.0123abcd.css").write_text('h1::after { content: " SERVED FROM STATIC"; }')
    settings.STATICFILES_DIRS = []
    settings.STATIC_ROOT = str(tmp_path / "collected")
    content = pdf.pdf_from_document(_document('<link rel="stylesheet" href="/static/letters/letter.0123abcd.css">'))
    assert "DearcolleagueSERVEDFROMSTATIC" in pdf_text(content)


@pytest.mark.parametrize("reference", [
    '<link rel="stylesheet" href="{server}/letter.css">',
    '<style>@import url("{server}/import.css");</style>',
    '<style>@font-face {{ font-family: Remote; src: url("{server}/font.woff2"); }} body {{ font-family: Remote; }}</style>',
    '<img src="{server}/logo.png" alt="">',
    '<img src="//127.0.0.1:{port}/logo.png" alt="">',
    '<link rel="stylesheet" href="{server}/static/letters/letter.css">',
])
def test_nothing_is_fetched_from_the_network(web_server, static_folder, reference):
    server, connections = web_server
    head = reference.format(server=server, port=server.rsplit(":", 1)[1])
    content = pdf.pdf_from_document(_document(head))
    assert connections == []
    text = pdf_text(content)
    assert "Dearcolleague" in text and "NETWORK" not in text and "SERVED" not in text


@pytest.mark.parametrize("href", [
    "file://{folder}/outside.css",
    "/static/../outside.css",
    "/static/%2e%2e/outside.css",
    "/static/letters/%2e%2e/%2e%2e/outside.css",
])
def test_nothing_is_read_from_outside_the_static_files(static_folder, href):
    content = pdf.pdf_from_document(_document(f'<link rel="stylesheet" href="{href.format(folder=static_folder)}">'))
    assert "OUTSIDE" not in pdf_text(content)


def test_a_letter_that_cannot_be_rendered_logs_where_but_not_its_text(monkeypatch, caplog):
    import weasyprint

    def fail(*args, **kwargs):
        raise ValueError("<h1>Re: Ann Testperson</h1> is given negative availWidth")

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", fail)
    with caplog.at_level(logging.ERROR, logger="fls.pdf"), pytest.raises(pdf.LetterRenderingFailed) as raised:
        pdf.pdf_from_document(_document(""))
    assert "ValueError" in caplog.text
    assert "Testperson" not in caplog.text and "Testperson" not in str(raised.value)
    assert raised.value.__cause__ is None and raised.value.__suppress_context__


def test_the_running_header_is_text_whatever_the_site_is_called():
    # The site's name is written into the page's stylesheet: quotes, backslashes and braces stay text.
    name = 'St "Mary\'s" \\ Hospital"; } @page { size: A3; } x { content: "'
    content = pdf.pdf_from_document(_document(""), running_header=name)
    page = PdfReader(BytesIO(content)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)  # A4, in points
    assert squeezed(name) in squeezed(page.extract_text())
