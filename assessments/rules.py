"""Clinical rules used on the assessment: WHO class, BMI, a result out of its range, the follow-up plan. Pure
functions, no database.

Every rule here is written out, with its source, in docs/clinical-rules.md and cited where it is used.
"""
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from . import thresholds

# docs/clinical-rules.md#who-class-from-the-lowest-t-score (the numbers: assessments.thresholds). The very-high-risk
# indicators and the safety checks are assessments.decision_support.
OSTEOPOROSIS_MAX_T = thresholds.value("osteoporosis_max_t")  # T ≤ −2.5
NORMAL_MIN_T = thresholds.value("normal_min_t")              # T ≥ −1.0; between the two is osteopenia


class WHOClass:
    OSTEOPOROSIS = "osteoporosis"
    OSTEOPENIA = "osteopenia"
    NORMAL = "normal"

    LABELS = {OSTEOPOROSIS: _("Osteoporosis"), OSTEOPENIA: _("Osteopenia"), NORMAL: _("Normal")}


def lowest(values) -> Decimal | None:
    present = [Decimal(str(v)) for v in values if v is not None]
    return min(present) if present else None


def who_classification(t_scores) -> str | None:
    """WHO class from the lowest of the T-scores given (spine, total hip, femoral neck), or None.

    docs/clinical-rules.md#who-class-from-the-lowest-t-score: osteoporosis ≤ −2.5, osteopenia between −2.5 and −1.0,
    normal ≥ −1.0.
    """
    t = lowest(t_scores)
    if t is None:
        return None
    if t <= OSTEOPOROSIS_MAX_T:
        return WHOClass.OSTEOPOROSIS
    if t >= NORMAL_MIN_T:
        return WHOClass.NORMAL
    return WHOClass.OSTEOPENIA


def bmi(height_cm, weight_kg) -> Decimal | None:
    """Body-mass index in kg/m², to one decimal place (a FRAX clinical risk factor)."""
    if not height_cm or not weight_kg:
        return None
    metres = Decimal(str(height_cm)) / 100
    return (Decimal(str(weight_kg)) / (metres * metres)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def is_out_of_range(value, low, high) -> bool:
    if value is None:
        return False
    value = Decimal(str(value))
    return (low is not None and value < Decimal(str(low))) or (high is not None and value > Decimal(str(high)))


# docs/clinical-rules.md#contacts-at-4-12-and-52-weeks (audit windows from the fracture).
FOLLOW_UP_WEEKS = (4, 12, 52)


def follow_up_plan(fracture_date: date) -> list[tuple[int, date]]:
    return [(weeks, fracture_date + timedelta(weeks=weeks)) for weeks in FOLLOW_UP_WEEKS]
