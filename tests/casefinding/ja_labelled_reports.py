"""Japanese DEVELOPMENT set of synthetic radiology reports (issue 18).

How it was written
------------------
Written by hand on 2026-12-05 by a helper session blind to the rules
(session "ja-dev"): it did not read anything under ``casefinding/``, the
existing labelled or held-out report sets (only the docstring and ``_add`` of
``heldout2_reports.py``, for the format), or BENCHMARKS.md. The only inputs were
the task brief for issue 18 and general knowledge of how Japanese radiologists
write 読影レポート: many house styles of section headings (【臨床情報】【所見】
【診断】【結論】【依頼目的】【既往歴】【画像診断】, 所見：, ＜所見＞, 検査目的:, or no
headings at all), full-width and half-width colons, brackets, digits and
letters (１２ and 12, Ｌ１ and L1), 全角スペース, ・ bullets and numbered lines,
terse and verbose authors, CT, MRI and DXA (with and without VFA) reports, and
one or two typos.

THIS IS THE DEVELOPMENT SET, NOT A HELD-OUT SET. The Japanese rules are meant
to be tuned on it, so it is deliberately broad: every wording listed in the
brief appears at least once, plus others. Because it is used for tuning it
says nothing about how the screen does on unseen wording; that must be
measured on a separate blind, held-out set. A held-out set must never be used
to tune the lexicon or the rules: once it has been used for tuning it is no
longer held out and a new blind set must be written.

Labels were decided per report by a person (as an FLS nurse would), not by any
program:

* ``candidate`` is True when the report shows a fracture a fracture liaison
  service should see: a new or current fracture (including a healing, not yet
  united one), or an uncertain/possible one that still needs a person to look
  (疑い, 否定できない, 可能性, 要精査), at the hip, spine (any vertebral fracture
  or deformity, old ones included: 陳旧性圧迫骨折 IS a candidate in the spine),
  wrist/distal radius, proximal humerus, pelvis (including sacrum, acetabulum
  and pubic rami), ankle, or another long bone or rib, in a patient aged 50 or
  over at the exam after low trauma (a fall from standing height, no trauma,
  or an unknown mechanism).
* Not candidates: no fracture or fracture denied (認めない, 認めません, なし,
  否定的, 明らかな骨折線なし, 指摘できない, 同定できない); old healed fractures
  OUTSIDE the spine (陳旧性 at the wrist, rib, etc.); fingers, toes, skull and
  facial bones; pathological fractures (病的骨折, 骨転移, 転移性骨腫瘍,
  多発性骨髄腫, 溶骨性病変); high-energy mechanisms in the clinical information
  (交通事故, バイク事故, 高所からの転落, 2階から転落, 脚立から転落, 屋根から転落,
  挟まれ); patients under 50 at the exam; hypothetical mentions (骨折リスク,
  FRAX 骨折確率); after surgery with no fracture still present
  (人工骨頭置換術後 with no new fracture).
* ``site`` is one of "hip", "vertebra", "wrist", "humerus", "pelvis", "ankle",
  "other", or None when the report is not a candidate. When one report shows
  several fractures, ``site`` is the one an FLS would record:
  hip > vertebra > pelvis > humerus > wrist > ankle > other.
"""

import textwrap

REPORTS = []


def _add(age, modality, body_part, candidate, site, text):
    """Append one report; accession numbers are assigned in order."""
    assert (site is None) == (not candidate)
    REPORTS.append(
        {
            "accession": "JA-%04d" % (len(REPORTS) + 1),
            "age": age,
            "modality": modality,
            "body_part": body_part,
            "report_text": textwrap.dedent(text).strip("\n"),
            "candidate": candidate,
            "site": site,
        }
    )


# ---------------------------------------------------------------------------
# Hip (大腿骨頸部 / 頚部, 転子部, 転子下, 大腿骨近位部)
# ---------------------------------------------------------------------------

_add(84, "XR", "HIP", True, "hip", """
    【臨床情報】
    自宅で転倒し右股関節痛、歩行不能。
    【所見】
    右大腿骨頸部に骨折線を認め、骨頭は内反転位しています。Garden分類stage III相当。
    左股関節に明らかな異常なし。
    【診断】
    右大腿骨頸部骨折（Garden III）。
""")

_add(91, "XR", "HIP", True, "hip", """
    所見:左大腿骨頚部骨折あり。転位あり。
    診断:左大腿骨頚部骨折
""")

_add(78, "CT", "HIP", True, "hip", """
    【臨床情報】施設内で転倒。左股関節痛。単純写真では骨折不明瞭。
    【所見】左大腿骨転子部に骨折線を認めます。小転子に骨片があり、後内側の骨皮質の連続性が途絶しています。
    【結論】左大腿骨転子部骨折。
""")

_add(87, "XR", "HIP", True, "hip", """
    ＜所見＞
    右大腿骨転子下に斜骨折を認める。近位骨片は外旋・屈曲転位。
    ＜診断＞
    右大腿骨転子下骨折
""")

_add(73, "MR", "HIP", True, "hip", """
    【依頼目的】転倒後の左股関節痛。X線で骨折なし。不顕性骨折の除外。
    【所見】
    左大腿骨頸部内側から転子間にかけて、T1強調像で線状の低信号、STIR像で周囲に高信号域を認めます。
    不顕性骨折（不全骨折）の所見です。関節液貯留は軽度。
    【診断】左大腿骨頸部不全骨折
""")

