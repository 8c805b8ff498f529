"""The labelled set: synthetic radiology reports with the answer a liaison nurse would give.

Every report is invented (no real patient). `LABELLED_REPORTS` is generated from templates with
varied phrasing (seeded, so it is the same on every run) plus HARD_CASES written by hand for each
rule of issue 8 and its named hard cases. Each case: text, age at the exam, body part, whether it
is a candidate, and the fracture site a nurse would record (FractureSite values) when it is.

The rules were tuned on this set, which includes FORMER_HELDOUT_REPORTS: the first held-out set,
used for error analysis and so now training data. A fresh blind set, never read while tuning, is
the estimate of performance on reports the rules have not seen.
"""
import random
from dataclasses import dataclass


@dataclass(frozen=True)
class LabelledReport:
    text: str
    candidate: bool
    site: str = ""  # for candidates: hip, vertebra, wrist, humerus, pelvis, ankle, other
    age: int = 76
    body_part: str = ""
    note: str = ""


SITES = {
    "hip": ["{side} neck of femur", "{side} femoral neck", "{side} intertrochanteric region", "{side} proximal femur",
            "{side} subcapital femoral neck", "{side} hip", "{side} greater trochanter", "{side} subtrochanteric femur"],
    "wrist": ["{side} distal radius", "{side} distal radius and ulnar styloid", "{side} wrist", "{side} distal radial metaphysis",
              "{side} scaphoid waist"],
    "humerus": ["{side} proximal humerus", "{side} humeral neck", "{side} surgical neck of humerus",
                "{side} greater tuberosity of the humerus", "{side} humeral head"],
    "pelvis": ["{side} superior pubic ramus", "{side} inferior pubic ramus", "{side} pubic rami", "sacrum",
               "{side} sacral ala", "{side} acetabulum"],
    "ankle": ["{side} lateral malleolus", "{side} medial malleolus", "{side} ankle (bimalleolar)", "{side} distal fibula"],
    "vertebra": ["L1 vertebral body", "T12 vertebra", "L2 vertebral body", "T8 vertebral body", "L4 vertebra", "T11 vertebra"],
    "other": ["{side} 7th rib", "{side} clavicle", "{side} tibial plateau", "{side} radial head", "{side} olecranon",
              "{side} 5th metatarsal", "{side} patella", "{side} humeral shaft"],
}
BODY_PART = {"hip": "HIP", "wrist": "WRIST", "humerus": "SHOULDER", "pelvis": "PELVIS", "ankle": "ANKLE",
             "vertebra": "LUMBAR SPINE", "other": "CHEST"}
EXCLUDED = {
    "finger": ["{side} little finger proximal phalanx", "{side} thumb", "{side} ring finger middle phalanx",
               "distal phalanx of the {side} index finger"],
    "toe": ["{side} great toe proximal phalanx", "{side} 5th toe", "{side} hallux"],
    "skull": ["{side} parietal bone of the skull", "occipital bone of the skull", "skull vault"],
    "face": ["{side} orbital floor", "nasal bones", "{side} zygomatic arch", "mandible", "{side} maxillary sinus wall"],
}

CLINICAL_LOW = [
    "Fall from standing.", "Mechanical fall at home, pain.", "Tripped on a rug.", "Found on the floor at the care home.",
    "Slipped on ice.", "Fell in the garden, painful and swollen.", "Fall, unable to weight bear.", "Fall onto outstretched hand.",
    "Collapsed at home, ?injury.", "Fall in the bathroom.", "Dizzy and fell.", "Pain after a fall two days ago.",
]
CLINICAL_QUERY = ["?# {site}.", "?fracture {site}.", "Fall. Query fracture {site}.", "Pain {site} after a fall, ?fracture.",
                  "Fall, r/o fracture {site}."]
HIGH_ENERGY = ["RTC, driver, airbag deployed.", "Fall from a ladder, approx 3 metres.", "Pedestrian struck by a car.",
               "Motorcycle accident.", "Fell from scaffolding at work.", "Road traffic collision, passenger.",
               "Fell off a roof.", "Thrown from a horse."]
ADJ = ["", "displaced ", "undisplaced ", "minimally displaced ", "comminuted ", "impacted ", "transverse ", "oblique ",
       "angulated ", "acute "]
POSITIVE_FINDINGS = [
    "There is a {adj}fracture of the {site}.",
    "{Adj}fracture of the {site}.",
    "A {adj}fracture is seen involving the {site}.",
    "{Site} fracture{tail}.",
    "Fracture through the {site}{tail}.",
    "Appearances are in keeping with a {adj}fracture of the {site}.",
    "There is an acute {adj}fracture at the {site}.",
    "The {site} is fractured{tail}.",
]
TAILS = ["", " with dorsal angulation", " with mild displacement", " with no significant displacement", ", no dislocation",
         " with some impaction"]
