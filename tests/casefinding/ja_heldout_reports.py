"""Blind held-out set of synthetic JAPANESE radiology reports ("ja_heldout").

How it was written
------------------
Written by hand on 2026-12-05 by a helper session blind to the rules: it did
not read anything under ``casefinding/``, the existing labelled or held-out
report sets (apart from the docstring and ``_add`` of heldout2_reports.py, for
the format), or BENCHMARKS.md. Its only inputs were the task brief (issue 18)
and general knowledge of how Japanese radiologists write 読影レポート.

The aim is to imitate hospitals whose house styles differ from the textbook:
地方の市民病院 (【臨床情報】【所見】【診断】), 大学病院 (verbose, English terms and
abbreviations mixed in: Fx, OVF, r/o, s/o, Garden/Neer/Weber/Genant grades),
クリニック (one or two terse lines, no headings) and 健診センター (DXA result
sheets, with and without VFA, FRAX). Wording deliberately goes beyond any list
in the brief: synonyms (骨傷, 骨皮質の断裂, 骨梁の途絶, 椎体高の減高, 終板の陥凹,
クレフト, 嵌入), abbreviations, unusual phrase order, full- and half-width
digits, colons, brackets and spaces, and one IME homophone typo (骨節 for 骨折).

Labels follow the brief, decided per report by a person, not by any program:

* ``candidate`` is True when the report shows a fracture a fracture liaison
  service should see: a new or current fracture (including a healing, not yet
  united one), or an uncertain/possible one that still needs a person to look
  (疑い, 否定できない), at the hip, spine (any vertebral fracture or deformity,
  old ones included: 陳旧性圧迫骨折 and a vertebra treated by BKP are candidates),
  wrist/distal radius, proximal humerus, pelvis (including sacrum, acetabulum,
  pubic rami), ankle, or another long bone or rib, in a patient aged 50 or over
  at the exam after low trauma (fall from standing height, from a bed, no or
  unknown trauma).
* Not candidates: no fracture or fracture denied (認めない, 骨傷なし, 否定的,
  考えにくい, ...); old healed/united fractures outside the spine; fingers,
  toes, skull and facial bones; pathological fractures (metastasis, myeloma,
  lytic lesion); high-energy mechanisms in the clinical information (traffic
  accident in any wording, motorbike, fall from a height, ladder, roof, crush);
  hypothetical mentions (骨折リスク, FRAX probabilities); patients under 50.
* ``site`` is one of "hip", "vertebra", "wrist", "humerus", "pelvis", "ankle",
  "other", or None when the report is not a candidate. With several fractures
  the site is the most important one: hip > vertebra > pelvis > humerus >
  wrist > ankle > other.

THIS IS A BLIND HELD-OUT SET. IT MUST NEVER BE USED TO TUNE THE LEXICON OR THE
RULES: do not read its reports when writing or changing the Japanese rules, and
never add its phrases to the lexicon. It exists only to measure, at the end,
how the screen does on wording nobody anticipated. If a report here is
misclassified, fix the rules from first principles or from a development set;
once this set has been used for tuning it is no longer held out and a new blind
set must be written.
"""

import textwrap

REPORTS = []


def _add(age, modality, body_part, candidate, site, text):
    """Append one report; accession numbers are assigned in order."""
    assert (site is None) == (not candidate)
    REPORTS.append(
        {
            "accession": "JH-%04d" % (len(REPORTS) + 1),
            "age": age,
            "modality": modality,
            "body_part": body_part,
            "report_text": textwrap.dedent(text).strip("\n"),
            "candidate": candidate,
            "site": site,
        }
    )


# ---------------------------------------------------------------------------
# Hip (大腿骨近位部)
# ---------------------------------------------------------------------------

# 市民病院, classic headings, Garden grade.
_add(84, "XR", "HIP", True, "hip", """
    【臨床情報】自宅の廊下で転倒。右股関節痛、荷重不能。
    【所見】右大腿骨頸部に骨折線を認めます。骨頭は内反し、遠位骨片は外旋・近位へ転位しています（Garden stage Ⅲ）。
    左股関節に明らかな異常なし。
    【診断】右大腿骨頸部骨折（Garden Ⅲ）。
""")