_add(82, "XR", "HIP", True, "hip", """
    【臨床情報】つまずいて転倒、右鼠径部痛。
    【所見】右大腿骨頸部の骨皮質にわずかな不整があり、非転位型骨折は否定できません。CTまたはMRIでの精査をお勧めします。
    【診断】右大腿骨頸部骨折の疑い（要精査）
""")

_add(95, "XR", "PELVIS", True, "hip", """
    　骨盤正面像。
    　左大腿骨近位部骨折（転子部）を認めます。骨頭の変形なし。
    　恥骨・坐骨に骨折は認めません。
""")

_add(68, "CT", "HIP", True, "hip", """
    検査目的：右股関節痛（明らかな外傷歴なし）
    所見：右大腿骨頸部に外反嵌入型の骨折を認める。骨梁の途絶と帯状の硬化像あり。
    診断：右大腿骨頸部骨折（外反嵌入型、Garden I）
""")

# Several fractures: hip first.
_add(88, "XR", "HIP", True, "hip", """
    【臨床情報】夜間トイレに行く途中で転倒。右手をついた。
    【所見】
    1. 右大腿骨転子部骨折。
    2. 右橈骨遠位端骨折（背側転位）。
    3. 右第7肋骨骨折の疑い。
""")

# Post-operative but the fracture is still healing (not united).
_add(80, "XR", "HIP", True, "hip", """
    【既往歴】3週間前、右大腿骨転子部骨折に対して骨接合術（γネイル）施行。
    【所見】前回と比較し、インプラントの位置に変化なし。骨折線は残存しており、仮骨形成はわずか。骨癒合は未完成です。
    【診断】右大腿骨転子部骨折術後、骨癒合途上。
""")

_add(79, "XR", "HIP", False, None, """
    【臨床情報】左人工骨頭置換術後、定期フォロー。
    【所見】左人工骨頭のステム周囲に透亮像なし。インプラント周囲骨折は認めません。前回と著変なし。
    【診断】左人工骨頭置換術後、異常なし。
""")

# Arthroplasty on one side, new fracture on the other.
_add(83, "XR", "HIP", True, "hip", """
    【臨床情報】右人工骨頭置換術後（2年前）。今回自宅で転倒し左股関節痛。
    【所見】右人工骨頭に緩みなし。左大腿骨頸部に新たな骨折を認め、転位は軽度です。
    【診断】左大腿骨頸部骨折（新鮮）。右人工骨頭置換術後。
""")

# The referral asks about a fracture; the answer is no.
_add(76, "XR", "HIP", False, None, """
    【臨床情報】転倒後の右股関節痛。大腿骨頸部骨折疑い。
    【所見】右大腿骨頸部・転子部に明らかな骨折線は同定できない。関節裂隙は保たれている。
    【診断】明らかな骨折は認めません。
""")

_add(55, "XR", "HIP", False, None, """
    【臨床情報】交通事故（乗用車運転中の衝突）。左股関節痛。
    【所見】左大腿骨頸部骨折を認めます。左寛骨臼後壁骨折も伴います。
    【診断】左大腿骨頸部骨折、左寛骨臼骨折。
""")

_add(47, "XR", "HIP", False, None, """
    【臨床情報】自宅で転倒。
    所見：右大腿骨頸部骨折（Garden II）。
""")

_add(70, "CT", "HIP", False, None, """
    【既往歴】乳癌術後、多発骨転移。
    【所見】右大腿骨転子下に溶骨性病変があり、同部に病的骨折を認めます。
    【診断】転移性骨腫瘍による右大腿骨病的骨折。
""")

_add(86, "MR", "HIP", True, "hip", """
    依頼目的：左股関節痛、歩行困難。外傷なし。
    MRI所見：左大腿骨頸部の内側にSTIRで高信号、T1強調像で低信号の帯状域があり、脆弱性骨折（不全骨折）の可能性が高いと考えます。
    結論：左大腿骨頸部脆弱性骨折の可能性。
""")

_add(62, "XR", "HIP", False, None, """
    【所見】両側股関節に関節裂隙の狭小化と骨棘形成を認め、変形性股関節症の所見です。骨折は認められない。
    【診断】両側変形性股関節症。
""")

# Hip and pelvis: hip is recorded.
_add(98, "CT", "PELVIS", True, "hip", """
    【臨床情報】ベッドから転落。
    【所見】右大腿骨頚部骨折を認めます。右恥骨上枝にも骨折線があります。
    【診断】１．右大腿骨頚部骨折　２．右恥骨上枝骨折
""")

_add(72, "XR", "HIP", False, None, """
    【所見】右大腿骨転子部に陳旧性骨折の変形治癒を認める。新たな骨折は指摘できない。
""")

_add(96, "XR", "HIP", True, "hip", """
    【臨床情報】ADL低下、受傷機転不明。左下肢短縮・外旋位。
    【所見】左大腿骨頚部骨折。骨頭下で完全転位。
""")

_add(89, "CT", "HIP", True, "hip", """
    【所見】CT冠状断・矢状断再構成像にて、右大腿骨転子間に非転位性の骨折線を認めます。単純X線写真では指摘困難でした。
    【診断】右大腿骨転子部骨折（非転位）
""")

