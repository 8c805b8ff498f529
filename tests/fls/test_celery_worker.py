"""Tasks queued by the web app run on a real Celery worker, and the operations page can tell."""
import pytest
from django.urls import reverse

from fls.models import WorkerHeartbeat
from fls.tasks import record_worker_heartbeat

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_heartbeat_round_trips_through_the_worker(celery_worker):
    hostname = record_worker_heartbeat.delay().get(timeout=30)
    assert WorkerHeartbeat.objects.filter(hostname=hostname).exists()


def test_the_operations_page_says_a_worker_is_alive_once_it_reported(client, admin_a, celery_worker):
    client.force_login(admin_a)
    assert "No Celery worker has reported" in client.get(reverse("operations")).content.decode()

    record_worker_heartbeat.delay().get(timeout=30)

    page = client.get(reverse("operations")).content.decode()
    assert "Reminders are running: a Celery worker reported" in page


def test_a_killed_worker_can_be_started_again(celery_worker):
    celery_worker.kill()
    assert not celery_worker.is_running
    celery_worker.start()
    assert record_worker_heartbeat.delay().get(timeout=30)
