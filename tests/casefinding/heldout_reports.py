"""The held-out set: reports in wording the rules were not tuned on.

Written after the rules and lexicon were frozen on labelled_reports.py, in a different voice: a
North American style (HISTORY / IMPRESSION, "fx", "nondisplaced", "acute osseous abnormality"),
terse dictation without headers, and long narrative CT reports. Nothing here was used to change a
rule; the benchmark reports these figures as the estimate for unseen wording, misses included.
"""
from tests.casefinding.labelled_reports import LabelledReport as R

HELDOUT_REPORTS = [
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
