"""Clinical rules used as decision support on the assessment. Pure functions, no database.

Every rule here is written out, with its source, in docs/clinical-rules.md and cited where it is used.
"""
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

# docs/clinical-rules.md#who-class-from-the-lowest-t-score
OSTEOPOROSIS_MAX_T = Decimal("-2.5")  # T ≤ −2.5
NORMAL_MIN_T = Decimal("-1.0")        # T ≥ −1.0; between the two is osteopenia

# docs/clinical-rules.md#nogg-2022-very-high-risk-indicators (NOGG 2022, Gregson et al.,
# Arch Osteoporos 2022;17:58). The reference marks the wording *verify*: shown as decision support only.
VERY_HIGH_RISK_T = Decimal("-3.5")                  # T-score ≤ −3.5
HIGH_DOSE_GLUCOCORTICOID_MG = Decimal("7.5")        # ≥ 7.5 mg a day prednisolone …
HIGH_DOSE_GLUCOCORTICOID_MONTHS = 3                 # … for 3 months or more
RECENT = timedelta(days=2 * 365)                    # "recent" = within 2 years


class WHOClass:
    OSTEOPOROSIS = "osteoporosis"
    OSTEOPENIA = "osteopenia"
    NORMAL = "normal"

    LABELS = {OSTEOPOROSIS: "Osteoporosis", OSTEOPENIA: "Osteopenia", NORMAL: "Normal"}


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


@dataclass(frozen=True)
class RiskInputs:
    """What the very-high-risk indicators are read from."""

    index_fracture_is_vertebral: bool
    index_fracture_date: date
    assessed_on: date
    lowest_t_score: Decimal | None = None
    new_vertebral_fractures: int | None = None
    glucocorticoid_mg_per_day: Decimal | None = None
    glucocorticoid_months: int | None = None
    other_fractures_last_2_years: int | None = None
    earlier_fracture_date: date | None = None  # the episode this one is a refracture of


def very_high_risk_indicators(inputs: RiskInputs) -> list[str]:
    """The NOGG 2022 very-high-risk indicators this patient meets, as sentences for the clinician.

    docs/clinical-rules.md#nogg-2022-very-high-risk-indicators: a recent vertebral fracture (within 2 years); 2 or more
    vertebral fractures; T-score ≤ −3.5; high-dose glucocorticoids (≥ 7.5 mg a day prednisolone for
    3 months or more); multiple recent fractures. Decision support, not a prescription.
    """
    flags = []
    recent_index = inputs.assessed_on - inputs.index_fracture_date <= RECENT
    if inputs.index_fracture_is_vertebral and recent_index:
        flags.append("Recent vertebral fracture (within 2 years)")
    vertebral = (1 if inputs.index_fracture_is_vertebral else 0) + (inputs.new_vertebral_fractures or 0)
    if vertebral >= 2:
        flags.append(f"{vertebral} vertebral fractures")
    if inputs.lowest_t_score is not None and Decimal(str(inputs.lowest_t_score)) <= VERY_HIGH_RISK_T:
        flags.append(f"T-score {inputs.lowest_t_score} (≤ −3.5)")
    if (
        inputs.glucocorticoid_mg_per_day is not None
        and Decimal(str(inputs.glucocorticoid_mg_per_day)) >= HIGH_DOSE_GLUCOCORTICOID_MG
        and (inputs.glucocorticoid_months or 0) >= HIGH_DOSE_GLUCOCORTICOID_MONTHS
    ):
        flags.append("High-dose glucocorticoids (≥ 7.5 mg prednisolone a day for 3 months or more)")
    others = inputs.other_fractures_last_2_years or 0
    if inputs.earlier_fracture_date and inputs.index_fracture_date - inputs.earlier_fracture_date <= RECENT:
        others = max(others, 1)
    if recent_index and others >= 1:
        flags.append(f"Multiple recent fractures ({others + 1} within 2 years)")
    return flags


def is_out_of_range(value, low, high) -> bool:
    if value is None:
        return False
    value = Decimal(str(value))
    return (low is not None and value < Decimal(str(low))) or (high is not None and value > Decimal(str(high)))


# docs/clinical-rules.md#contacts-at-4-12-and-52-weeks (audit windows from the fracture).
FOLLOW_UP_WEEKS = (4, 12, 52)


def follow_up_plan(fracture_date: date) -> list[tuple[int, date]]:
    return [(weeks, fracture_date + timedelta(weeks=weeks)) for weeks in FOLLOW_UP_WEEKS]
