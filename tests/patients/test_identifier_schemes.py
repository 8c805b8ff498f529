"""National patient numbers by the site's identifier scheme (issue 18, docs/clinical-rules.md#identifiers): the NHS
number in England and Wales, the CHI number in Scotland, the Health and Care number in Northern Ireland, the IHI in
Australia; none in Japan, where the hospital's own patient ID is the identifier."""
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from fls.roles import NURSE
from patients.forms import PatientForm
from patients.identifiers import clean_national_number, format_national_number
from patients.importing import import_batch_create, import_batch_run
from patients.models import IdentifierScheme, Patient
from tests.factories import FractureEpisodeFactory, PatientFactory, SiteFactory, UserFactory

from .csv_rows import csv_bytes, row

pytestmark = pytest.mark.django_db


def scheme(code):
    return IdentifierScheme.objects.get(code=code)


@pytest.fixture
def scottish_site():
    return SiteFactory(code="tayside", name="Tayside Royal Infirmary", country="GB", identifier_scheme=scheme("chi"))


@pytest.fixture
def japanese_site():
    return SiteFactory(code="sakura-id", name="さくら市民病院", country="JP", timezone="Asia/Tokyo", language="ja")


# --- Each scheme's rules ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("code, typed, stored", [
    ("nhs", "9434765919", "9434765919"),           # NHS Digital's published example
    ("nhs", " 943 476 5919 ", "9434765919"),
    ("nhs", "943-476-5919", "9434765919"),
    ("nhs", "9434765080", "9434765080"),           # check value 11 means check digit 0
    ("chi", "0101011237", "0101011237"),           # phsmethods' example: 1 January 01, modulus 11
    ("chi", "1503441237", "1503441237"),           # modulus 11
    ("chi", "1503441238", "1503441238"),           # modulus 10 (Luhn), issued since 2026
    ("hc", "320 000 0015", "3200000015"),
    ("ihi", "8003 6081 6669 0503", "8003608166690503"),
    ("national", "ab-1234", "AB1234"),
])
def test_a_valid_number_is_stored_normalised(code, typed, stored):
    assert clean_national_number(typed, scheme(code)) == stored


@pytest.mark.parametrize("code, typed, message", [
    ("nhs", "9434765918", "This is not a valid NHS number: its check digit does not match."),
    ("nhs", "9434765030", "This is not a valid NHS number: its check digit does not match."),  # check value 10
    ("nhs", "12345", "This is not a valid NHS number: it should look like 943 476 5919."),
    ("nhs", "94347659A9", "This is not a valid NHS number: it should look like 943 476 5919."),
    ("chi", "1503441239", "This is not a valid CHI number: its check digit does not match."),
    ("chi", "3213441237", "This is not a valid CHI number: its first six digits are the date of birth (DDMMYY)."),
    ("chi", "123456789", "This is not a valid CHI number: it should look like 0101011237."),
    ("hc", "3200000016", "This is not a valid Health and Care number: its check digit does not match."),
    ("hc", "9434765919", "This is not a valid Health and Care number: it should look like 320 000 0015."),
    ("ihi", "8003608166690504",
     "This is not a valid Individual Healthcare Identifier (IHI): its check digit does not match."),
    ("ihi", "8003618166690503",
     "This is not a valid Individual Healthcare Identifier (IHI): it should look like 8003 6081 6669 0503."),
    ("national", "=1+2", "This is not a valid National number."),
])
def test_an_invalid_number_says_why_naming_the_scheme(code, typed, message):
    with pytest.raises(ValidationError) as exc:
        clean_national_number(typed, scheme(code))
    assert exc.value.messages == [message]


def test_each_shipped_example_passes_its_own_rules():
    for shipped in IdentifierScheme.objects.exclude(example=""):
        shipped.full_clean()
        assert clean_national_number(shipped.example, shipped)


def test_a_site_without_a_scheme_accepts_no_national_number():
    assert clean_national_number("", None) == ""
    with pytest.raises(ValidationError, match="does not record a national number"):
        clean_national_number("9434765919", None)


