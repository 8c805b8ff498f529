"""Free text as the clinic types it: every text field has a stated maximum, enforced with Django's own
message beside the field, and a NUL character (which PostgreSQL refuses in text) is refused the same way,
never a 500 and never silently cut (issue 14). Models, forms, services and the imports share these rules.

The maximums are clinic values: a note on a pathway move or a dismissal is a sentence or two; a clinical
note or a letter's notes for primary care can run to a page."""
import re

from django.core import validators
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# A sentence or two: the note on a pathway move, a sign-off, a dismissal, a reason, a question.
SHORT_NOTE_MAX = 2000
# About a page: clinical notes, notes for primary care, a clinician's advice.
LONG_NOTE_MAX = 5000
# A radiology report as the feed sends it (real ones are well under 10,000 characters).
REPORT_TEXT_MAX = 20000

NUL_MESSAGE = validators.ProhibitNullCharactersValidator.message


def text_validators(max_length: int) -> list:
    """For a model TextField: Django does not check a TextField's max_length, so say it here."""
    return [validators.MaxLengthValidator(max_length), validators.ProhibitNullCharactersValidator()]


def text_problem(value: str, max_length: int) -> str | None:
    """Why `value` cannot be stored (Django's own wording), or None: for the imports' row problems."""
    if "\x00" in value:
        return str(NUL_MESSAGE)
    if len(value) > max_length:
        return _("Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).") % {
            "limit_value": max_length, "show_value": len(value)}
    return None


def checked_text(value: str, max_length: int, *, field: str | None = None) -> str:
    """`value`, stripped, or ValidationError (on `field` if given) when it is too long or holds a NUL: for
    services that take a text straight from a request (the advice question and answer)."""
    value = (value or "").strip()
    problem = text_problem(value, max_length)
    if problem:
        raise ValidationError({field: [problem]} if field else problem)
    return value


# Kanji, kana and the CJK iteration mark: a name written in Japanese script, which is written family name first.
_JAPANESE_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005]")


def is_japanese_script(text: str) -> bool:
    """Whether a name is written in Japanese script (kanji or kana), so it is written family name first."""
    return bool(_JAPANESE_SCRIPT.search(text or ""))
