"""The clinical reference lives in the repository (issue 15): docs/clinical-rules.md is what the code cites.

No tracked file names a clinical source outside the repository, every anchor cited in that doc leads to one of
its rules, and every rule says where it comes from.
"""
import re
import subprocess
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DOC = "docs/clinical-rules.md"

# The clinical files that once lay beside the repository. Spelt in pieces so this file does not name them.
OUTSIDE = re.compile("|".join(re.escape(name) for name in (
    "shared/" + "clinical-", "../" + "shared", "clinical-" + "reference.md", "clinical-" + "decision-rules.md",
)))
CITATION = re.compile(re.escape(DOC) + r"#([\w-]+)")
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
EXPLICIT_ANCHOR = re.compile(r"""<a\s+(?:id|name)=["']([^"']+)["']""")
SOURCE_LINE = re.compile(r"^\*\*Source:\*\*\s*\S")


def tracked_texts() -> dict[str, str]:
    """Every file git tracks, as text (binary files left out)."""
    names = subprocess.run(["git", "ls-files", "-z"], cwd=PROJECT_ROOT, capture_output=True, check=True).stdout
    texts = {}
    for name in names.decode().split("\0"):
        path = PROJECT_ROOT / name
        if not name or not path.is_file():
            continue  # deleted in the work tree, not yet committed
        raw = path.read_bytes()
        if b"\0" in raw:
            continue
        texts[name] = raw.decode("utf-8", errors="replace")
    return texts


def github_slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation other than hyphens dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def outside_code_blocks(text: str) -> list[str]:
    lines, fenced = [], False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced:
            lines.append(line)
    return lines


def anchors(text: str) -> set[str]:
    """Every anchor a Markdown file has on GitHub: its headings' slugs (a repeated slug gets -1, -2…) and
    explicit <a id="…"> anchors."""
    found, seen = set(), {}
    for line in outside_code_blocks(text):
        found.update(EXPLICIT_ANCHOR.findall(line))
        heading = HEADING.match(line)
        if heading:
            slug = github_slug(heading.group(2))
            count = seen.get(slug, 0)
            seen[slug] = count + 1
            found.add(f"{slug}-{count}" if count else slug)
    return found


def rule_sections(text: str) -> dict[str, list[str]]:
    """Each rule (a ### heading) with the lines of its section, up to the next heading of level 3 or above."""
    sections, current = {}, None
    for line in outside_code_blocks(text):
        heading = HEADING.match(line)
        if heading and len(heading.group(1)) <= 3:
            current = heading.group(2) if len(heading.group(1)) == 3 else None
            if current is not None:
                sections[current] = []
        elif current is not None:
            sections[current].append(line)
    return sections


def test_no_tracked_file_names_a_clinical_source_outside_the_repository():
    found = [
        f"{name}:{number}: {line.strip()}"
        for name, text in tracked_texts().items()
        for number, line in enumerate(text.splitlines(), start=1)
        if OUTSIDE.search(line)
    ]
    assert not found, f"Cite {DOC}#<anchor> instead:\n" + "\n".join(found)


def test_every_cited_anchor_is_a_rule_in_the_clinical_rules_doc():
    texts = tracked_texts()
    doc_anchors = anchors(texts[DOC])
    cited = [
        (f"{name}:{number}", anchor)
        for name, text in texts.items()
        for number, line in enumerate(text.splitlines(), start=1)
        for anchor in CITATION.findall(line)
    ]
    # The doc's own links to its rules, written as (#anchor).
    cited += [(f"{DOC} (link)", anchor) for anchor in re.findall(r"\]\(#([\w-]+)\)", texts[DOC])]
    assert len(cited) > 20, "The code should cite the doc's rules; has the citation form changed?"
    missing = [f"{where}: #{anchor}" for where, anchor in cited if anchor not in doc_anchors]
    assert not missing, f"No such anchor in {DOC}:\n" + "\n".join(missing)


def test_every_rule_in_the_clinical_rules_doc_says_where_it_comes_from():
    sections = rule_sections((PROJECT_ROOT / DOC).read_text())
    assert len(sections) > 20
    without_source = [title for title, lines in sections.items() if not any(SOURCE_LINE.match(line) for line in lines)]
    assert not without_source, "Give these rules a **Source:** line:\n" + "\n".join(without_source)


def test_anchors_are_the_ones_github_makes():
    text = "# Clinical rules\n## Follow-up\n### Contacts at 4, 12 and 52 weeks\n### Severe (established) osteoporosis\n" \
           "### Audit standard: 90 days or 12 weeks\n### Follow-up\n```\n### Not a heading\n```\n<a id=\"kpi-9\"></a>\n"
    assert anchors(text) == {
        "clinical-rules", "follow-up", "contacts-at-4-12-and-52-weeks", "severe-established-osteoporosis",
        "audit-standard-90-days-or-12-weeks", "follow-up-1", "kpi-9",
    }
