"""Templates never compare a state or status with a string: a renamed value would silently break the page (the
comparison would just be false). They compare with the model's choices instead (ep.state == ep.State.ASSESSED,
batch.status == batch.Status.DONE), and every choice a template names exists."""
import re

import pytest
from django.apps import apps
from django.db import models
from django.template import Context, Template
from django.template.loader import render_to_string

from audit.kpis import KpiResult
from patients.models import EpisodeState, FractureEpisode, ImportBatch
from tests.conftest import PROJECT_ROOT

TEMPLATES = PROJECT_ROOT / "templates"

_TAG = re.compile(r"{%(.*?)%}", re.DOTALL)
_STATE = r"[\w.]*\b\w*(?:state|status)\b"  # ep.state, batch.status, from_state, decision_status
_TEXT = r"""(?:"[^"]*"|'[^']*')"""
_OP = r"(?:==|!=|\bnot\s+in\b|\bin\b)"
_STRING_COMPARISON = re.compile(rf"{_STATE}\s*{_OP}\s*{_TEXT}|{_TEXT}\s*{_OP}\s*{_STATE}", re.IGNORECASE)
_CHOICE_NAMED = re.compile(r"\b\w+\.(State|Status)\.(\w+)")


def string_comparisons(text: str) -> list[str]:
    """The comparisons of a state or status with a string in the template tags of `text`."""
    return [match.group(0) for tag in _TAG.findall(text) for match in _STRING_COMPARISON.finditer(tag)]


def _templates():
    return sorted(TEMPLATES.rglob("*.html"))


def _choices_named(attribute: str) -> set[str]:
    """The member names of every model's choices reachable as `attribute` (FractureEpisode.State, FollowUp.Status…)."""
    names = set()
    for model in apps.get_models():
        choices = getattr(model, attribute, None)
        if isinstance(choices, type) and issubclass(choices, models.Choices):
            names |= set(choices.names)
    return names


def test_no_template_compares_a_state_or_status_with_a_string():
    found = [
        f"{path.relative_to(PROJECT_ROOT)}: {comparison}"
        for path in _templates()
        for comparison in string_comparisons(path.read_text())
    ]
    assert found == []


def test_every_state_or_status_a_template_names_is_one_of_the_choices():
    known = {"State": _choices_named("State"), "Status": _choices_named("Status")}
    unknown = [
        f"{path.relative_to(PROJECT_ROOT)}: {match.group(0)}"
        for path in _templates()
        for tag in _TAG.findall(path.read_text())
        for match in _CHOICE_NAMED.finditer(tag)
        if match.group(2) not in known[match.group(1)]
    ]
    assert unknown == []


@pytest.mark.parametrize("tag", [
    "{% if ep.state == 'assessed' %}",
    '{% elif batch.status != "done" %}',
    "{% if 'excluded' == ep.state %}",
    "{% if ep.state in 'died transferred' %}",
    "{% if ep.state not in 'died transferred' %}",
    "{% if event.to_state == 'completed' and x %}",
    "{% if decision_status == 'signed' %}",
    "{% if ep.State == 'x' %}",
])
def test_the_check_finds_a_string_comparison(tag):
    assert string_comparisons(f"<p>{tag}yes{{% endif %}}</p>") != []


@pytest.mark.parametrize("text", [
    "{% if ep.state == ep.State.ASSESSED %}",
    "{% if which == 'due' %}",  # not a state: the page's own tab
    "{% if fu.status_note %}",
    "<p>state == 'assessed'</p>",  # text, not a tag
    "{{ ep.get_state_display }}",
])
def test_the_check_leaves_the_rest_alone(text):
    assert string_comparisons(text) == []


def test_a_template_resolves_the_choices_through_the_object():
    # Choices classes are not called by the template engine (do_not_call_in_templates), so they resolve.
    template = Template("{% if ep.state == ep.State.IDENTIFIED %}identified{% else %}other{% endif %}")
    episode = FractureEpisode(state=EpisodeState.IDENTIFIED)
    assert template.render(Context({"ep": episode})) == "identified"
    episode.state = EpisodeState.EXCLUDED
    assert template.render(Context({"ep": episode})) == "other"


@pytest.mark.parametrize("band, shown", [(KpiResult.GREEN, "green"), (KpiResult.RED, "red"), (KpiResult.NONE, "")])
def test_a_kpi_result_names_its_bands(band, shown):
    result = KpiResult(kpi=None, numerator=1, denominator=2, percent=50.0, status=band)
    template = Template("{% if result.status == result.GREEN %}green{% elif result.status == result.RED %}red{% endif %}")
    assert template.render(Context({"result": result})) == shown


@pytest.mark.parametrize("state, badge", [
    (EpisodeState.IDENTIFIED, "text-bg-primary"), (EpisodeState.DECLINED, "text-bg-secondary"),
    (EpisodeState.DIED, "text-bg-dark"), (EpisodeState.LOST_TO_FOLLOW_UP, "text-bg-danger"),
    (EpisodeState.COMPLETED, "text-bg-success"), (EpisodeState.ASSESSED, "text-bg-info"),
])
def test_the_state_badge_is_coloured_by_state(state, badge):
    html = render_to_string("patients/_state_badge.html", {"ep": FractureEpisode(state=state)})
    assert f"state-badge {badge}" in html


@pytest.mark.parametrize("status, badge", [
    (ImportBatch.Status.DONE, "text-bg-success"), (ImportBatch.Status.FAILED, "text-bg-danger"),
    (ImportBatch.Status.QUEUED, "text-bg-info"),
])
def test_an_import_shows_its_status(status, badge):
    batch = ImportBatch(pk=1, status=status, failure="The file is empty.")
    html = render_to_string("patients/_import_progress.html", {"batch": batch, "unfinished": False})
    assert f'badge {badge}" data-testid="import-status"' in html
    assert ("The file is empty." in html) == (status == ImportBatch.Status.FAILED)
    assert ("background worker takes it" in html) == (status == ImportBatch.Status.QUEUED)