# Typo in the key term (骨析 for 骨折); a nurse reading it still sees a fracture.
_add(85, "XR", "HIP", True, "hip", """
    右股関節2方向。右大腿骨頸部骨析あり、骨頭は後方へ転位。手術適応につき整形外科へ連絡済み。
""")

_add(81, "XR", "HIP", False, None, """
    【臨床情報】転倒、左股関節痛。
    【所見】左大腿骨近位部に骨折を疑う所見なし。恥骨・坐骨にも骨折線を認めない。
    【診断】骨折なし。疼痛が続く場合はMRIを検討。
""")

# ---------------------------------------------------------------------------
# Vertebra (圧迫骨折, 椎体骨折, 楔状変形, 魚椎変形, 扁平椎, 椎体圧潰; old ones count)
# ---------------------------------------------------------------------------

_add(81, "XR", "L-SPINE", True, "vertebra", """
    【臨床情報】尻もちをついてから腰痛。
    【所見】L1椎体に楔状変形を認め、前縁の高さは約40%減少しています。新鮮な圧迫骨折の可能性があります。MRIでの評価を推奨します。
    【診断】L1圧迫骨折
""")

_add(77, "MR", "L-SPINE", True, "vertebra", """
    【所見】
    Th12椎体にT1強調像で低信号、STIR高信号を示す領域があり、新鮮な圧迫骨折と考えます。
    L2椎体は扁平化していますが信号変化はなく、陳旧性圧迫骨折です。
    後方要素に異常なし。脊柱管狭窄は軽度。
    【診断】Th12新鮮圧迫骨折、L2陳旧性圧迫骨折
""")

_add(84, "XR", "T-SPINE", True, "vertebra", """
    T12楔状変形。圧迫骨折疑い。
""")

# Incidental finding on a chest CT; 前回と著変なし refers to the nodule.
_add(69, "CT", "CHEST", True, "vertebra", """
    【検査目的】肺結節フォロー。
    【所見】右上葉の結節は前回と著変なし（6mm）。新たな結節なし。
    胸椎：第8胸椎、第11胸椎に椎体骨折（楔状変形）を認めます。前回CTでは指摘できず、新規の所見です。
    【診断】1. 右上葉結節、変化なし。2. Th8、Th11椎体骨折（新規）。
""")

_add(90, "XR", "L-SPINE", True, "vertebra", """
    【所見】
    骨量減少著明。
    L1、L3椎体に魚椎変形、L2に楔状変形を認め、多発性の陳旧性圧迫骨折と考えます。
    【結論】多発性陳旧性椎体骨折（骨粗鬆症性）
""")

_add(75, "XR", "L-SPINE", True, "vertebra", """
    所見：第１腰椎は扁平椎となっています。陳旧性圧迫骨折と思われます。他の椎体の高さは保たれています。
""")

_add(83, "CT", "L-SPINE", True, "vertebra", """
    【臨床情報】転倒後の背部痛。
    【所見】第12胸椎に椎体圧潰を認めます。椎体後壁がわずかに脊柱管内へ突出しており、破裂骨折の形態です。後方要素の骨折は同定できない。
    【画像診断】第12胸椎　椎体骨折（破裂骨折）
""")

_add(79, "MR", "L-SPINE", True, "vertebra", """
    ＜所見＞
    Th12/L1レベルで、L1椎体上縁にSTIR高信号、T1強調像で低信号あり。上終板の陥凹を伴い、新鮮圧迫骨折です。
    椎間板変性あり、L4/5に軽度膨隆。
    ＜結論＞
    L1新鮮圧迫骨折
""")

_add(88, "XR", "L-SPINE", True, "vertebra", """
    【所見】既知のL2圧迫骨折は前回と著変なし。新たな椎体骨折は認めません。
    【診断】L2陳旧性圧迫骨折、変化なし。
""")

_add(66, "DXA", "L-SPINE", True, "vertebra", """
    【骨密度測定】
    腰椎（L1-L4）BMD 0.712 g/cm2、YAM比 70％、Tスコア -2.6
    大腿骨近位部（左）BMD 0.598 g/cm2、YAM比 68％
    【VFA】
    Th12に軽度の楔状変形（Genant grade 1）を認め、椎体骨折と判定します。
    【結論】骨粗鬆症。椎体骨折あり（Th12）。
""")

# DXA without VFA: FRAX and 骨折リスク are hypothetical, not fractures.
_add(72, "DXA", "HIP", False, None, """
    【骨密度】
    腰椎L1-L4：YAM 74%　Tスコア -2.1
    大腿骨頸部：YAM 69%　Tスコア -2.5
    【FRAX】
    10年以内の主要骨粗鬆症性骨折確率 21%、大腿骨近位部骨折確率 6.8%
    【コメント】骨粗鬆症の診断基準を満たします。骨折リスクが高く、治療を考慮してください。
""")

_add(58, "DXA", "HIP", False, None, """
    骨密度検査
    大腿骨頸部 Tスコア －1.8（YAM 78％）、腰椎 Tスコア －1.5。
    骨量減少。椎体骨折評価（VFA）では明らかな椎体骨折は認めませんでした。
""")