def test_numbers_are_shown_in_their_groups():
    assert format_national_number("9434765919", "3-3-4") == "943 476 5919"
    assert format_national_number("8003608166690503", "4-4-4-4") == "8003 6081 6669 0503"
    assert format_national_number("123", "3-3-4") == "123"  # not the scheme's length: as stored
    assert format_national_number("0101011237", "") == "0101011237"


def test_sites_get_the_nhs_number_in_the_uk_and_none_in_japan(site_a, japanese_site):
    assert site_a.identifier_scheme.code == "nhs"
    assert japanese_site.identifier_scheme is None


# --- A site without a scheme never asks or shows a national number ---------------------------------------------


def test_a_japanese_sites_patient_form_has_no_national_number_in_either_language(client, japanese_site):
    nurse = UserFactory(roles=[NURSE], sites=[japanese_site], language="")
    for language in ("ja", "en-gb"):
        nurse.language = language
        nurse.save(update_fields=["language"])
        client.force_login(nurse)  # the session takes the user's language at sign-in
        page = client.get(reverse("patients:patient_new")).content.decode()
        assert 'name="patient-national_id"' not in page
        for words in ("NHS number", "NHS番号", "National number", "国民識別番号"):
            assert words not in page
        assert ("患者ID" if language == "ja" else "Hospital number") in page


def test_a_japanese_sites_patient_page_shows_no_national_number(client, japanese_site):
    nurse = UserFactory(roles=[NURSE], sites=[japanese_site])
    episode = FractureEpisodeFactory(patient=PatientFactory(
        site=japanese_site, family_name="山田", given_name="太郎", family_name_kana="ヤマダ", given_name_kana="タロウ"))
    client.force_login(nurse)
    for url in (reverse("patients:patient_detail", args=[episode.patient.pk]),
                reverse("patients:episode_detail", args=[episode.pk])):
        page = client.get(url).content.decode()
        assert 'data-testid="patient-national-number"' not in page
        assert "NHS" not in page


def test_the_import_refuses_a_national_number_for_a_site_without_a_scheme(japanese_site):
    nurse = UserFactory(roles=[NURSE], sites=[japanese_site])
    batch = import_batch_create(site=japanese_site, by=nurse, filename="list.csv", raw_bytes=csv_bytes(
        [row(1), row(2, nhs_number="")]))
    batch = import_batch_run(batch.pk)
    assert (batch.imported, batch.rejected) == (1, 1)
    assert batch.problems == [{"row": 2, "column": "nhs_number",
                               "message": "This site does not record a national number: leave it empty."}]
    assert Patient.objects.get(site=japanese_site).national_id == ""


def test_the_import_page_says_to_leave_the_column_empty_where_no_number_is_recorded(client, japanese_site):
    from fls.roles import MANAGER

    manager = UserFactory(roles=[MANAGER], sites=[japanese_site], language="en-gb")
    client.force_login(manager)
    page = client.get(reverse("patients:import_upload")).content.decode()
    assert "Leave it empty: your site records no national number." in page


# --- Each site's label ------------------------------------------------------------------------------------------


def test_the_patient_form_names_the_sites_scheme(site_a, scottish_site, japanese_site):
    assert PatientForm(instance=Patient(site=site_a)).fields["national_id"].label == "NHS number"
    assert PatientForm(instance=Patient(site=scottish_site)).fields["national_id"].label == "CHI number"
    assert "national_id" not in PatientForm(instance=Patient(site=japanese_site)).fields
    for site in (site_a, scottish_site, japanese_site):
        assert PatientForm(instance=Patient(site=site)).fields["local_id"].label == "Hospital number"
    with translation.override("ja"):
        assert PatientForm(instance=Patient(site=japanese_site)).fields["local_id"].label == "患者ID"


def test_a_form_refuses_a_wrong_chi_number_beside_the_field(client, scottish_site):
    nurse = UserFactory(roles=[NURSE], sites=[scottish_site])
    client.force_login(nurse)
    page = client.post(reverse("patients:patient_new"), {
        "patient-local_id": "T1", "patient-national_id": "1503441239", "patient-family_name": "Brown",
        "patient-given_name": "Ann", "patient-date_of_birth": "1944-03-15", "patient-sex": "female",
        "patient-residence": "own_home", "patient-version": "0",
    }).content.decode()
    assert "This is not a valid CHI number: its check digit does not match." in page
    assert not Patient.objects.filter(site=scottish_site).exists()


