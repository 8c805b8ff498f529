"""A nurse uploads a list while the background queue (Redis) is unreachable: the page answers at once and
says, honestly, that the import waits for the worker and will start by itself."""
import time

import pytest
from playwright.sync_api import expect

from patients.models import ImportBatch
from tests.patients.csv_rows import csv_bytes, rows
from tests.patients.test_import_queue_unreachable import CLOSED_PORT, broker_at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_upload_while_the_queue_is_away_shows_the_import_waiting(page, live_server, nurse_a, login_as,
                                                                      screenshot, tmp_path):
    path = tmp_path / "ed-list.csv"
    path.write_bytes(csv_bytes(rows(5)))
    login_as(page, live_server, nurse_a)
    page.goto(f"{live_server.url}/imports/new/")
    page.get_by_label("CSV file").set_input_files(str(path))
    with broker_at(CLOSED_PORT):
        started = time.monotonic()
        page.get_by_role("button", name="Upload and import").click()
        expect(page.get_by_test_id("import-status")).to_have_text("Waiting for the worker")
        assert time.monotonic() - started < 10
    expect(page.get_by_test_id("import-dispatch-failed")).to_contain_text(
        "The background worker could not be reached")
    expect(page.get_by_test_id("import-dispatch-failed")).to_contain_text("There is no need to upload it again")
    screenshot(page, "import-waiting-for-the-worker")
    assert ImportBatch.objects.get().status == ImportBatch.Status.QUEUED
