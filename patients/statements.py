"""What every list read as rows shows of a row's patient (assessments.statements.SignoffEntry,
worklists.clinician_statements.BloodEntry, .AdviceEntry): the row's own id, its episode's, and the patient's name,
hospital number and site, in that order at the head of the row's columns."""
from dataclasses import dataclass

from .models import Patient

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
