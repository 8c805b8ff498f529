"""Who the service is for: 50 or over at the fracture, low-trauma mechanism
(docs/clinical-rules.md#age-50-or-over-at-the-fracture, docs/clinical-rules.md#fragility-fracture)."""
import pytest

from patients.eligibility import ineligibility_reasons
from patients.models import Mechanism


@pytest.mark.parametrize(
    "age, mechanism, eligible",
    [
        (50, Mechanism.LOW_TRAUMA, True),   # the first eligible birthday
        (49, Mechanism.LOW_TRAUMA, False),
        (87, Mechanism.LOW_TRAUMA, True),
        (87, Mechanism.HIGH_TRAUMA, False),
        (87, Mechanism.UNKNOWN, True),      # confirmed at triage, not excluded
        (45, Mechanism.HIGH_TRAUMA, False),
    ],
)
def test_eligibility_rule(age, mechanism, eligible):
    assert (ineligibility_reasons(age_at_fracture=age, mechanism=mechanism) == []) is eligible


def test_every_reason_is_given():
    reasons = ineligibility_reasons(age_at_fracture=45, mechanism=Mechanism.HIGH_TRAUMA)
    assert len(reasons) == 2
    assert reasons[0].startswith("Aged 45 at the fracture")
    assert reasons[1].startswith("High-trauma mechanism")