UNCERTAIN_FINDINGS = [
    "Subtle lucency at the {site}, ?undisplaced fracture.",
    "Possible {adj}fracture of the {site}.",
    "A fracture of the {site} cannot be excluded.",
    "Cortical irregularity at the {site} which may represent a fracture.",
    "Suspected fracture of the {site}; CT is suggested.",
    "Query subtle fracture of the {site}.",
]
NEGATIVE_FINDINGS = [
    "No fracture seen.", "No evidence of fracture or dislocation.", "No acute bony injury.", "No fracture is identified.",
    "No bony injury demonstrated.", "Bones are intact; no fracture.", "No fracture of the {site}.",
    "Fracture of the {site} is not confirmed.", "No radiographic evidence of a fracture.", "Fracture excluded.",
]
NEGATIVE_CONCLUSIONS = ["No fracture.", "No acute fracture.", "Normal study.", "No bony injury.", "No fracture demonstrated."]
HISTORICAL_FINDINGS = [
    "Old healed fracture of the {site}.", "There is a previous fracture of the {site} which has united.",
    "Healed {site} fracture.", "Old united fracture of the {site}, no acute injury.",
    "Longstanding malunited fracture of the {site}.", "Previous ORIF of the {site}; the fracture has healed.",
]
BACKGROUND = ["Osteopenia.", "Degenerative changes in the joint.", "Soft tissue swelling.", "Vascular calcification noted.",
              "Joint spaces are preserved.", "Bones appear osteopenic.", "Moderate osteoarthritis.", ""]
NO_FRACTURE_REPORTS = [
    "CHEST X-RAY. Findings: Heart size normal. Lungs are clear. No pleural effusion. Conclusion: Normal chest.",
    "LUMBAR SPINE. Findings: Multilevel degenerative disc disease, most marked at L4/5. Alignment normal. Conclusion: Degenerative change.",
    "DXA: Lumbar spine T-score -2.7. Femoral neck T-score -2.1. 10-year major osteoporotic fracture probability 18%. Conclusion: Osteoporosis.",
    "KNEE. Findings: Moderate medial compartment osteoarthritis. Small effusion. Conclusion: OA.",
    "ABDOMEN X-RAY. Findings: Faecal loading. No obstruction. Conclusion: Constipation.",
    "CT HEAD. Findings: Small vessel disease. No haemorrhage. Conclusion: No acute intracranial abnormality.",
    "SHOULDER. Findings: Acromioclavicular joint degeneration. Calcific tendinopathy. Conclusion: No bony abnormality.",
    "HIP. Findings: Moderate osteoarthritis of the hip with joint space narrowing. Conclusion: OA hip, refer to fracture clinic not needed.",
]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _site_phrase(rng, site):
    side = rng.choice(["left", "right", "Left", "Right", "LEFT", "RIGHT"])
    return rng.choice(SITES[site]).format(side=side).strip()


def _report(rng, clinical, findings, conclusion, headers=None):
    headers = headers or rng.choice([
        ("Clinical details:", "Findings:", "Conclusion:"), ("CLINICAL DETAILS:", "FINDINGS:", "CONCLUSION:"),
        ("History:", "Report:", "Impression:"), ("Clinical information:", "Findings:", "Opinion:"),
    ])
    sep = rng.choice(["\n", " ", "\n\n"])
    parts = []
    if clinical:
        parts.append(f"{headers[0]} {clinical}")
    parts.append(f"{headers[1]} {findings}".strip())
    if conclusion:
        parts.append(f"{headers[2]} {conclusion}")
    return sep.join(parts)


def _positive(rng, site, uncertain=False):
    phrase = _site_phrase(rng, site)
    adj = rng.choice(ADJ)
    template = rng.choice(UNCERTAIN_FINDINGS if uncertain else POSITIVE_FINDINGS)
    sentence = template.format(site=phrase, Site=_cap(phrase), adj=adj, Adj=_cap(adj) if adj else "", tail=rng.choice(TAILS))
    return _cap(sentence), phrase


