"""API routes (mounted under /api/v1/): a plan's reviews, the twins of the review pages."""

from django.urls import path

from . import reviews

urlpatterns = [
    path("reviews/", reviews.ReviewsQueueApi.as_view(), name="api-reviews"),
    path("plans/<int:pk>/reviews/", reviews.PlanReviewsApi.as_view(), name="api-plan-reviews"),
    path(
        "plans/<int:pk>/reviews/phase-transfer/",
        reviews.PlanPhaseTransferApi.as_view(),
        name="api-plan-phase-transfer",
    ),
    path("reviews/<int:review_id>/", reviews.ReviewDetailApi.as_view(), name="api-review"),
    path("reviews/<int:review_id>/arrange/", reviews.ReviewArrangeApi.as_view(), name="api-review-arrange"),
    path("reviews/<int:review_id>/notice/", reviews.ReviewNoticeApi.as_view(), name="api-review-notice"),
    path("reviews/<int:review_id>/advice/", reviews.ReviewAdviceApi.as_view(), name="api-review-advice"),
    path("reviews/<int:review_id>/held/", reviews.ReviewHeldApi.as_view(), name="api-review-held"),
    path("reviews/<int:review_id>/report/", reviews.ReviewReportApi.as_view(), name="api-review-report"),
    path(
        "reviews/<int:review_id>/decision/", reviews.ReviewDecisionApi.as_view(), name="api-review-decision"
    ),
    path(
        "reviews/<int:review_id>/amended-plan/",
        reviews.ReviewAmendedPlanApi.as_view(),
        name="api-review-amended-plan",
    ),
]
