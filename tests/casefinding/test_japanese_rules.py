"""The screen's rules on Japanese reports (issue 18), one case each: modifiers, sections, sites, sides,
normalisation, mixed Japanese/English reports, and the lexicon's extension by a site."""
import pytest

from casefinding.lexicon import load_lexicon, screener_for_site
from casefinding.models import SCREEN_REASONS, LexiconTerm
from casefinding.screening import Screener, normalize, tokenize

screener = Screener(load_lexicon())


def screen(text, age=78, body_part=""):
    return screener.screen(text, age_at_exam=age, body_part=body_part)


# --- Normalisation and tokens -------------------------------------------------------------------

def test_nfkc_makes_full_width_and_half_width_forms_alike_and_keeps_the_offsets():
    text = "所見：Ｌ１２ ｺｯｾﾞﾂ"
    normal, starts, ends = normalize(text)
    assert normal == "所見:L12 コッゼツ"
    # every character of the result knows where it came from; ｾﾞ (two characters) became ゼ
    assert [text[starts[i]:ends[i]] for i in range(len(normal))] == \
        ["所", "見", "：", "Ｌ", "１", "２", " ", "ｺ", "ｯ", "ｾﾞ", "ﾂ"]


def test_ascii_text_is_not_copied():
    text = "Findings: fracture."
    assert normalize(text) == (text, None, None)


def test_japanese_is_one_token_a_character_and_latin_words_stay_words():
    assert [t for t, _, _ in tokenize("L1椎体に骨折あり")] == ["l1", "椎", "体", "に", "骨", "折", "あ", "り"]


def test_full_width_and_half_width_reports_screen_alike():
    wide = screen("所見：Ｌ１椎体圧迫骨折。")
    narrow = screen("所見:L1椎体圧迫骨折。")
    assert (wide.candidate, wide.fracture_site) == (narrow.candidate, narrow.fracture_site) == (True, "vertebra")
    # the evidence and highlights are cut from the report as stored, full-width letters and all
    assert wide.evidence == "Ｌ１椎体圧迫骨折"
    assert {wide.evidence[a:b] for a, b in wide.highlights} == {"Ｌ１", "椎体圧迫骨折"}


def test_half_width_katakana_is_read():
    lexicon = load_lexicon(terms=[("fracture", "コッセツ")])
    result = Screener(lexicon).screen("所見：右大腿骨頸部ｺｯｾﾂ。", age_at_exam=80)
    assert (result.candidate, result.fracture_site, result.side) == (True, "hip", "right")
    assert [result.evidence[a:b] for a, b in result.highlights] == ["大腿骨頸部", "ｺｯｾﾂ"]


def test_the_japanese_window_is_set_in_the_lexicon_data():
    assert screener.word_window == 8
    assert screener.character_window == load_lexicon()["window"]["characters"]
    far = "所見：右大腿骨頸部骨折、あいうえおかきくけこさしすせそたちつてと認めない。"
    wide = dict(load_lexicon(), window={"words": 8, "characters": 40})
    assert not Screener(wide).screen(far, age_at_exam=80).candidate
    narrow = dict(load_lexicon(), window={"words": 8, "characters": 3})
    assert Screener(narrow).screen(far, age_at_exam=80).candidate


# --- Modifiers (mostly after the finding: ConText's backward direction) ----------------------------

@pytest.mark.parametrize("text", [
    "所見：骨折は認めない。", "所見：骨折は認めません。", "所見：骨折なし。", "所見：明らかな骨折線なし。",
    "所見：骨折は否定的です。", "所見：骨折は指摘できない。", "所見：明らかな骨折は同定できない。",
    "所見：骨折は見当たりません。", "所見：骨折を疑う所見なし。", "所見：骨折を示唆する所見はない。",
    "所見：骨折はないと思われます。", "所見：右大腿骨頸部骨折(-)。", "所見：骨折の可能性は低い。",
    "所見：大結節骨折や関節窩骨折は認めない。",
])
def test_a_negated_fracture_is_not_a_candidate(text):
    result = screen(text)
    assert not result.candidate and result.reason == "fracture negated"


@pytest.mark.parametrize("text", [
    "所見：右大腿骨頸部骨折の疑い。", "所見：右大腿骨頸部骨折が疑われる。", "所見：右大腿骨頸部に骨折を疑う。",
    "所見：右大腿骨頸部骨折は否定できない。", "所見：右大腿骨頸部骨折の可能性あり。", "所見：右大腿骨頸部骨折（要精査）。",
    "所見：右大腿骨頸部に非転位骨折が完全には否定できません。",
])
def test_an_uncertain_fracture_still_goes_to_a_person(text):
    result = screen(text)
    assert (result.candidate, result.certainty, result.fracture_site) == (True, "uncertain", "hip")


def test_a_modifier_like_phrase_that_is_not_one_leaves_the_fracture_affirmed():
    # 転位なし (no displacement), 著変なし (unchanged), 気胸なし (no pneumothorax) do not negate the fracture.
    for text in ("所見：右恥骨上枝骨折、転位なし。", "所見：既知の右第6肋骨骨折は前回と著変なし、骨折線は残存。",
                 "所見：右第6肋骨骨折、気胸なし。"):
        assert screen(text).candidate, text


