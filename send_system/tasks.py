"""Diagnostic Celery task: proves that a worker consumes what the broker carries.

The launcher starts the worker with ``--include send_system.tasks``. An operator (or the runtime test)
can send ``send_system.tasks.write_probe`` with a token and watch for ``$SEND_VAR_DIR/probes/<token>``:

    python -m send_system.devserver exec -- celery -A send_system call send_system.tasks.write_probe --args '["abc"]'
"""

import re
from datetime import UTC, datetime

from celery import shared_task
from django.conf import settings

PROBE_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


@shared_task(name="send_system.tasks.write_probe")
def write_probe(token: str) -> str:
    """Write the time of receipt to ``VAR_DIR/probes/<token>`` and return the file's path."""
    if not PROBE_TOKEN.match(token):
        raise ValueError("A probe token is 1 to 64 letters, digits, hyphens or underscores.")
    folder = settings.VAR_DIR / "probes"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / token
    path.write_text(datetime.now(UTC).isoformat(), encoding="utf-8")
    return str(path)
