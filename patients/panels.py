"""Sections that later pathway steps add to the episode page, without patients importing them.

A later app registers a panel in its AppConfig.ready():

    register_episode_panel(order=20, template="assessments/_episode_panel.html", context=assessment_panel)

`context(episode, user)` returns the panel's template context, or None to hide it; it must run a
fixed number of queries whatever the data, since the page's query count is pinned by tests.
"""
from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Section:
    order: int
    template: str
    context: Callable


class SectionRegistry:
    """Ordered page sections contributed by later apps: each is a template and a context function
    that returns the template's context, or None to leave the section out."""

    def __init__(self):
        self._sections: list[Section] = []

    def register(self, *, order: int, template: str, context: Callable) -> None:
        if any(section.template == template for section in self._sections):
            return
        self._sections.append(Section(order, template, context))
        self._sections.sort(key=lambda section: section.order)

    def render(self, *args) -> list[dict]:
        rendered = []
        for section in self._sections:
            context = section.context(*args)
            if context is not None:
                rendered.append({"template": section.template, "context": context})
        return rendered


# The episode page: context(episode, user).
_EPISODE_PANELS = SectionRegistry()
register_episode_panel = _EPISODE_PANELS.register


def episode_panels(episode, user) -> list[dict]:
    return _EPISODE_PANELS.render(episode, user)


# --- Sections of the triage list, and pre-filled "log a fracture" forms ----------------------
# A later app (case finding) adds suggestions to the triage list and pre-fills the new-patient
# and new-fracture forms from its own records, without patients importing it.

# The triage list: context(request, site_id), a fixed number of queries.
_TRIAGE_SECTIONS = SectionRegistry()
register_triage_section = _TRIAGE_SECTIONS.register


def triage_sections(request, site_id) -> list[dict]:
    return _TRIAGE_SECTIONS.render(request, site_id)


@dataclass(frozen=True)
class FormPrefill:
    name: str
    # initial(request, patient) -> {"patient": {...}, "episode": {...}, "banner": {"template", "context"}} or None
    initial: Callable
    # saved(request, episode) is called inside the saving transaction once the fracture is logged.
    saved: Callable


_PREFILLS: list[FormPrefill] = []


def register_form_prefill(*, name: str, initial: Callable, saved: Callable) -> None:
    if any(p.name == name for p in _PREFILLS):
        return
    _PREFILLS.append(FormPrefill(name, initial, saved))


def form_prefill(request, patient=None) -> dict:
    merged = {"patient": {}, "episode": {}, "banners": []}
    for prefill in _PREFILLS:
        found = prefill.initial(request, patient)
        if found:
            merged["patient"].update(found.get("patient", {}))
            merged["episode"].update(found.get("episode", {}))
            if found.get("banner"):
                merged["banners"].append(found["banner"])
    return merged


def form_saved(request, episode) -> None:
    for prefill in _PREFILLS:
        prefill.saved(request, episode)