@pytest.mark.parametrize("text", [
    "所見：左橈骨遠位端に陳旧性骨折。", "所見：既知の右鎖骨骨折。", "所見：右第5肋骨に陳旧性骨折の癒合像。",
    "所見：左橈骨遠位端骨折の変形治癒を認める。", "所見：古い右第7肋骨骨折あり。",
])
def test_an_old_fracture_is_not_a_candidate(text):
    result = screen(text)
    assert not result.candidate and result.reason == "old or healed fracture"


@pytest.mark.parametrize("text", ["所見：L1陳旧性圧迫骨折。", "所見：Th12椎体に陳旧性の楔状変形。", "所見：既知のL2圧迫骨折。"])
def test_an_old_vertebral_fracture_is_still_a_candidate(text):
    result = screen(text)
    assert (result.candidate, result.fracture_site, result.side) == (True, "vertebra", "na")


def test_a_healing_fracture_is_a_candidate():
    assert screen("所見：右橈骨遠位端骨折、仮骨形成あり、骨癒合は未完成。").candidate


@pytest.mark.parametrize("text", [
    "【FRAX】10年以内の主要骨粗鬆症性骨折確率 21%、大腿骨近位部骨折確率 6.8%",
    "【コメント】骨折リスクが高く、治療を考慮してください。", "所見：FRAX 大腿骨近位部骨折 4.5%。",
])
def test_a_risk_estimate_is_not_a_fracture(text):
    assert not screen(text).candidate


# --- Pathological, high energy, age ------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "所見：右大腿骨転子下に病的骨折。", "【既往歴】多発性骨髄腫\n【所見】L3椎体圧迫骨折。",
    "【既往歴】乳癌、多発骨転移。\n【所見】右第6肋骨骨折。", "所見：溶骨性病変を伴う右上腕骨骨折。",
])
def test_a_pathological_fracture_is_not_a_candidate(text):
    result = screen(text)
    assert not result.candidate and result.reason.startswith("pathological fracture")


def test_a_denied_metastasis_leaves_the_fracture_a_candidate():
    text = "【臨床情報】胃癌術後、転移の評価。\n【所見】L2新鮮圧迫骨折。骨転移を示唆する所見はありません。"
    assert screen(text).candidate


@pytest.mark.parametrize("clinical", ["交通事故", "バイク事故", "高所からの転落", "2階から転落", "脚立から転落",
                                      "フォークリフトに挟まれ受傷", "車にひかれた"])
def test_a_high_energy_mechanism_in_the_clinical_information_excludes_it(clinical):
    result = screen(f"【臨床情報】{clinical}。\n【所見】右橈骨遠位端骨折。")
    assert not result.candidate and result.reason == "high-energy mechanism in the clinical details"


@pytest.mark.parametrize("clinical", ["自宅で転倒", "ベッドから転落", "立位から転倒", "受傷機転不明"])
def test_a_fall_from_standing_height_does_not(clinical):
    assert screen(f"【臨床情報】{clinical}。\n【所見】右橈骨遠位端骨折。").candidate


def test_under_50_at_the_exam_is_not_a_candidate():
    assert screen("所見：右橈骨遠位端骨折。", age=49).reason == "under 50 at the exam"


# --- Sections ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "【臨床情報】転倒。\n【所見】左大腿骨頸部骨折。", "＜所見＞左大腿骨頸部骨折", "[所見] 左大腿骨頸部骨折",
    "所見：左大腿骨頸部骨折", "所見:左大腿骨頸部骨折", "■所見\n左大腿骨頸部骨折", "【画像所見】\n左大腿骨頸部骨折。",
    "MRI所見：左大腿骨頸部骨折。", "【診断】左大腿骨頸部骨折", "結論：左大腿骨頸部骨折",
])
def test_japanese_headings_are_read(text):
    result = screen(text)
    assert (result.candidate, result.fracture_site, result.side) == (True, "hip", "left")


def test_the_clinical_information_is_the_question_not_evidence():
    assert not screen("【臨床情報】大腿骨頸部骨折疑い。\n【所見】明らかな骨折は認めません。").candidate
    assert not screen("【依頼目的】右大腿骨頸部骨折？\n【所見】異常なし。").candidate


def test_a_negative_conclusion_settles_a_query_in_the_findings():
    result = screen("【所見】右大腿骨頸部骨折疑い。\n【診断】骨折なし。")
    assert not result.candidate and result.reason == "ruled out by the conclusion"


def test_sentences_end_at_japanese_stops_bullets_and_numbered_items():
    sentences = screener.sentences(normalize("【所見】\n1．右大腿骨頸部骨折　２．右恥骨骨折。気胸なし！\n・肋骨骨折")[0])
    assert len(sentences) >= 5
    result = screen("【診断】１．右大腿骨頚部骨折　２．右恥骨上枝骨折")
    assert (result.fracture_site, result.evidence) == ("hip", "右大腿骨頚部骨折")