# クリニック, terse, no headings.
_add(91, "XR", "HIP", True, "hip", """
    施設内で尻もち。
    左大腿骨転子部骨折。小転子骨片あり。不安定型。
""")

# 大学病院 MRI, X-ray negative first then occult fracture on MRI.
_add(78, "MR", "HIP", True, "hip", """
    依頼目的：転倒後の右股関節痛。単純X線で骨折なし、不顕性骨折の評価をお願いします。

    所見：
    右大腿骨転子間部から大転子にかけて、T1強調像で線状の低信号域、STIR像でその周囲に広範な高信号（骨髄浮腫）を認めます。
    内側皮質への連続が疑われますが、明らかな転位はありません。
    左大腿骨、骨盤骨に異常信号なし。
    股関節液貯留は軽度。

    診断：
    右大腿骨転子部不全骨折（不顕性骨折）。
""")

# CT, 嵌入 wording, uncertainty.
_add(88, "CT", "PELVIS", True, "hip", """
    ＜臨床情報＞ベッドからずり落ちた後、右下肢を動かすと痛がる。認知症あり。
    ＜所見＞右大腿骨頚部の外側皮質に微小な段差があり、骨梁の圧縮を示唆する帯状の硬化像を伴います。
    外反嵌入型の頚部骨折を疑います。骨盤輪に骨折はみられません。
    ＜結論＞右大腿骨頚部骨折（嵌入型）疑い。
""")

# X-ray negative but cannot exclude; MRI recommended.
_add(73, "XR", "HIP", True, "hip", """
    検査目的:転倒 左股関節痛
    左大腿骨近位部に明らかな骨折線は指摘できません。
    ただし骨萎縮が強く、単純写真のみでは不顕性骨折は否定できません。疼痛が持続するようであればMRIでの精査を推奨します。
""")

# Follow-up after gamma nail, not yet united.
_add(95, "XR", "HIP", True, "hip", """
    【術後経過観察】右大腿骨転子部骨折 γネイル術後4週。
    【所見】インプラントの位置は術直後と比べて変化なし。ラグスクリューのカットアウトなし。
    骨折線はなお明瞭で、仮骨形成はわずか。骨癒合は未完成。
    【診断】右大腿骨転子部骨折術後、癒合途上。
""")

# Subtrochanteric, atypical femoral fracture wording, long-term bisphosphonate.
_add(82, "XR", "HIP", True, "hip", """
    臨床情報：アレンドロネート長期内服中。誘因なく左大腿部痛、歩行時に増悪。
    所見：左大腿骨転子下の外側皮質に限局性の肥厚とくちばし状突出（beaking）があり、横走する透亮線を伴います。
    非定型大腿骨骨折（AFF）の不全型と考えます。完全骨折には至っていません。反対側の評価も推奨します。
""")

# Several fractures: hip and wrist, site = hip.
_add(86, "CT", "HIP", True, "hip", """
    【臨床情報】屋外で段差につまずき転倒。左股関節痛、左手関節痛。
    【画像診断】
    1. 左大腿骨頚部骨折。骨頭下レベルで骨折線あり、軽度の転位を伴う。
    2. 撮像範囲に含まれる左橈骨遠位端にも骨折あり（別途単純写真での評価を）。
    3. 腰椎下部に変形性変化。
""")

# Hip replacement, no new fracture: not a candidate.
_add(80, "XR", "HIP", False, None, """
    【既往歴】右大腿骨頸部骨折に対し人工骨頭置換術（BHA）後　2年。
    【所見】ステム周囲に透亮像なし、沈み込みなし。人工骨頭周囲に新たな骨傷は認めません。
    異所性骨化なし。
    【診断】BHA術後、経過良好。
""")

# Aged 47 (dialysis patient): under 50, not a candidate.
_add(47, "XR", "HIP", False, None, """
    透析患者。立位から転倒し右股関節痛。
    右大腿骨頸部骨折（Garden Ⅱ）を認めます。
""")

