"""One kind of registry for "what later steps do after an earlier step's change": the pathway's reactions to a
move (patients.pathway.REACTIONS) and the reactions to a treatment's start (assessments.services.TREATMENT_STARTED).

An earlier app declares the reactions it will call, by name and in their order; a later app registers its
function for a name at start-up (AppConfig.ready), so imports still flow one way (style.md, "Imports flow one
way"); the earlier app's service calls them explicitly, in its own transaction, never through a signal. A name
the registry does not declare is refused at start-up, so a misspelt registration cannot be silently ignored.
"""
from collections.abc import Callable, Iterator

from django.core.exceptions import ImproperlyConfigured


class Reactions:
    """The reactions `owner` calls, in the order of `names`."""

    def __init__(self, owner: str, names: tuple[str, ...]):
        self.owner = owner
        self.names = names
        self._registered: dict[str, Callable] = {}

    def register(self, name: str, reaction: Callable) -> None:
        if name not in self.names:
            raise ImproperlyConfigured(f"{name!r} is not one of the reactions {self.owner} calls: {self.names}")
        self._registered[name] = reaction

    def __iter__(self) -> Iterator[Callable]:
        """The registered reactions, in the declared order (a name nobody registered is skipped)."""
        return (self._registered[name] for name in self.names if name in self._registered)

    @property
    def registered(self) -> dict[str, Callable]:
        return dict(self._registered)