def _generated(rng) -> list[LabelledReport]:
    cases = []
    major = ["hip", "wrist", "humerus", "pelvis", "ankle", "vertebra", "other"]
    # Affirmed fractures at every site.
    for i in range(120):
        site = major[i % len(major)]
        sentence, phrase = _positive(rng, site)
        clinical = rng.choice(CLINICAL_LOW + [q.format(site=phrase.split()[-1]) for q in CLINICAL_QUERY])
        findings = " ".join(x for x in (rng.choice(BACKGROUND), sentence, rng.choice(BACKGROUND)) if x)
        conclusion = rng.choice(["", f"{_cap(phrase)} fracture.", "Fracture as described.", f"Acute fracture, {phrase}."])
        cases.append(LabelledReport(_report(rng, clinical, findings, conclusion), True, site,
                                    age=rng.randint(50, 98), body_part=BODY_PART[site], note="affirmed"))
    # Uncertain findings still go to a person.
    for i in range(35):
        site = major[i % 6]
        sentence, phrase = _positive(rng, site, uncertain=True)
        conclusion = rng.choice(["", "Possible fracture as above.", "?Fracture; clinical correlation advised."])
        cases.append(LabelledReport(_report(rng, rng.choice(CLINICAL_LOW), sentence, conclusion), True, site,
                                    age=rng.randint(55, 95), body_part=BODY_PART[site], note="uncertain"))
    # Negated, including suspicion in the clinical details.
    for i in range(45):
        site = major[i % 6]
        phrase = _site_phrase(rng, site)
        clinical = rng.choice([q.format(site=phrase) for q in CLINICAL_QUERY] + CLINICAL_LOW)
        findings = " ".join(x for x in (rng.choice(BACKGROUND), rng.choice(NEGATIVE_FINDINGS).format(site=phrase)) if x)
        cases.append(LabelledReport(_report(rng, clinical, findings, rng.choice(NEGATIVE_CONCLUSIONS + [""])), False,
                                    age=rng.randint(50, 95), body_part=BODY_PART[site], note="negated"))
    # Historical outside the spine: not a candidate.
    for i in range(25):
        site = ["hip", "wrist", "humerus", "pelvis", "ankle", "other"][i % 6]
        phrase = _site_phrase(rng, site)
        findings = rng.choice(HISTORICAL_FINDINGS).format(site=phrase)
        cases.append(LabelledReport(_report(rng, rng.choice(CLINICAL_LOW), findings, rng.choice(["No acute fracture.", ""])),
                                    False, age=rng.randint(55, 95), body_part=BODY_PART[site], note="historical"))
    # Historical in the spine: still a candidate.
    for i in range(15):
        level = rng.choice(["T7", "T9", "T11", "T12", "L1", "L2", "L3"])
        findings = rng.choice([
            f"Old wedge compression fracture of {level}.", f"Chronic anterior wedging of {level}, unchanged from previous films.",
            f"Longstanding compression deformity of the {level} vertebral body.",
            f"Previous {level} vertebral fracture with about 30% height loss, stable.",
            f"Established biconcave deformity of {level}.",
        ])
        cases.append(LabelledReport(_report(rng, "Back pain.", findings, ""), True, "vertebra",
                                    age=rng.randint(60, 95), body_part="THORACOLUMBAR SPINE", note="spine historical"))
    # Excluded sites.
    for i in range(24):
        region = ["finger", "toe", "skull", "face"][i % 4]
        phrase = rng.choice(EXCLUDED[region]).format(side=rng.choice(["left", "right"]))
        sentence = rng.choice(["There is a {adj}fracture of the {site}.", "Fracture of the {site}.", "{Site} fracture."]).format(
            site=phrase, Site=_cap(phrase), adj=rng.choice(ADJ))
        cases.append(LabelledReport(_report(rng, rng.choice(CLINICAL_LOW), sentence, ""), False,
                                    age=rng.randint(55, 95), body_part=region.upper(), note=f"excluded {region}"))
    # Pathological.
    for i in range(14):
        site = ["hip", "vertebra", "humerus", "pelvis"][i % 4]
        phrase = _site_phrase(rng, site)
        findings = rng.choice([
            f"Pathological fracture of the {phrase}.", f"Fracture of the {phrase} through a lytic lesion.",
            f"There is a fracture of the {phrase} at the site of a metastatic deposit.",
            f"Fracture of the {phrase}. Multiple lytic lesions elsewhere in keeping with myeloma.",
        ])
        clinical = rng.choice(["Known breast cancer, bone pain.", "Fall.", "Known myeloma.", "Weight loss, pain."])
        cases.append(LabelledReport(_report(rng, clinical, findings, ""), False, age=rng.randint(55, 90),
                                    body_part=BODY_PART[site], note="pathological"))
    # High-energy mechanism in the clinical details.
    for i in range(16):
        site = major[i % 7]
        sentence, _ = _positive(rng, site)
        cases.append(LabelledReport(_report(rng, rng.choice(HIGH_ENERGY), sentence, ""), False, age=rng.randint(50, 85),
                                    body_part=BODY_PART[site], note="high energy"))
    # Under 50 at the exam.
    for i in range(12):
        site = major[i % 7]
        sentence, _ = _positive(rng, site)
        cases.append(LabelledReport(_report(rng, rng.choice(CLINICAL_LOW), sentence, ""), False, age=rng.randint(18, 49),
                                    body_part=BODY_PART[site], note="under 50"))
    # No fracture mentioned at all.
    for i in range(16):
        cases.append(LabelledReport(rng.choice(NO_FRACTURE_REPORTS), False, age=rng.randint(50, 95), note="no fracture"))
    return cases