# Negative, degenerative hip.
_add(76, "XR", "HIP", False, None, """
    所見：両側股関節裂隙の狭小化と臼蓋の骨硬化、骨棘形成を認め、変形性股関節症の所見です。右＞左。
    明らかな骨傷は指摘できません。大腿骨頚部・転子部の皮質は連続しています。
    診断：両側変形性股関節症。骨折は考えにくい。
""")

# High energy: moped self-accident.
_add(69, "XR", "HIP", False, None, """
    【臨床情報】原付で自損事故、路上に投げ出された。
    【所見】右大腿骨頸部骨折、転位あり。右恥骨上枝にも骨折線。
    【診断】右大腿骨頸部骨折。
""")

# Pathological: breast cancer metastasis.
_add(71, "CT", "PELVIS", False, None, """
    乳癌術後、多発骨転移で経過観察中。
    右大腿骨頚部から転子部に骨皮質を破壊する溶骨性病変があり、前回より拡大。
    同部に骨折線を認め、転移巣による病的骨折と考えます。
    腸骨、仙骨にも転移巣が散在。
""")


# ---------------------------------------------------------------------------
# Spine (椎体)
# ---------------------------------------------------------------------------

# 市民病院, full-width digits, age of fracture undetermined.
_add(79, "XR", "L-SPINE", True, "vertebra", """
    【臨床情報】２週間前から腰痛。明らかな外傷歴なし。
    【所見】第１腰椎椎体の前方高が減高し、楔状を呈しています。
    前回画像がなく新旧の判定は困難です。他の椎体の高さは保たれています。
    【診断】第１腰椎圧迫骨折（新旧不明）。
""")

# 大学病院 MRI, fresh Th12 and old L2.
_add(83, "MR", "L-SPINE", True, "vertebra", """
    検査目的：腰背部痛。圧迫骨折の新旧評価。

    所見：
    ・Th12椎体はT1WIでびまん性の低信号、STIRで高信号を示し、上終板が陥凹しています。急性期の骨粗鬆症性椎体骨折（OVF）として矛盾しません。後壁の突出はなく、脊柱管狭窄はありません。
    ・L2椎体は楔状化していますが信号変化はなく、陳旧性変化と考えます。
    ・L4/5椎間板の膨隆あり。

    診断：
    1) Th12 新鮮OVF
    2) L2 陳旧性圧迫骨折
""")

# Incidental on chest CT for pneumonia.
_add(72, "CT", "CHEST", True, "vertebra", """
    【依頼目的】肺炎の経過。
    【所見】右下葉の浸潤影は前回より縮小しています。胸水なし。縦隔リンパ節腫大なし。
    付随所見として、Th7およびTh9椎体に前方優位の楔状化があり、骨粗鬆症性椎体骨折の可能性があります。
    【結論】肺炎改善傾向。胸椎椎体の楔状化（Th7、Th9）、骨粗鬆症の評価をご検討ください。
""")

# Vertebra plana, T12.
_add(88, "XR", "T-SPINE", True, "vertebra", """
    胸腰椎移行部、T12が扁平化（扁平椎）。局所後弯が増強。
    前回（半年前）はT12の高さは保たれていた。
    他の胸椎に明らかな変形なし。
""")

# 健診センター DXA with VFA, Genant grade 2.
_add(67, "DXA", "L-SPINE", True, "vertebra", """
    骨密度検査結果
    腰椎（L1-L4）　BMD 0.712 g/cm2　YAM 64%　Tスコア -3.0
    大腿骨近位部（左）　BMD 0.598 g/cm2　YAM 70%
    判定：骨粗鬆症
    椎体骨折評価（VFA）：L1に中等度の楔状変形（Genant grade 2）を認めます。その他の椎体に明らかな変形なし。
    コメント：既存椎体骨折を伴う骨粗鬆症です。専門医受診をお勧めします。
""")