_add(74, "XR", "L-SPINE", False, None, """
    【依頼目的】腰痛。圧迫骨折の有無。
    【所見】各椎体の高さは保たれており、圧迫骨折を示唆する所見はない。L4/5、L5/S1に椎間腔狭小化、骨棘形成あり。
    【診断】変形性腰椎症。圧迫骨折なし。
""")

_add(63, "MR", "L-SPINE", False, None, """
    【既往歴】多発性骨髄腫
    【所見】胸腰椎に多発する骨髄信号異常あり。L3椎体圧潰を認め、腫瘍浸潤による病的骨折と考えます。
    【診断】多発性骨髄腫の脊椎病変、L3病的骨折。
""")

_add(71, "MR", "T-SPINE", False, None, """
    【臨床情報】肺癌 stage IV
    【所見】Th10椎体はT1強調像でびまん性低信号を呈し、椎弓根にも進展。後壁の膨隆を伴う圧潰があり、骨転移による病的骨折です。
    【結論】Th10転移性骨腫瘍、病的圧迫骨折
""")

# Cancer history, but metastasis is excluded: an osteoporotic fracture.
_add(80, "MR", "L-SPINE", True, "vertebra", """
    【臨床情報】胃癌術後。腰痛、転移の評価。
    【所見】L2椎体上部に帯状のT1低信号、STIR高信号を認めます。椎弓根への進展や軟部腫瘤はなく、骨粗鬆症性の新鮮圧迫骨折と考えます。骨転移を示唆する所見はありません。
    【診断】L2新鮮圧迫骨折（骨粗鬆症性）。骨転移なし。
""")

# Probably osteoporotic, metastasis not excluded: a person must look.
_add(77, "MR", "T-SPINE", True, "vertebra", """
    【所見】Th7椎体に楔状変形とSTIR高信号を認めます。骨粗鬆症性圧迫骨折が最も考えられますが、信号パターンからは転移性骨腫瘍による病的骨折も完全には否定できません。造影MRIまたは経過観察を推奨します。
""")

_add(46, "XR", "L-SPINE", False, None, """
    【臨床情報】重い荷物を持ち上げた後の腰痛。
    【所見】L1椎体に軽度の楔状変形を認め、圧迫骨折を疑う。
""")

_add(52, "CT", "L-SPINE", False, None, """
    【臨床情報】高所からの転落（約3m）。
    【所見】L1椎体破裂骨折。後壁の脊柱管内突出あり。
""")

_add(60, "CT", "T-SPINE", False, None, """
    【臨床情報】脚立から転落し背部を強打。
    【所見】Th12椎体圧迫骨折（前方約30%の圧潰）。
""")

_add(93, "XR", "L-SPINE", True, "vertebra", """
    所見：
    ・Ｌ２椎体の前縁高が減高しており、中等度の楔状変形（Genant grade 2）です。
    ・Ｌ４、Ｌ５にすべりなし。
    ・骨粗鬆症性変化が目立ちます。
    診断：Ｌ２椎体骨折
""")

_add(85, "XR", "T-SPINE", True, "vertebra", """
    【所見】前回（2週間前）と比較し、第12胸椎椎体の圧潰が進行しています。新鮮骨折と考えます。
    【診断】第12胸椎圧迫骨折（進行あり）
""")

_add(68, "XR", "CHEST", True, "vertebra", """
    胸部正面・側面像。
    心拡大なし。肺野に明らかな浸潤影なし。
    側面像で中位胸椎に楔状変形があり、椎体骨折の可能性あり。
""")

_add(70, "XR", "L-SPINE", False, None, """
    【所見】L2、L3の上終板にシュモール結節を認めます。椎体の高さは保たれ、骨折は否定的です。
    【診断】シュモール結節。圧迫骨折は認めない。
""")

_add(82, "CT", "ABDOMEN", True, "vertebra", """
    【臨床情報】腹痛。
    【所見】
    腹部：胆嚢結石あり。急性胆嚢炎の所見なし。
    骨：L1椎体に陳旧性圧迫骨折を認めます。
""")

_add(78, "XR", "L-SPINE", True, "vertebra", """
    【既往歴】L1椎体骨折に対しBKP施行後（半年前）。
    【所見】L1にセメント充填あり、位置変化なし。隣接するTh12椎体に新たな楔状変形を認め、隣接椎体骨折と考えます。
    【診断】Th12新規椎体骨折（BKP後の隣接椎体）。
""")

_add(61, "MR", "L-SPINE", False, None, """
    【依頼目的】右下肢しびれ。
    【所見】L4/5で右傍正中に椎間板ヘルニアを認め、右L5神経根を圧排しています。椎体に信号異常なく、骨折は認められない。
    【診断】L4/5椎間板ヘルニア。
""")

# Vertebra and rib: vertebra is recorded.
_add(89, "CT", "T-SPINE", True, "vertebra", """
    【臨床情報】自宅で転倒。背部痛。
    【所見】第11・第12胸椎に新鮮な椎体骨折を認めます。左第10肋骨骨折も伴います。
    【診断】Th11、Th12椎体骨折。左第10肋骨骨折。
""")

_add(76, "XR", "L-SPINE", False, None, """
    所見：前回と著変なし。椎体骨折なし。腰椎の側弯あり。
""")

