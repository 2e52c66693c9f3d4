"""Dashboard pages (regional and national)."""

from django.urls import path

from . import views

urlpatterns = [
    path("regional/", views.regional_home, name="regional-home"),
    path("regional/<str:region_code>/", views.regional_detail, name="regional-detail"),
    path("national/", views.national_home, name="national-home"),
]
