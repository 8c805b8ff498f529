import socket

from celery import shared_task

from .services import worker_heartbeat_record


@shared_task(ignore_result=False)
def record_worker_heartbeat() -> str:
    """Beat runs this every minute; the operations page shows when each worker last ran it."""
    heartbeat = worker_heartbeat_record(hostname=socket.gethostname())
    return heartbeat.hostname
