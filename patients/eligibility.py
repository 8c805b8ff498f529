"""Who the FLS is for: age 50 or over at the fracture (docs/clinical-rules.md#age-50-or-over-at-the-fracture),
and a fragility (low-trauma) fracture, a fall from standing height or less
(docs/clinical-rules.md#fragility-fracture)."""
from django.utils.translation import gettext as _

from .models import Mechanism

MINIMUM_AGE = 50


def ineligibility_reasons(*, age_at_fracture: int, mechanism: str) -> list[str]:
    """Why an episode is outside the FLS's scope; an empty list means eligible.

    An unknown mechanism is not a reason to exclude: the nurse confirms it at triage.
    """
    reasons = []
    if age_at_fracture < MINIMUM_AGE:
        reasons.append(_("Aged %(age)s at the fracture: the service sees patients aged %(minimum)s or over.")
                       % {"age": age_at_fracture, "minimum": MINIMUM_AGE})
    if mechanism == Mechanism.HIGH_TRAUMA:
        reasons.append(_("High-trauma mechanism: not a fragility fracture (a fall from standing height or less)."))
    return reasons
