"""URLs: reading a plan (issue 4): the plan in force, its versions, the difference between two, the PDFs
and the easy-read "My plan"."""

from django.urls import path

from . import views_plans as views

urlpatterns = [
    path("plans/<int:plan_id>/", views.plan_detail, name="plan-detail"),
    path("plans/<int:plan_id>/versions/", views.plan_versions, name="plan-versions"),
    path("plans/<int:plan_id>/versions/<int:number>/", views.plan_version, name="plan-version"),
    path("plans/<int:plan_id>/versions/<int:number>/pdf/", views.plan_pdf_download, name="plan-pdf"),
    path("plans/<int:plan_id>/files/<int:attachment_id>/", views.plan_attachment, name="plan-attachment"),
    path("plans/<int:plan_id>/compare/", views.plan_compare, name="plan-compare"),
    path("plans/<int:plan_id>/my-plan/", views.plan_easy_read, name="plan-easy-read"),
    path("plans/<int:plan_id>/my-plan/pdf/", views.plan_easy_read_pdf, name="plan-easy-read-pdf"),
]
