"""What every list read as raw SQL shows of a row's patient (assessments.statements,
worklists.clinician_statements): the row's own id, its episode's, and the patient's name, hospital number and
site, in that order at the head of the statement's columns (p: the patient, s: the episode's site)."""
from dataclasses import dataclass

from .models import Patient

PATIENT_COLUMNS = "p.family_name, p.given_name, p.local_id, s.code"


@dataclass(frozen=True, slots=True)
class PatientRow:
    pk: int
    episode_id: int
    family_name: str
    given_name: str
    local_id: str
    site_code: str

    @property
    def patient_name(self) -> str:
        return Patient.display_name(self.family_name, self.given_name)
