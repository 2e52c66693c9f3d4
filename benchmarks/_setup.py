"""Django set-up shared by the benchmark scripts: the repository on the path, the development settings,
and email kept in memory (``EMAIL_BACKEND`` locmem) so a sweep sends nothing anywhere."""

import os
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "send_system.settings.base")
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core import mail

    mail.outbox = []


def machine() -> str:
    """What the numbers were measured on: cores, PostgreSQL, Python, and the load at the time."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    cpu = ""
    try:
        cpu = subprocess.run(["nproc"], capture_output=True, text=True, check=True).stdout.strip()  # noqa: S607
    except (OSError, subprocess.CalledProcessError):
        cpu = str(os.cpu_count())
    return f"{cpu} cores, PostgreSQL {postgres}, Python {platform.python_version()}, load average {load}"