HARD_CASES = [
    # Suspicion in the clinical details, negative conclusion.
    LabelledReport("Clinical details: Fall, ?NOF fracture. Pain left hip.\nFindings: Subtle lucency at the left femoral neck, "
                   "?undisplaced fracture.\nConclusion: No fracture identified.", False, note="query ruled out by conclusion"),
    LabelledReport("Clinical details: ?# L wrist.\nFindings: No fracture.\nConclusion: Soft tissue swelling only.", False),
    LabelledReport("CLINICAL DETAILS: Fall. ?fractured neck of femur.\nFINDINGS: The bones are osteopenic. No fracture is "
                   "demonstrated. Moderate hip osteoarthritis.\nCONCLUSION: No fracture seen; if clinical suspicion persists, "
                   "MRI.", False),
    LabelledReport("History: query pubic ramus fracture. Report: The pelvic ring is intact. Conclusion: No pelvic fracture.", False),
    LabelledReport("Clinical details: ?scaphoid fracture.\nFindings: Scaphoid views. Possible lucency through the scaphoid waist.\n"
                   "Conclusion: No definite fracture.", False),
    # New fracture beside an old one.
    LabelledReport("Findings: Old healed fracture of the left distal radius. New fracture of the left proximal humerus.", True,
                   "humerus", body_part="SHOULDER"),
    LabelledReport("Clinical details: Fall.\nFindings: There is an old united fracture of the right clavicle. There is an "
                   "acute fracture of the right surgical neck of humerus.\nConclusion: Acute proximal humeral fracture.", True,
                   "humerus"),
    LabelledReport("Findings: Healed fracture of the left superior pubic ramus. New undisplaced fracture of the left inferior "
                   "pubic ramus.", True, "pelvis"),
    LabelledReport("Findings: Previous DHS fixation of the right hip. New fracture of the left neck of femur.", True, "hip"),
    LabelledReport("Findings: Old healed rib fractures on the left. Acute fracture of the left distal radius.", True, "wrist"),
    # Vertebral deformity mentioned in passing on a chest film.
    LabelledReport("CHEST X-RAY.\nClinical details: Cough, fever.\nFindings: Right lower lobe consolidation. Heart size normal. "
                   "Incidental note is made of a wedge compression deformity of a mid thoracic vertebral body.\nConclusion: "
                   "Right lower lobe pneumonia.", True, "vertebra", body_part="CHEST"),
    LabelledReport("CXR. Findings: Lungs clear. Loss of height of T11 noted in passing. Conclusion: No active lung disease.",
                   True, "vertebra", body_part="CHEST"),
    LabelledReport("Findings: Hyperexpanded lungs. There is anterior wedging of two lower thoracic vertebrae.", True, "vertebra",
                   body_part="CHEST"),
    LabelledReport("CT abdomen. Findings: Diverticulosis. No collection. Incidental L1 compression fracture, age indeterminate.",
                   True, "vertebra", body_part="ABDOMEN"),
    LabelledReport("Chest radiograph: no consolidation. Collapse of the left lower lobe.", False, body_part="CHEST",
                   note="lung collapse is not a vertebral collapse"),
    # Negation forms.
    LabelledReport("Findings: Fracture of the right distal radius is not confirmed on these views.", False),
    LabelledReport("Findings: Left hip fracture is excluded.", False),
    LabelledReport("Findings: No fracture or dislocation of the left ankle.", False),
    LabelledReport("Findings: There is no displacement of the fracture of the left distal radius compared with previous.", True,
                   "wrist"),
    LabelledReport("Findings: Fracture of the left distal radius without displacement.", True, "wrist"),
    LabelledReport("Findings: No hip fracture, but there is a fracture of the left superior pubic ramus.", True, "pelvis"),
    LabelledReport("Findings: The left neck of femur is intact. However there is a fracture of the left greater trochanter.",
                   True, "hip"),
    LabelledReport("Findings: No other fracture seen. Fracture of the right lateral malleolus, Weber B.", True, "ankle"),
    # Uncertain forms still go to a person.
    LabelledReport("Findings: ?Fracture of the left superior pubic ramus.", True, "pelvis"),
    LabelledReport("Findings: Undisplaced fracture of the right femoral neck cannot be excluded. MRI recommended.", True, "hip"),
    LabelledReport("Findings: Appearances suspicious of an impacted fracture of the left humeral neck.", True, "humerus"),
    LabelledReport("Findings: Possible subtle buckle of the distal radius.", True, "wrist", body_part="WRIST"),
    # Spine.
    LabelledReport("Findings: T12 vertebral body shows 40% anterior height loss in keeping with a fracture, age indeterminate.",
                   True, "vertebra"),
    LabelledReport("Findings: Vertebra plana at L1.", True, "vertebra"),
    LabelledReport("Findings: Mild biconcave deformity of L2 and L3 in keeping with osteoporotic fractures.", True, "vertebra"),
    LabelledReport("Findings: No vertebral fracture. Degenerative change.", False),
    # Exclusions.
    LabelledReport("Clinical details: Fall, hit face.\nFindings: Fracture of the nasal bones. No other injury.", False),
    LabelledReport("Findings: Fracture of the base of the proximal phalanx of the left little finger.", False, body_part="HAND"),
    LabelledReport("Findings: Transverse fracture of the right great toe distal phalanx.", False, body_part="FOOT"),
    LabelledReport("Clinical details: Known metastatic prostate cancer.\nFindings: Compression fracture of L3.", False),
    LabelledReport("Clinical details: Known multiple myeloma, back pain.\nFindings: New wedge fracture of T10.", False),
    LabelledReport("Clinical details: ?metastases.\nFindings: No lytic lesion. Fracture of the right inferior pubic ramus.", True,
                   "pelvis"),
    LabelledReport("Findings: Fracture of the left femoral neck. No underlying bone lesion.", True, "hip"),
    LabelledReport("Clinical details: Fell 3 metres from a ladder.\nFindings: Fracture of the left calcaneus.", False),
    LabelledReport("Clinical details: RTA. Findings: Comminuted fracture of the right distal radius.", False),
    LabelledReport("Clinical details: Fell down two steps.\nFindings: Fracture of the right distal radius.", True, "wrist"),
    # Wording traps.
    LabelledReport("Findings: DXA. 10-year hip fracture probability 4.1%, major osteoporotic fracture probability 19%.", False),
    LabelledReport("Findings: Patient known to the fracture clinic. Healed scaphoid. No acute abnormality.", False),
    LabelledReport("Findings: An 84 year old lady with a fracture of the left neck of femur.", True, "hip"),
    LabelledReport("Findings: The fracture of the left distal radius is healing with callus.", True, "wrist"),
    LabelledReport("Findings: Post-operative film. Dynamic hip screw fixation of a left intertrochanteric fracture.", True, "hip"),
    LabelledReport("HIP.\nThere is an undisplaced fracture.", True, "hip", body_part="LEFT HIP"),
    LabelledReport("Findings: Fractures of the left 6th and 7th ribs.", True, "other", body_part="CHEST"),
    LabelledReport("Findings: Fracture of the right distal radius.", False, age=47, note="under 50"),
    LabelledReport("Findings: Fracture of the right distal radius.", True, "wrist", age=50, note="exactly 50"),
]


