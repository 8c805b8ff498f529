"""Second held-out evaluation set of synthetic radiology reports ("heldout2").

How it was written
------------------
Written by hand on 2026-11-24 by a helper session that was deliberately kept
blind to the screening rules: it did not read anything under ``casefinding/``,
the existing labelled or held-out report sets, or BENCHMARKS.md. The only inputs
were the task definition (issue 8) and the project's clinical reference (now docs/clinical-rules.md). The
aim is to imitate the reports of a new hospital whose radiologists have never
seen the lexicon: UK NHS, US and Australian house styles, terse and verbose
authors, upper-case headers, reports with no headers, addenda, and the odd typo.

Labels follow the brief, decided per report by a person, not by any program:

* ``candidate`` is True when the report shows a fracture a fracture liaison
  service should see: a new or current fracture (including a healing, not yet
  united, fracture on a follow-up film), or an uncertain/possible one that still
  needs a person to look, at the hip, spine (any vertebral fracture or
  deformity, old ones included), wrist/distal radius, proximal humerus, pelvis
  (including sacrum and acetabulum), ankle, or another long bone or rib, in a
  patient aged 50 or over at the exam after low trauma.
* Not candidates: no fracture, fracture excluded or not confirmed; old healed or
  united fractures outside the spine; fingers, toes, skull and facial bones;
  pathological fractures (metastasis, myeloma, lytic lesion); high-energy
  mechanisms in the clinical details (RTC/MVA, fall from height, ladder, roof,
  crush injury); patients under 50 at the exam.
* ``site`` is one of "hip", "vertebra", "wrist", "humerus", "pelvis", "ankle",
  "other", or None when the report is not a candidate.

THIS SET MUST NEVER BE USED TO TUNE THE LEXICON OR THE RULES. It exists only to
measure how the screen does on wording it has not seen. If a report here is
misclassified, fix the rules from first principles or from the development set,
never by adding this set's phrases; once it has been used for tuning it is no
longer held out and a new blind set must be written.
"""

import textwrap

REPORTS = []


def _add(age, modality, body_part, candidate, site, text):
    """Append one report; accession numbers are assigned in order."""
    assert (site is None) == (not candidate)
    REPORTS.append(
        {
            "accession": "H2-%04d" % (len(REPORTS) + 1),
            "age": age,
            "modality": modality,
            "body_part": body_part,
            "report_text": textwrap.dedent(text).strip("\n"),
            "candidate": candidate,
            "site": site,
        }
    )


# ---------------------------------------------------------------------------
# Hip
# ---------------------------------------------------------------------------

_add(84, "XR", "Pelvis and left hip", True, "hip", """
    Clinical details: Fall at home from standing. Shortened externally rotated L leg. ?# NOF
    Findings: There is a displaced subcapital fracture of the left neck of femur with proximal migration of the femoral shaft. Right hip unremarkable. Pelvic ring intact.
    Conclusion: Displaced left subcapital NOF fracture (Garden IV).
""")

_add(79, "XR", "Right hip", True, "hip", """
    CLINICAL DETAILS: Found on floor by carer, pain R groin, unable to weight bear.
    FINDINGS: Intertrochanteric fracture of the right femur with mild varus angulation and a separate lesser trochanter fragment.
    OPINION: Comminuted right intertrochanteric fracture.
""")

_add(91, "XR", "Hip", True, "hip", """
    Indication: 91F slipped in bathroom, R hip pain.
    Findings: Subtle cortical step at the lateral aspect of the right femoral neck with a faint sclerotic band. Appearances are suspicious for an impacted undisplaced fracture.
    Impression: Possible impacted right femoral neck fracture. Recommend MRI if clinical concern persists.
""")

_add(73, "MR", "Pelvis / hips", True, "hip", """
    History: Fall 3/7 ago, plain films negative, persisting inability to weight bear. ?occult fracture.
    Technique: Coronal STIR and T1 of the pelvis.
    Findings: Linear low T1 signal line traversing the left intertrochanteric region with surrounding marrow oedema, extending to but not through the medial cortex.
    Conclusion: Occult incomplete intertrochanteric fracture left hip. No pubic ramus fracture.
""")

_add(88, "XR", "Left hip", False, None, """
    Clinical details: Fall. ?#NOF.
    Findings: No fracture is demonstrated. Moderate osteoarthritis of both hips with joint space loss superiorly. Vascular calcification.
    Conclusion: No fracture seen. OA.
""")

_add(67, "CT", "Hip", True, "hip", """
    Reason for exam: Mechanical fall, hip pain, XR equivocal
    FINDINGS: There is a nondisplaced fracture of the left greater trochanter. On close inspection the fracture line extends into the intertrochanteric region for approximately 2 cm. Femoral neck intact.
    IMPRESSION:
    1. Nondisplaced left greater trochanteric fracture with intertrochanteric extension.
    2. Degenerative changes lower lumbar spine.
""")

_add(82, "XR", "Pelvis", False, None, """
    Clinical Details: Fall, query hip fracture
    Report: Both femoral necks are intact with normal trabecular pattern. The pubic rami and sacral arcades appear intact. Right total hip replacement in satisfactory position with no periprosthetic lucency.
    Conclusion: No acute bony injury.
""")

_add(76, "XR", "R hip", True, "hip", """
    fall onto R side at home, pain ++
    Minimally displaced basicervical fracture R NOF. No dislocation.
""")

_add(95, "XR", "Left hip post op", True, "hip", """
    Clinical details: Day 1 post DHS for left intertrochanteric fracture.
    Findings: Dynamic hip screw fixation of the left intertrochanteric fracture. Alignment satisfactory, lag screw centrally placed within the femoral head. No complication seen.
    Conclusion: Satisfactory post-operative appearances.
""")

_add(46, "XR", "Right hip", False, None, """
    Clinical details: 46M epileptic seizure, fell, R hip pain.
    Findings: Undisplaced fracture of the right femoral neck.
    Conclusion: Right femoral neck fracture. Orthopaedic referral.
""")

_add(71, "XR", "Hip", False, None, """
    Clinical details: Fell from ladder approx 3 m while cleaning gutters. L hip pain.
    Findings: Displaced transcervical fracture of the left femoral neck.
    Conclusion: Left NOF #.
""")

_add(86, "XR", "Both hips", True, "hip", """
    History: Recurrent falls, now painful R hip.
    Findings: Acute displaced subcapital fracture of the right femoral neck. There is an old healed left intertrochanteric fracture treated with a DHS, the plate and screws intact.
    Impression: New right subcapital fracture. Old fixed left hip fracture.
""")

_add(68, "XR", "Left hip", False, None, """
    INDICATION: ?fracture
    FINDINGS: Lucent line projected over the femoral neck on the AP view, not reproduced on the lateral and in keeping with overlying skin fold.
    CONCLUSION: No fracture identified.
""")

