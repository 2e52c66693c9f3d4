"""Pages for the settings register import (LA SEND managers)."""

from django.urls import path

from . import views

urlpatterns = [
    path("settings-register/imports/", views.import_home, name="settings-imports"),
    path("settings-register/imports/<int:pk>/", views.import_detail, name="settings-import-detail"),
]
