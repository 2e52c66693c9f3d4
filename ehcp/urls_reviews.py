"""Pages: a plan's reviews (CFA s.44; regs 18 to 22)."""

from django.urls import path

from . import views_reviews as views

urlpatterns = [
    path("reviews/", views.reviews_home, name="reviews-home"),
    path("plans/<int:pk>/reviews/", views.plan_reviews, name="plan-reviews"),
    path("plans/<int:pk>/reviews/new/", views.review_new, name="review-new"),
    path("plans/<int:pk>/reviews/phase-transfer/", views.phase_transfer, name="review-phase-transfer"),
    path("reviews/<int:review_id>/", views.review_detail, name="review-detail"),
    path("reviews/<int:review_id>/arrange/", views.review_arrange, name="review-arrange"),
    path("reviews/<int:review_id>/notice/", views.review_notice, name="review-notice"),
    path("reviews/<int:review_id>/advice/", views.review_advice, name="review-advice"),
    path("reviews/<int:review_id>/held/", views.review_held, name="review-held"),
    path("reviews/<int:review_id>/report/", views.review_report, name="review-report"),
    path("reviews/<int:review_id>/decision/", views.review_decide, name="review-decide"),
    path("reviews/<int:review_id>/amended-plan/", views.review_amended_plan, name="review-amended-plan"),
]