_add(81, "CT", "Pelvis", False, None, """
    Clinical details: Known metastatic breast carcinoma. Fall. L hip pain.
    Findings: Large lytic lesion in the left intertrochanteric region with a pathological fracture through it. Further lytic deposits in the right iliac bone and L5.
    Conclusion: Pathological fracture left proximal femur through a metastasis.
""")

_add(77, "XR", "Right femur", True, "hip", """
    Hx: 77yo lady tripped over rug. R leg shortened.
    Findings: Subtrochanteric fracture R femur, transverse, with lateral cortical beaking. Diffuse osteopenia. ?atypical femoral fracture - pt on alendronate per notes.
    Conclusion: R subtrochanteric #, features suggesting atypical femoral fracture.
""")

# ---------------------------------------------------------------------------
# Vertebra / spine
# ---------------------------------------------------------------------------

_add(74, "XR", "Chest", True, "vertebra", """
    Clinical details: SOB, ?infection.
    Findings: Lungs clear. No consolidation or effusion. Heart size normal. Incidental note is made of a wedge compression deformity of a mid-thoracic vertebral body on the lateral view, age indeterminate.
    Conclusion: No acute cardiopulmonary process. Thoracic vertebral wedge deformity.
""")

_add(69, "XR", "Lumbar spine", True, "vertebra", """
    CLINICAL DETAILS: Sudden onset back pain lifting shopping. Osteoporosis on DEXA.
    FINDINGS: There is approximately 40% anterior loss of height of L1, new since the previous film of 2024. Other vertebral body heights maintained. Facet joint arthropathy L4-S1.
    CONCLUSION: Acute osteoporotic wedge fracture of L1.
""")

_add(83, "CT", "Abdomen and pelvis", True, "vertebra", """
    Indication: Abdominal pain, ?diverticulitis
    Findings:
    Sigmoid diverticulosis with mild pericolic fat stranding in keeping with uncomplicated diverticulitis. No collection or free gas.
    Liver, spleen, pancreas and kidneys unremarkable.
    Bones: Chronic-appearing superior endplate compression deformity of T12 with about 25% height loss. No retropulsion.
    Impression:
    1. Uncomplicated sigmoid diverticulitis.
    2. T12 compression deformity, likely chronic.
""")

_add(78, "MR", "Thoracolumbar spine", True, "vertebra", """
    History: Back pain after minor fall. ?new fracture ?cord compromise.
    Findings: Acute-appearing fracture of L2 with STIR hyperintensity and 30% central loss of height. Chronic healed wedge fractures of T11 and T12 without oedema. No retropulsion; conus normal.
    Conclusion: Acute L2 insufficiency fracture on a background of old T11/T12 fractures.
""")

_add(63, "XR", "Chest", False, None, """
    Clinical details: Pre-op.
    Findings: Normal heart size. Clear lungs. Thoracic vertebral body heights are maintained. No bony abnormality.
    Conclusion: Normal chest radiograph.
""")

_add(72, "CT", "Thorax", True, "vertebra", """
    CT THORAX WITH CONTRAST
    Indication: Follow up of 6 mm lung nodule.
    The right upper lobe nodule is stable at 6 mm. No new nodule. No lymphadenopathy.
    Incidental: mild biconcave deformity of T7 and T9 vertebral bodies, in keeping with osteoporotic fractures. Suggest bone health assessment.
    Opinion: Stable nodule. Osteoporotic vertebral fractures T7 and T9.
""")

_add(80, "MR", "Lumbar spine", False, None, """
    Clinical details: Known myeloma, new back pain.
    Findings: Diffuse heterogeneous marrow infiltration. Collapse of L3 with a soft tissue component extending into the epidural space. Appearances are of a pathological fracture due to myeloma.
    Conclusion: Pathological L3 collapse (myeloma). Urgent oncology discussion.
""")

_add(44, "XR", "Lumbar spine", False, None, """
    Clinical details: Back pain after slip on ice.
    Findings: Mild anterior wedge compression fracture of L1, approximately 15%. Posterior elements intact.
    Conclusion: L1 compression fracture.
""")

_add(87, "XR", "Thoracic spine", True, "vertebra", """
    history: kyphosis, pain
    There are multiple wedged thoracic vertebrae T6-T10, worst at T8 where there is >50% height loss. Severe osteopenia. Appearances of established osteoporosis with multiple fractures. Old healed R rib fractures also noted.
""")

_add(70, "DXA", "Lumbar spine and hip", True, "vertebra", """
    DXA SCAN WITH VERTEBRAL FRACTURE ASSESSMENT
    Clinical details: Height loss 4 cm, postmenopausal.
    Results: L1-L4 T-score -2.7. Total hip T-score -2.1. Femoral neck T-score -2.4.
    VFA: Genant grade 2 (moderate) wedge fracture of T12. Remaining vertebrae normal in shape.
    Conclusion: Osteoporosis with a vertebral fracture (established osteoporosis). 10-year probability of major osteoporotic fracture (FRAX) 24%, hip 6.1%.
""")

_add(61, "XR", "Lumbar spine", False, None, """
    Indication: Chronic LBP.
    Findings: Lumbar vertebral body heights are preserved. Disc space narrowing L5/S1 with endplate sclerosis. No spondylolisthesis. No fracture.
    Impression: Degenerative disc disease L5/S1.
""")

_add(58, "XR", "Chest", True, "vertebra", """
    CXR PA & LAT
    Hx: Cough 3 wks, smoker.
    Lungs clear, no mass. Mild hyperinflation. On the lateral there is slight loss of anterior height of T11 - ?old crush.
    Impression: No active lung disease. ?mild T11 wedge fracture, correlate with symptoms.
""")

_add(66, "CT", "Cervical spine", False, None, """
    Clinical details: RTC, car vs lorry, neck pain, GCS 15.
    Findings: Fracture of the C6 vertebral body with minor anterior wedging. No facet dislocation. Prevertebral soft tissues mildly thickened.
    Conclusion: C6 vertebral body fracture. Spinal team informed.
""")

_add(75, "XR", "Lumbar spine", True, "vertebra", """
    CLINICAL INFORMATION: Fall from standing, low back pain.
    REPORT: Vertebral body heights are preserved within the lumbar spine. There is however a compression fracture of the superior endplate of T12 partly included at the top of the film. Recommend dedicated thoracolumbar views.
    IMPRESSION: T12 superior endplate fracture.
""")

_add(84, "CT", "CT abdomen pelvis (CT KUB)", False, None, """
    Indication: Left loin pain, ?stone.
    Findings: 4 mm calculus at the left VUJ with mild hydroureteronephrosis. Right kidney normal. Bones: degenerative changes of the lumbar spine, vertebral body heights maintained, no compression deformity.
    Impression: Obstructing left VUJ calculus.
""")