# Kümmell disease / intravertebral cleft.
_add(90, "MR", "L-SPINE", True, "vertebra", """
    所見：L1椎体は高度に圧潰し、椎体内にT2WIで液体様高信号を示すクレフトを認めます（intravertebral cleft）。
    偽関節化した椎体骨折（Kümmell病）を考えます。椎体後壁の軽度後方突出あり、硬膜嚢を軽度圧排。
    その他、L3/4、L4/5に変性すべりなし。
""")

# After BKP: treated vertebral fracture, no new one. Still a vertebral fracture.
_add(75, "XR", "L-SPINE", True, "vertebra", """
    ＜所見＞L3椎体はBKP後でセメント充填されています。セメントの椎体外漏出なし。
    隣接椎体（L2、L4）に新たな骨折は認めません。アライメント著変なし。
    ＜診断＞L3 BKP後。前回と著変なし。
""")

# Incidental on abdominal CT, bone window.
_add(81, "CT", "ABDOMEN", True, "vertebra", """
    腹痛精査。
    胆嚢結石あり、胆嚢壁肥厚なし。腸管に明らかな異常なし。
    骨条件にて第２腰椎の上終板に陥凹があり、軽度の圧迫骨折と思われます。骨密度の低下あり。
""")

# Clinic, English-mixed, progression.
_add(68, "XR", "L-SPINE", True, "vertebra", """
    L4 compression Fx(+)、前回比で椎体高さ減少進行。
    すべりなし。
""")

# 大学病院, acute T11 with fat-suppressed T2 wording.
_add(86, "MR", "T-SPINE", True, "vertebra", """
    【臨床情報】くしゃみをした後から背部痛。
    【所見】第11胸椎の椎体高が約1/3減高しています。脂肪抑制T2強調像で椎体内にびまん性の高信号を認め、急性期の椎体骨折と考えます。
    椎体後壁は保たれています。その他の胸椎に異常信号なし。
    【診断】第11胸椎 椎体骨折（急性期）。
""")

# Fish vertebra (魚椎) only.
_add(74, "XR", "L-SPINE", True, "vertebra", """
    腰椎側面像：L2、L3椎体が両凹状（魚椎様）に変形。
    骨粗鬆症性変化として矛盾しない。椎間腔は保たれる。
""")

# Burst-type fracture after fall from a bed (low energy).
_add(93, "CT", "L-SPINE", True, "vertebra", """
    【臨床情報】夜間ベッドから転落。腰痛で体動困難。
    【所見】L1椎体に破裂型の骨折を認めます。椎体後壁が損傷し、骨片が脊柱管内へ約4mm突出しています。
    後方要素に骨折なし。
    【診断】L1椎体骨折（破裂型）、脊柱管狭窄は軽度。
""")

# Degenerative, Schmorl node: not a fracture.
_add(62, "XR", "L-SPINE", False, None, """
    所見:L4/5、L5/S椎間腔の狭小化と椎体辺縁の骨棘形成を認める。L4に軽度の前方すべり（Meyerding I度）。
    L3下終板にSchmorl結節。
    椎体の圧潰・楔状化はみられない。
    診断:変形性腰椎症、L4変性すべり症。
""")

# Pathological: prostate cancer metastasis.
_add(70, "MR", "L-SPINE", False, None, """
    前立腺癌で内分泌療法中。PSA上昇。
    L3椎体はT1WIで低信号に置換され、椎弓根まで異常信号が及んでいます。椎体は軽度圧潰。
    骨転移による病的圧迫骨折と考えます。Th10、L5にも転移を疑う信号あり。
""")

# Pathological: myeloma (abbreviated MM).
_add(66, "MR", "L-SPINE", False, None, """
    【臨床情報】MM（IgG-κ）で化学療法中。
    【所見】胸腰椎にびまん性の信号異常、Th12、L1、L3に椎体圧潰あり。
    骨髄腫の浸潤によるものと考えます。
""")

# Aged 48: under 50.
_add(48, "XR", "L-SPINE", False, None, """
    【臨床情報】尻もちをついてから腰痛。
    【所見】L1椎体に楔状変形、前方高の減高を認めます。
    【診断】L1圧迫骨折（新鮮と思われる）。
""")

