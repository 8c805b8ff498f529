"""Dates are typed in the site's country's order (issues 18 and 20): DD/MM/YYYY in the UK, YYYY/MM/DD in Japan,
MM/DD/YYYY in the US, YYYY-MM-DD everywhere, whatever the browser's language; a text box with the pattern beside it
(never the browser's date picker), and a clear message beside the field when what was typed is not a date."""
from datetime import date, timedelta

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from fls.date_input import ClinicDateField
from fls.dates import EXAMPLE_DATE, activate_date_entry, date_entry, date_entry_for, deactivate_date_entry
from fls.roles import MANAGER, NURSE
from patients.models import FractureEpisode
from tests.app_forms import app_form_fields
from tests.factories import FractureEpisodeFactory, PatientFactory, SiteFactory, UserFactory

D = date(2026, 12, 4)


@pytest.mark.parametrize("country, typed, expected", [
    # The UK (and Ireland, Australia): day, month, year.
    ("GB", "04/12/2026", D), ("GB", "4/12/2026", D), ("GB", "4-12-2026", D), ("GB", "4.12.2026", D),
    ("GB", "4 12 2026", D), ("GB", " 04 / 12 / 2026 ", D), ("GB", "04122026", D), ("GB", "2026-12-04", D),
    ("GB", "１/３/２０２６", date(2026, 3, 1)), ("IE", "1/3/2026", date(2026, 3, 1)), ("AU", "29/02/2028", date(2028, 2, 29)),
    # Japan: year, month, day; full-width digits and slash as a Japanese keyboard types them; 年月日.
    ("JP", "2026/12/04", D), ("JP", "2026/12/4", D), ("JP", "２０２６／１２／０４", D), ("JP", "２０２６/１２/４", D),
    ("JP", "2026年12月4日", D), ("JP", "2026.12.4", D), ("JP", "20261204", D), ("JP", "2026-12-04", D),
    # Japanese era dates (和暦), as Japanese forms write a date of birth: kanji, abbreviated, full-width, 元年.
    ("JP", "令和8年12月4日", D), ("JP", "昭和16年3月9日", date(1941, 3, 9)), ("JP", "昭16.3.9", date(1941, 3, 9)),
    ("JP", "S16.3.9", date(1941, 3, 9)), ("JP", "s16/03/09", date(1941, 3, 9)), ("JP", "Ｓ１６．３．９", date(1941, 3, 9)),
    ("JP", "㍼16年3月9日", date(1941, 3, 9)), ("JP", "平成元年1月8日", date(1989, 1, 8)),
    ("JP", "昭和64年1月7日", date(1989, 1, 7)), ("JP", "H31.4.30", date(2019, 4, 30)), ("JP", "R1.5.1", date(2019, 5, 1)),
    ("JP", "大正15年12月24日", date(1926, 12, 24)), ("JP", "昭和元年12月25日", date(1926, 12, 25)),
    ("GB", "昭和16年3月9日", date(1941, 3, 9)),  # an era date is unambiguous wherever it is typed
    # The US: month, day, year.
    ("US", "12/04/2026", D), ("US", "12/4/2026", D), ("US", "04/12/2026", date(2026, 4, 12)), ("US", "2026-12-04", D),
    # Anywhere else: ISO.
    ("XX", "2026-12-04", D), ("XX", "2026/12/4", D), ("", "2026-12-04", D),
])
def test_what_people_type_is_read_in_their_countrys_order(country, typed, expected):
    assert date_entry_for(country).parse(typed) == expected


