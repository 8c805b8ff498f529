"""fls.reactions.Reactions: the one kind of registry the pathway and the treatment decision call their later
steps' reactions through."""
import pytest
from django.core.exceptions import ImproperlyConfigured

from fls.reactions import Reactions


def test_reactions_run_in_the_declared_order_whatever_the_order_they_were_registered_in():
    reactions = Reactions("the test", ("first", "second", "third"))
    reactions.register("third", "c")
    reactions.register("first", "a")
    assert list(reactions) == ["a", "c"]  # "second" was never registered: skipped, not an error
    assert reactions.registered == {"third": "c", "first": "a"}


def test_a_name_the_registry_does_not_declare_is_refused():
    reactions = Reactions("the test", ("first",))
    with pytest.raises(ImproperlyConfigured, match="not one of the reactions the test calls"):
        reactions.register("frist", "a")
    assert list(reactions) == []


def test_the_registered_copy_cannot_change_the_registry():
    reactions = Reactions("the test", ("first",))
    reactions.register("first", "a")
    reactions.registered.clear()
    assert list(reactions) == ["a"]