_add(87, "XR", "L-SPINE", True, "vertebra", """
    【所見】
    １）Ｌ１　楔状変形（新鮮）
    ２）Ｌ３　魚椎変形（陳旧性）
    ３）Ｌ４／５　椎間腔狭小化
""")

_add(50, "XR", "L-SPINE", True, "vertebra", """
    【臨床情報】閉経後。明らかな外傷なく腰痛が出現。
    【所見】第1腰椎上終板の陥凹を認め、軽度の圧迫骨折と考えます。
""")

# Only an old compression fracture: still a candidate in the spine.
_add(73, "MR", "L-SPINE", True, "vertebra", """
    【所見】L3椎体に楔状変形あり、信号は周囲椎体と同等で陳旧性圧迫骨折と考えます。新鮮骨折は認めません。
    【診断】L3陳旧性圧迫骨折。新鮮骨折なし。
""")

_add(65, "XR", "T-SPINE", False, None, """
    バイク事故。胸椎2方向。Th6椎体に楔状変形、圧迫骨折。
""")

_add(79, "CT", "CHEST", False, None, """
    【所見】両肺に軽度の肺気腫性変化。縦隔リンパ節腫大なし。撮像範囲の骨に明らかな骨折は認めません。
""")

_add(92, "XR", "L-SPINE", True, "vertebra", """
    【所見】骨粗鬆症が高度で、L2椎体の上縁がやや不明瞭。椎体骨折の可能性あり、要精査（MRI推奨）。
""")

_add(57, "XR", "T-SPINE", True, "vertebra", """
    【臨床情報】関節リウマチ、ステロイド内服中。咳嗽後に背部痛。
    【所見】第10胸椎の椎体高が減少しており、新たな椎体骨折と考えます。
""")

_add(84, "MR", "L-SPINE", True, "vertebra", """
    【所見】L1椎体は圧潰し、椎体内にT2強調像で高信号の液体貯留（intravertebral cleft）を認めます。偽関節化が疑われます。
    【結論】L1椎体骨折後の偽関節疑い。
""")

# Negated at one level, affirmed at another.
_add(87, "XR", "T-SPINE", True, "vertebra", """
    【所見】Th12/L1に骨折は認めない。Th8椎体に軽度の楔状変形があり、圧迫骨折が疑われる。
""")

_add(70, "DXA", "L-SPINE", True, "vertebra", """
    骨密度：腰椎 YAM 63%（Tスコア -3.1）、大腿骨頸部 YAM 66%。
    VFA：L1に中等度の椎体変形（SQ grade 2）あり、既存椎体骨折と判定。
    判定：骨粗鬆症（既存椎体骨折あり）。
""")

_add(74, "MR", "L-SPINE", True, "vertebra", """
    検査目的:腰痛、新鮮骨折の有無
    所見:L4椎体にSTIR高信号を認め、新鮮圧迫骨折と考える。L1に陳旧性の楔状変形。
    診断:L4新鮮椎体骨折
""")

_add(67, "CT", "L-SPINE", False, None, """
    【所見】腰椎に圧迫骨折を認めません。L5分離症（両側）あり、すべりはGrade I。
    【診断】L5分離すべり症。
""")

_add(94, "XR", "L-SPINE", True, "vertebra", """
    腰椎正側。高度の骨粗鬆症。Ｔｈ１２、Ｌ１、Ｌ２に圧迫骨折（いずれも陳旧性）。新鮮骨折の有無は本検査では判定困難。
""")

# ---------------------------------------------------------------------------
# Wrist (橈骨遠位端骨折, コーレス骨折, 尺骨茎状突起)
# ---------------------------------------------------------------------------

_add(67, "XR", "WRIST", True, "wrist", """
    【臨床情報】散歩中に転倒し左手をついた。
    【所見】左橈骨遠位端に背側転位を伴う骨折を認めます。尺骨茎状突起骨折を合併。
    【診断】左橈骨遠位端骨折（コーレス骨折）、左尺骨茎状突起骨折
""")

_add(74, "XR", "WRIST", True, "wrist", """
    右コーレス骨折。
""")

_add(59, "XR", "WRIST", True, "wrist", """
    [所見] 右橈骨遠位端骨折、掌側転位あり(Smith骨折)。関節内への骨折線の進展は明らかでない。
    [診断] 右橈骨遠位端骨折
""")

_add(81, "CT", "WRIST", True, "wrist", """
    【所見】左橈骨遠位端に関節面に及ぶ粉砕骨折を認める。関節面の段差は約2mm。月状骨窩に骨片あり。
    【結論】左橈骨遠位端関節内骨折（AO分類 C2相当）
""")

_add(70, "XR", "WRIST", True, "wrist", """
    【臨床情報】右橈骨遠位端骨折、ギプス固定中（受傷後4週）。
    【所見】前回と比較し整復位は保たれている。骨折線はまだ明瞭で、仮骨形成は軽度。骨癒合は未完成。
    【診断】右橈骨遠位端骨折、癒合過程。
""")

_add(64, "XR", "WRIST", True, "wrist", """
    【所見】右橈骨遠位端背側の骨皮質にわずかな膨隆を認め、不全骨折が疑われます。1週間後の再検を推奨します。
""")

_add(76, "XR", "WRIST", False, None, """
    【所見】左橈骨遠位端に陳旧性骨折の変形治癒あり。新たな骨折線は認めない。
    【診断】新鮮骨折なし。
""")

