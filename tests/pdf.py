"""Reading generated letter PDFs back (pypdf), for the tests of every letter."""
import unicodedata
from io import BytesIO

from pypdf import PdfReader

from tests.conftest import ARTIFACTS


def pdf_pages(content: bytes) -> list[str]:
    """The text of each page, NFKC-normalised (a ligature such as "ﬁ" reads as "fi")."""
    return [unicodedata.normalize("NFKC", page.extract_text() or "") for page in PdfReader(BytesIO(content)).pages]


def squeezed(text: str) -> str:
    """Without any whitespace: a name the letter wraps over two lines still reads as the name."""
    return "".join(text.split())


def pdf_text(content: bytes, *, running_header: str = "") -> str:
    """The whole letter's text, squeezed, without the page furniture (the running header and "Page n of m"),
    so that a paragraph running over a page break reads as one."""
    pages = pdf_pages(content)
    body = []
    for number, page in enumerate(pages, start=1):
        page = squeezed(page).replace(squeezed(f"Page {number} of {len(pages)}"), "")
        body.append(page.replace(squeezed(running_header), "") if running_header else page)
    return "".join(body)


def pdf_font_names(content: bytes) -> set[str]:
    """The base names of the fonts embedded in the PDF, subset prefix (ABCDEF+) removed."""
    names = set()
    for page in PdfReader(BytesIO(content)).pages:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for font in fonts.values():
            names.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+", 1)[-1])
    return names


def assert_is_pdf(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def keep_pdf(name: str, content: bytes) -> None:
    """Keep an edge case's PDF in test-artifacts/letters/ to be looked at (synthetic patients only)."""
    folder = ARTIFACTS / "letters"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.pdf").write_bytes(content)