_add(90, "XR", "Chest", True, "vertebra", """
    Clinical details: Fall, ?rib #
    Findings: No rib fracture is seen. No pneumothorax. There is a severe crush fracture of a lower thoracic vertebra, approx T10, not previously imaged. 
    Conclusion: No rib fracture. T10 vertebral collapse - ?osteoporotic; correlate clinically.
""")

_add(55, "MR", "Whole spine", False, None, """
    History: Lung Ca, back pain.
    Findings: Multiple T1 hypointense lesions throughout the thoracic and lumbar spine consistent with metastases. Pathological collapse of T9 with posterior wall involvement and mild cord indentation.
    Impression: Widespread spinal metastases with pathological T9 fracture. MSCC pathway.
""")

_add(64, "XR", "Thoracolumbar spine", True, "vertebra", """
    Clinical details: Ongoing back pain, L1 # 6 weeks ago, follow up.
    Findings: Stable appearance of the L1 wedge fracture, approximately 30% anterior height loss, unchanged from the previous radiograph. No new fracture.
    Conclusion: Stable L1 fracture.
""")

_add(79, "CT", "Thorax abdomen pelvis", True, "vertebra", """
    STAGING CT TAP. Colorectal ca.
    No evidence of metastatic disease. No lymphadenopathy.
    BONES: No suspicious osseous lesion. Old wedge fracture of L1 and mild endplate depression of L3, no lytic or sclerotic lesion in relation to either.
    IMPRESSION: No metastases. Incidental L1 and L3 osteoporotic fractures.
""")

_add(81, "XR", "Lumbar spine", False, None, """
    Clinical details: Back pain. ?crush fracture.
    Findings: Mild scoliosis convex to the left. Multilevel degenerative disc disease. No vertebral collapse or wedging. Normal bone density for age.
    Conclusion: Degenerative changes. No fracture.
""")

# ---------------------------------------------------------------------------
# Wrist / distal radius
# ---------------------------------------------------------------------------

_add(67, "XR", "Left wrist", True, "wrist", """
    Clinical details: FOOSH on ice, deformity L wrist.
    Findings: Extra-articular transverse fracture of the distal radius with dorsal angulation and impaction. Fracture of the ulnar styloid.
    Conclusion: Colles type fracture left distal radius.
""")

_add(72, "XR", "Right wrist", True, "wrist", """
    Hx tripped on pavement landed on back of hand
    Distal radial fracture with volar displacement of the distal fragment = Smith's fracture. Intra-articular extension not seen. Ulna intact.
""")

_add(58, "XR", "Wrist", True, "wrist", """
    INDICATION: Fall onto outstretched hand, snuffbox tenderness, ?scaphoid.
    FINDINGS: No scaphoid fracture seen on the dedicated views. There is a subtle buckle of the dorsal cortex of the distal radial metaphysis.
    IMPRESSION: Torus fracture distal radius. No scaphoid fracture seen; repeat imaging in 10-14 days if clinically suspected.
""")

_add(63, "XR", "L wrist", False, None, """
    Clinical details: Fall ?# wrist
    Findings: Bones and joints appear normal. Soft tissue swelling dorsally. No fracture seen.
    Conclusion: No bony injury.
""")

_add(49, "XR", "Right wrist", False, None, """
    Clinical details: 49F slipped on wet floor, pain R wrist.
    Findings: Minimally displaced fracture of the distal radius, extra-articular.
    Conclusion: Distal radius fracture.
""")

_add(50, "XR", "Left wrist", True, "wrist", """
    Clinical details: 50F fell in the garden onto outstretched L hand.
    Findings: Undisplaced intra-articular fracture of the distal radius extending to the radiocarpal joint. Carpus intact.
    Conclusion: Undisplaced intra-articular DR fracture.
""")

_add(77, "XR", "Both wrists", True, "wrist", """
    Clinical details: Tripped over dog, fell forwards onto both hands.
    Findings: RIGHT: Dorsally angulated and impacted distal radial fracture with ulnar styloid avulsion. LEFT: Undisplaced fracture of the distal radial metaphysis.
    Conclusion: Bilateral distal radius fractures.
""")

_add(70, "XR", "Right wrist", True, "wrist", """
    Clinical details: Fracture clinic, 2 weeks post MUA and POP R distal radius #.
    Findings: Healing distal radius fracture in plaster. Slight loss of position with 10 degrees of dorsal tilt, previously neutral. Early callus.
    Conclusion: Healing DR fracture, slight loss of position since MUA.
""")

_add(74, "XR", "Left wrist", False, None, """
    Clinical details: Wrist pain, previous fracture years ago.
    Findings: Old united fracture of the distal radius with mild shortening and a prominent ulnar styloid. Degenerative change at the DRUJ. No acute fracture.
    Conclusion: Old healed distal radius fracture. No acute injury.
""")

_add(68, "XR", "Wrist", True, "wrist", """
    Clinical Details: Fall. Tender distal radius.
    Report: Questionable subtle cortical irregularity of the radial aspect of the distal radius; a fracture cannot be excluded. No displacement. 
    Conclusion: ?Undisplaced distal radius fracture - suggest clinical review and repeat films if symptoms persist.
""")

_add(82, "XR", "R wrist", True, "wrist", """
    FOOSH. Comminuted intra-articular distal radius fracture, dorsal tilt 30 deg, radial shortening 6 mm. Ulnar styloid #. Osteopenic bones.
""")

_add(62, "XR", "Left wrist", False, None, """
    Clinical details: Came off motorbike at speed (RTC), L wrist deformity.
    Findings: Displaced comminuted fracture of the distal radius with intra-articular extension.
    Conclusion: Comminuted distal radius fracture.
""")

_add(66, "CT", "Right wrist", True, "wrist", """
    Indication: Distal radius fracture on XR after fall from standing, pre-operative planning.
    Findings: Intra-articular fracture of the distal radius with a separate die-punch fragment and 2 mm articular step. Dorsal comminution. Undisplaced ulnar styloid base fracture.
    Impression: Intra-articular distal radius fracture with die-punch fragment.
""")

_add(59, "XR", "Left wrist", False, None, """
    Clinical details: ?fracture, fell off step.
    Findings: Normal alignment. The apparent lucency on the lateral view is the overlapping pisiform. No fracture.
    Conclusion: No fracture seen.
""")

# ---------------------------------------------------------------------------
# Proximal humerus / shoulder
# ---------------------------------------------------------------------------

_add(78, "XR", "Left shoulder", True, "humerus", """
    Clinical details: Fall at home onto L shoulder.
    Findings: Impacted fracture of the surgical neck of the left humerus with minimal displacement. Glenohumeral joint congruent.
    Conclusion: Surgical neck of humerus fracture.
""")

