"""The Japanese catalogue is complete: every string marked for translation anywhere in the app is in
locale/ja/LC_MESSAGES/django.po, translated and not fuzzy, with its placeholders intact, and the compiled
django.mo the app reads says the same (scripts/messages.sh makes both)."""
import gettext
import os
import re
import shutil
import subprocess
from pathlib import Path

from django.conf import settings

REPO = Path(settings.BASE_DIR)
PO = REPO / "locale" / "ja" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
# Collected, per scripts/messages.sh, from what the app is made of; not the virtualenv or test output.
SOURCES = ("manage.py", "fls", "patients", "assessments", "treatment", "followup", "casefinding", "audit", "claims",
           "worklists", "demo", "templates", "locale", "scripts")


def statistics(po: Path) -> dict[str, int]:
    result = subprocess.run(["msgfmt", "--statistics", "-o", os.devnull, str(po)], capture_output=True,
                            text=True, check=True)
    counts = {kind: 0 for kind in ("translated", "fuzzy", "untranslated")}
    for number, kind in re.findall(r"(\d+) (translated|fuzzy|untranslated)", result.stderr):
        counts[kind] = int(number)
    return counts


def catalogue(mo: Path) -> dict:
    with mo.open("rb") as handle:
        return dict(gettext.GNUTranslations(handle)._catalog)


def test_every_entry_of_the_catalogue_is_translated():
    counts = statistics(PO)
    assert counts["translated"] > 0
    assert (counts["untranslated"], counts["fuzzy"]) == (0, 0), counts


def test_every_marked_string_in_the_code_is_in_the_catalogue(tmp_path):
    """Collect the strings afresh, as scripts/messages.sh does, in a copy of the repository: nothing new is
    left untranslated (or fuzzy, msgmerge's guess) and nothing gone is left behind."""
    copy = tmp_path / "repo"
    copy.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "staticfiles")
    for name in SOURCES:
        source = REPO / name
        (shutil.copytree(source, copy / name, ignore=ignore) if source.is_dir() else shutil.copy(source, copy / name))
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}}
    env["PYTHON"] = str(Path(os.sys.executable))
    subprocess.run(["bash", str(copy / "scripts" / "messages.sh"), "--collect"], cwd=copy, env=env, check=True,
                   capture_output=True, timeout=170)
    collected = copy / "locale" / "ja" / "LC_MESSAGES" / "django.po"
    counts = statistics(collected)
    assert (counts["untranslated"], counts["fuzzy"]) == (0, 0), (
        f"{counts}: run scripts/messages.sh and translate what it reports")
    assert counts["translated"] == statistics(PO)["translated"], (
        "the catalogue holds entries the code no longer uses: run scripts/messages.sh")


def test_the_compiled_catalogue_says_what_its_source_says(tmp_path):
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(fresh), str(PO)], check=True, capture_output=True)
    assert catalogue(MO) == catalogue(fresh), "locale/ja/LC_MESSAGES/django.mo is stale: run scripts/messages.sh"


def test_every_translation_keeps_its_placeholders():
    """msgfmt --check (above) refuses a python-format entry whose placeholders differ; brace placeholders
    ({link}) and HTML tags it does not know, so they are checked here."""
    bad = []
    for original, translated in catalogue(MO).items():
        if not original or not isinstance(original, str):
            continue  # the header; plural forms (keyed by msgid and index) are msgfmt --check's
        for pattern in (r"\{[a-z_]*\}", r"</?[a-z]+[^>]*>", r"%\([a-z_]+\)[sdf]"):
            if sorted(re.findall(pattern, original)) != sorted(re.findall(pattern, translated)):
                bad.append((original, translated))
    assert not bad, bad[:10]
