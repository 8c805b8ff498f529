"""The dashboard's charts, for the journeys that open it: a year of episodes to draw, and which canvases drew."""
from datetime import date, timedelta

from tests.audit.conftest import AuditData
from tests.browser.waiting import wait_until


def a_year_of_episodes(nurse, site) -> None:
    """An episode for each of the last 11 months, most assessed and treated, so every chart has points."""
    data = AuditData(nurse)
    today = date.today()
    for months_ago in range(1, 12):
        fracture = today - timedelta(days=30 * months_ago)
        episode = data.episode(site, fracture, "vertebra" if months_ago % 4 == 0 else "wrist")
        if months_ago % 3:
            data.assess(episode, fracture + timedelta(days=10 * months_ago), falls="done",
                        dxa_requested_on=fracture, dxa_performed_on=fracture + timedelta(days=40))
            data.decide(episode, "alendronate", status="started", started_on=fracture + timedelta(days=20))


def drawn_canvases(page) -> list[bool]:
    """For each canvas on the page, whether it has drawn anything (a drawn canvas has non-transparent pixels)."""
    wait_until(page, "window.auditCharts && window.auditCharts.length === 12")
    return page.evaluate("""() => [...document.querySelectorAll('canvas')].map(c => {
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) return true;
        return false; })""")