_add(71, "XR", "Right shoulder", True, "humerus", """
    INDICATION: Tripped, landed on R side, pain and bruising upper arm.
    FINDINGS: Three-part proximal humeral fracture involving the surgical neck and greater tuberosity, with 1 cm displacement of the tuberosity fragment. No dislocation.
    IMPRESSION: 3-part PHF right.
""")

_add(64, "XR", "Shoulder", True, "humerus", """
    Hx: fall, cannot abduct
    Findings: Possible undisplaced fracture of the greater tuberosity, seen on the external rotation view only. 
    Conclusion: ?Greater tuberosity fracture. If symptoms persist, consider MRI or repeat films.
""")

_add(69, "XR", "Left shoulder", False, None, """
    Clinical details: Fell onto L shoulder. ?#
    Findings: No fracture or dislocation. Acromioclavicular joint degenerative change. Calcific tendinopathy of supraspinatus.
    Conclusion: No bony injury.
""")

_add(85, "XR", "Right humerus", True, "humerus", """
    Clinical details: Unwitnessed fall in care home, bruised R arm.
    Findings: There is a comminuted fracture of the proximal humerus involving the humeral head, neck and both tuberosities, with anterior subluxation of the head.
    Conclusion: Four-part proximal humerus fracture-subluxation.
""")

_add(73, "XR", "Left shoulder", True, "humerus", """
    Clinical details: Anterior dislocation following slip in kitchen. Post reduction film.
    Findings: The glenohumeral joint is now reduced. There is an associated minimally displaced greater tuberosity fracture.
    Conclusion: Successful reduction. Greater tuberosity fracture.
""")

_add(60, "MR", "Right shoulder", False, None, """
    Indication: Shoulder pain after fall 2 months ago, ?rotator cuff tear, ?occult fracture.
    Findings: Full thickness tear of supraspinatus with 1.5 cm retraction. No bone marrow oedema and no fracture. Mild subacromial bursitis.
    Conclusion: Full thickness supraspinatus tear. No fracture.
""")

_add(80, "XR", "Left humerus", True, "humerus", """
    FRACTURE CLINIC REVIEW - 6/52 post L PHF, conservative management.
    Healing impacted fracture of the left proximal humerus with callus formation. Position unchanged. No AVN.
""")

_add(76, "XR", "Right shoulder", False, None, """
    Clinical details: Pain. Fracture 5 years ago.
    Findings: Old healed proximal humeral fracture with mild varus malunion. Moderate glenohumeral OA. No acute bony abnormality.
    Conclusion: Healed old fracture. OA.
""")

_add(57, "XR", "Left shoulder", False, None, """
    Clinical details: Known renal cell carcinoma. Shoulder pain, minimal trauma.
    Findings: Expansile lytic lesion within the proximal humeral metaphysis with a pathological fracture through it.
    Conclusion: Pathological fracture of the proximal humerus through a lytic lesion, likely metastasis.
""")

# ---------------------------------------------------------------------------
# Pelvis / sacrum
# ---------------------------------------------------------------------------

_add(86, "XR", "Pelvis", True, "pelvis", """
    Clinical details: Fall at home, groin pain, able to weight bear with difficulty. ?NOF.
    Findings: No femoral neck fracture. There are undisplaced fractures of the right superior and inferior pubic rami.
    Conclusion: No NOF #. Right pubic rami fractures.
""")

_add(79, "CT", "Pelvis", True, "pelvis", """
    Indication: Persistent buttock pain, no trauma, osteoporosis.
    Findings: Bilateral vertical sclerotic fracture lines through the sacral alae, with a horizontal component across S2. No destructive lesion.
    Impression: Bilateral sacral insufficiency fractures.
""")

_add(92, "XR", "Pelvis", True, "pelvis", """
    fall, unable to mobilise. bilateral superior and inferior pubic rami fractures, minimally displaced on the L. Hips intact. osteopenia.
""")

_add(74, "NM", "Whole body bone scan", True, "pelvis", """
    NM BONE SCINTIGRAPHY
    Clinical details: Low back and buttock pain. Previous breast ca 10 years ago, ?mets.
    Findings: Intense tracer uptake in an H-shaped pattern across the sacrum. No other abnormal focus in the skeleton.
    Conclusion: Appearances typical of a sacral insufficiency fracture. No scintigraphic evidence of skeletal metastases.
""")

_add(69, "XR", "Pelvis", False, None, """
    Clinical details: Pedestrian struck by car. Pelvic pain.
    Findings: Fractures of the left superior and inferior pubic rami with diastasis of the left SI joint.
    Conclusion: Unstable pelvic ring injury.
""")

_add(83, "XR", "Pelvis", False, None, """
    Indication: Groin pain post fall, query pubic ramus fracture.
    Findings: Pubic rami intact. SI joints normal. Left hip OA with subchondral cyst. Both NOFs intact.
    Impression: No fracture demonstrated. Left hip osteoarthritis.
""")

_add(77, "CT", "Pelvis", True, "pelvis", """
    Reason: Fall from standing, L hip pain, XR no fracture.
    FINDINGS: Undisplaced fracture of the left anterior acetabular column extending into the superior pubic ramus. Femoral head and neck intact.
    IMPRESSION: Left acetabular (anterior column) and superior pubic ramus fractures.
""")

_add(88, "MR", "Pelvis", True, "pelvis", """
    History: Sacral pain, ?insufficiency #
    Findings: Band-like T1 hypointensity and STIR hyperintensity in the right sacral ala paralleling the SI joint, consistent with an insufficiency fracture. Also a left parasymphyseal fracture of the pubic bone.
    Conclusion: Right sacral insufficiency fracture and left parasymphyseal fracture.
""")

_add(66, "XR", "Pelvis", False, None, """
    Clinical details: Known prostate ca, pelvic pain.
    Findings: Mixed sclerotic and lytic metastases throughout the pelvis with a pathological fracture of the right inferior pubic ramus.
    Conclusion: Extensive bony metastases. Pathological right inferior ramus fracture.
""")

# ---------------------------------------------------------------------------
# Ankle
# ---------------------------------------------------------------------------

_add(61, "XR", "Right ankle", True, "ankle", """
    Clinical details: Inversion injury stepping off kerb.
    Findings: Spiral fracture of the distal fibula at the level of the syndesmosis (Weber B). Medial clear space preserved. Talar dome intact.
    Conclusion: Weber B fracture right ankle, stable mortise.
""")

_add(72, "XR", "Left ankle", True, "ankle", """
    INDICATION: Twisted ankle on uneven ground.
    FINDINGS: Bimalleolar fracture with a transverse medial malleolar fracture and an oblique lateral malleolar fracture; lateral talar shift.
    IMPRESSION: Unstable bimalleolar ankle fracture.
""")