_add(69, "XR", "WRIST", False, None, """
    【臨床情報】転倒して右手をついた。手関節痛。
    【所見】明らかな骨折は認めません。舟状骨にも骨折線なし。軟部組織の腫脹あり。
    【診断】骨折なし（症状持続時は再検を）。
""")

_add(48, "XR", "WRIST", False, None, """
    所見：左橈骨遠位端骨折、転位軽度。
""")

_add(56, "XR", "WRIST", False, None, """
    【臨床情報】バイク事故、右手関節痛。
    【所見】右橈骨遠位端骨折（背側転位）、尺骨茎状突起骨折。
""")

_add(85, "XR", "WRIST", True, "wrist", """
    【所見】右尺骨茎状突起骨折あり。橈骨遠位端に明らかな骨折線は認めないが、不顕性骨折は否定できない。
""")

_add(61, "XR", "HAND", False, None, """
    【臨床情報】転倒し右手をついた。
    【所見】右第5指基節骨骨折を認めます。手関節に骨折なし。
""")

_add(78, "XR", "WRIST", True, "wrist", """
    両側手関節。
    右：橈骨遠位端骨折（背側転位）。
    左：明らかな骨折なし。
""")

_add(57, "XR", "WRIST", True, "wrist", """
    【臨床情報】凍結した路面で滑って転倒。
    【所見】左橈骨遠位端に横骨折あり、背側へ軽度転位。
""")

_add(71, "XR", "WRIST", False, None, """
    【所見】右手関節：骨皮質の連続性は保たれ、骨折は否定的です。
""")

_add(83, "XR", "WRIST", True, "wrist", """
    ＜臨床情報＞庭で転倒
    ＜所見＞左橈骨遠位端にわずかな骨折線を認め、転位はありません。尺骨には骨折を認めない。
    ＜診断＞左橈骨遠位端骨折（非転位）
""")

# ---------------------------------------------------------------------------
# Proximal humerus (上腕骨近位端, 外科頸, 大結節)
# ---------------------------------------------------------------------------

_add(79, "XR", "SHOULDER", True, "humerus", """
    【臨床情報】自宅で転倒、右肩痛。
    【所見】右上腕骨近位端骨折を認めます。外科頸で骨折し、大結節にも骨折線が及びます。骨頭の脱臼なし。
    【診断】右上腕骨近位端骨折（Neer 3-part）
""")

_add(84, "XR", "SHOULDER", True, "humerus", """
    左上腕骨外科頸骨折。転位軽度。
""")

_add(66, "XR", "SHOULDER", True, "humerus", """
    所見：右上腕骨大結節に骨折線を認めます。転位は5mm未満。
    診断：右上腕骨大結節骨折
""")

_add(72, "CT", "SHOULDER", True, "humerus", """
    【所見】左上腕骨外科頸の内側骨皮質に不整があり、非転位骨折の可能性あり。肩甲骨、鎖骨に骨折なし。
""")

# 大結節 and 疑われる, but about calcific tendinitis, not a fracture.
_add(75, "XR", "SHOULDER", False, None, """
    【依頼目的】右肩痛、骨折の有無
    【所見】右上腕骨に骨折線は同定できない。大結節付近に石灰沈着を認め、石灰沈着性腱板炎が疑われる。
    【診断】骨折なし。
""")

_add(49, "XR", "SHOULDER", False, None, """
    【所見】右上腕骨近位端骨折（外科頸）、転位あり。
""")

_add(88, "XR", "SHOULDER", True, "humerus", """
    【臨床情報】転倒。
    【所見】左上腕骨近位端骨折（外科頸、軽度内反）。左鎖骨骨折は認めない。
""")

_add(70, "XR", "SHOULDER", False, None, """
    【所見】右上腕骨近位骨幹部に溶骨性病変があり、同部で病的骨折を来しています。
    【診断】右上腕骨病的骨折（溶骨性病変）
""")

_add(81, "XR", "SHOULDER", True, "humerus", """
    【臨床情報】右上腕骨近位端骨折、保存療法中。
    【所見】骨片の位置は前回と著変なし。仮骨形成がみられるが、骨折線は残存している。
""")

_add(58, "XR", "SHOULDER", True, "humerus", """
    【臨床情報】玄関で滑って転倒し、左肩を打撲。
    【所見】左上腕骨外科頸に嵌入を伴う骨折を認めます。肩関節の脱臼なし。
    【画像診断】左上腕骨近位端骨折
""")

# ---------------------------------------------------------------------------
# Pelvis (恥骨, 坐骨, 仙骨, 寛骨臼)
# ---------------------------------------------------------------------------

_add(86, "XR", "PELVIS", True, "pelvis", """
    【臨床情報】転倒後の左鼠径部痛。
    【所見】左恥骨上枝および恥骨下枝に骨折を認めます。大腿骨頸部に骨折は認めません。
    【診断】左恥骨上・下枝骨折
""")

_add(90, "CT", "PELVIS", True, "pelvis", """
    【所見】両側仙骨翼に縦走する骨折線と硬化像を認め、仙骨脆弱性骨折と考えます。右恥骨上枝にも骨折あり。
    【診断】仙骨脆弱性骨折（両側）、右恥骨上枝骨折
""")

