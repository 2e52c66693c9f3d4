"""The Celery application. Tasks are thin: each calls one service or selector."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "send_system.settings.base")

app = Celery("send_system")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
