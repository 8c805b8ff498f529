"""Japanese names: their kana readings (フリガナ), and search words typed in any of the forms Japanese keyboards
give — full-width or half-width katakana, or hiragana — treated alike (issue 18).

A reading is stored as full-width katakana with single spaces ("ヤマダ", "タロウ"): what a Japanese hospital's
records write. A search word is normalised the same way, so "やまだ", "ﾔﾏﾀﾞ" and "ヤマダ" find the same patient.
"""
import re
import unicodedata

_HIRAGANA = re.compile(r"[\u3041-\u3096\u309d\u309e]")
# Katakana, the prolonged sound mark, the middle dot of foreign names (ジョン・スミス), the iteration marks.
_KATAKANA_READING = re.compile(r"[\u30a1-\u30fa\u30fc\u30fd\u30fe\u30fb ]+")
_KANA = re.compile(r"[\u3041-\u3096\u30a1-\u30fa\u30fc]")


def normalise(text: str) -> str:
    """`text` in NFKC (full-width letters and digits to half-width, half-width kana to full-width), hiragana
    turned into katakana, runs of spaces (full-width ones too) made one."""
    text = unicodedata.normalize("NFKC", text or "")
    text = _HIRAGANA.sub(lambda m: chr(ord(m.group()) + 0x60), text)
    return " ".join(text.split())


def is_reading(text: str) -> bool:
    """Whether a normalised `text` is a kana reading (katakana, spaces, ー, ・)."""
    return bool(_KATAKANA_READING.fullmatch(text))


def has_kana(text: str) -> bool:
    return bool(_KANA.search(text))
