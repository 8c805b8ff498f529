import pytest

from .builders import TODAY


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(f"{TODAY.isoformat()} 10:00", tick=False)
