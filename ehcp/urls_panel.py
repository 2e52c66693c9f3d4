"""Pages of the assessment journey: panel (the multi-agency panel, advisers' inboxes, bringing a child to
the local authority's attention)."""

from django.urls import path

from . import views_panel

urlpatterns = [
    path("panel/", views_panel.panel_meetings, name="panel-meetings"),
    path("panel/new/", views_panel.panel_meeting_new, name="panel-meeting-new"),
    path("panel/<int:pk>/", views_panel.panel_meeting, name="panel-meeting"),
    path("panel/<int:pk>/cases/add/", views_panel.panel_add_case, name="panel-add-case"),
    path("panel/<int:pk>/cases/<int:case_id>/", views_panel.panel_recommend, name="panel-recommend"),
    path("advice/", views_panel.advice_inbox, name="advice-inbox"),
    path("advice/<int:pk>/", views_panel.advice_detail, name="advice-detail"),
    path(
        "advice/<int:pk>/documents/<int:doc_id>/",
        views_panel.advice_document,
        name="advice-document",
    ),
    path(
        "children/<int:child_id>/bring-to-attention/",
        views_panel.bring_to_attention,
        name="bring-to-attention",
    ),
]
