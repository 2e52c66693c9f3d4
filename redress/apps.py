from django.apps import AppConfig


class RedressConfig(AppConfig):
    name = "redress"
    default_auto_field = "django.db.models.BigAutoField"