_add(83, "MR", "PELVIS", True, "pelvis", """
    【臨床情報】誘因なく腰殿部痛。
    【所見】両側仙骨翼にSTIR高信号、T1強調像で低信号の帯状域を認め、H字状の分布です。仙骨不全骨折です。
    【診断】仙骨不全骨折
""")

_add(77, "XR", "PELVIS", True, "pelvis", """
    右恥骨骨折、右坐骨骨折。転位なし。
""")

_add(80, "CT", "PELVIS", True, "pelvis", """
    【臨床情報】立位から転倒、右股関節痛。X線で骨折不明。
    【所見】右寛骨臼前壁から内側壁にかけて骨折線を認めます。大腿骨頭の偏位なし。大腿骨頸部に骨折なし。
    【診断】右寛骨臼骨折
""")

_add(58, "XR", "PELVIS", False, None, """
    【臨床情報】2階から転落。
    【所見】左恥骨上枝骨折、左仙骨骨折。
""")

_add(62, "CT", "PELVIS", False, None, """
    【臨床情報】フォークリフトに挟まれ受傷。
    【所見】骨盤輪骨折（右仙腸関節離開、両側恥骨枝骨折）。
""")

_add(79, "XR", "PELVIS", False, None, """
    【所見】左恥骨下枝に陳旧性骨折の癒合像を認める。新鮮骨折は認めない。
""")

_add(94, "CT", "PELVIS", True, "pelvis", """
    【所見】右恥骨結合近傍の恥骨体部に骨皮質の不整があり、不全骨折を疑います。MRIでの精査を推奨します。
""")

_add(68, "XR", "PELVIS", False, None, """
    【既往歴】前立腺癌、多発骨転移
    【所見】骨盤骨に多発する造骨性変化。右恥骨上枝に骨折あり、転移部の病的骨折と考えます。
""")

_add(80, "CT", "PELVIS", True, "pelvis", """
    【所見】左仙骨翼の非転位骨折と左恥骨上枝骨折を認めます。脆弱性骨盤輪骨折（FFP type IIb）に相当します。
""")

_add(92, "XR", "PELVIS", False, None, """
    骨盤正面：骨折なし。両股関節に変形性変化。
""")

# Pelvis and humerus: pelvis is recorded.
_add(82, "XR", "PELVIS", True, "pelvis", """
    【臨床情報】自室で転倒、左殿部と左肩の痛み。
    【所見】
    ・骨盤：左坐骨枝に骨折線あり。
    ・左肩：左上腕骨大結節骨折。
""")

# ---------------------------------------------------------------------------
# Ankle (足関節, 外果, 内果, 両果, 三果)
# ---------------------------------------------------------------------------

_add(71, "XR", "ANKLE", True, "ankle", """
    【臨床情報】段差を踏み外して右足関節を捻った。
    【所見】右腓骨外果に斜骨折を認める（Weber B）。内果に骨折なし。距骨の偏位なし。
    【診断】右外果骨折
""")

_add(78, "XR", "ANKLE", True, "ankle", """
    左足関節両果骨折。距骨の外側偏位あり。
""")

_add(65, "XR", "ANKLE", True, "ankle", """
    【所見】右足関節に内果骨折、外果骨折および後果骨折を認め、三果骨折です。足関節は後外側へ亜脱臼。
    【診断】右足関節三果骨折
""")

_add(82, "CT", "ANKLE", True, "ankle", """
    【所見】左内果に細い透亮線があり、非転位骨折が否定できません。
""")

_add(45, "XR", "ANKLE", False, None, """
    所見：右外果骨折（Weber B）。
""")

_add(73, "XR", "ANKLE", False, None, """
    【臨床情報】右足関節捻挫。
    【所見】骨折を示唆する所見はない。外果周囲の軟部組織腫脹あり。
    【診断】骨折なし。
""")

_add(67, "XR", "FOOT", False, None, """
    【所見】左第１趾基節骨骨折。その他の骨に異常なし。
""")

_add(76, "XR", "ANKLE", True, "ankle", """
    【臨床情報】左足関節外果骨折、保存的加療中。
    【所見】骨折線は依然として明瞭で、骨癒合は得られていない。アライメントの変化なし。
""")

_add(60, "XR", "ANKLE", False, None, """
    屋根から転落。右足関節両果骨折、右踵骨骨折。
""")

_add(64, "XR", "ANKLE", True, "ankle", """
    足関節２方向
    　外果に骨折線あり。　内果・後果は異常なし。
""")

# ---------------------------------------------------------------------------
# Other long bones and ribs, and excluded sites (skull, face, fingers, toes)
# ---------------------------------------------------------------------------

_add(80, "XR", "CHEST", True, "other", """
    【臨床情報】転倒し右胸部を打撲。
    【所見】右第6・第7肋骨に骨折を認めます。気胸なし。胸水なし。
    【診断】右第6、7肋骨骨折
""")

_add(85, "CT", "CHEST", True, "other", """
    【所見】左第8-10肋骨に新鮮骨折を認めます。右第5肋骨には陳旧性骨折の癒合像があります。肺挫傷なし。
""")

_add(74, "XR", "CHEST", False, None, """
    胸部単純X線。心胸比 52%。肺野清。右第4〜6肋骨に陳旧性骨折あり。新たな骨折は指摘できない。
""")

