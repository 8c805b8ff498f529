"""The lock file: every install path installs requirements.txt with --require-hashes, so it must pin every
package (transitive ones included) to one version with its hashes, and agree with requirements.in."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# A pin may name extras (fonttools[woff]==…): pip in --require-hashes mode refuses a dependency's extra that the
# lock does not pin with it, so `make lock` keeps them.
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[A-Za-z0-9,._-]+\])?==([^ \\;]+)")


def _name(raw: str) -> str:
    return re.sub(r"[-_.]+", "-", raw).lower()


def _locked() -> dict[str, tuple[str, int]]:
    """name -> (version, number of hashes) from requirements.txt."""
    locked: dict[str, tuple[str, int]] = {}
    current = None
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        match = PIN.match(line)
        if match:
            current = _name(match.group(1))
            locked[current] = (match.group(2), 0)
        elif line.strip().startswith("--hash=sha256:") and current:
            version, hashes = locked[current]
            locked[current] = (version, hashes + 1)
        elif line and not line.startswith((" ", "#")):
            raise AssertionError(f"requirements.txt has a line that is not a pin: {line!r}")
    return locked


def test_every_locked_package_is_pinned_with_hashes():
    locked = _locked()
    assert len(locked) > 30, "the lock should hold the transitive dependencies too"
    unhashed = [name for name, (_, hashes) in locked.items() if hashes == 0]
    assert unhashed == []


def test_every_direct_dependency_is_locked_at_its_pinned_version():
    locked = _locked()
    for line in (ROOT / "requirements.in").read_text().splitlines():
        requirement = line.split("#", 1)[0].strip()
        if not requirement:
            continue
        name = _name(re.split(r"[\[=<>~ ]", requirement, maxsplit=1)[0])
        assert name in locked, f"{name} is in requirements.in but not in the lock: run `make lock`"
        pinned = re.search(r"==\s*([^\s;]+)", requirement)
        if pinned:
            assert locked[name][0] == pinned.group(1), f"{name}: requirements.in and the lock disagree: run `make lock`"


def test_every_install_path_installs_the_lock_with_hashes():
    makefile = (ROOT / "Makefile").read_text()
    assert "pip install --quiet --require-hashes -r requirements.txt" in makefile
    assert "rm -rf .venv" in (ROOT / ".ci" / "run").read_text(), "CI builds its venv from the lock, afresh"
