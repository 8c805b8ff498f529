"""How good the screen is on a labelled set: sensitivity, positive predictive value (PPV) and
the share of true candidates whose fracture site is right (issue 8's three figures)."""
from dataclasses import dataclass, field


@dataclass
class Quality:
    reports: int = 0
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    site_right: int = 0
    errors: list = field(default_factory=list)

    @property
    def sensitivity(self) -> float:
        found = self.true_positives + self.false_negatives
        return self.true_positives / found if found else 1.0

    @property
    def ppv(self) -> float:
        flagged = self.true_positives + self.false_positives
        return self.true_positives / flagged if flagged else 1.0

    @property
    def site_accuracy(self) -> float:
        return self.site_right / self.true_positives if self.true_positives else 1.0

    def summary(self) -> dict:
        return {
            "reports": self.reports, "true_candidates": self.true_positives + self.false_negatives,
            "sensitivity": round(self.sensitivity, 4), "ppv": round(self.ppv, 4),
            "site_accuracy": round(self.site_accuracy, 4),
        }


def evaluate(screener, cases) -> Quality:
    """`cases` have text, candidate, site, age and body_part (tests/casefinding/labelled_reports.py)."""
    quality = Quality()
    for case in cases:
        quality.reports += 1
        result = screener.screen(case.text, age_at_exam=case.age, body_part=case.body_part)
        if result.candidate and case.candidate:
            quality.true_positives += 1
            if result.fracture_site == case.site:
                quality.site_right += 1
            else:
                quality.errors.append(("site", case, result))
        elif result.candidate:
            quality.false_positives += 1
            quality.errors.append(("false positive", case, result))
        elif case.candidate:
            quality.false_negatives += 1
            quality.errors.append(("false negative", case, result))
    return quality