def test_the_patient_page_shows_the_number_by_its_schemes_name(client, site_a, nurse_a, scottish_site):
    english = PatientFactory(site=site_a, national_id="9434765919")
    scottish = PatientFactory(site=scottish_site, national_id="1503441238", date_of_birth=date(1944, 3, 15))
    nurse_a.memberships.create(site=scottish_site)
    client.force_login(nurse_a)
    page = client.get(reverse("patients:patient_detail", args=[english.pk])).content.decode()
    assert "NHS number" in page and "943 476 5919" in page
    page = client.get(reverse("patients:patient_detail", args=[scottish.pk])).content.decode()
    assert "CHI number" in page and "1503441238" in page and "NHS number" not in page


def test_the_search_box_names_the_users_national_numbers(client, site_a, nurse_a, japanese_site):
    client.force_login(nurse_a)
    assert "hospital number, NHS number or date of birth" in client.get(reverse("patients:search")).content.decode()
    nurse_jp = UserFactory(roles=[NURSE], sites=[japanese_site], language="en-gb")
    client.force_login(nurse_jp)
    page = client.get(reverse("patients:search") + "?q=yamada").content.decode()
    assert "Family name, given name, hospital number or date of birth" in page
    assert "NHS" not in page and "National no." not in page


def test_the_worklist_search_names_the_sites_national_numbers(client, nurse_a):
    client.force_login(nurse_a)
    assert "Name, hospital number or NHS number" in client.get(reverse("worklists:nurse")).content.decode()


def test_a_patient_names_and_shows_their_number_by_the_sites_scheme(scottish_site):
    # What the banner and the GP letter print (tests/assessments/test_letters_render_for_every_episode.py renders it).
    patient = PatientFactory(site=scottish_site, national_id="1503441238", date_of_birth=date(1944, 3, 15))
    assert (patient.national_number_label, patient.national_number_display) == ("CHI number", "1503441238")
    english = PatientFactory(site=SiteFactory(code="leeds"), national_id="9434765919")
    assert (english.national_number_label, english.national_number_display) == ("NHS number", "943 476 5919")
    assert PatientFactory(site=scottish_site).national_number_label == ""


# --- The admin ----------------------------------------------------------------------------------------------------


def test_an_administrator_adds_a_scheme_and_gives_it_to_a_site(client, admin_a, site_a):
    client.force_login(admin_a)
    response = client.post(reverse("admin:patients_identifierscheme_add"), {
        "code": "nhi", "name": "NHI number", "pattern": r"[A-HJ-NP-Z]{3}\d{4}", "check_digit": "none",
        "normalisation": "strip_upper", "display_grouping": "", "example": "ZZZ0016", "help_text": "",
        "source": "Te Whatu Ora, National Health Index (test citation)",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    added = IdentifierScheme.objects.get(code="nhi")
    assert clean_national_number("zzz 0016", added) == "ZZZ0016"
    site_page = client.get(reverse("admin:fls_site_change", args=[site_a.pk])).content.decode()
    assert 'name="identifier_scheme"' in site_page and "NHI number" in site_page
    site_a.identifier_scheme = added
    site_a.save()
    patient = PatientFactory(site=site_a, national_id="abc1234")
    assert (patient.national_id, patient.national_number_label) == ("ABC1234", "NHI number")


def test_the_admin_refuses_a_scheme_whose_example_breaks_its_own_rules(client, admin_a):
    client.force_login(admin_a)
    page = client.post(reverse("admin:patients_identifierscheme_add"), {
        "code": "bad", "name": "Bad number", "pattern": r"\d{10}", "check_digit": "mod11_nhs",
        "normalisation": "strip", "display_grouping": "3-3-4", "example": "9434765918", "source": "none",
    }).content.decode()
    assert "its check digit does not match" in page
    assert not IdentifierScheme.objects.filter(code="bad").exists()
