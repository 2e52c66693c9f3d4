from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = "Partnerships, people and children"
    default_auto_field = "django.db.models.BigAutoField"