# --- Sites and sides ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,site", [
    ("右大腿骨頸部骨折", "hip"), ("右大腿骨頚部骨折", "hip"), ("左大腿骨転子部骨折", "hip"), ("右大腿骨近位部骨折", "hip"),
    ("L1椎体骨折", "vertebra"), ("Th12圧迫骨折", "vertebra"), ("第12胸椎圧迫骨折", "vertebra"), ("腰椎圧迫骨折", "vertebra"),
    ("L2に楔状変形", "vertebra"), ("右橈骨遠位端骨折", "wrist"), ("左コーレス骨折", "wrist"),
    ("右上腕骨近位端骨折", "humerus"), ("左上腕骨外科頸骨折", "humerus"), ("右上腕骨大結節骨折", "humerus"),
    ("右恥骨上枝骨折", "pelvis"), ("右坐骨骨折", "pelvis"), ("仙骨脆弱性骨折", "pelvis"), ("右寛骨臼骨折", "pelvis"),
    ("右足関節両果骨折", "ankle"), ("左外果骨折", "ankle"), ("右内果骨折", "ankle"),
    ("右第7肋骨骨折", "other"), ("左鎖骨骨折", "other"), ("右橈骨頭骨折", "other"), ("右脛骨高原骨折", "other"),
])
def test_each_site(text, site):
    result = screen(f"所見：{text}。")
    assert (result.candidate, result.fracture_site) == (True, site)


@pytest.mark.parametrize("text,reason", [
    ("右第5指基節骨骨折", "excluded site: finger"), ("左第1趾骨折", "excluded site: toe"),
    ("右後頭骨に線状骨折", "excluded site: skull"), ("頭蓋骨骨折", "excluded site: skull"),
    ("鼻骨骨折", "excluded site: face"), ("左眼窩底骨折", "excluded site: face"), ("左頬骨弓骨折", "excluded site: face"),
])
def test_excluded_sites(text, reason):
    result = screen(f"所見：{text}。")
    assert not result.candidate and result.reason == reason


def test_the_finger_word_inside_another_word_is_not_a_finger():
    # 指摘 (to point out) holds 指 (finger).
    assert screen("所見：右大腿骨頸部骨折を指摘。").fracture_site == "hip"


@pytest.mark.parametrize("text,side", [("右大腿骨頸部骨折", "right"), ("左橈骨遠位端骨折", "left"),
                                       ("両側恥骨上枝骨折", "bilateral"), ("L1圧迫骨折", "na")])
def test_sides(text, side):
    assert screen(f"所見：{text}。").side == side


def test_mri_t1_is_not_the_vertebra_t1_nor_ao_c2_the_vertebra_c2():
    assert screen("所見：左大腿骨頸部にT1強調像で低信号の骨折線。").fracture_site == "hip"
    assert screen("【結論】左橈骨遠位端関節内骨折（AO分類 C2相当）").fracture_site == "wrist"


# --- Mixed Japanese and English ---------------------------------------------------------------------------

def test_a_report_mixing_japanese_and_english_is_read_in_both():
    result = screen("Clinical details: Fall at home.\n【所見】No fracture of the hip. 右橈骨遠位端骨折あり。")
    assert (result.candidate, result.fracture_site, result.side) == (True, "wrist", "right")
    assert not screen("Findings: 右大腿骨頸部 fracture excluded.").candidate
    assert screen("Clinical details: RTC.\n【所見】右橈骨遠位端骨折。").reason == "high-energy mechanism in the clinical details"


def test_every_reason_stays_one_the_app_translates():
    texts = ["所見：骨折なし。", "所見：右第5指骨折。", "所見：陳旧性の右鎖骨骨折。", "所見：右大腿骨病的骨折。", "所見：異常なし。",
             "【FRAX】大腿骨近位部骨折 10年確率 4%"]
    for text in texts:
        assert screen(text).reason in SCREEN_REASONS, text


# --- The lexicon a site extends ------------------------------------------------------------------------------

TEXT = "所見：左橈骨遠位端にひびあり。"


@pytest.mark.django_db
def test_a_sites_own_japanese_term_changes_only_that_sites_screen(site_a, site_b):
    assert not screener_for_site(site_a.id).screen(TEXT, age_at_exam=70).candidate
    LexiconTerm.objects.create(site=site_a, category="fracture", phrase="ひび")
    result = screener_for_site(site_a.id).screen(TEXT, age_at_exam=70)
    assert (result.candidate, result.fracture_site, result.side) == (True, "wrist", "left")
    assert not screener_for_site(site_b.id).screen(TEXT, age_at_exam=70).candidate


@pytest.mark.django_db
def test_a_settings_directory_adds_japanese_words_and_may_set_the_window(tmp_path, settings, site_a):
    (tmp_path / "local.yaml").write_text("fracture: [ひび]\nwindow:\n  characters: 20\n", encoding="utf-8")
    settings.CASEFINDING_LEXICON_DIRS = [str(tmp_path)]
    extended = screener_for_site(site_a.id)
    assert extended.screen(TEXT, age_at_exam=70).candidate
    assert extended.character_window == 20
