"""Sign-in, sign-out, second factor (TOTP), password reset, session extension and the account page."""

from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST


class SignInView(auth_views.LoginView):
    template_name = "registration/sign_in.html"
    redirect_authenticated_user = True


@require_POST
def sign_out(request):
    logout(request)
    return redirect("signed-out")


def signed_out(request):
    return render(request, "registration/signed_out.html")


def two_factor_setup(request):
    return render(request, "registration/two_factor_setup.html")


def two_factor_verify(request):
    return render(request, "registration/two_factor_verify.html")


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "registration/password_reset.html"


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_complete.html"


@require_POST
def session_extend(request):
    request.session.modified = True
    return JsonResponse({"extended": True})


def account(request):
    return render(request, "registration/account.html")


def api_token(request):
    return render(request, "registration/account.html")
