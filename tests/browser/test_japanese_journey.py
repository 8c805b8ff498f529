"""A Japanese FLS team's day in a real browser (issue 18), budget 120 s: an English browser signs in to a hospital in
Japan and every page is in Japanese (html lang="ja", no English word left, by the same check as
tests/fls/test_japanese_pages_have_no_english.py). The nurse logs 佐藤 花子 with her reading (サトウ ハナコ) and dates
typed as in Japan (1941/03/09), with no national number asked; finds her again by kana typed in hiragana and in
half-width katakana; screens a Japanese radiology report (【診断】右大腿骨頸部骨折) and confirms the suggestion; the
clinician signs a treatment decision off and its letter is the referral form (診療情報提供書); the manager's claims
list shows the month's level-1 claim."""
import zoneinfo
from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from playwright.sync_api import expect

from claims import services as claims_services
from claims.models import FacilityStandard
from django.utils import timezone, translation
from fls.roles import CLINICIAN, MANAGER, NURSE
from fls.versioning import NO_RECORD
from patients import pathway
from patients import services as patient_services
from assessments import services as assessment_services
from casefinding.intake import COLUMNS as CASEFINDING_COLUMNS
from casefinding.models import CandidateDecision
from patients.models import FractureEpisode, Patient
from tests.factories import SiteFactory, UserFactory
from tests.fls.test_japanese_pages_have_no_english import english_words
from tests.followup.conftest import contact, decide_treatment, follow_up

pytestmark = pytest.mark.browser


@pytest.fixture
def sakura(db):
    import importlib

    from django.apps import apps

    # The 2024 fee schedule its migration seeds: a transactional test's flush removes it (tests/claims/conftest.py).
    importlib.import_module("claims.migrations.0002_fee_schedule_2024").seed(apps, None)
    site = SiteFactory(code="sakura-jb", name="Sakura City Hospital", country="JP", timezone="Asia/Tokyo",
                       language="ja")
    FacilityStandard.objects.create(site=site, doctor="佐藤 一郎", nurse="伊藤 花子", pharmacist="加藤 薬局",
                                    last_training_on=date.today() - timedelta(days=60))
    return site


@pytest.fixture
def staff(sakura):
    return {
        "nurse": UserFactory(username="kango_jb", first_name="美咲", last_name="高橋", roles=[NURSE], sites=[sakura]),
        "clinician": UserFactory(username="ishi_jb", first_name="健二", last_name="伊藤", roles=[CLINICIAN],
                                 sites=[sakura]),
        "manager": UserFactory(username="kanri_jb", first_name="結衣", last_name="加藤", roles=[MANAGER],
                               sites=[sakura]),
    }


# Latin letters a Japanese page may show besides the clinic's abbreviations: the site's name and code, and the
# radiology file's column names, which a CSV must use as they are.
DATA_WORDS = {"Sakura", "City", "Hospital", "sakura-jb", *CASEFINDING_COLUMNS}


def no_english(page):
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    words = english_words(page.content(), DATA_WORDS)
    assert not words, f"English on {page.url}: {sorted(set(words))}"


def _hip_patient(site, nurse, *, local_id, family, given, family_kana, given_kana, fracture_date):
    patient = patient_services.patient_create(
        site=site, by=nurse, confirm_possible_duplicate=True, local_id=local_id, family_name=family,
        given_name=given, family_name_kana=family_kana, given_name_kana=given_kana,
        date_of_birth=date(fracture_date.year - 81, 1, 2), sex="female")
    episode = patient_services.episode_create(
        patient=patient, by=nurse, fracture_date=fracture_date, fracture_site="hip", side="left", mechanism="low",
        identified_on=fracture_date, source="ed").episode
    pathway.accept_for_assessment(episode, by=nurse)
    return episode


@pytest.fixture
def awaiting_sign_off(sakura, staff):
    """田中 幸子: assessed, her treatment decision drafted by the nurse, waiting for the clinician."""
    nurse = staff["nurse"]
    with translation.override("ja"):
        return _drafted(sakura, nurse)


def _drafted(sakura, nurse):
    episode = _hip_patient(sakura, nurse, local_id="J000101", family="田中", given="幸子", family_kana="タナカ",
                           given_kana="サチコ", fracture_date=timezone.localdate() - timedelta(days=12))
    assessment_services.assessment_record_part(episode=episode, part="falls", by=nurse, expected_version=None,
                                               falls_last_12_months=1)
    assessment_services.assessment_complete(episode=episode, by=nurse)
    assessment_services.treatment_decision_save(episode=episode, by=nurse, recommendation="alendronate",
                                                calcium_vitamin_d="start", status="started",
                                                started_on=timezone.localdate())
    return episode


