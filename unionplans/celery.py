"""The Celery application shared by the web process, the worker and beat.

Every task is a ``TransactionAwareTask``: queued inside a transaction, it is sent when the
transaction commits, never before (the worker must find the rows it is about) and never for a
rollback. A task is declared beside the service it runs (``tasks.reminders.delivery`` and
``tasks.reminders.sweep``) with a fixed ``name=`` so that queued messages and beat entries
survive a move of the code.
"""

import functools
import logging
import os

from celery import Celery
from celery.contrib.django.task import DjangoTask
from django.db import transaction

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionplans.settings")

logger = logging.getLogger(__name__)


class TransactionAwareTask(DjangoTask):
    """Sent after the current transaction commits, or at once outside a transaction.

    Our tasks decide what to do from rows claimed in the database, so a broker that cannot be
    reached at commit time is logged, not raised: the periodic jobs queue that work again."""

    def apply_async(self, args=None, kwargs=None, **options):
        if transaction.get_connection().in_atomic_block:
            transaction.on_commit(functools.partial(self._send_after_commit, args, kwargs, options))
            return None
        return super().apply_async(args, kwargs, **options)

    def _send_after_commit(self, args, kwargs, options):
        try:
            super().apply_async(args, kwargs, **options)
        except Exception as exc:  # kombu raises many kinds of connection errors
            logger.warning(
                "Could not queue %s%s (%s); it stays due in the database.", self.name, args, exc
            )


app = Celery("unionplans", task_cls=TransactionAwareTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
