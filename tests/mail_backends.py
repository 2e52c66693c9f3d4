"""Mail backends that behave like a worker dying part way through a sweep (used by the reminder tests)."""

import os
import time
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class WorkerKilled(BaseException):
    """Raised like SystemExit: nothing in the sweep may catch it."""


class DiesOnThirdMessage(LocmemBackend):
    """Delivers two messages to the test outbox, then the worker 'dies' while sending the third."""

    calls = 0

    def send_messages(self, messages):
        type(self).calls += 1
        if type(self).calls == 3:
            raise WorkerKilled("the worker was killed")
        return super().send_messages(messages)


class StallsOnThirdMessage(BaseEmailBackend):
    """Writes each message to a folder (one file per reference); hangs on the third so it can be killed."""

    def send_messages(self, messages):
        folder = Path(os.environ["STALLING_MAIL_DIR"])
        sent_before = len(list(folder.iterdir()))
        for message in messages:
            if sent_before == 2:
                time.sleep(600)
            reference = message.extra_headers["X-Notify-Reference"]
            (folder / reference).write_text(message.subject)
        return len(messages)
