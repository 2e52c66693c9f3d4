"""API routes of the assessment journey (mounted under /api/v1/): panel (meetings, the advice inbox, and
bringing a child to the local authority's attention)."""

from django.urls import path

from . import panel

urlpatterns = [
    path("panel/meetings/", panel.PanelMeetingListApi.as_view(), name="api-panel-meetings"),
    path("panel/meetings/<int:pk>/", panel.PanelMeetingDetailApi.as_view(), name="api-panel-meeting"),
    path("panel/meetings/<int:pk>/cases/", panel.PanelMeetingCasesApi.as_view(), name="api-panel-cases"),
    path(
        "panel/meetings/<int:pk>/cases/<int:case_id>/recommendation/",
        panel.PanelRecommendationApi.as_view(),
        name="api-panel-recommendation",
    ),
    path("advice/", panel.AdviceInboxApi.as_view(), name="api-advice-inbox"),
    path("advice/<int:pk>/", panel.AdviceDetailApi.as_view(), name="api-advice-detail"),
    path("advice/<int:pk>/submission/", panel.AdviceSubmissionApi.as_view(), name="api-advice-submission"),
    path(
        "children/<int:child_id>/attention-referrals/",
        panel.AttentionReferralApi.as_view(),
        name="api-attention-referrals",
    ),
]