# High energy: fall from 3 m at work.
_add(58, "CT", "L-SPINE", False, None, """
    臨床情報: 作業中に足場（約3m）から墜落。
    所見: L1椎体の破裂骨折、後壁損傷あり。L2横突起骨折。
    診断: L1破裂骨折。
""")

# 健診 DXA with VFA, no deformity; FRAX given.
_add(77, "DXA", "L-SPINE", False, None, """
    骨密度測定（DXA）
    腰椎 L2-L4　YAM 72%
    大腿骨頸部　YAM 69%
    判定：骨量減少（骨粗鬆症の疑い）
    VFA：Th4〜L4に明らかな椎体変形を認めません。
    FRAX：主要骨粗鬆症性骨折の10年確率 18%、大腿骨近位部骨折の10年確率 5.2%。
""")

# 健診 DXA without VFA, fracture risk only.
_add(64, "DXA", "L-SPINE", False, None, """
    【骨密度検診】
    腰椎（L1-4）：0.781 g/cm²（若年成人平均比 65％）
    判定：要精検（骨粗鬆症）。将来の骨折リスクが高い状態です。医療機関での精密検査をお勧めします。
""")


# ---------------------------------------------------------------------------
# Pelvis (骨盤・仙骨・寛骨臼)
# ---------------------------------------------------------------------------

_add(87, "XR", "PELVIS", True, "pelvis", """
    【臨床情報】自室で転倒、右鼠径部痛。
    【所見】右恥骨上枝および下枝に骨折線を認めます。転位は軽微。両側大腿骨近位部に骨折なし。
    【診断】右恥骨上枝・下枝骨折。
""")

# Sacral insufficiency fracture, Honda sign.
_add(82, "MR", "PELVIS", True, "pelvis", """
    依頼：誘因のない腰殿部痛。腰椎MRIで異常なし。
    所見：両側仙骨翼に縦走する帯状のT1低信号・STIR高信号を認め、S2レベルで横走成分が連続しています（H型、Honda sign）。
    仙骨の脆弱性骨折として典型的です。腸骨、恥骨に異常信号なし。
""")

# 大学病院 CT, FFP classification, several pelvic fractures.
_add(79, "CT", "PELVIS", True, "pelvis", """
    ■臨床情報
    立ち上がる際にふらついて転倒。
    ■所見
    左恥坐骨に骨折あり。左仙骨翼の前方皮質にも非転位の骨折線を認めます。
    骨盤輪の後方要素を含む脆弱性骨盤骨折（Rommens FFP type Ⅱb 相当）。
    ■診断
    左恥坐骨骨折＋左仙骨翼骨折
""")

# XR negative, CT shows acetabular fracture (negated then affirmed).
_add(90, "CT", "HIP", True, "pelvis", """
    【臨床情報】転倒後の左股関節痛。単純写真では明らかな骨折なし。
    【所見】大腿骨頚部・転子部に骨折は認めません。
    一方、左寛骨臼前柱から臼蓋上縁にかけて非転位の骨折線を認めます。
    【診断】左寛骨臼骨折（前柱、非転位）。
""")

# Pubic insufficiency fracture suspected.
_add(76, "MR", "HIP", True, "pelvis", """
    両股関節MRI。
    右恥骨体部から恥骨結合近傍にかけてSTIR高信号の骨髄浮腫があり、T1で線状低信号域が疑われます。
    恥骨の不全骨折が疑われます。両側大腿骨頭に壊死を示唆する所見なし。
""")

# High energy: passenger in a car crash.
_add(55, "CT", "PELVIS", False, None, """
    【臨床情報】乗用車同士の衝突事故、助手席。
    【所見】右恥骨上下枝骨折、右仙腸関節の離開、右仙骨翼骨折。骨盤内血腫あり、造影剤の血管外漏出なし。
    【診断】不安定型骨盤輪骨折。
""")

