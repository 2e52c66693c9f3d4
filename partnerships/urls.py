"""Pages of the partnerships app: start, sign-in and account, each role's home, children's records."""

from django.urls import path

from . import views_auth, views_pages, views_static

urlpatterns = [
    path("", views_pages.home, name="home"),
    # Sign-in, second factor, password reset, session.
    path("sign-in/", views_auth.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views_auth.sign_out, name="sign-out"),
    path("signed-out/", views_auth.signed_out, name="signed-out"),
    path("two-factor/set-up/", views_auth.two_factor_setup, name="two-factor-setup"),
    path("two-factor/verify/", views_auth.two_factor_verify, name="two-factor-verify"),
    path("password-reset/", views_auth.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", views_auth.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        views_auth.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/",
        views_auth.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("session/extend/", views_auth.session_extend, name="session-extend"),
    path("account/", views_auth.account, name="account"),
    path("account/api-token/", views_auth.api_token, name="account-api-token"),
    # Footer pages.
    path("accessibility/", views_static.accessibility, name="accessibility"),
    path("privacy/", views_static.privacy, name="privacy"),
    path("cookies/", views_static.cookies, name="cookies"),
    # Each role's home page.
    path("no-role/", views_pages.no_role, name="no-role"),
    path("portal/", views_pages.portal_home, name="portal-home"),
    path("school/", views_pages.school_home, name="school-home"),
    path("back-office/", views_pages.backoffice_home, name="backoffice-home"),
    path("inbox/", views_pages.inbox_home, name="inbox-home"),
    path("support/", views_pages.support_home, name="support-home"),
    # Children's records.
    path("children/new/", views_pages.child_create, name="child-create"),
    path("children/<int:child_id>/", views_pages.child_detail, name="child-detail"),
    path("children/<int:child_id>/edit/", views_pages.child_edit, name="child-edit"),
    path("children/<int:child_id>/delete/", views_pages.child_delete, name="child-delete"),
    path("children/<int:child_id>/share/", views_pages.child_share, name="child-share"),
    path("children/<int:child_id>/audit/", views_pages.child_audit, name="child-audit"),
]