_add(68, "XR", "SHOULDER", True, "other", """
    【臨床情報】転倒して左肩を打った。
    【所見】左鎖骨骨幹部骨折、転位あり。上腕骨・肩甲骨に骨折なし。
    【診断】左鎖骨骨折
""")

_add(77, "XR", "KNEE", True, "other", """
    【臨床情報】転倒後右膝痛。
    【所見】右脛骨高原外側に陥没骨折を認めます（関節面の陥没約4mm）。
    【診断】右脛骨高原骨折（Schatzker II）
""")

_add(83, "CT", "KNEE", True, "other", """
    【既往歴】右人工膝関節置換術後。
    【臨床情報】自宅で転倒。
    【所見】右大腿骨顆上部、インプラント近位に骨折を認める。
    【診断】右人工膝関節周囲骨折（大腿骨顆上骨折）
""")

_add(71, "XR", "FEMUR", True, "other", """
    【臨床情報】ビスホスホネート長期内服中。誘因なく左大腿部痛。
    【所見】左大腿骨骨幹部外側骨皮質に限局性の肥厚と横走する骨折線を認め、非定型大腿骨骨折を疑います。
""")

_add(79, "XR", "ELBOW", True, "other", """
    【所見】右橈骨頭骨折（Mason II）。fat pad sign陽性。
""")

_add(69, "XR", "TIB-FIB", True, "other", """
    【臨床情報】誘因なく左下腿痛。
    【所見】左脛骨近位骨幹端に帯状の骨硬化と骨膜反応を認め、脆弱性骨折と考えます。
""")

_add(63, "CT", "HEAD", False, None, """
    【臨床情報】転倒し後頭部を打撲。
    【所見】右後頭骨に線状骨折を認めます。頭蓋内出血なし。
""")

_add(82, "CT", "FACE", False, None, """
    【所見】鼻骨骨折、左頬骨弓骨折を認める。
""")

_add(45, "XR", "CHEST", False, None, """
    【所見】左第9肋骨骨折。気胸なし。
""")

_add(66, "XR", "CHEST", False, None, """
    【臨床情報】交通事故（歩行中に車と接触）。
    【所見】右第3-5肋骨骨折、右鎖骨骨折。
""")

_add(75, "XR", "CHEST", True, "other", """
    胸部XP：左第8肋骨に骨折の疑い。肋骨撮影での精査を。
""")

# DXA with a wrist fracture in the history only (old, outside the spine).
_add(76, "DXA", "L-SPINE", False, None, """
    【既往歴】５年前に右橈骨遠位端骨折。
    【骨密度】腰椎YAM 72%、大腿骨頸部YAM 65%。骨粗鬆症。
    FRAX 骨折確率（主要骨粗鬆症性骨折）25%。VFA未実施。
""")

_add(88, "XR", "HAND", False, None, """
    【臨床情報】転倒して左手をついた。
    【所見】左第4指中節骨に骨折あり。手関節、橈骨遠位端に骨折を認めない。
""")

_add(72, "XR", "TIB-FIB", False, None, """
    【所見】右脛骨・腓骨に骨折を認めません。骨密度の低下あり。
""")

# ---------------------------------------------------------------------------
# More non-candidates (other negation wordings, young patients, post-operative,
# pathological)
# ---------------------------------------------------------------------------

_add(70, "XR", "KNEE", False, None, """
    右膝関節2方向：明らかな骨折線なし。関節水腫あり。内側関節裂隙の狭小化（変形性膝関節症）。
""")

_add(80, "MR", "HIP", False, None, """
    【依頼目的】右大腿外側の痛み。転倒歴あり。不顕性骨折の有無。
    【所見】右大腿骨頸部・転子部に骨髄浮腫なく、骨折はないと思われます。大転子周囲の滑液包に液体貯留を認めます。
    【診断】右大転子部滑液包炎。骨折所見なし。
""")

_add(49, "MR", "L-SPINE", False, None, """
    【臨床情報】転倒後の腰痛。
    【所見】L2椎体にSTIR高信号とT1強調像で低信号を認め、新鮮圧迫骨折です。
""")

_add(77, "XR", "SHOULDER", False, None, """
    【所見】右肩関節前方脱臼。大結節骨折や関節窩骨折は認めない。
    【診断】右肩関節脱臼（骨折なし）
""")

_add(66, "CT", "CHEST", False, None, """
    【既往歴】乳癌。
    【所見】多発肋骨および胸椎に骨転移を認めます。右第6肋骨は転移部で病的骨折を来しています。
""")

_add(73, "CT", "L-SPINE", False, None, """
    【既往歴】L4/5後方椎体間固定術後。
    【所見】スクリューの位置は良好で、周囲に透亮像なし。椎体骨折なし。隣接椎間に異常なし。
""")

_add(86, "XR", "PELVIS", False, None, """
    【臨床情報】施設で転倒、腰部打撲。
    【所見】骨盤・両股関節に骨折は見当たりません。
""")

_add(46, "XR", "WRIST", False, None, """
    【臨床情報】自転車ではなく徒歩で転倒。
    【所見】右コーレス骨折。
""")

_add(81, "XR", "CHEST", False, None, """
    【所見】左鎖骨遠位に陳旧性骨折による変形あり。肺野に異常なし。新鮮な骨折は指摘できません。
""")