# Old united pubic fracture: not a candidate.
_add(84, "XR", "PELVIS", False, None, """
    左恥骨上枝に陳旧性骨折、骨癒合は完成しています。
    新鮮な骨傷は指摘できません。両股関節に変形性変化。
""")


# ---------------------------------------------------------------------------
# Proximal humerus (上腕骨近位)
# ---------------------------------------------------------------------------

_add(74, "XR", "SHOULDER", True, "humerus", """
    【臨床情報】転倒して左肩を打撲。
    【所見】左上腕骨外科頸に骨折を認めます。骨幹部はやや内側へ転位。肩関節の脱臼なし。
    【診断】左上腕骨外科頸骨折。
""")

# Clinic, greater tuberosity.
_add(81, "XR", "SHOULDER", True, "humerus", """
    右上腕骨大結節骨折、転位わずか（5mm未満）。
    肩甲上腕関節の適合性は保たれる。
""")

# 大学病院 CT, Neer 4-part.
_add(69, "CT", "SHOULDER", True, "humerus", """
    所見：
    右上腕骨近位端の粉砕骨折。骨頭、大結節、小結節、骨幹部の4パートに分かれ（Neer 4-part）、骨頭は外反嵌入しています。
    関節窩に骨折なし。肩峰下に血腫。
    診断：右上腕骨近位端骨折（Neer 4-part、外反嵌入型）。
    臨床情報：自宅玄関で転倒。
""")

# Suspected, extra views requested.
_add(88, "XR", "SHOULDER", True, "humerus", """
    右肩正面像。上腕骨頚部に横走する透亮線様の所見があり、骨折を疑います。
    肩甲骨Y撮影等の追加撮影での確認を推奨します。
""")

# No fracture, calcific tendinitis.
_add(72, "XR", "SHOULDER", False, None, """
    〈所見〉右肩腱板付着部（棘上筋腱）に石灰化を認めます。石灰沈着性腱板炎を疑います。
    上腕骨頭、関節窩、鎖骨に骨折を示唆する所見はありません。
""")

# Aged 46: under 50.
_add(46, "XR", "SHOULDER", False, None, """
    【臨床情報】スキー中に転倒。
    【所見】左上腕骨大結節に骨折線、転位は軽度。
    【診断】左上腕骨大結節骨折。
""")


# ---------------------------------------------------------------------------
# Wrist (橈骨遠位端)
# ---------------------------------------------------------------------------

# Clinic, terse, DRF with ulnar styloid.
_add(66, "XR", "WRIST", True, "wrist", """
    右DRF（Colles型）。背側転位・短縮あり。尺骨茎状突起骨折合併。
""")

_add(58, "XR", "WRIST", True, "wrist", """
    【臨床情報】手の甲をついて転倒。
    【所見】左橈骨遠位骨幹端に骨折線を認め、遠位骨片は掌側へ転位しています（Smith骨折）。
    【診断】左橈骨遠位端骨折（Smith型）。
""")

# Incomplete fracture, cortical buckling.
_add(71, "XR", "WRIST", True, "wrist", """
    所見：右橈骨遠位骨幹端の背側皮質に軽度の膨隆と骨梁の途絶を認めます。
    不全骨折と考えます。転位なし。手根骨に異常なし。
""")

# 大学病院 CT, pre-operative, intra-articular.
_add(53, "CT", "WRIST", True, "wrist", """
    検査目的:左橈骨遠位端骨折 術前評価（掌側ロッキングプレート予定）
    所見:橈骨遠位端の関節内骨折。月状骨窩に陥没骨片あり、関節面のstep-offは約2mm。AO分類 23-C2 相当。
    尺骨茎状突起基部骨折を合併。DRUJの明らかな離開なし。
""")

# Follow-up, healing not yet united.
_add(79, "XR", "WRIST", True, "wrist", """
    【経過観察】右橈骨遠位端骨折　ギプス固定3週。
    【所見】骨片の位置は前回と著変なし。骨折部に淡い仮骨形成がみられますが、骨折線はなお明瞭です。
    【診断】癒合途上。
""")

