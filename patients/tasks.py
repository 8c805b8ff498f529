"""Background work for Identify. Tasks are thin: they take ids and call a service."""
import logging

from celery import shared_task
from django.db import InterfaceError, OperationalError
from kombu.exceptions import KombuError, OperationalError as BrokerUnreachable

from .importing import import_batch_dispatch_failed, import_batches_sweep, import_chunk_run

logger = logging.getLogger(__name__)

# Publishing from a web request: one quick try, no retry loop. A batch that is not handed over now
# stays queued, says so on its page, and the sweep hands it over once the queue answers.
_PUBLISH_ONCE = {"max_retries": 0}


@shared_task(
    bind=True,
    acks_late=True,
    # Nobody reads a result (the batch row says how it went), and asking for one makes the caller
    # wait on the result store too when Redis is away.
    ignore_result=True,
    # A database that went away mid-chunk: try again later; the chunk was rolled back whole.
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=8,
)
def run_import_batch(self, batch_id: int, token: str = "") -> str:
    """Import the batch's next chunk, then queue a task for the one after: each task is short, so
    the broker never hands a running import to a second worker (visibility timeout)."""
    step = import_chunk_run(batch_id=batch_id, token=token)
    # In-process (development, no broker) the chunks run one after another here instead.
    while step.more and self.request.is_eager:
        step = import_chunk_run(batch_id=batch_id, token=step.next_token)
    if step.more:
        import_batch_dispatch(batch_id=batch_id, token=step.next_token)
    return step.status


def import_batch_dispatch(*, batch_id: int, token: str) -> bool:
    """Queue the batch's next chunk. When the queue cannot be reached, record it on the batch and
    return False instead of raising: the sweep hands the batch over again later."""
    try:
        run_import_batch.apply_async((batch_id, token), retry=True, retry_policy=_PUBLISH_ONCE)
    except (BrokerUnreachable, KombuError, OSError) as exc:
        logger.warning("import batch %s could not be queued: %s", batch_id, type(exc).__name__)
        import_batch_dispatch_failed(batch_id=batch_id)
        return False
    return True


@shared_task(ignore_result=True)
def sweep_import_batches() -> int:
    """Beat, every minute: hand each import batch nothing is working on to the worker again."""
    claimed = import_batches_sweep()
    for batch_id, token in claimed:
        import_batch_dispatch(batch_id=batch_id, token=token)
    return len(claimed)
