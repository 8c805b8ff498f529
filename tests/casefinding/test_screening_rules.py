"""The screen's rules, one hard case each (issue 8)."""
import pytest

from casefinding.lexicon import base_screener

screener = base_screener()


def screen(text, age=75, body_part=""):
    return screener.screen(text, age_at_exam=age, body_part=body_part)


def test_it_finds_a_fracture_and_its_site_and_side():
    result = screen("Findings: There is a displaced fracture of the left neck of femur.")
    assert (result.candidate, result.fracture_site, result.side, result.certainty) == (True, "hip", "left", "affirmed")
    assert result.evidence == "There is a displaced fracture of the left neck of femur"
    marked = [result.evidence[a:b] for a, b in result.highlights]
    assert marked == ["fracture", "neck of femur"]


@pytest.mark.parametrize("text", [
    "Findings: No fracture.", "Findings: Fracture excluded.", "Findings: Fracture of the left hip is not confirmed.",
    "Findings: No evidence of fracture or dislocation.",
])
def test_a_negated_fracture_is_not_a_candidate(text):
    assert not screen(text).candidate


@pytest.mark.parametrize("text", [
    "Findings: A fracture of the left superior pubic ramus cannot be excluded.", "Findings: Possible fracture of the right hip.",
    "Findings: ?Fracture of the left distal radius.",
])
def test_an_uncertain_fracture_still_goes_to_a_person(text):
    result = screen(text)
    assert result.candidate and result.certainty == "uncertain"


def test_suspicion_in_the_clinical_details_with_a_negative_conclusion_is_not_a_candidate():
    result = screen("Clinical details: ?NOF fracture.\nFindings: Subtle lucency, ?undisplaced fracture of the femoral neck.\n"
                    "Conclusion: No fracture.")
    assert not result.candidate


def test_an_old_fracture_is_not_a_candidate_except_in_the_spine():
    assert not screen("Findings: Old healed fracture of the right distal radius.").candidate
    spine = screen("Findings: Old wedge compression fracture of L1, unchanged.")
    assert spine.candidate and spine.fracture_site == "vertebra"


def test_a_new_fracture_beside_an_old_one_is_a_candidate_at_the_new_site():
    result = screen("Findings: Old healed fracture of the left distal radius. New fracture of the left proximal humerus.")
    assert (result.candidate, result.fracture_site) == (True, "humerus")


def test_a_vertebral_deformity_in_passing_on_a_chest_film_is_a_candidate():
    result = screen("Findings: Lungs clear. Incidental wedge compression deformity of a mid thoracic vertebra.",
                    body_part="CHEST")
    assert (result.candidate, result.fracture_site, result.side) == (True, "vertebra", "na")


@pytest.mark.parametrize("text,reason", [
    ("Findings: Fracture of the proximal phalanx of the little finger.", "excluded site: finger"),
    ("Findings: Fracture of the great toe.", "excluded site: toe"),
    ("Findings: Linear fracture of the parietal bone of the skull.", "excluded site: skull"),
    ("Findings: Fracture of the nasal bones.", "excluded site: face"),
    ("Findings: Pathological fracture of the femoral neck through a lytic lesion.", "pathological fracture"),
])
def test_excluded_sites_and_pathological_fractures_are_not_candidates(text, reason):
    result = screen(text)
    assert not result.candidate and result.reason == reason


def test_a_high_energy_mechanism_in_the_clinical_details_excludes_it():
    result = screen("Clinical details: RTC, driver. Findings: Fracture of the right distal radius.")
    assert not result.candidate and "high-energy" in result.reason
    assert screen("Clinical details: Fall from standing. Findings: Fracture of the right distal radius.").candidate


def test_under_50_at_the_exam_is_not_a_candidate():
    assert not screen("Findings: Fracture of the right distal radius.", age=49).candidate
    assert screen("Findings: Fracture of the right distal radius.", age=50).candidate


def test_the_body_part_gives_the_site_when_the_sentence_does_not():
    result = screen("There is an undisplaced fracture.", body_part="RIGHT WRIST")
    assert (result.fracture_site, result.side) == ("wrist", "right")