# The first held-out set, folded in as training data once its misses had been analysed (so its
# figures stopped being an estimate for unseen wording). Written in a North American voice
# (HISTORY / IMPRESSION, "fx", "nondisplaced"), terse dictation and long narrative CT reports.
R = LabelledReport
FORMER_HELDOUT_REPORTS = [
    # --- Candidates ---------------------------------------------------------------------------
    R("EXAM: XR HIP 2 VIEWS LEFT\nHISTORY: 81F s/p ground-level fall, shortened and externally rotated leg.\n"
      "FINDINGS: Acute displaced subcapital fracture of the left femoral neck with varus angulation.\n"
      "IMPRESSION: Displaced left femoral neck fracture.", True, "hip", 81, "HIP LEFT"),
    R("HISTORY: Fall. FINDINGS: Nondisplaced fracture of the right greater trochanter. No dislocation. "
      "IMPRESSION: Nondisplaced right greater trochanteric fracture.", True, "hip", 77),
    R("Intertrochanteric fx R femur, comminuted, varus.", True, "hip", 88, "FEMUR RIGHT"),
    R("IMPRESSION:\n1. Acute comminuted intertrochanteric fracture of the right femur.\n2. Degenerative changes of the "
      "lumbar spine.", True, "hip", 90),
    R("XR WRIST 3V RIGHT. HISTORY: FOOSH. FINDINGS: There is an acute dorsally angulated fracture of the distal radial "
      "metaphysis with associated ulnar styloid avulsion. IMPRESSION: Acute distal radius fracture (Colles type).",
      True, "wrist", 67, "WRIST RIGHT"),
    R("Distal radius fx, extra-articular, minimal dorsal tilt. Ulnar styloid intact.", True, "wrist", 72, "WRIST LEFT"),
    R("IMPRESSION: Impacted fracture of the left distal radius.", True, "wrist", 58),
    R("FINDINGS: Buckle fracture along the dorsal cortex of the distal radius. Carpal alignment is maintained.", True,
      "wrist", 63, "WRIST"),
    R("EXAM: SHOULDER 2V LEFT. HISTORY: Tripped over the dog. FINDINGS: Acute fracture of the surgical neck of the left "
      "humerus with mild impaction. Glenohumeral joint is congruent. IMPRESSION: Proximal humerus fracture.", True,
      "humerus", 74, "SHOULDER LEFT"),
    R("Three-part fracture of the proximal humerus involving the greater tuberosity.", True, "humerus", 80, "SHOULDER"),
    R("IMPRESSION: Acute mildly displaced fracture of the right greater tuberosity.", True, "humerus", 69, "SHOULDER RIGHT"),
    R("HISTORY: Fall, groin pain, unable to walk. FINDINGS: Acute fractures of the left superior and inferior pubic rami. "
      "Hips are intact. IMPRESSION: Left pubic rami fractures.", True, "pelvis", 86, "PELVIS"),
    R("CT PELVIS. FINDINGS: Bilateral sacral insufficiency fractures, H-pattern. No acetabular involvement. "
      "IMPRESSION: Sacral insufficiency fractures.", True, "pelvis", 79, "PELVIS"),
    R("Minimally displaced fx of the R inferior pubic ramus.", True, "pelvis", 83),
    R("EXAM: ANKLE 3V RIGHT. HISTORY: Inversion injury stepping off a kerb. FINDINGS: Oblique fracture of the distal "
      "fibula at the level of the syndesmosis, Weber B. Medial clear space is preserved. IMPRESSION: Weber B fracture.",
      True, "ankle", 61, "ANKLE RIGHT"),
    R("Bimalleolar ankle fracture with lateral talar shift.", True, "ankle", 70, "ANKLE LEFT"),
    R("IMPRESSION: Acute nondisplaced fracture of the medial malleolus.", True, "ankle", 66),
    R("XR THORACIC SPINE. HISTORY: Back pain after lifting groceries. FINDINGS: New moderate compression fracture of T12 "
      "with approximately 40% loss of anterior vertebral body height. No retropulsion. IMPRESSION: T12 compression "
      "fracture, new since prior.", True, "vertebra", 73, "T SPINE"),
    R("CT CHEST W CONTRAST. FINDINGS: Lungs: scattered subpleural reticulation. Mediastinum: no adenopathy. Bones: "
      "moderate compression deformity of T8, age indeterminate. IMPRESSION: No pulmonary embolism.", True, "vertebra",
      78, "CHEST"),
    R("PA and lateral chest. Clear lungs. Mild wedging of a lower thoracic vertebral body on the lateral view.", True,
      "vertebra", 84, "CHEST"),
    R("IMPRESSION: Chronic-appearing L1 superior endplate compression deformity, unchanged.", True, "vertebra", 76,
      "L SPINE"),
    R("Known old L2 fracture. New acute L4 compression fracture with 25% height loss.", True, "vertebra", 82, "L SPINE"),
    R("CT ABD/PELVIS. INCIDENTAL: Mild compression fractures of L1 and L3.", True, "vertebra", 71, "ABDOMEN"),
    R("HISTORY: Fall at nursing home. FINDINGS: There is an acute transverse fracture through the left patella with "
      "2 mm diastasis.", True, "other", 87, "KNEE LEFT"),
    R("Acute nondisplaced fractures of the left 8th and 9th ribs laterally. No pneumothorax.", True, "other", 79, "CHEST"),
    R("IMPRESSION: Acute fracture of the right radial head, nondisplaced.", True, "other", 64, "ELBOW RIGHT"),
    R("FINDINGS: Subtle lucency at the right femoral neck which could represent a nondisplaced fracture. MRI "
      "recommended. IMPRESSION: Possible occult right femoral neck fracture.", True, "hip", 85, "HIP RIGHT"),
    R("Questionable nondisplaced fracture of the scaphoid waist; recommend repeat imaging in 10-14 days.", True, "wrist",
      56, "WRIST LEFT"),
    R("IMPRESSION: Findings suspicious for nondisplaced fracture of the left sacral ala.", True, "pelvis", 80, "PELVIS"),
    R("Cannot exclude a subtle fracture of the right proximal humerus.", True, "humerus", 75, "SHOULDER RIGHT"),
    R("EXAM: XR PELVIS AP. HISTORY: Fall. FINDINGS: Healed deformity of the left inferior pubic ramus from prior "
      "fracture. Acute fracture of the right superior pubic ramus. IMPRESSION: Acute right superior ramus fracture.",
      True, "pelvis", 89, "PELVIS"),
    R("Healed fracture L distal radius. Acute fx of the L proximal humerus.", True, "humerus", 77, "SHOULDER LEFT"),
    R("Status post ORIF distal radius, hardware intact. New subcapital fracture of the right hip.", True, "hip", 83,
      "HIP RIGHT"),
    R("FINDINGS: Moderate-severe osteopenia. Acute impacted fracture of the left humeral neck.", True, "humerus", 91,
      "SHOULDER LEFT"),
    R("XR HIP. There is a basicervical fracture of the left femur.", True, "hip", 79, "HIP LEFT"),
    R("IMPRESSION: Periprosthetic fracture about the femoral stem of the left hip arthroplasty.", True, "hip", 82,
      "HIP LEFT"),
    R("FINDINGS: L3 vertebral body demonstrates biconcave endplate depression, likely osteoporotic.", True, "vertebra",
      70, "L SPINE"),
    R("Acute fx of the distal third of the fibula.", True, "ankle", 60, "ANKLE"),
    R("Clavicle: acute midshaft fracture with 1 shaft width displacement.", True, "other", 72, "CLAVICLE"),
    R("HISTORY: Slipped in shower. IMPRESSION: Acute trimalleolar fracture-dislocation of the right ankle.", True,
      "ankle", 68, "ANKLE RIGHT"),
    # --- Not candidates ------------------------------------------------------------------------
    R("EXAM: XR HIP LEFT. HISTORY: Fall, r/o fracture. FINDINGS: No acute fracture or dislocation. Mild degenerative "
      "changes. IMPRESSION: No acute osseous abnormality.", False, "", 82, "HIP LEFT"),
    R("HISTORY: Eval for fx. IMPRESSION: Negative for fracture.", False, "", 70, "WRIST"),
    R("No acute osseous abnormality.", False, "", 75, "ANKLE"),
    R("HISTORY: ?hip fracture. FINDINGS: Questionable lucency at the femoral neck is likely due to overlapping "
      "soft tissue. IMPRESSION: No fracture.", False, "", 88, "HIP"),
    R("IMPRESSION: No radiographic evidence of acute fracture. Old healed right rib fractures.", False, "", 77, "CHEST"),
    R("Healed distal radius fracture with mild residual dorsal angulation.", False, "", 74, "WRIST"),
    R("Remote healed fracture of the left clavicle. No acute findings.", False, "", 81, "CHEST"),
    R("Old healed fracture deformity of the left fifth metatarsal.", False, "", 66, "FOOT"),
    R("IMPRESSION: Nondisplaced fracture of the tuft of the right index finger.", False, "", 71, "FINGER"),
    R("FINDINGS: Fracture of the proximal phalanx of the 4th toe.", False, "", 69, "FOOT"),
    R("CT HEAD/FACE. FINDINGS: Acute fracture of the left zygomatic arch and lateral orbital wall. IMPRESSION: Left "
      "zygomaticomaxillary complex fracture.", False, "", 78, "FACE"),
    R("CT HEAD: Nondisplaced linear fracture of the right temporal bone. No intracranial hemorrhage.", False, "", 80,
      "HEAD"),
    R("HISTORY: Known metastatic lung cancer. FINDINGS: Pathologic fracture of the left proximal femur through a "
      "destructive lytic lesion.", False, "", 67, "FEMUR LEFT"),
    R("FINDINGS: Lytic lesion of the right humeral neck with an associated fracture.", False, "", 72, "SHOULDER"),
    R("HISTORY: Multiple myeloma. FINDINGS: Multilevel compression fractures T10-L2.", False, "", 70, "SPINE"),
    R("HISTORY: MVC, restrained driver. FINDINGS: Acute fracture of the right distal radius.", False, "", 55,
      "WRIST RIGHT"),
    R("HISTORY: Motorcycle crash. IMPRESSION: Comminuted left tibial plateau fracture.", False, "", 58, "KNEE LEFT"),
    R("HISTORY: Fall from roof, approximately 12 feet. FINDINGS: L1 burst fracture.", False, "", 62, "L SPINE"),
    R("HISTORY: Pedestrian struck. IMPRESSION: Right superior and inferior pubic rami fractures.", False, "", 74,
      "PELVIS"),
    R("IMPRESSION: Acute displaced fracture of the left distal radius.", False, "", 34, "WRIST LEFT"),
    R("Acute left femoral neck fracture.", False, "", 45, "HIP LEFT"),
    R("PA and lateral chest. Heart size is normal. No focal consolidation. Degenerative changes of the thoracic spine.",
      False, "", 79, "CHEST"),
    R("EXAM: XR KNEE. FINDINGS: Tricompartmental osteoarthritis, severe medially. Small joint effusion. IMPRESSION: "
      "Osteoarthritis. No fracture.", False, "", 73, "KNEE"),
    R("DEXA: Lowest T-score -2.9 at the lumbar spine. FRAX 10-year probability of major osteoporotic fracture 24%, hip "
      "fracture 6.2%. IMPRESSION: Osteoporosis.", False, "", 68, "DXA"),
    R("CT LUMBAR SPINE. FINDINGS: Vertebral body heights are maintained. Multilevel facet arthropathy. IMPRESSION: No "
      "acute fracture.", False, "", 77, "L SPINE"),
    R("XR SHOULDER. No fracture or dislocation. Calcific tendinitis of the supraspinatus.", False, "", 64, "SHOULDER"),
    R("IMPRESSION: Suspected scaphoid fracture on outside films is not confirmed. Normal wrist.", False, "", 59, "WRIST"),
    R("FINDINGS: Lucency previously questioned at the distal radius is not seen on these dedicated views. "
      "IMPRESSION: No fracture.", False, "", 71, "WRIST"),
    R("HISTORY: Fall. FINDINGS: Intact hip. Osteopenia. IMPRESSION: Negative study.", False, "", 84, "HIP"),
    R("ABDOMEN: Nonobstructive bowel gas pattern. Large stool burden.", False, "", 82, "ABDOMEN"),
    R("Interval healing of the previously seen right distal radius fracture with bridging callus; near complete union.",
      False, "", 70, "WRIST", "follow-up film of a known fracture: arguable"),
]


