"""Sections that later pathway steps add to the episode page, without patients importing them.

A later app registers a panel in its AppConfig.ready():

    register_episode_panel(order=20, template="assessments/_episode_panel.html", context=assessment_panel)

`context(episode, user)` returns the panel's template context, or None to hide it; it must run a
fixed number of queries whatever the data, since the page's query count is pinned by tests.
"""
from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class EpisodePanel:
    order: int
    template: str
    context: Callable


_PANELS: list[EpisodePanel] = []


def register_episode_panel(*, order: int, template: str, context: Callable) -> None:
    if any(p.template == template for p in _PANELS):
        return
    _PANELS.append(EpisodePanel(order, template, context))
    _PANELS.sort(key=lambda p: p.order)


def episode_panels(episode, user) -> list[dict]:
    rendered = []
    for panel in _PANELS:
        context = panel.context(episode, user)
        if context is not None:
            rendered.append({"template": panel.template, "context": context})
    return rendered
