"""The SEND partnership platform: project package (settings, URLs, Celery app, runtime launcher)."""

from .celery import app as celery_app

__all__ = ["celery_app"]