_add(56, "XR", "Ankle", False, None, """
    Clinical details: Rolled ankle at netball. Ottawa positive.
    Findings: No fracture seen. Lateral soft tissue swelling. Mortise congruent.
    Conclusion: No bony injury.
""")

_add(80, "XR", "Right ankle", True, "ankle", """
    Clinical details: slipped on stairs at home, swollen R ankle
    Findings: Trimalleolar fracture-dislocation of the right ankle with posterior malleolar fragment involving approximately 25% of the articular surface.
    Conclusion: Trimalleolar fracture-dislocation.
""")

_add(65, "XR", "Left ankle", True, "ankle", """
    Hx inversion injury, fell over in car park
    Small avulsion fracture from the tip of the lateral malleolus. Mortise intact. Soft tissue swelling.
""")

_add(53, "XR", "Right ankle", False, None, """
    Clinical details: Fell from roof while fixing tiles, approx 4m. Deformed R ankle.
    Findings: Comminuted fracture of the distal tibia extending into the tibial plafond (pilon) with associated fibular fracture.
    Conclusion: Pilon fracture.
""")

_add(70, "XR", "Left ankle", False, None, """
    Clinical details: Ankle pain. Historic fracture.
    Findings: Previous ORIF of the distal fibula with plate and screws; the fracture is united. Mild tibiotalar OA. No acute fracture.
    Conclusion: United distal fibular fracture. No acute abnormality.
""")

_add(75, "XR", "Ankle", True, "ankle", """
    CLINICAL DETAILS: fall, ?#
    FINDINGS: Subtle lucency through the posterior malleolus on the lateral view is suspicious for an undisplaced fracture. Lateral and medial malleoli intact.
    CONCLUSION: Possible undisplaced posterior malleolar fracture. CT could be considered.
""")

_add(67, "XR", "Right ankle", False, None, """
    Indication: ?fracture ankle after trip.
    Findings: Small ossicle adjacent to the medial malleolus, well corticated, in keeping with an os subtibiale or an old ununited avulsion. No acute fracture.
    Impression: No acute fracture.
""")

# ---------------------------------------------------------------------------
# Other sites (ribs, long bones)
# ---------------------------------------------------------------------------

_add(81, "XR", "Chest", True, "other", """
    Clinical details: Fall at home onto the corner of a table. L chest wall pain.
    Findings: Undisplaced fractures of the left 7th and 8th ribs laterally. No pneumothorax. Lungs clear.
    Conclusion: Left 7th/8th rib fractures. No pneumothorax.
""")

_add(76, "XR", "Chest", False, None, """
    Clinical details: Chest pain after fall.
    Findings: No acute fracture. Old healed rib fractures on the right. No pneumothorax or effusion. Heart normal size.
    Conclusion: No acute abnormality.
""")

_add(84, "CT", "Thorax", True, "other", """
    Indication: Tripped over the cat at home. Right sided chest pain, on apixaban.
    Findings: Acute minimally displaced fractures of the right 5th to 8th ribs posterolaterally with a small haemothorax. No pneumothorax. Old healed fracture of the right clavicle.
    Impression: Right 5-8 rib fractures with small haemothorax.
""")

_add(78, "XR", "Left knee", True, "other", """
    Clinical details: Fall from standing, unable to straight leg raise.
    Findings: Depressed fracture of the lateral tibial plateau with approximately 5 mm depression. Lipohaemarthrosis.
    Conclusion: Lateral tibial plateau fracture.
""")

_add(89, "XR", "Right femur", True, "other", """
    Clinical details: Fall in nursing home, R TKR in situ.
    Findings: Periprosthetic supracondylar fracture of the distal femur above the femoral component, with posterior angulation. The prosthesis appears well fixed.
    Conclusion: Periprosthetic distal femoral fracture.
""")

_add(62, "XR", "Left elbow", True, "other", """
    FOOSH walking the dog.
    Findings: Positive anterior and posterior fat pad signs. Undisplaced fracture of the radial head.
    Impression: Radial head fracture (Mason I).
""")

_add(45, "XR", "Chest", False, None, """
    Clinical details: Rib pain after fall off bike.
    Findings: Fracture of the right 6th rib anterolaterally. No pneumothorax.
    Conclusion: Right 6th rib fracture.
""")

_add(70, "XR", "Right hand", False, None, """
    Clinical details: Caught finger in door. Fall.
    Findings: Undisplaced fracture of the base of the proximal phalanx of the little finger. No other bony injury.
    Conclusion: Little finger proximal phalanx fracture.
""")

_add(82, "XR", "Left foot", False, None, """
    Clinical details: Stubbed toe.
    Findings: Comminuted fracture of the distal phalanx of the hallux. Hallux valgus.
    Conclusion: Fracture distal phalanx great toe.
""")

_add(77, "CT", "Head", False, None, """
    Clinical details: Fall, hit head, on warfarin.
    Findings: No intracranial haemorrhage. Undisplaced fracture of the right nasal bone. Small vessel ischaemic change. 
    Conclusion: No acute intracranial abnormality. Nasal bone fracture.
""")

_add(71, "CT", "Facial bones", False, None, """
    Indication: Fall onto face in garden.
    Findings: Fracture of the floor of the left orbit with herniation of orbital fat. Fracture of the left zygomatic arch. Left maxillary sinus haemosinus.
    Impression: Left orbital floor and zygomatic arch fractures.
""")

_add(85, "XR", "Left humerus", True, "other", """
    Clinical details: Fell getting up from her chair, L arm pain.
    Findings: Spiral fracture of the mid shaft of the left humerus with 1 cm overlap. Shoulder and elbow joints appear normal.
    Conclusion: Midshaft humeral fracture.
""")

_add(67, "XR", "Chest", False, None, """
    Clinical details: Palliative, known myeloma. Chest wall pain.
    Findings: Multiple lytic lesions in the ribs with pathological fractures of the left 4th and 5th ribs. Lungs clear.
    Conclusion: Myeloma deposits with pathological rib fractures.
""")

# ---------------------------------------------------------------------------
# Addenda, DXA, mixed styles and further hard cases
# ---------------------------------------------------------------------------

_add(74, "XR", "Right wrist", True, "wrist", """
    Clinical details: Fall onto R hand.
    Findings: No fracture identified. Soft tissue swelling.
    Conclusion: No fracture.

    ADDENDUM (reviewed at MSK meeting): On re-review there is a subtle undisplaced fracture of the radial styloid, best seen on the oblique view. Patient recalled to fracture clinic.
""")

_add(80, "XR", "Left hip", False, None, """
    Clinical details: Fall, L hip pain. ?NOF #
    Findings: Possible lucency at the left femoral neck, a subtle undisplaced fracture cannot be excluded.
    Conclusion: ?Undisplaced NOF fracture, suggest CT.

    Addendum: CT performed same day (see separate report). On CT there is no femoral neck fracture; the lucency on the radiograph represented overlapping soft tissue. Fracture excluded.
""")

