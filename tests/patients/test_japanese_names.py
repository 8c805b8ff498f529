"""Japanese patients (issue 18): each name with its kana reading (フリガナ), asked for at a site in Japan, written
family name first without a comma, found by kana typed in any form (hiragana, full-width or half-width
katakana) as well as by kanji; no NHS number asked of a Japanese patient."""
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from fls.roles import NURSE
from patients import kana
from patients.models import FractureEpisode, Patient
from patients.selectors import search_patients
from tests.factories import FractureEpisodeFactory, PatientFactory, SiteFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sakura():
    return SiteFactory(code="sakura-j", name="さくら市民病院", country="JP", timezone="Asia/Tokyo", language="ja")


@pytest.fixture
def nurse(sakura):
    return UserFactory(roles=[NURSE], sites=[sakura], first_name="美咲", last_name="佐藤")


@pytest.fixture
def yamada(sakura):
    return PatientFactory(site=sakura, family_name="山田", given_name="太郎", family_name_kana="ヤマダ",
                          given_name_kana="タロウ", national_id="", postcode="")


@pytest.mark.parametrize("typed, stored", [
    ("やまだ", "ヤマダ"), ("ﾔﾏﾀﾞ", "ヤマダ"), ("ヤマダ", "ヤマダ"), ("やまだ　たろう", "ヤマダ タロウ"),
    ("ＳＭＩＴＨ", "SMITH"), ("１２３", "123"), ("  ヤマダ  ", "ヤマダ"), ("じょん・すみす", "ジョン・スミス"),
])
def test_kana_in_any_form_is_one_reading(typed, stored):
    assert kana.normalise(typed) == stored


def test_a_reading_is_kept_as_katakana_and_anything_else_is_refused_beside_its_field(sakura):
    patient = PatientFactory.build(site=sakura, family_name="鈴木", given_name="花子", family_name_kana="すずき",
                                   given_name_kana="ﾊﾅｺ", national_id="", postcode="")
    patient.full_clean(validate_constraints=False)
    assert (patient.family_name_kana, patient.given_name_kana) == ("スズキ", "ハナコ")
    patient.family_name_kana = "鈴木"
    with pytest.raises(ValidationError) as error:
        patient.full_clean(validate_constraints=False)
    assert "family_name_kana" in error.value.message_dict


@pytest.mark.parametrize("language, family, given, shown", [
    ("en-gb", "Smith", "Ann", "SMITH, Ann"),
    ("en-gb", "山田", "太郎", "山田 太郎"),  # a name in Japanese script keeps its order, whatever the language
    ("ja", "山田", "太郎", "山田 太郎"),
    ("ja", "Smith", "Ann", "Smith Ann"),  # family name first, no comma, in Japanese
])
def test_names_are_written_as_their_language_writes_them(language, family, given, shown):
    with translation.override(language):
        assert Patient.display_name(family, given) == shown


def new_patient_form(**overrides):
    data = {
        "patient-local_id": "J0001", "patient-family_name": "田中", "patient-given_name": "裕子",
        "patient-family_name_kana": "たなか", "patient-given_name_kana": "ユウコ",
        "patient-date_of_birth": "1944-03-02", "patient-sex": "female", "patient-postcode": "100-0001",
        "patient-phone": "", "patient-residence": "own_home", "patient-gp_practice_name": "",
        "patient-gp_practice_code": "", "patient-gp_practice_contact": "",
        "episode-fracture_date": (date.today() - timedelta(days=3)).isoformat(), "episode-fracture_site": "hip",
        "episode-side": "left", "episode-mechanism": "low",
        "episode-identified_on": (date.today() - timedelta(days=1)).isoformat(), "episode-source": "ed",
        "episode-assigned_nurse": "", "episode-previous_fracture_count": "0", "episode-previous_fractures_note": "",
    }
    data.update(overrides)
    return data