@pytest.fixture
def claimable(sakura, staff):
    """山田 和子: fractured at 20:00 at 81, forty days ago; operated on the next morning in the acute ward, assessed and
    her treatment signed off the day after (level 1, with its add-on, claimable that day); home ten days after the
    fracture, and reached by phone at her 4-week follow-up two days ago (level 3 in this month, with the next months of
    its year still open)."""
    nurse, today = staff["nurse"], timezone.localdate()
    fractured = today - timedelta(days=40)
    # Written by Japanese staff: the timeline's entries in their language, as the app writes them for them.
    with translation.override("ja"), time_machine.travel(
            datetime.combine(fractured + timedelta(days=2), time(10, 0), zoneinfo.ZoneInfo("Asia/Tokyo")), tick=False):
        episode = _hip_patient(sakura, nurse, local_id="J000102", family="山田", given="和子", family_kana="ヤマダ",
                               given_kana="カズコ", fracture_date=fractured)
        decide_treatment(episode, nurse=nurse, clinician=staff["clinician"], started_on=fractured + timedelta(days=2))
    with translation.override("ja"):
        claims_services.fracture_time_record(episode=episode, by=nurse, fracture_day=fractured,
                                             fracture_time=time(20, 0), expected_version=NO_RECORD)
        claims_services.admission_add(episode=episode, by=nurse, ward="acute", admitted_on=fractured,
                                      surgery_started_on=fractured + timedelta(days=1),
                                      surgery_started_time=time(9, 30), discharged_on=fractured + timedelta(days=10))
        contact(follow_up(episode, "week_4"), nurse, contacted_on=today - timedelta(days=2))
    return episode


REPORT = ("【臨床情報】自宅で転倒、右股関節痛。【所見】右大腿骨頸部に骨折線を認める。転位あり。"
          "【診断】右大腿骨頸部骨折")


