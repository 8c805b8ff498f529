"""Imports flow one way, in pathway order (style.md): an app may import the apps before it in
INSTALLED_APPS, never one after it. A later step hears of an earlier one's moves through the pathway's
signal or a registry instead. Read from the source, so an import inside a function counts too."""
import ast

import pytest
from django.conf import settings

from tests.conftest import PROJECT_ROOT

# The project's own apps, in INSTALLED_APPS order: the pathway's order.
APPS = [app for app in settings.INSTALLED_APPS if "." not in app and (PROJECT_ROOT / app / "apps.py").exists()]


def _imported_apps(path):
    """(line, app) for each project app the module at `path` imports."""
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module]
        else:
            continue
        for module in modules:
            if module.split(".")[0] in APPS:
                yield node.lineno, module.split(".")[0]


def later_apps_imported_by(app: str) -> list[str]:
    later = set(APPS[APPS.index(app) + 1:])
    return sorted(
        f"{path.relative_to(PROJECT_ROOT)}:{line} imports {imported}"
        for path in (PROJECT_ROOT / app).rglob("*.py")
        for line, imported in _imported_apps(path)
        if imported in later
    )


def test_the_apps_are_in_pathway_order_with_the_demo_last():
    assert APPS[:2] == ["fls", "patients"]
    assert APPS.index("assessments") < APPS.index("treatment") < APPS.index("followup") < APPS.index("worklists")
    # demo seeds every step, so it must come after all of them.
    assert APPS[-1] == "demo"


@pytest.mark.parametrize("app", APPS)
def test_no_app_imports_a_later_one(app):
    assert later_apps_imported_by(app) == []


def test_the_check_sees_fls_importing_a_pathway_app(tmp_path, monkeypatch):
    # The check itself, on a copy of the layout where fls imports later apps (as fls/demo.py once did).
    for app in APPS:
        (tmp_path / app).mkdir()
    (tmp_path / "fls" / "demo.py").write_text(
        "from patients import services\n\ndef seed():\n    from followup import demo\n    import worklists.selectors\n"
    )
    monkeypatch.setattr(f"{__name__}.PROJECT_ROOT", tmp_path)
    assert later_apps_imported_by("fls") == [
        "fls/demo.py:1 imports patients", "fls/demo.py:4 imports followup", "fls/demo.py:5 imports worklists",
    ]
