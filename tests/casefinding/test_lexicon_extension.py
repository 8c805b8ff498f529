"""The lexicon is data a site can extend: extra YAML files (CASEFINDING_LEXICON_DIRS) and terms in
the database, for one site or all, without touching code."""
import pytest

from casefinding.lexicon import load_lexicon, screener_for_site
from casefinding.models import LexiconTerm
from casefinding.screening import Screener

TEXT = "Findings: Fragility injury of the left distal radius."


@pytest.mark.django_db
def test_a_sites_own_term_changes_only_that_sites_screen(site_a, site_b):
    assert not screener_for_site(site_a.id).screen(TEXT, age_at_exam=70).candidate
    LexiconTerm.objects.create(site=site_a, category="fracture", phrase="fragility injury")
    assert screener_for_site(site_a.id).screen(TEXT, age_at_exam=70).candidate
    assert not screener_for_site(site_b.id).screen(TEXT, age_at_exam=70).candidate


@pytest.mark.django_db
def test_a_settings_directory_adds_words(tmp_path, settings, site_a):
    (tmp_path / "local.yaml").write_text("fracture: [fragility injury]\n")
    settings.CASEFINDING_LEXICON_DIRS = [str(tmp_path)]
    assert screener_for_site(site_a.id).screen(TEXT, age_at_exam=70).candidate


def test_an_unquoted_yaml_boolean_is_refused_with_a_clear_message(tmp_path):
    (tmp_path / "bad.yaml").write_text("modifiers:\n  negated:\n    forward: [no, nil]\n")
    with pytest.raises(ValueError, match="quotes"):
        load_lexicon([tmp_path / "bad.yaml"])


def test_the_base_lexicon_compiles():
    assert Screener(load_lexicon()).phrases


def test_the_new_categories_can_be_extended_from_terms():
    text = "Findings: Estimated chance of hip fracture 5%. Slumping of the L2 vertebral body."
    base = Screener(load_lexicon())
    assert base.screen(text, age_at_exam=70).fracture_site == "hip"  # "chance of" is not a risk word yet
    extended = Screener(load_lexicon(terms=[("hypothetical:forward", "chance of"), ("vertebral_only", "slumping")]))
    result = extended.screen(text, age_at_exam=70)
    assert (result.candidate, result.fracture_site) == (True, "vertebra")
    assert "Slumping" in result.evidence