def test_a_japanese_nurse_logs_a_patient_with_the_readings_and_no_nhs_number(client, nurse):
    client.force_login(nurse)
    page = client.get(reverse("patients:patient_new")).content.decode()
    assert 'name="patient-family_name_kana"' in page and 'name="patient-national_id"' not in page
    assert '<html lang="ja"' in page
    response = client.post(reverse("patients:patient_new"), new_patient_form())
    assert response.status_code == 302
    patient = FractureEpisode.objects.get().patient
    assert (patient.family_name_kana, patient.given_name_kana, patient.national_id) == ("タナカ", "ユウコ", "")
    detail = client.get(reverse("patients:patient_detail", args=[patient.pk])).content.decode()
    assert "田中 裕子" in detail and "タナカ ユウコ" in detail


def test_the_readings_are_asked_for_at_a_japanese_site(client, nurse):
    client.force_login(nurse)
    response = client.post(reverse("patients:patient_new"), new_patient_form(**{"patient-family_name_kana": ""}))
    assert response.status_code == 200
    assert not Patient.objects.exists()
    html = response.content.decode()
    anchor = html.index('id="id_patient-family_name_kana"')
    assert "invalid-feedback" in html[anchor: anchor + 600]


def test_a_uk_form_asks_no_reading(client, nurse_a):
    client.force_login(nurse_a)
    page = client.get(reverse("patients:patient_new")).content.decode()
    assert 'name="patient-family_name_kana"' not in page and 'name="patient-national_id"' in page


@pytest.mark.parametrize("query", ["やまだ", "ﾔﾏﾀﾞ", "ヤマダ", "ヤマ", "たろう", "山田", "山田 太郎", "やまだ たろう"])
def test_a_patient_is_found_by_kana_in_any_form_and_by_kanji(nurse, yamada, query):
    assert list(search_patients(nurse, query)) == [yamada]


def test_a_reading_finds_nobody_else(nurse, yamada, sakura):
    PatientFactory(site=sakura, family_name="山本", given_name="一郎", family_name_kana="ヤマモト",
                   given_name_kana="イチロウ", national_id="", postcode="")
    assert list(search_patients(nurse, "やまだ")) == [yamada]


def test_the_worklist_search_finds_a_patient_by_kana(client, nurse, yamada):
    FractureEpisodeFactory(patient=yamada, site=yamada.site)
    client.force_login(nurse)
    for query in ("やまだ", "ﾔﾏﾀﾞ", "山田"):
        page = client.get(reverse("worklists:nurse"), {"q": query}).content.decode()
        assert "山田 太郎" in page, query
    assert "山田 太郎" not in client.get(reverse("worklists:nurse"), {"q": "すずき"}).content.decode()


@pytest.mark.parametrize("country, typed", [("JP", "1941/03/09"), ("JP", "１９４１／０３／０９"), ("JP", "1941-03-09"),
                                            ("GB", "09/03/1941"), ("GB", "9.3.1941"), ("US", "03/09/1941")])
def test_a_patient_is_found_by_the_date_of_birth_typed_as_the_country_types_dates(sakura, yamada, country, typed):
    """The search reads a date as the page's date boxes do (fls.dates.date_entry), and its placeholder says how."""
    from fls.dates import activate_date_entry, deactivate_date_entry
    from patients.identifiers import patient_search_hint

    Patient.objects.filter(pk=yamada.pk).update(date_of_birth=date(1941, 3, 9))
    activate_date_entry(country)
    try:
        assert list(search_patients(UserFactory(roles=[NURSE], sites=[sakura]), typed)) == [yamada]
        assert {"JP": "YYYY/MM/DD", "GB": "DD/MM/YYYY", "US": "MM/DD/YYYY"}[country] in patient_search_hint([sakura])
    finally:
        deactivate_date_entry()


def test_digits_alone_are_a_hospital_number_never_a_date(sakura, nurse):
    patient = PatientFactory(site=sakura, local_id="09031941", date_of_birth=date(1950, 1, 1), national_id="",
                             postcode="")
    PatientFactory(site=sakura, date_of_birth=date(1941, 3, 9), national_id="", postcode="")
    assert list(search_patients(nurse, "09031941")) == [patient]