_add(65, "DXA", "Lumbar spine and left hip", False, None, """
    BONE DENSITOMETRY
    Indication: Early menopause, family history of osteoporosis.
    Lumbar spine (L1-L4) BMD 0.912 g/cm2, T-score -1.6, Z-score -0.9.
    Left femoral neck BMD 0.701 g/cm2, T-score -1.8. Total hip T-score -1.2.
    Interpretation: Osteopenia. The FRAX 10-year probability of a major osteoporotic fracture is 9.8% and of hip fracture 1.4%, below the intervention threshold. Repeat in 3-5 years.
""")

_add(72, "DXA", "Spine and hip", False, None, """
    DXA REPORT
    Referral: Previous wrist fracture in 2019, on prednisolone.
    Results: Lumbar spine T-score -2.8, femoral neck T-score -2.6.
    Conclusion: Osteoporosis. Given prior fragility fracture and glucocorticoid use, the 10-year fracture probability is high (MOF 27%, hip 8%). Treatment recommended.
""")

_add(68, "DXA", "Spine, hip and VFA", False, None, """
    Clinical details: Osteopenia follow-up.
    Results: L1-L4 T-score -1.9 (previous -1.7). Total hip T-score -1.4.
    Vertebral fracture assessment: T4-L4 visualised. No vertebral fracture identified.
    Conclusion: Osteopenia, slight decline. No vertebral fracture. FRAX MOF 12%.
""")

_add(83, "XR", "Pelvis and R hip", True, "hip", """
    CLINICAL HISTORY: 83 year old female, fall at home, right hip pain.
    TECHNIQUE: AP pelvis, lateral right hip.
    FINDINGS: There is a mildly impacted subcapital fracture of the right femoral neck in valgus (Garden I). Left hip unremarkable. Old healed left superior pubic ramus fracture.
    IMPRESSION: Impacted right subcapital fracture.
""")

_add(70, "XR", "Left hip", False, None, """
    Clinical details: Hip pain. Previous fracture fixed 2015.
    Findings: Cannulated screws across a united left femoral neck fracture. No lucency around the screws. No new fracture. Early OA.
    Conclusion: Healed fixed NOF fracture. No acute abnormality.
""")

_add(75, "XR", "R hip", False, None, """
    ?#NOF. pt fell in the shower.
    No # seen. Both hips normal for age. If ongoing concern suggest MRI.
""")

_add(86, "XR", "Hip", True, "hip", """
    HISTORY: FALL. PAIN L HIP.
    FINDINGS: DISPLACED INTERTROCHANTERIC FRACTURE OF THE LEFT FEMUR. DEGENERATIVE CHANGE LUMBOSACRAL JUNCTION.
    OPINION: LEFT INTERTROCHANTERIC #.
""")

_add(60, "CT", "Abdomen", False, None, """
    Clinical details: MVA yesterday, abdominal pain, seatbelt sign.
    Findings: Small splenic laceration without active extravasation. Chance-type fracture through L2 with horizontal splitting of the posterior elements. No retroperitoneal haematoma.
    Impression: Grade II splenic injury. L2 Chance fracture.
""")

_add(78, "XR", "Chest", True, "vertebra", """
    Indication: Post line insertion.
    Right IJ central line tip at the cavoatrial junction. No pneumothorax. Lungs clear. Known old osteoporotic fractures of several thoracic vertebrae again noted, unchanged.
""")

_add(71, "XR", "Chest", False, None, """
    Clinical details: Productive cough, fever.
    Findings: Right lower lobe consolidation. No effusion. The bones are intact; no rib or vertebral fracture.
    Conclusion: Right lower lobe pneumonia.
""")

_add(82, "XR", "Thoracic spine", True, "vertebra", """
    Clinical details: Increasing kyphosis, mid back pain. No trauma.
    Findings: Anterior wedging of T7 (about 30%) and T8 (about 20%), likely chronic, with osteopenia. No destructive lesion.
    Conclusion: T7 and T8 wedge compression deformities, probably osteoporotic.
""")

_add(67, "MR", "Lumbar spine", True, "vertebra", """
    Indication: LBP radiating to R leg, ?disc.
    Findings: L4/5 broad-based disc bulge with right paracentral protrusion contacting the traversing right L5 nerve root. Incidental finding of a mild superior endplate fracture of L1 with low-grade marrow oedema, suggesting a recent osteoporotic fracture.
    Conclusion: L4/5 disc protrusion. Recent L1 endplate fracture.
""")

_add(85, "XR", "Lumbar spine", False, None, """
    Clinical details: Lower back pain, ?collapse
    Report: No evidence of vertebral collapse. Mild degenerative spondylolisthesis L4 on L5. Aortic calcification.
    Conclusion: Degenerative spondylolisthesis.
""")

_add(73, "XR", "Left wrist", True, "wrist", """
    CLINICAL HX: trip and fall, pain left wrist.
    FINDINGS: Fracture of the distal radius with dorsal angulation; there is also a healed old scaphoid waist fracture. No carpal malalignment.
    IMPRESSION: Acute distal radius fracture. Old united scaphoid fracture.
""")

_add(56, "XR", "Right wrist", True, "wrist", """
    Clin details - slippd on wet leaves, FOOSH, painfull wrist
    Findings - minimaly displaced # of distal radius, dorsal tilt ~5 deg. ulnar styliod intact.
    Concl - DR fx.
""")

_add(54, "XR", "Left wrist", False, None, """
    Clinical details: Punched a wall.
    Findings: Fracture of the neck of the fifth metacarpal with volar angulation (boxer's fracture). Wrist and distal radius normal.
    Conclusion: Fifth metacarpal neck fracture.
""")

_add(79, "XR", "Left shoulder", True, "humerus", """
    History: 79yo man fell in the street this morning. L shoulder pain.
    Findings: There is a fracture through the neck of the left humerus with lateral displacement of the shaft by half its width. No glenohumeral dislocation. Old healed fracture of the L clavicle.
    Impression: Displaced surgical neck fracture L humerus.
""")

_add(66, "XR", "Right shoulder", False, None, """
    CLINICAL DETAILS: ?Dislocation, fell off ladder.
    FINDINGS: Anterior dislocation of the right glenohumeral joint with a Hill-Sachs defect and a fracture of the greater tuberosity.
    CONCLUSION: Anterior shoulder fracture-dislocation.
""")

_add(72, "XR", "Right shoulder", False, None, """
    Clinical details: Fall 2 weeks ago, persistent pain. ?occult #.
    Findings: Bone density within normal limits. No fracture identified. Subacromial spur.
    Conclusion: No fracture. Features suggest subacromial impingement.
""")