@pytest.mark.parametrize("country, typed, code", [
    ("GB", "04/12/26", "two_digit_year"), ("JP", "26/12/04", "two_digit_year"), ("US", "12/4/26", "two_digit_year"),
    ("GB", "31/02/2026", "no_such_date"), ("GB", "12/31/2026", "no_such_date"), ("US", "31/12/2026", "no_such_date"),
    ("JP", "2026/02/30", "no_such_date"), ("GB", "2026-02-30", "no_such_date"),
    ("GB", "4 Dec 2026", "invalid"), ("GB", "04/12", "invalid"), ("GB", "04/12/2026/1", "invalid"),
    ("GB", "004/12/2026", "invalid"), ("GB", "04/12/20266", "invalid"), ("GB", "", "invalid"), ("GB", "   ", "invalid"),
    # An era date its era has not: Showa ended on 7 January 1989, Heisei on 30 April 2019; there is no year 0.
    ("JP", "昭和64年1月8日", "no_such_date"), ("JP", "R1.4.30", "no_such_date"), ("JP", "平成0年1月1日", "no_such_date"),
    ("JP", "昭和16年2月30日", "no_such_date"), ("JP", "X16.3.9", "invalid"), ("JP", "昭和16年3月", "invalid"),
    ("XX", "04/12/2026", "invalid"), ("GB", "1e3/1/2026", "invalid"),
])
def test_what_is_not_a_date_is_refused_and_a_two_digit_year_never_guessed(country, typed, code):
    with pytest.raises(ValidationError) as refused:
        date_entry_for(country).parse(typed)
    assert refused.value.code == code


@pytest.mark.parametrize("country, pattern, example", [
    ("GB", "DD/MM/YYYY", "04/12/2026"), ("JP", "YYYY/MM/DD", "2026/12/04"), ("US", "MM/DD/YYYY", "12/04/2026"),
    ("XX", "YYYY-MM-DD", "2026-12-04"),
])
def test_the_message_names_the_pattern_and_an_example(country, pattern, example):
    entry = date_entry_for(country)
    assert (entry.pattern, entry.example, entry.format(EXAMPLE_DATE)) == (pattern, example, example)
    with pytest.raises(ValidationError) as refused:
        entry.parse("soon")
    assert refused.value.messages == [f"Enter the date as {pattern}, for example {example}."]
    with pytest.raises(ValidationError) as refused:
        entry.parse("26/1/2" if entry.order == "YMD" else "1/2/26")
    assert refused.value.messages == [f"Enter the year in full (4 digits): {pattern}, for example {example}."]


def test_the_active_country_is_the_records_then_the_deployments():
    assert date_entry().pattern == "DD/MM/YYYY"  # settings.FLS_DATE_ENTRY_COUNTRY is GB unless set
    activate_date_entry("JP")
    assert date_entry().pattern == "YYYY/MM/DD"
    activate_date_entry(None)
    assert date_entry().pattern == "DD/MM/YYYY"
    with override_settings(FLS_DATE_ENTRY_COUNTRY="US"):
        deactivate_date_entry()
        assert date_entry().pattern == "MM/DD/YYYY"


def test_every_date_field_of_the_apps_forms_is_typed_in_the_countrys_order():
    """No form is left with the browser's date picker (type=date) or Django's own DateField."""
    found = []
    for app, name, field_name, field in app_form_fields():
        if isinstance(field, forms.DateField):
            found.append(f"{name}.{field_name}")
            assert isinstance(field, ClinicDateField), f"{app}.forms.{name}.{field_name}"
        assert field.widget.attrs.get("type") != "date", f"{app}.forms.{name}.{field_name}"
    assert {"PatientForm.date_of_birth", "FractureEpisodeForm.fracture_date", "ContactForm.contacted_on",
            "StopForm.stopped_on", "AdmissionForm.admitted_on", "AccessReportFilterForm.date_from",
            "LetterSentForm.sent_on", "AssessmentPartForm.assessed_on"} <= set(found)


# --- The pages --------------------------------------------------------------------------------------------


@pytest.fixture
def sites(db):
    return {
        "GB": SiteFactory(code="north", name="North General Hospital", country="GB"),
        "JP": SiteFactory(code="sakura-d", name="Sakura City Hospital", country="JP", timezone="Asia/Tokyo"),
        "US": SiteFactory(code="mercy-d", name="Mercy Hospital", country="US", timezone="America/New_York"),
    }


