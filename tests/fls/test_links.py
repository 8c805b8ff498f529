"""fls.links.path_format: a URL name reversed once, then filled in per row, gives what reverse() gives."""
import pytest
from django.urls import reverse, set_script_prefix

from fls.links import path_format


@pytest.mark.parametrize("name, args", [
    ("patients:episode_detail", (42,)),
    ("followup:contact", (7,)),
    ("assessments:assessment_part", (42, "dxa")),
    ("patients:episode_transition", (3, "accept_for_assessment")),
])
def test_a_formatted_path_is_the_reversed_path(name, args):
    template = path_format(name, *(int if isinstance(arg, int) else arg for arg in args))
    numbers = [arg for arg in args if isinstance(arg, int)]
    assert template.format(*numbers) == reverse(name, args=args)


def test_only_digits_can_be_filled_in():
    template = path_format("patients:episode_detail", int)
    with pytest.raises(ValueError):
        template.format("1/../../admin")


def test_the_script_prefix_is_followed():
    try:
        set_script_prefix("/fls/")
        assert path_format("followup:contact", int).format(5) == "/fls/follow-ups/5/contact/"
    finally:
        set_script_prefix("/")
    assert path_format("followup:contact", int).format(5) == "/follow-ups/5/contact/"
