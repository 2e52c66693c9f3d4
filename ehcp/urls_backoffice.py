"""Pages of the assessment journey: the caseworker back office and the case page.

The work queue itself is ``backoffice-home`` (/back-office/, routed in partnerships/urls.py to
``partnerships.views_pages.backoffice_home``, which hands over to ``views_backoffice.work_queue``).
"""

from django.urls import path

from . import views_backoffice as views

urlpatterns = [
    path("back-office/reassign/", views.case_reassign, name="case-reassign"),
    path("back-office/children/", views.backoffice_children, name="backoffice-children"),
    path("back-office/requests/record/", views.request_record, name="request-record"),
    path("back-office/referrals/", views.referrals, name="referrals"),
    path("back-office/referrals/<int:pk>/", views.referral_decide, name="referral-decide"),
    path("cases/<int:pk>/", views.case_detail, name="case-detail"),
    path("cases/<int:pk>/documents/add/", views.case_document_add, name="case-document-add"),
    path("cases/<int:pk>/documents/<int:doc_id>/", views.case_document, name="case-document"),
    path("cases/<int:pk>/letters/<int:letter_id>/", views.case_letter, name="case-letter"),
    path("cases/<int:pk>/letters/<int:letter_id>/pdf/", views.case_letter_pdf, name="case-letter-pdf"),
]