_add(81, "CT", "Pelvis", True, "pelvis", """
    INDICATION: Fall at home. XR showed no hip fracture, still unable to walk.
    FINDINGS: Minimally displaced fractures of the left superior pubic ramus and left inferior pubic ramus. There is a buckle fracture of the left sacral ala anteriorly. Hips intact.
    IMPRESSION: Fragility fractures of the pelvic ring (left pubic rami and sacral ala).
""")

_add(63, "XR", "Pelvis", False, None, """
    Clinical details: Groin pain, ?ramus #.
    Findings: No fracture seen. Bilateral hip joint space narrowing. Enthesophytes at the iliac crests.
    Conclusion: No fracture; bilateral hip OA.
""")

_add(59, "XR", "Left ankle", True, "ankle", """
    Clinical details: Went over on ankle walking to the shops.
    Findings: Oblique fracture of the lateral malleolus at the level of the joint line, minimally displaced, consistent with a Weber B injury. The medial clear space measures 3 mm.
    Conclusion: Weber B lateral malleolus fracture.
""")

_add(47, "XR", "Right ankle", False, None, """
    Clinical details: 47 year old, twisted ankle running for bus.
    Findings: Bimalleolar fracture with mild talar shift.
    Conclusion: Bimalleolar ankle fracture.
""")

_add(69, "XR", "Right ankle", False, None, """
    INDICATION: Ankle injury, ?fracture.
    FINDINGS: No fracture is identified. Ankle mortise is congruent. Small plantar calcaneal spur.
    IMPRESSION: No acute osseous abnormality.
""")

_add(84, "XR", "Left ankle", True, "ankle", """
    Clinical details: Follow up Weber B # 3 weeks, in boot.
    Findings: Healing Weber B fracture of the distal fibula. No change in position. Mortise remains congruent.
    Conclusion: Healing fracture, satisfactory position.
""")

_add(88, "XR", "Ribs", True, "other", """
    Hx: Fall in bedroom onto bedside cabinet
    Acute fractures of the R 9th and 10th ribs posteriorly. Also old healed fractures of R 4th and 5th ribs. No PTX.
""")

_add(74, "CT", "Chest", False, None, """
    Indication: Fall from a height of 2 metres off scaffolding.
    Findings: Fractures of the left 3rd to 6th ribs with a small pneumothorax. Pulmonary contusion left upper lobe.
    Impression: Left rib fractures with pneumothorax.
""")

_add(63, "XR", "Right knee", False, None, """
    Clinical details: Fall, knee pain. ?fracture
    Findings: Moderate tricompartmental osteoarthritis. Small joint effusion. No fracture.
    Conclusion: OA. No fracture.
""")

_add(77, "XR", "Right forearm", True, "other", """
    Clinical details: Fell forward on outstretched arm, swelling mid forearm.
    Findings: Transverse fracture of the midshaft of the ulna with slight angulation. The radius and the proximal and distal radioulnar joints are intact.
    Conclusion: Isolated ulnar shaft fracture.
""")

_add(58, "XR", "Skull", False, None, """
    Clinical details: Fell and hit head on door frame.
    Findings: Linear undisplaced fracture of the right parietal bone. 
    Conclusion: Right parietal skull fracture. CT head advised.
""")

_add(73, "CT", "Facial bones", False, None, """
    Indication: Trip and fall, jaw pain, malocclusion.
    Findings: Fracture of the left mandibular angle and the right parasymphyseal mandible, minimally displaced.
    Impression: Bilateral mandibular fractures.
""")

_add(75, "XR", "Left foot", False, None, """
    Clinical details: Dropped tin on foot.
    Findings: Undisplaced fracture of the proximal phalanx of the 4th toe.
    Conclusion: 4th toe fracture.
""")

_add(69, "XR", "Right hand", False, None, """
    Fall, #thumb?
    Avulsion fracture at the base of the distal phalanx of the index finger (mallet). Thumb normal.
""")

_add(90, "XR", "Chest", True, "other", """
    CLINICAL DETAILS: Fall at home 2/7 ago, pleuritic pain left side.
    FINDINGS: Possible undisplaced fracture of the left 6th rib laterally. No pneumothorax. Small left effusion. Cardiomegaly.
    CONCLUSION: ?Left 6th rib fracture. Small effusion.
""")

_add(80, "NM", "Whole body bone scan", False, None, """
    Bone scan. Indication: Prostate cancer staging, PSA 48.
    Multiple foci of intense uptake in the spine, ribs and pelvis in a pattern typical of metastatic disease. Focal uptake in the left 7th rib is also likely metastatic.
    Conclusion: Widespread skeletal metastases.
""")

_add(76, "XR", "Chest", False, None, """
    Clinical details: Post fall, ?rib fractures.
    Findings: No displaced rib fracture seen. Lungs clear. No pneumothorax. Note that undisplaced rib fractures are often occult on radiographs.
    Conclusion: No fracture demonstrated.
""")

_add(71, "XR", "Lumbar spine", True, "vertebra", """
    Clin: back pain, osteoporosis on alendronate
    L2 and L4 vertebral bodies show biconcave deformity c/w old osteoporotic fractures. No acute fracture identified. Degenerative facets.
""")

_add(39, "MR", "Thoracic spine", False, None, """
    History: 39M, back pain after heavy lifting.
    Findings: Acute compression fracture of T8 with marrow oedema and 20% loss of height. No retropulsion.
    Conclusion: Acute T8 compression fracture.
""")

_add(76, "CT", "Abdomen and pelvis", False, None, """
    Clinical details: Post op, ?collection.
    Findings: Post right hemicolectomy. No collection. No free gas. Bones: the lumbar spine demonstrates normal alignment with preserved vertebral body heights. No suspicious lesion.
    Impression: No post-operative collection.
""")

_add(68, "XR", "Left hip", True, "hip", """
    History: slipped in supermarket. L groin pain.
    Report: Ill-defined sclerotic line across the left femoral neck - ?impacted fracture. Cannot exclude an undisplaced NOF fracture on these views.
    Opinion: Equivocal. Recommend MRI / CT.
""")

_add(92, "XR", "Right hip", False, None, """
    Clinical details: Fall. Known right NOF fracture 2023 treated with hemiarthroplasty. ?periprosthetic.
    Findings: Right hemiarthroplasty in satisfactory position. No periprosthetic fracture. No dislocation.
    Conclusion: No complication.
""")

_add(69, "XR", "Right wrist", False, None, """
    Clinical details: Fracture clinic 8 weeks post distal radius fracture.
    Findings: The distal radius fracture has united with bridging callus and remodelling. Position unchanged.
    Conclusion: United distal radius fracture. Discharge from fracture clinic.
""")

_add(64, "XR", "Right wrist", False, None, """
    Clinical details: Fell from a horse. Wrist deformity.
    Findings: Displaced fracture of the distal radius with dorsal displacement.
    Conclusion: Distal radius fracture.
""")

