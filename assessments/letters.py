"""The letter to primary care, generated from the record.

The wording lives in templates a site can adapt: `assessments/letters/<site code>/gp_letter.html`
is used when it exists, otherwise `assessments/letters/gp_letter.html`. The same body is shown as a
printable page and, in the document every letter shares (fls.pdf.letter_document), rendered to PDF.
"""
from django.template.loader import select_template
from django.utils import timezone
from django.utils.translation import gettext

from fls import pdf

from .facts import advice_for_episode
from .models import Initiator
from .rules import follow_up_plan


def letter_template_names(site) -> list[str]:
    return [f"assessments/letters/{site.code}/gp_letter.html", "assessments/letters/gp_letter.html"]


# Who does what next, by who initiates treatment (docs/clinical-rules.md#fls-models-a-to-d).
NEXT_STEPS = {
    Initiator.FLS: "The Fracture Liaison Service will start the treatment recommended above and review it with "
                   "the patient. Please add it to the patient's repeat prescriptions and continue it.",
    Initiator.PRIMARY_CARE: "Please start the treatment recommended above. The Fracture Liaison Service has "
                            "assessed the patient and will check at follow-up that it has started.",
    Initiator.SPECIALIST: "The patient has been referred to a specialist, who will start the treatment. Please "
                          "continue it once started.",
    Initiator.PRIMARY_CARE_INFORMED: "We are letting you know about this fragility fracture so that you can "
                                     "assess the patient's bone health and consider treatment.",
    Initiator.PATIENT_INFORMED: "The patient has been given information about bone health after a fracture. "
                                "No assessment has been made by the Fracture Liaison Service.",
}


def letter_context(*, episode, record: dict) -> dict:
    assessment, decision = record["assessment"], record["decision"]
    return {
        "episode": episode,
        "patient": episode.patient,
        "site": episode.site,
        "assessment": assessment,
        "support": advice_for_episode(episode, record=record) if assessment else None,
        "abnormal_bloods": [b for b in record["blood_results"] if b.is_out_of_range and not b.entered_in_error],
        "blood_results": [b for b in record["blood_results"] if not b.entered_in_error],
        "decision": decision,
        "next_steps": NEXT_STEPS.get(decision.initiated_by, "") if decision else "",
        "follow_up_plan": follow_up_plan(episode.fracture_date),
        "letter_date": timezone.localdate(),
        "is_draft": decision is None or not decision.is_signed_off,
    }


def render_letter_body(*, episode, record: dict) -> str:
    template = select_template(letter_template_names(episode.site))
    return template.render(letter_context(episode=episode, record=record))


def render_letter_document(*, body: str) -> str:
    """The standalone HTML document of the letter: stored when it is sent, and what the PDF is made from."""
    return pdf.letter_document(body=body, title=gettext("Letter to primary care"))

