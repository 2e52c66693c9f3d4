"""Forms for signing in, the second factor and password reset, with GOV.UK labels and error messages."""

import re

from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError

SIGN_IN_FAILED = "The email address or password is not right"


class SignInForm(auth_forms.AuthenticationForm):
    """Email address and password. A failure never says which of the two was wrong.

    The email field keeps the name ``username`` because django-axes reads it from there
    (``AXES_USERNAME_FORM_FIELD``) to count failures for the account.
    """

    username = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "username"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )

    error_messages = {
        "invalid_login": SIGN_IN_FAILED,
        "inactive": SIGN_IN_FAILED,
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        # AuthenticationForm relabels the username field from the user model; keep ours.
        self.fields["username"].label = "Email address"

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()

    def clean(self):
        try:
            return super().clean()
        except ValidationError as error:
            # Show the failure against the email address (the first box), not as a page-wide error,
            # so the error summary link and the inline message sit together.
            self.add_error("username", error)
            return self.cleaned_data


class TokenForm(forms.Form):
    """The 6-digit code from an authenticator app."""

    token = forms.CharField(
        label="Code from your authenticator app",
        help_text="Enter the 6-digit code shown in the app, for example 123456",
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "class": "govuk-input--width-5 govuk-input--extra-letter-spacing",
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "spellcheck": "false",
            }
        ),
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )

    def clean_token(self) -> str:
        token = re.sub(r"[\s-]", "", self.cleaned_data["token"])
        if not token.isdecimal():
            raise ValidationError("The code must only include numbers", code="not_numeric")
        if len(token) != 6:
            raise ValidationError("The code must be 6 numbers", code="length")
        return token


class PasswordResetForm(auth_forms.PasswordResetForm):
    email = forms.EmailField(
        label="Email address",
        help_text="We will send a link to reset your password to this address, if it has an account.",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )


class SetPasswordForm(auth_forms.SetPasswordForm):
    error_messages = {"password_mismatch": "The passwords do not match"}

    new_password1 = forms.CharField(
        label="New password",
        strip=False,
        help_text="Use at least 12 characters. A few unrelated words together make a good password.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Enter a new password"},
    )
    new_password2 = forms.CharField(
        label="Confirm new password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Enter the new password again"},
    )

    def clean(self):
        # Password rules are checked against the first box, so the message sits where it was typed.
        self.validate_passwords("new_password1", "new_password2")
        self.validate_password_for_user(self.user, "new_password1")
        return self.cleaned_data
