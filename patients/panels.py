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


# --- Sections of the triage list, and pre-filled "log a fracture" forms ----------------------
# A later app (case finding) adds suggestions to the triage list and pre-fills the new-patient
# and new-fracture forms from its own records, without patients importing it.


@dataclass(frozen=True)
class TriageSection:
    order: int
    template: str
    context: Callable  # context(request, site_id) -> dict or None; a fixed number of queries


_TRIAGE_SECTIONS: list[TriageSection] = []


def register_triage_section(*, order: int, template: str, context: Callable) -> None:
    if any(s.template == template for s in _TRIAGE_SECTIONS):
        return
    _TRIAGE_SECTIONS.append(TriageSection(order, template, context))
    _TRIAGE_SECTIONS.sort(key=lambda s: s.order)


def triage_sections(request, site_id) -> list[dict]:
    rendered = []
    for section in _TRIAGE_SECTIONS:
        context = section.context(request, site_id)
        if context is not None:
            rendered.append({"template": section.template, "context": context})
    return rendered


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