# Written after the error analysis of the first held-out set: clinicians' abbreviations, named
# fractures, DXA risk wording and vertebral height-loss phrasing.
WORDING_CASES = [
    R("INDICATION: Fall at home. FINDINGS: # R NOF, Garden IV. OPINION: Displaced right subcapital #.", True, "hip"),
    R("HISTORY: Fall. FINDINGS: Fxs of the L superior and inferior pubic rami. IMPRESSION: L pubic rami fxs.", True, "pelvis"),
    R("Findings: Dorsally angulated Colles fracture.", True, "wrist", body_part="WRIST"),
    R("FINDINGS: Smith type fracture of the distal radius with volar angulation.", True, "wrist"),
    R("Findings: Fractured surgical neck of the left humerus.", True, "humerus"),
    R("IMPRESSION: Periprosthetic fracture around the right hemiarthroplasty (Vancouver B1).", True, "hip"),
    R("Findings: Trimalleolar fracture-dislocation of the left ankle.", True, "ankle"),
    R("Findings: Weber C fx with widening of the syndesmosis.", True, "ankle", body_part="ANKLE"),
    R("CXR. Findings: Lungs clear. Partial collapse of the T9 vertebral body, not previously reported.", True, "vertebra",
      body_part="CHEST"),
    R("CT ABDOMEN. Findings: New 40% anterior height loss of L2. No retropulsion.", True, "vertebra"),
    R("Findings: Mild compression fracture. Conclusion: Compression fracture, lower thoracic spine.", True, "vertebra",
      body_part="CHEST"),
    R("Findings: Superior endplate depression at L3, age indeterminate.", True, "vertebra"),
    R("Findings: Subtle fracture of the right greater tuberosity.", True, "humerus", note="uncertain"),
    R("MRI PELVIS. IMPRESSION: Bilateral sacral insufficiency fractures.", True, "pelvis"),
    R("DXA. Results: L1-L4 T-score -3.1. FRAX:\nMajor osteoporotic fracture: 21%\nHip fracture: 5.4%\n"
      "Impression: Osteoporosis.", False, body_part="DXA", note="no fracture"),
    R("DEXA: Femoral neck T-score -2.2. 10-year hip fracture risk 3.1%. Probability of major osteoporotic fracture 14%.",
      False, body_part="DXA", note="no fracture"),
    R("DXA. FRAX: hip fracture 2.8%. VFA: Moderate wedge fracture of T12.", True, "vertebra", body_part="DXA"),
    R("Findings: Left lower lobe collapse. No fracture.", False, body_part="CHEST", note="negated"),
    R("LUMBAR SPINE. Findings: Loss of disc height at L4/5 and L5/S1. Vertebral body heights maintained.", False,
      note="no fracture"),
    R("HISTORY: MVC, restrained driver. FINDINGS: Fx of the L distal radius.", False, note="high energy"),
    R("HISTORY: Pedestrian vs car. FINDINGS: Fracture of the right tibial plateau.", False, note="high energy"),
    R("INDICATION: Known myeloma. FINDINGS: Fracture of the left 6th rib.", False, note="pathological"),
    R("Findings: Well corticated fragment at the ulnar styloid from an old avulsion fracture.", False, note="historical"),
    R("Findings: Remodeled fracture of the left clavicle.", False, note="historical"),
    R("Findings: Appearances are those of degenerative change rather than fracture.", False, note="negated"),
    R("Findings: Lucency at the right femoral neck. ADDENDUM: On CT this is a vascular channel; no fracture.", False,
      note="negated"),
]


def labelled_reports() -> list[LabelledReport]:
    return _generated(random.Random(8)) + HARD_CASES + FORMER_HELDOUT_REPORTS + WORDING_CASES


LABELLED_REPORTS = labelled_reports()
