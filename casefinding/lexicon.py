"""The case-finding lexicon: base YAML files shipped here (base.yaml for English, ja.yaml for Japanese,
merged into one lexicon, so a report may mix the two), extended (never replaced) by

- YAML files in the directories named by the CASEFINDING_LEXICON_DIRS setting (a deployment's own
  words, kept under its configuration management), and
- LexiconTerm rows in the database, for all sites or one site, edited in the admin by the service.

`load_lexicon(paths)` needs no Django (the benchmark uses it); `screener_for_site(site_id)` adds
the settings directories and database terms and caches the compiled screener until a term changes.
"""
from __future__ import annotations

import threading
from pathlib import Path

import yaml

from .screening import Screener

BASE_DIR = Path(__file__).resolve().parent / "lexicon"

# The categories a LexiconTerm (or an extra file) may extend, as "path" into the lexicon.
CATEGORY_PATHS = {
    "fracture": ("fracture",),
    "vertebral_deformity": ("vertebral_deformity",),
    "vertebral_only": ("vertebral_only",),
    "pseudo_fracture": ("pseudo_fracture",),
    "pathological_context": ("pathological_context",),
    "pathological": ("pathological",),
    "high_energy": ("high_energy",),
    **{f"body_site:{s}": ("body_sites", s) for s in ("hip", "vertebra", "wrist", "humerus", "pelvis", "ankle", "other")},
    **{f"excluded_site:{s}": ("excluded_sites", s) for s in ("finger", "toe", "skull", "face")},
    **{f"{c}:{d}": ("modifiers", c, d) for c in ("negated", "uncertain", "historical", "hypothetical") for d in ("forward", "backward")},
    "pseudo": ("modifiers", "pseudo"),
    "terminate": ("modifiers", "terminate"),
    **{f"section:{s}": ("sections", s) for s in ("clinical_details", "findings", "conclusion", "other")},
}


def _merge(into: dict, extra: dict) -> dict:
    """Lists are extended, mappings merged, so an extra file only ever adds words."""
    for key, value in (extra or {}).items():
        if isinstance(value, dict):
            _merge(into.setdefault(key, {}), value)
        elif isinstance(value, list):
            # YAML reads a bare no/yes/on/off as a boolean: a lexicon word must be quoted then.
            wrong = [v for v in value if not isinstance(v, str)]
            if wrong:
                raise ValueError(f"lexicon entry {key!r} has non-text values {wrong!r}: put words like \"no\" in quotes")
            existing = into.setdefault(key, [])
            existing.extend(v for v in value if v not in existing)
        elif isinstance(value, int) and not isinstance(value, bool):
            into[key] = value  # a setting (a modifier's window): a later file's value wins
        else:
            raise ValueError(f"lexicon entry {key!r} must be a list, a mapping or a whole number")
    return into


def lexicon_files(extra_dirs=()) -> list[Path]:
    files = sorted(BASE_DIR.glob("*.yaml"))
    for directory in extra_dirs:
        files.extend(sorted(Path(directory).glob("*.yaml")))
    return files


def load_lexicon(paths=None, terms=()) -> dict:
    """The merged lexicon of `paths` (default: the base files) plus (category, phrase) `terms`."""
    lexicon: dict = {}
    for path in paths or lexicon_files():
        with open(path, encoding="utf-8") as handle:
            _merge(lexicon, yaml.safe_load(handle) or {})
    for category, phrase in terms:
        path = CATEGORY_PATHS[category]
        node = lexicon
        for key in path[:-1]:
            node = node.setdefault(key, {})
        bucket = node.setdefault(path[-1], [])
        if phrase not in bucket:
            bucket.append(phrase)
    return lexicon


def base_screener() -> Screener:
    return Screener(load_lexicon())


_cache: dict = {}
_cache_lock = threading.Lock()


def screener_for_site(site_id: int | None) -> Screener:
    """The screener for a site: base files, CASEFINDING_LEXICON_DIRS, and the site's terms.
    Rebuilt only when the terms change (one small query per call to find out)."""
    from django.conf import settings
    from django.db.models import Count, Max, Q

    from .models import LexiconTerm

    terms = LexiconTerm.objects.filter(Q(site__isnull=True) | Q(site_id=site_id), is_active=True)
    version = terms.aggregate(n=Count("id"), changed=Max("updated_at"))
    dirs = tuple(getattr(settings, "CASEFINDING_LEXICON_DIRS", ()) or ())
    key = (site_id, version["n"], version["changed"], dirs)
    with _cache_lock:
        screener = _cache.get(site_id)
        if screener is not None and screener[0] == key:
            return screener[1]
    lexicon = load_lexicon(lexicon_files(dirs), terms.values_list("category", "phrase"))
    compiled = Screener(lexicon)
    with _cache_lock:
        _cache[site_id] = (key, compiled)
    return compiled