_add(61, "XR", "Left shoulder", True, "humerus", """
    Indication: mechanical trip at home, L shoulder pain and bruising
    Findings: Undisplaced fracture of the greater tuberosity of the left humerus. Joint congruent.
    Impression: Undisplaced greater tuberosity fracture.
""")

_add(48, "XR", "Right shoulder", False, None, """
    Clinical details: 48F slipped on ice.
    Findings: Minimally displaced fracture of the surgical neck of the right humerus.
    Conclusion: Surgical neck fracture.
""")

_add(87, "XR", "Pelvis", False, None, """
    Clinical details: Fall. Pubic pain. ?rami #.
    Findings: Healed old left pubic rami fractures with callus and mild deformity. No acute fracture. Hips normal.
    Conclusion: Old healed rami fractures; no acute injury.
""")

_add(70, "XR", "Left ankle", False, None, """
    Clinical details: crush injury, L ankle trapped under forklift.
    Findings: Comminuted fracture of the distal fibula and medial malleolus with soft tissue swelling.
    Conclusion: Bimalleolar fracture.
""")

_add(73, "XR", "Chest", True, "vertebra", """
    Clinical details: Chest pain. ?cause.
    Findings: Lungs clear. No pneumothorax. Heart not enlarged. There is an apparent compression fracture of an upper lumbar vertebra on the lateral view, likely L1; age uncertain.
    Conclusion: No acute chest abnormality. Probable L1 compression fracture - consider dedicated spine imaging.
""")

_add(62, "XR", "Right ankle", False, None, """
    Hx: Fell off a ladder 2m. R ankle pain
    Findings: Weber C fracture of the right fibula with widening of the medial clear space.
    Impression: Unstable Weber C ankle fracture.
""")

_add(71, "XR", "Left wrist", True, "wrist", """
    Clinical notes: Fall from standing in the backyard. Pain and swelling L wrist.
    Report: There is a fracture of the distal radial metaphysis with 15 degrees of dorsal angulation and slight impaction. Ulnar styloid is intact. Carpal alignment is normal.
    Comment: Dorsally angulated distal radius fracture.
""")

_add(79, "CT", "Lumbar spine", True, "vertebra", """
    Clinical notes: Fell backwards onto bottom at home. Severe low back pain.
    Report: There is an acute fracture of L3 involving the superior endplate and anterior cortex, with approximately 20% loss of vertebral body height. The posterior wall is intact with no retropulsion. Diffusely reduced bone density.
    Comment: Acute L3 compression fracture, likely osteoporotic.
""")

_add(42, "XR", "Chest", False, None, """
    Clinical details: 42M, cough.
    Findings: Lungs and pleural spaces clear. Mild anterior wedging of T9, likely longstanding (? Scheuermann's / old injury).
    Conclusion: No acute abnormality.
""")

_add(64, "XR", "Right ankle", False, None, """
    EXAM: XR ANKLE 3 VIEWS RIGHT
    COMPARISON: None.
    HISTORY: Ankle sprain, pain lateral malleolus.
    FINDINGS: Lateral soft tissue swelling. The ankle mortise is intact. No acute fracture or dislocation.
    IMPRESSION: No acute fracture or dislocation.
""")

_add(69, "XR", "Chest", True, "vertebra", """
    Clinical details: ?LRTI.
    Findings: No focal consolidation. Heart size normal.
    Conclusion: No acute abnormality.

    ADDENDUM: On review of the lateral film there is a moderate wedge fracture of T8 that was not mentioned in the original report. Suggest bone health assessment.
""")

_add(37, "XR", "Left wrist", False, None, """
    Clinical details: 2 week follow up ?scaphoid fracture.
    Findings: Repeat scaphoid series. No fracture line is visible and there is no sclerosis or resorption at the waist.
    Conclusion: Scaphoid fracture not confirmed.
""")

_add(81, "CT", "Right hip", False, None, """
    Clinical details: Fall, R hip pain, XR ?subtle # NOF.
    Findings: The right femoral neck and trochanters are intact. No fracture of the acetabulum or pubic rami. Moderate OA.
    Conclusion: Fracture excluded.
""")

_add(72, "XR", "Left wrist", False, None, """
    fell onto L hand. Distal radius and ulna normal. Carpal bones intact, no scaphoid fracture. Degenerative changes at the base of the thumb. No fracture.
""")

_add(74, "CT", "Pelvis", True, "vertebra", """
    Clinical details: Fall, R hip pain, unable to weight bear, XR negative.
    Findings: No fracture of the pelvic ring, acetabula or proximal femora. Incidental chronic compression deformity of L4 with approximately 25% height loss.
    Conclusion: No pelvic or hip fracture. Chronic L4 compression deformity.
""")

_add(76, "XR", "Right ankle", True, "ankle", """
    Clinical notes: rolled R ankle stepping off a bus.
    Report: Short oblique fracture of the distal fibula commencing at the level of the ankle joint (Weber B). Small avulsion from the medial malleolus tip. Mortise congruent.
    Comment: Weber B fracture with medial avulsion.
""")

_add(66, "XR", "Thoracic spine", False, None, """
    Clinical details: Upper back pain. ?vertebral fracture.
    Findings: Vertebral body heights are normal throughout. Several Schmorl's nodes in the lower thoracic spine. Mild spondylosis.
    Conclusion: No vertebral fracture.
""")

_add(85, "XR", "Left shoulder", True, "humerus", """
    CLINICAL DETAILS: Fell out of bed overnight on the ward. L shoulder pain.
    FINDINGS: Impacted valgus fracture of the humeral head and neck (2-part), minimally displaced. 
    CONCLUSION: Minimally displaced proximal humerus fracture.
""")

_add(60, "XR", "Pelvis", True, "pelvis", """
    Clinical details: Low back/buttock pain after missing a step at home, on long term steroids.
    Findings: Pubic rami intact. Subtle sclerotic band through the left sacral ala, possibly an insufficiency fracture. SIJs normal.
    Conclusion: ?Left sacral insufficiency fracture. MRI would confirm.
""")

_add(78, "XR", "Right hip", False, None, """
    Clinical details: Pain R hip for 3 months, no injury.
    Findings: Severe osteoarthritis of the right hip with superolateral joint space loss and osteophytes. No fracture. No focal bone lesion.
    Conclusion: Advanced right hip OA.
""")


def _as_labelled(report):
    from tests.casefinding.labelled_reports import LabelledReport

    return LabelledReport(
        text=report["report_text"], candidate=report["candidate"], site=report["site"] or "",
        age=report["age"], body_part=report["body_part"], note=report["accession"],
    )


# The same reports in the shape bench/screening.py and casefinding.quality.evaluate read.
HELDOUT_REPORTS = [_as_labelled(report) for report in REPORTS]