# Aged 50 exactly.
_add(50, "XR", "WRIST", True, "wrist", """
    臨床情報：自宅で滑って転倒、手をついた。
    左橈骨遠位端に骨折あり、背屈転位。尺骨には骨折なし。
""")

# Old malunited wrist fracture: not a candidate.
_add(63, "XR", "WRIST", False, None, """
    【所見】右橈骨遠位端に陳旧性骨折後の変形治癒（背屈変形、橈骨短縮）を認めます。
    新鮮骨折を示唆する所見はありません。
    【診断】陳旧性右橈骨遠位端骨折（変形治癒）。
""")

# Aged 49: under 50.
_add(49, "XR", "WRIST", False, None, """
    転倒時に右手をつく。
    右橈骨遠位端骨折、背側転位あり。
""")

# Negative.
_add(68, "XR", "WRIST", False, None, """
    左手関節4方向。
    明らかな骨折線は認めません。舟状骨撮影でも異常なし。
    軟部組織の腫脹のみ。骨折は否定的です。
""")

# Finger fracture: excluded site.
_add(57, "XR", "HAND", False, None, """
    【臨床情報】ドアに指を挟んだ。
    【所見】左環指中節骨基部に骨折を認めます。関節面への骨折線の進展あり。
    【診断】左環指中節骨骨折。
""")


# ---------------------------------------------------------------------------
# Ankle (足関節)
# ---------------------------------------------------------------------------

_add(64, "XR", "ANKLE", True, "ankle", """
    【臨床情報】段差を踏み外して左足関節を捻った。
    【所見】左腓骨遠位、脛腓靱帯結合レベルに斜骨折を認めます（Weber B）。内果に骨折なし。
    【診断】左足関節外果骨折。
""")

# Trimalleolar, with one IME homophone typo (骨節).
_add(72, "XR", "ANKLE", True, "ankle", """
    右足関節、内果・外果に骨節あり。側面像で後果にも骨折線を認め、三果骨折の状態。距骨は後方へ亜脱臼。
    臨床情報：雪道で転倒。
""")

# XR equivocal, CT confirms.
_add(59, "CT", "ANKLE", True, "ankle", """
    依頼目的：単純X線で左腓骨遠位に骨折疑い、CTで精査。
    所見：左腓骨遠位骨幹端に不完全な骨折線を確認しました。転位なし。距腿関節の適合性は保たれています。
""")

# Possible medial malleolus fracture.
_add(80, "XR", "ANKLE", True, "ankle", """
    右内果先端に線状の透亮像あり。骨折は否定できません。
    副骨（os subtibiale）との鑑別を要しますので、圧痛部位との照合をお願いします。
""")

# Sprain, no fracture.
_add(61, "XR", "ANKLE", False, None, """
    【所見】右足関節外側の軟部組織腫脹あり。骨傷なし。
    【診断】骨傷なし。捻挫として矛盾しません。
""")

# Toe fracture: excluded.
_add(52, "XR", "FOOT", False, None, """
    右第5趾基節骨に骨折を認める。転位わずか。
    中足骨に異常なし。
""")


# ---------------------------------------------------------------------------
# Other long bones and ribs
# ---------------------------------------------------------------------------

_add(78, "XR", "CHEST", True, "other", """
    【臨床情報】トイレで転倒し左胸部を打撲。
    【所見】左第7、第8肋骨の外側に骨折を認めます。気胸なし、胸水なし。
    【診断】左第7・8肋骨骨折。
""")

# Distal femur (supracondylar).
_add(85, "XR", "KNEE", True, "other", """
    施設内で転倒。右膝上部の腫脹。
    右大腿骨顆上部に横骨折、遠位骨片は後方へ屈曲転位。関節内への骨折線の進展は明らかでない。
""")

# Tibial plateau.
_add(70, "XR", "KNEE", True, "other", """
    ＜所見＞左脛骨外側プラトーに陥没骨折を認めます（陥没約6mm）。関節血症を疑う膝蓋上嚢の膨隆あり。
    ＜診断＞左脛骨高原骨折（外側）。
    ＜臨床情報＞歩行中につまずいて転倒。
""")