@pytest.fixture
def episodes(sites):
    fractured = date.today() - timedelta(days=40)
    return {
        "GB": FractureEpisodeFactory(patient=PatientFactory(site=sites["GB"]), fracture_date=fractured),
        "JP": FractureEpisodeFactory(
            patient=PatientFactory(site=sites["JP"], family_name="山田", given_name="花子", family_name_kana="ヤマダ",
                                   given_name_kana="ハナコ", national_id="", postcode=""),
            fracture_date=fractured),
        "US": FractureEpisodeFactory(patient=PatientFactory(site=sites["US"], national_id="", postcode=""),
                                     fracture_date=fractured),
    }


@pytest.fixture
def nurse_everywhere(sites):
    """A nurse of sites in three countries: no one country of theirs, so each record's site decides."""
    return UserFactory(username="nurse_everywhere", roles=[NURSE], sites=list(sites.values()), language="en-gb")


def _edit_data(episode, **changes):
    data = {
        "episode-fracture_date": episode.fracture_date.isoformat(), "episode-fracture_site": "hip",
        "episode-side": "left", "episode-mechanism": "low", "episode-identified_on": episode.identified_on.isoformat(),
        "episode-source": "ed", "episode-assigned_nurse": "", "episode-previous_fracture_count": "0",
        "episode-previous_fractures_note": "", "episode-version": episode.version,
    }
    data.update({f"episode-{name}": value for name, value in changes.items()})
    return data


def _input(html: str, name: str) -> str:
    start = html.index(f'name="{name}"')
    return html[html.rindex("<input", 0, start):html.index(">", start) + 1]


@pytest.mark.parametrize("country, pattern", [("GB", "DD/MM/YYYY"), ("JP", "YYYY/MM/DD"), ("US", "MM/DD/YYYY")])
def test_an_episodes_form_shows_its_sites_format(client, nurse_everywhere, episodes, country, pattern):
    episode = episodes[country]
    client.force_login(nurse_everywhere)
    html = client.get(reverse("patients:episode_edit", args=[episode.pk])).content.decode()
    box = _input(html, "episode-fracture_date")
    assert 'type="text"' in box and 'inputmode="numeric"' in box and 'autocomplete="off"' in box
    assert f'placeholder="{pattern}"' in box
    assert f'value="{date_entry_for(country).format(episode.fracture_date)}"' in box
    assert 'type="date"' not in html
    assert f"Type the date as {pattern}." in html  # the help text beside it
    assert date_entry().pattern == "DD/MM/YYYY"  # the record's country lasted as long as its request


def test_a_uk_date_typed_the_uk_way_saves_that_day(client, nurse_everywhere, episodes):
    episode = episodes["GB"]
    day = episode.fracture_date - timedelta(days=1)
    client.force_login(nurse_everywhere)
    response = client.post(reverse("patients:episode_edit", args=[episode.pk]),
                           _edit_data(episode, fracture_date=f"{day.day}/{day.month}/{day.year}"))
    assert response.status_code == 302
    assert FractureEpisode.objects.get(pk=episode.pk).fracture_date == day


def test_a_us_date_typed_the_us_way_saves_that_day(client, nurse_everywhere, episodes):
    episode = episodes["US"]
    day = episode.fracture_date - timedelta(days=1)
    client.force_login(nurse_everywhere)
    response = client.post(reverse("patients:episode_edit", args=[episode.pk]),
                           _edit_data(episode, fracture_date=day.strftime("%m/%d/%Y")))
    assert response.status_code == 302
    assert FractureEpisode.objects.get(pk=episode.pk).fracture_date == day


def test_a_japanese_date_typed_full_width_saves_that_day(client, nurse_everywhere, episodes):
    episode = episodes["JP"]
    day = episode.fracture_date - timedelta(days=1)
    typed = f"{day.year}／{day.month}／{day.day}".translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    client.force_login(nurse_everywhere)
    response = client.post(reverse("patients:episode_edit", args=[episode.pk]),
                           _edit_data(episode, fracture_date=typed))
    assert response.status_code == 302
    assert FractureEpisode.objects.get(pk=episode.pk).fracture_date == day


