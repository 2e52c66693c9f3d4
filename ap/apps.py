from django.apps import AppConfig


class ApConfig(AppConfig):
    name = "ap"
    default_auto_field = "django.db.models.BigAutoField"