# Clavicle.
_add(67, "XR", "CLAVICLE", True, "other", """
    右鎖骨骨幹部中央1/3に骨折あり。遠位骨片は下方へ転位し、約1cmの短縮。
    臨床情報：立ったまま後方へ転倒し右肩から落ちた。
""")

# Incidental rib fracture with callus on chest CT.
_add(83, "CT", "CHEST", True, "other", """
    【依頼目的】肺結節フォロー。
    【所見】右上葉の結節（8mm）は前回と著変なし。
    右第9肋骨の側方に仮骨を伴う骨折を認め、亜急性期の骨折と考えます。前回CTでは認めませんでした。
    【結論】肺結節著変なし。右第9肋骨骨折（亜急性期）。
""")

# Nasal bone fracture on head CT: excluded.
_add(74, "CT", "HEAD", False, None, """
    【臨床情報】転倒し顔面を打撲。
    【所見】頭蓋内に出血なし。頭蓋骨骨折なし。
    鼻骨に骨折を認めます。鼻中隔は軽度偏位。
    【診断】鼻骨骨折。頭蓋内損傷なし。
""")

# Old rib fractures outside the spine.
_add(80, "XR", "CHEST", False, None, """
    心胸郭比52%。肺野に活動性病変なし。
    右第4〜6肋骨に陳旧性骨折による変形あり。新たな骨折は指摘できない。
""")

# Orbital floor (blow-out): facial bone.
_add(59, "CT", "FACE", False, None, """
    右眼窩底に骨折を認め、眼窩内脂肪が上顎洞へ脱出しています（吹き抜け骨折）。
    下直筋の絞扼は明らかでない。
""")

# Knee OA, no fracture.
_add(66, "XR", "KNEE", False, None, """
    両膝：内側関節裂隙の狭小化、骨棘形成あり（K-L分類 grade 3）。
    膝蓋骨、脛骨、大腿骨に骨折を疑う所見なし。
""")

# Normal chest, fracture history denied.
_add(77, "XR", "CHEST", False, None, """
    既往歴：高血圧。骨折歴なし。
    所見：両肺野清明。心拡大なし。肋骨、鎖骨に異常を指摘できません。
""")


# ---------------------------------------------------------------------------
# Further house styles (addendum, English shorthand, history-only mention)
# ---------------------------------------------------------------------------

# 大学病院 night-shift shorthand, aged 98.
_add(98, "XR", "HIP", True, "hip", """
    Rt. femoral neck Fx s/o。骨頭下で皮質の不連続あり、転位は軽度。
    Lt. 異常なし。
""")

# Steroid user aged 45: under 50.
_add(45, "XR", "L-SPINE", False, None, """
    【臨床情報】SLEでPSL長期内服中。誘因なく腰痛。
    【所見】L2椎体の上終板が陥凹し、椎体高が減少しています。ステロイド性骨粗鬆症に伴う圧迫骨折と考えます。
""")

# Addendum overturns a negative first reading.
_add(76, "XR", "WRIST", True, "wrist", """
    【所見】左手関節：明らかな骨折は認めません。
    【追記】臨床医からの問い合わせを受け側面像を再検討したところ、橈骨遠位端の背側皮質に小さな段差があり、非転位の骨折と判断します。上記所見を訂正します。
""")

# Known old L1 fracture in the history, unchanged: still a vertebral candidate.
_add(60, "XR", "L-SPINE", True, "vertebra", """
    【既往歴】L1圧迫骨折（3年前）。
    【画像所見】L1の楔状変形は前回と同程度。新たな椎体の圧潰は認めません。
    【結語】新規骨折なし。
""")

# 市民病院 with 検査目的/画像所見/結語, ischial ramus.
_add(89, "XR", "PELVIS", True, "pelvis", """
    【検査目的】転倒後　右臀部痛
    【画像所見】右坐骨枝に骨皮質の断裂を認めます。恥骨上枝は保たれています。
    【結語】右坐骨枝骨折。
""")
