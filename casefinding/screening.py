"""Screen one radiology report for a fragility fracture: a ConText-style rule engine.

Pure Python, no Django: the benchmark and the tests run it directly, and it screens a report in
well under a millisecond. The words it knows come from the lexicon (casefinding/lexicon.py), never
from this file; this file holds only the rules that combine them.

How a report is read (issue 8):
1. Split into sentences, and the sentences into sections by their headers (clinical details,
   findings, conclusion, other).
2. Find, in one left-to-right pass that always takes the longest phrase, the fracture mentions,
   body sites, excluded sites, modifiers (negated, uncertain, historical, hypothetical), pseudo-modifiers,
   terminators, pathology and high-energy words.
3. Apply ConText (Chapman et al., J Biomed Inform 2009;42:839): a forward modifier reaches the
   mentions after it, a backward one those before it, within the sentence, up to a terminator and
   at most WINDOW words away.
4. Each fracture mention in the findings or conclusion gets a body site (the nearest in its
   sentence, else the sentence before, else the exam's body part) and is kept unless it is
   negated, hypothetical (a FRAX risk estimate), at an excluded site, pathological, or historical
   outside the spine. A "vertebral_only" word ("collapse", "height loss") is a mention only with a
   vertebral site in its own sentence; a mention that names its own site ("Colles' fracture",
   "compression fracture") takes it when no other site is written beside it. The clinical
   details are the referrer's question, never evidence, but are where the mechanism is read.
5. A report is a candidate when a mention is kept and no report-level exclusion applies (age
   under 50 at the exam, a high-energy mechanism, a stated pathological process).

Japanese reports (issue 18) are read by the same rules: the text is normalised (NFKC) with a map back
to the stored characters, each kanji and kana is a token (so a Japanese phrase of the lexicon,
casefinding/lexicon/ja.yaml, is a run of characters and a Japanese modifier's window counts
characters), sentences also end at 。 and before bullets and numbered items, and bracketed headings
(【所見】, ＜診断＞) name sections.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace

# How far (in words) a modifier reaches. ConText's default scope is the sentence; real reports
# chain findings with commas, so a bounded window keeps "no displacement, fracture of ..." apart.
WINDOW = 8

MAJOR_SITES = ("hip", "vertebra", "wrist", "humerus", "pelvis", "ankle")
AFFIRMED, UNCERTAIN = "affirmed", "uncertain"

# Japanese (issue 18): kanji, kana, the long-vowel mark and the comma 、 are one token each, so a
# Japanese phrase is matched as a sequence of characters; Latin words and numbers stay word tokens.
_CJK = "\u3005\u3006\u3041-\u3096\u309d\u309e\u30a1-\u30fa\u30fc-\u30fe\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(r"[a-z0-9]+(?:'s|')?|[#?;:]|[、" + _CJK + r"]|\([-\u2212+]\)")  # (-), (+): 骨折(-)
# Japanese sentences also end at 。 (and ．！, half-width after normalisation, next to Japanese text),
# before a bullet ・ and before a numbered item after Japanese text (骨折　２．恥骨骨折).
_SENTENCE_END = re.compile(
    r"[.!](?=\s|$)\s*|\n+|。\s*|(?<=[" + _CJK + r"])[.!]\s*|[.!](?=[" + _CJK + r"])|\s+(?=・)"
    r"|(?<=[" + _CJK + r")])\s+(?=\d{1,2}[.)](?!\d))"
)
EVIDENCE_SECTIONS = ("findings", "conclusion", "unsectioned")


def tokenize(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text.lower())]


def is_cjk(token: str) -> bool:
    """A Japanese character token (its modifiers' reach is counted in characters)."""
    return len(token) == 1 and token >= "\u3005" and bool(_CJK_CHAR.match(token))


_CJK_CHAR = re.compile("[" + _CJK + "]")
_JOINS_PREVIOUS = "\uff9e\uff9f"  # half-width voiced sound marks: ﾊﾞ is one character once normalised


def normalize(text: str) -> tuple[str, list[int] | None, list[int] | None]:
    """Unicode NFKC (１２ -> 12, ｺｯｾﾂ -> コッセツ, ： -> :) with, for each character of the result, where it
    starts and ends in `text`, so evidence and highlights still point at the report as stored.
    ASCII text (and text NFKC leaves alone) is returned as it is, with no maps."""
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        return text, None, None
    out, starts, ends = [], [], []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and (unicodedata.combining(text[j]) or text[j] in _JOINS_PREVIOUS):
            j += 1
        piece = unicodedata.normalize("NFKC", text[i:j])
        out.append(piece)
        starts.extend([i] * len(piece))
        ends.extend([j] * len(piece))
        i = j
    return "".join(out), starts, ends


@dataclass
class Item:
    """A phrase found in a sentence: token range, character range (in the report), labels."""

    first: int
    last: int  # exclusive
    start: int
    end: int
    labels: tuple[str, ...]
    negated: bool = False
    uncertain: bool = False
    historical: bool = False
    hypothetical: bool = False
    window: int = WINDOW  # how far it reaches as a modifier, in tokens (characters for a Japanese phrase)


@dataclass
class Sentence:
    index: int
    section: str
    start: int
    end: int
    items: list[Item] = field(default_factory=list)


@dataclass
class Mention:
    sentence: Sentence
    item: Item
    site: str
    excluded_site: str
    site_item: Item | None
    side: str
    pathological: bool
    status: str = ""  # "kept", or why it was dropped


@dataclass(frozen=True)
class ScreenResult:
    candidate: bool
    fracture_site: str = ""
    side: str = ""
    certainty: str = ""
    evidence: str = ""
    # (start, end) within `evidence` of the words to highlight: the fracture mention and its site.
    highlights: tuple[tuple[int, int], ...] = ()
    reason: str = ""


class Screener:
    """A compiled lexicon. Build one per lexicon (see casefinding.lexicon.screener_for_site)."""

    def __init__(self, lexicon: dict):
        self.phrases: dict[tuple[str, ...], tuple[str, ...]] = {}
        self.first_token_max: dict[str, int] = {}
        self.section_names: dict[tuple[str, ...], str] = {}

        def add(phrase: str, label: str):
            key = tuple(tok for tok, _, _ in tokenize(phrase))
            if not key:
                return
            labels = self.phrases.get(key, ())
            if label not in labels:
                self.phrases[key] = labels + (label,)
            self.first_token_max[key[0]] = max(self.first_token_max.get(key[0], 0), len(key))

        for phrase in lexicon.get("fracture", []):
            add(phrase, "T:fracture")
        for phrase in lexicon.get("vertebral_deformity", []):
            add(phrase, "T:deformity")
        for phrase in lexicon.get("vertebral_only", []):
            add(phrase, "T:vertebral_only")
        for phrase in lexicon.get("pseudo_fracture", []):
            add(phrase, "P")
        for site, phrases in lexicon.get("body_sites", {}).items():
            for phrase in phrases:
                add(phrase, f"S:{site}")
        for site, phrases in lexicon.get("excluded_sites", {}).items():
            for phrase in phrases:
                add(phrase, f"X:{site}")
        for phrase in lexicon.get("pathological_context", []):
            add(phrase, "PC")
        for phrase in lexicon.get("pathological", []):
            add(phrase, "PS")
        for phrase in lexicon.get("high_energy", []):
            add(phrase, "HE")
        for side, phrases in lexicon.get("sides", {}).items():
            for phrase in phrases:
                add(phrase, f"SIDE:{side}")
        modifiers = lexicon.get("modifiers", {})
        for category in ("negated", "uncertain", "historical", "hypothetical"):
            for direction in ("forward", "backward"):
                for phrase in modifiers.get(category, {}).get(direction, []):
                    add(phrase, f"M:{category}:{direction[0]}")
        for phrase in modifiers.get("pseudo", []):
            add(phrase, "P")
        for phrase in modifiers.get("terminate", []):
            add(phrase, "TERM")
        headers = []
        for section, phrases in lexicon.get("sections", {}).items():
            for phrase in phrases:
                headers.append(phrase)
                self.section_names[tuple(tok for tok, _, _ in tokenize(phrase))] = section
        headers.sort(key=len, reverse=True)
        self._header = re.compile(
            r"[\s\-*]*(" + "|".join(re.escape(h).replace(r"\ ", r"[\s_]+") for h in headers) + r")\s*(?::|-\s|$)",
            re.IGNORECASE,
        )
        self._bracket_header = _bracketed_header(headers)
        # How far a modifier reaches (ConText's window): in words for English, in characters for Japanese.
        windows = lexicon.get("window", {})
        self.word_window = int(windows.get("words", WINDOW))
        self.character_window = int(windows.get("characters", self.word_window))

    # --- Reading ------------------------------------------------------------------------------

    def sentences(self, text: str) -> list[Sentence]:
        sentences, section, position, index = [], "unsectioned", 0, 0
        bounds = []
        for match in _SENTENCE_END.finditer(text):
            bounds.append((position, match.start()))
            position = match.end()
        bounds.append((position, len(text)))
        for start, end in bounds:
            if not text[start:end].strip():
                continue
            header = self._header.match(text, start, end) or self._bracket_header.match(text, start, end)
            if header:
                key = tuple(tok for tok, _, _ in tokenize(header.group(header.lastindex)))
                section = self.section_names.get(key, section)
                start = header.end()
                if not text[start:end].strip():
                    continue
            sentences.append(Sentence(index, section, start, end))
            index += 1
        return sentences

    def _find_items(self, text: str, sentence: Sentence) -> list[Item]:
        tokens = tokenize(text[sentence.start:sentence.end])
        words = [tok for tok, _, _ in tokens]
        items, i, n = [], 0, len(words)
        phrases, first_max = self.phrases, self.first_token_max
        while i < n:
            longest = first_max.get(words[i])
            if longest:
                for length in range(min(longest, n - i), 0, -1):
                    labels = phrases.get(tuple(words[i:i + length]))
                    if labels:
                        items.append(Item(
                            i, i + length, sentence.start + tokens[i][1], sentence.start + tokens[i + length - 1][2],
                            labels, window=self.character_window if is_cjk(words[i]) else self.word_window,
                        ))
                        i += length
                        break
                else:
                    i += 1
            else:
                i += 1
        return items

    @staticmethod
    def _apply_context(items: list[Item]) -> None:
        """ConText: mark each non-modifier item negated/uncertain/historical by the modifiers in reach."""
        terminators = [item.first for item in items if "TERM" in item.labels]
        for modifier in items:
            for label in modifier.labels:
                if not label.startswith("M:"):
                    continue
                _, category, direction = label.split(":")
                if direction == "f":
                    stop = min((t for t in terminators if t >= modifier.last), default=10**9)
                    reached = [
                        item for item in items
                        if item.first >= modifier.last and item.first < stop and item.first - modifier.last <= modifier.window
                    ]
                else:
                    stop = max((t for t in terminators if t < modifier.first), default=-1)
                    reached = [
                        item for item in items
                        if item.last <= modifier.first and item.first > stop and modifier.first - item.last <= modifier.window
                    ]
                for item in reached:
                    if item is not modifier:
                        setattr(item, category, True)

    # --- Deciding -----------------------------------------------------------------------------

    def screen(self, text: str, *, age_at_exam: int | None = None, body_part: str = "") -> ScreenResult:
        stored = text or ""
        text, starts, ends = normalize(stored)
        body_part = normalize(body_part or "")[0]
        sentences = self.sentences(text)
        for sentence in sentences:
            sentence.items = self._find_items(text, sentence)
            self._apply_context(sentence.items)
        has_clinical_section = any(s.section == "clinical_details" for s in sentences)

        mentions: list[Mention] = []
        pathological_report = high_energy = False
        previous_site: dict[str, tuple[str, str]] = {}
        part_site = self._site_of_text(body_part)
        part_side = self._side_of_text(body_part)
        for sentence in sentences:
            items = sentence.items
            for item in items:
                if item.negated or item.uncertain:
                    continue
                if "PC" in item.labels and sentence.section != "other":
                    pathological_report = True
                if "HE" in item.labels and (sentence.section == "clinical_details" or not has_clinical_section):
                    high_energy = True
            sites = [item for item in items if any(label[:2] in ("S:", "X:") for label in item.labels)]
            if sentence.section in EVIDENCE_SECTIONS:
                for item in items:
                    kind = next((label[2:] for label in item.labels if label.startswith("T:")), None)
                    if kind is None:
                        continue
                    mentions.append(self._mention(sentence, item, kind, sites, previous_site, part_site, part_side))
            if sites:
                site, excluded = self._site_of(sites[-1])
                previous_site[sentence.section] = (site, excluded)

        self._decide_mentions(mentions)
        kept = [m for m in mentions if m.status == "kept"]
        if not kept:
            return ScreenResult(False, reason=self._reason_for_none(mentions))
        if age_at_exam is not None and age_at_exam < 50:
            # docs/clinical-rules.md#age-50-or-over-at-the-fracture
            return ScreenResult(False, reason="under 50 at the exam")
        if high_energy:
            return ScreenResult(False, reason="high-energy mechanism in the clinical details")
        if pathological_report:
            return ScreenResult(False, reason="pathological fracture (tumour, metastasis or myeloma stated)")
        best = min(kept, key=lambda m: (
            m.item.uncertain,
            m.site not in MAJOR_SITES,
            m.sentence.section != "conclusion",
            m.sentence.index,
            m.item.first,
        ))
        if starts is not None:
            return self._result(stored, _in_stored_text(best, starts, ends))
        return self._result(text, best)

    def _site_of(self, item: Item) -> tuple[str, str]:
        """(body site, excluded site) named by a site item."""
        for label in item.labels:
            if label.startswith("X:"):
                return "", label[2:]
        for label in item.labels:
            if label.startswith("S:"):
                return label[2:], ""
        return "", ""

    def _site_of_text(self, text: str) -> tuple[str, str]:
        if not text:
            return "", ""
        sentence = Sentence(0, "unsectioned", 0, len(text))
        for item in self._find_items(text, sentence):
            site, excluded = self._site_of(item)
            if site or excluded:
                return site, excluded
        return "", ""

    def _side_of_text(self, text: str) -> str:
        if not text:
            return ""
        sentence = Sentence(0, "unsectioned", 0, len(text))
        for item in self._find_items(text, sentence):
            for label in item.labels:
                if label.startswith("SIDE:"):
                    return label[5:]
        return ""

    def _mention(self, sentence, item, kind, sites, previous_site, part_site, part_side) -> Mention:
        def distance(site_item):
            if site_item.first >= item.last:
                return (site_item.first - item.last, 0)  # "fracture of the X": prefer what follows
            return (item.first - site_item.last, 1)

        # A mention that names its own site ("compression fracture", "Colles' fracture") takes a
        # site written beside it first, then its own, then the sentence before or the body part.
        own_site = self._site_of(item)
        others = [s for s in sites if s is not item]
        site_item = min(others, key=distance) if others else None
        if site_item is not None:
            site, excluded = self._site_of(site_item)
        elif own_site != ("", ""):
            site, excluded = own_site
            site_item = item
        elif sentence.section in previous_site:
            site, excluded = previous_site[sentence.section]
        elif part_site != ("", ""):
            site, excluded = part_site
        else:
            site, excluded = "", ""
        if kind == "deformity":
            site, excluded = "vertebra", ""
        pathological = any(
            "PS" in other.labels and not other.negated and not other.uncertain for other in sentence.items
        )
        if site == "vertebra":
            side = "na"
        else:
            anchor = site_item or item
            side_items = [i for i in sentence.items if any(label.startswith("SIDE:") for label in i.labels)]
            if side_items:
                nearest = min(side_items, key=lambda s: abs(s.first - anchor.first))
                side = next(label[5:] for label in nearest.labels if label.startswith("SIDE:"))
            else:
                side = part_side or "unknown"
        if kind == "vertebral_only" and (site != "vertebra" or site_item is None):
            # "collapse", "height loss" mean a vertebral fracture only beside a vertebral level.
            excluded = "not vertebral"
        return Mention(sentence, item, site or "other", excluded, site_item, side, pathological)

    @staticmethod
    def _decide_mentions(mentions: list[Mention]) -> None:
        for m in mentions:
            if m.item.negated:
                m.status = "negated"
            elif m.item.hypothetical:
                # "10-year probability of hip fracture 4%": a risk estimate, not a fracture.
                m.status = "risk estimate"
            elif m.excluded_site == "not vertebral":
                m.status = "not a fracture"
            elif m.excluded_site:
                m.status = f"excluded site: {m.excluded_site}"
            elif m.pathological:
                m.status = "pathological"
            elif m.item.historical and m.site != "vertebra":
                # The spine exception: an old vertebral fracture is still a candidate.
                m.status = "historical"
            else:
                m.status = "kept"
        # The radiologist's conclusion settles what the findings only queried: "?fracture" in the
        # findings and "No fracture." in the conclusion is not a candidate.
        denied_sites = {
            m.site if m.site_item is not None else "*"
            for m in mentions if m.sentence.section == "conclusion" and m.status == "negated"
        }
        affirmed_in_conclusion = {
            m.site for m in mentions if m.sentence.section == "conclusion" and m.status == "kept"
        }
        if denied_sites:
            for m in mentions:
                if (
                    m.status == "kept" and m.item.uncertain and m.sentence.section != "conclusion"
                    and ("*" in denied_sites or m.site in denied_sites) and m.site not in affirmed_in_conclusion
                ):
                    m.status = "ruled out by the conclusion"

    @staticmethod
    def _reason_for_none(mentions: list[Mention]) -> str:
        if not mentions:
            return "no fracture mentioned"
        order = ("pathological", "excluded site", "historical", "risk estimate", "ruled out by the conclusion", "negated",
                 "not a fracture")
        statuses = [m.status for m in mentions]
        for prefix in order:
            for status in statuses:
                if status.startswith(prefix):
                    return {
                        "negated": "fracture negated", "historical": "old or healed fracture",
                        "pathological": "pathological fracture",
                    }.get(status, status)
        return statuses[0]

    @staticmethod
    def _result(text: str, best: Mention) -> ScreenResult:
        sentence = best.sentence
        raw = text[sentence.start:sentence.end]
        lead = len(raw) - len(raw.lstrip())
        evidence = raw.strip()
        offset = sentence.start + lead
        spans = [(best.item.start - offset, best.item.end - offset)]
        if best.site_item is not None:
            spans.append((best.site_item.start - offset, best.site_item.end - offset))
        spans = tuple(sorted((max(0, a), min(len(evidence), b)) for a, b in spans))
        return ScreenResult(
            True, fracture_site=best.site, side=best.side,
            certainty=UNCERTAIN if best.item.uncertain else AFFIRMED,
            evidence=evidence, highlights=spans,
        )


def _bracketed_header(headers: list[str]) -> re.Pattern:
    """Section headings in brackets, as Japanese house styles write them: 【所見】, ＜診断＞, [結論], 【VFA】
    (after normalisation ＜＞ and ［］ are < > and [ ])."""
    names = "|".join(re.escape(h).replace(r"\ ", r"[\s_]+") for h in headers) or "(?!)"
    return re.compile(
        r"[\s\-*・■□◆◇●○]*(?:[【<\[(〈《〔]+\s*(" + names + r")\s*[】>\])〉》〕]+\s*:?"
        r"|(?<=[■□◆◇●○])\s*(" + names + r")\s*(?::|$))",
        re.IGNORECASE,
    )


def _in_stored_text(mention: Mention, starts: list[int], ends: list[int]) -> Mention:
    """The mention with its sentence and items' character offsets moved from the normalised text back
    to the report as stored (see normalize)."""
    def back(start: int, end: int) -> tuple[int, int]:
        return starts[start] if start < len(starts) else ends[-1], ends[end - 1] if end > 0 else 0

    sentence_start, sentence_end = back(mention.sentence.start, mention.sentence.end)
    sentence = replace(mention.sentence, start=sentence_start, end=sentence_end)
    item = replace(mention.item, **dict(zip(("start", "end"), back(mention.item.start, mention.item.end))))
    site_item = mention.site_item
    if site_item is mention.item:
        site_item = item
    elif site_item is not None:
        site_item = replace(site_item, **dict(zip(("start", "end"), back(site_item.start, site_item.end))))
    return replace(mention, sentence=sentence, item=item, site_item=site_item)