def _japanese_reports_csv(tmp_path):
    exam = (timezone.localdate() - timedelta(days=2)).isoformat()
    rows = [
        "accession,local_id,family_name,given_name,date_of_birth,sex,exam_date,modality,body_part,report_text",
        f"JR001,J000201,鈴木,一子,1940-05-06,F,{exam},CR,右股関節,{REPORT}",
        f"JR002,J000202,小林,春子,1948-10-11,F,{exam},CR,右手関節,【所見】骨折は認めない。【診断】骨折なし",
    ]
    path = tmp_path / "読影レポート.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_a_japanese_teams_day(page, live_server, sakura, staff, awaiting_sign_off, claimable, login_as, screenshot,
                              tmp_path):
    nurse = staff["nurse"]
    login_as(page, live_server, nurse)
    no_english(page)

    # The nurse logs 佐藤 花子: her reading beside her name, dates typed year first, no national number asked.
    page.get_by_test_id("log-fracture").click()
    no_english(page)
    expect(page.locator("[name=patient-national_id]")).to_have_count(0)
    page.get_by_label("患者ID").fill("J000301")
    page.get_by_label("姓（カナ）").fill("サトウ")
    page.get_by_label("名（カナ）").fill("ハナコ")
    page.get_by_label("姓*", exact=True).fill("佐藤")
    page.get_by_label("名*", exact=True).fill("花子")
    date_of_birth = page.get_by_label("生年月日")
    expect(date_of_birth).to_have_attribute("placeholder", "YYYY/MM/DD")
    date_of_birth.press_sequentially("1941/03/09")
    page.get_by_label("性別").select_option("female")
    fractured = timezone.localdate() - timedelta(days=3)
    page.get_by_label("骨折日").fill(fractured.strftime("%Y/%m/%d"))
    page.get_by_label("骨折部位").select_option("hip")
    page.get_by_label("左右").select_option("right")
    page.get_by_label("受傷機転").select_option("low")
    page.get_by_label("発見経路").select_option("ed")
    screenshot(page, "ja-log-fracture-form")
    page.get_by_role("button", name="患者と骨折を保存").click()
    expect(page.get_by_text("骨折を登録しました。トリアージ一覧に表示されています。")).to_be_visible()
    no_english(page)
    sato = Patient.objects.get(local_id="J000301")
    assert (sato.family_name, sato.given_name, sato.family_name_kana, sato.given_name_kana, sato.date_of_birth,
            sato.national_id) == ("佐藤", "花子", "サトウ", "ハナコ", date(1941, 3, 9), "")
    expect(page.locator("body")).to_contain_text("1941年3月9日")

    # Found again by her reading, typed in hiragana and in half-width katakana.
    for typed in ("さとう", "ｻﾄｳ ﾊﾅｺ"):
        search = page.get_by_role("searchbox", name="患者を検索")
        search.fill(typed)
        search.press("Enter")
        expect(page.get_by_test_id("search-results")).to_contain_text("佐藤 花子")
        no_english(page)

    # A Japanese radiology report screened: the fracture is suggested, the normal film is not.
    page.get_by_role("link", name="読影レポート").click()
    no_english(page)
    page.get_by_label("レポートファイル").set_input_files(str(_japanese_reports_csv(tmp_path)))
    page.get_by_role("button", name="アップロードしてスクリーニング").click()
    expect(page.get_by_test_id("batch-candidates")).to_have_text("1")
    no_english(page)
    page.get_by_test_id("to-triage").click()
    suggestions = page.get_by_test_id("casefinding-suggestions")
    expect(suggestions).to_contain_text("鈴木 一子")
    expect(suggestions).not_to_contain_text("小林")
    expect(suggestions.locator("mark").first).to_be_visible()
    no_english(page)
    screenshot(page, "ja-casefinding-suggestion")
    suggestions.get_by_test_id("confirm-candidate").click()
    expect(page.get_by_test_id("prefill-banner")).to_be_visible()
    expect(page.get_by_label("骨折部位")).to_have_value("hip")
    expect(page.get_by_label("姓*", exact=True)).to_have_value("鈴木")
    page.get_by_label("姓（カナ）").fill("すずき")  # hiragana, kept as katakana
    page.get_by_label("名（カナ）").fill("ｲﾁｺ")
    page.get_by_label("受傷機転").select_option("low")
    page.get_by_role("button", name="患者と骨折を保存").click()
    expect(page.get_by_text("骨折を登録しました。トリアージ一覧に表示されています。")).to_be_visible()
    suzuki = Patient.objects.get(local_id="J000201")
    assert (suzuki.family_name_kana, suzuki.given_name_kana) == ("スズキ", "イチコ")
    assert CandidateDecision.objects.get(report__accession="JR001").decision == "confirmed"

    # The clinician signs 田中 幸子's treatment off; her letter to the doctor is the referral form.
    page.context.clear_cookies()
    login_as(page, live_server, staff["clinician"])
    no_english(page)
    page.get_by_test_id("nav-signoff-queue").click()
    no_english(page)
    row = page.get_by_test_id("queue-row").filter(has_text="田中 幸子")
    row.get_by_role("button", name="承認").click()
    expect(page.get_by_role("alert")).to_contain_text("承認しました")
    no_english(page)
    assert FractureEpisode.objects.get(pk=awaiting_sign_off.pk).treatment_decision.signed_off_by == staff["clinician"]
    page.goto(f"{live_server.url}/episodes/{awaiting_sign_off.pk}/")
    no_english(page)
    page.get_by_test_id("open-letter").click()
    expect(page.locator("body")).to_contain_text("診療情報提供書")
    expect(page.locator("body")).to_contain_text("タナカ サチコ")
    no_english(page)
    screenshot(page, "ja-referral-letter")

    # The manager's claims list: 山田 和子's level 3 this month, her level 1 in the month she was treated; her
    # episode's panel names the months of level 3's year still open.
    page.context.clear_cookies()
    login_as(page, live_server, staff["manager"])
    page.get_by_test_id("nav-claims").click()
    no_english(page)
    row = page.get_by_test_id("claim-row").filter(has_text="山田 和子")
    expect(row).to_contain_text("管理料3")
    screenshot(page, "ja-claims-list-level-3")
    treated = claimable.fracture_date + timedelta(days=2)
    month = page.get_by_test_id("month-form").get_by_role("textbox")
    month.fill(f"{treated.year}/{treated.month:02d}")
    month.press("Enter")
    row = page.get_by_test_id("claim-row").filter(has_text="山田 和子")
    expect(row).to_contain_text("管理料1")
    expect(row).to_contain_text(f"{treated.year}年{treated.month}月{treated.day}日")
    expect(page.get_by_test_id("total")).to_have_text("1000")
    no_english(page)
    screenshot(page, "ja-claims-list-level-1")
    row.get_by_role("link", name="山田 和子").click()
    this_month, next_month = timezone.localdate(), timezone.localdate().replace(day=1) + timedelta(days=32)
    open_months = page.get_by_test_id("open-months")
    expect(open_months).to_contain_text(f"{next_month.year}年{next_month.month}月")
    expect(open_months).not_to_contain_text(f"{this_month.year}年{this_month.month}月,")
    no_english(page)
    screenshot(page, "ja-claims-panel")
