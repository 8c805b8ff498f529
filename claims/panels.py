"""The episode page's "FLS management fee (Japan)" section (registered in ClaimsConfig.ready): each level's status,
what is missing, the add-on and the level-3 months. No query for an episode out of scope; a fixed number for one
in scope (claims.selectors.claim_facts, the admissions)."""
from . import selectors
from .services import in_scope, site_today


def claims_panel(episode, user) -> dict | None:
    if not in_scope(episode) or not user.has_perm("claims.view_admission"):
        return None
    today = site_today(episode.site)
    return {
        "episode": episode,
        "today": today,
        "picture": selectors.episode_claims(episode, as_of=today),
        "admissions": selectors.episode_admissions(episode),
        "can_record": user.has_perm("claims.add_admission"),
        "can_edit": user.has_perm("claims.change_admission"),
        "can_record_time": user.has_perm("claims.add_fracturetime"),
    }