def test_a_japanese_sites_box_says_an_era_date_works_and_one_saves_that_day(client, nurse_everywhere, episodes):
    """A Japanese form writes a date of birth in the era (和暦): 昭和16年3月9日 is 9 March 1941."""
    episode = episodes["JP"]
    client.force_login(nurse_everywhere)
    html = client.get(reverse("patients:episode_edit", args=[episode.pk])).content.decode()
    assert "A Japanese era date works too (昭和16年3月9日)." in html
    uk = client.get(reverse("patients:episode_edit", args=[episodes["GB"].pk])).content.decode()
    assert "era date" not in uk
    day = episode.fracture_date - timedelta(days=1)
    era = f"令和{day.year - 2018}年{day.month}月{day.day}日"
    response = client.post(reverse("patients:episode_edit", args=[episode.pk]), _edit_data(episode, fracture_date=era))
    assert response.status_code == 302
    assert FractureEpisode.objects.get(pk=episode.pk).fracture_date == day


@pytest.mark.parametrize("typed, message", [
    ("31/02/2026", "There is no such date as 31/02/2026. Enter the date as DD/MM/YYYY, for example 04/12/2026."),
    ("4/12/26", "Enter the year in full (4 digits): DD/MM/YYYY, for example 04/12/2026."),
    ("yesterday", "Enter the date as DD/MM/YYYY, for example 04/12/2026."),
])
def test_a_bad_date_is_refused_beside_its_field_and_nothing_is_saved(client, nurse_everywhere, episodes, typed,
                                                                      message):
    episode = episodes["GB"]
    before = FractureEpisode.objects.get(pk=episode.pk)
    client.force_login(nurse_everywhere)
    response = client.post(reverse("patients:episode_edit", args=[episode.pk]),
                           _edit_data(episode, fracture_date=typed, side="right"))
    assert response.status_code == 200
    html = response.content.decode()
    assert _input(html, "episode-fracture_date").count(f'value="{typed}"') == 1  # shown back as typed
    box_at = html.index('name="episode-fracture_date"')
    assert box_at < html.index(message, box_at) < html.index('name="episode-fracture_site"')  # beside the box
    after = FractureEpisode.objects.get(pk=episode.pk)
    assert (after.fracture_date, after.side, after.version) == (before.fracture_date, before.side, before.version)


def test_a_page_with_no_record_uses_the_users_one_country_else_the_deployments(client, sites):
    japan_only = UserFactory(username="nurse_sakura", roles=[NURSE], sites=[sites["JP"]], language="en-gb")
    client.force_login(japan_only)
    html = client.get(reverse("patients:patient_new")).content.decode()
    assert 'placeholder="YYYY/MM/DD"' in _input(html, "episode-identified_on")
    both = UserFactory(username="nurse_two_countries", roles=[NURSE], sites=[sites["US"], sites["GB"]])
    client.force_login(both)
    with override_settings(FLS_DATE_ENTRY_COUNTRY="US"):
        html = client.get(reverse("patients:patient_new")).content.decode()
    assert 'placeholder="MM/DD/YYYY"' in _input(html, "episode-identified_on")
    assert f'value="{date.today().strftime("%m/%d/%Y")}"' in _input(html, "episode-identified_on")


def test_a_filters_dates_are_typed_and_shown_the_same_way(client, sites):
    manager = UserFactory(username="manager_north", roles=[MANAGER], sites=[sites["GB"]])
    client.force_login(manager)
    html = client.get(reverse("audit:dashboard"), {"from": "1/2/2026", "to": "2026-03-31"}).content.decode()
    assert 'value="01/02/2026"' in _input(html, "from") and 'value="31/03/2026"' in _input(html, "to")
    assert 'placeholder="DD/MM/YYYY"' in _input(html, "from")
    assert 'type="date"' not in html
