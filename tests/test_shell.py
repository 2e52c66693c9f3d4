"""The GOV.UK shell: page template, footer pages, error pages and how Django forms render."""

import datetime

import pytest
from django import forms
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from partnerships import views_errors
from partnerships.widgets import GovukDateField, GovukDateInput

pytestmark = pytest.mark.django_db

FOOTER_LINKS = ("accessibility", "privacy", "cookies")


def assert_govuk_page(html: str) -> None:
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="en-GB" class="govuk-template">' in html
    assert '<a href="#main-content" class="govuk-skip-link"' in html
    assert 'class="govuk-header"' in html
    assert 'class="govuk-service-navigation"' in html
    assert 'id="main-content"' in html
    assert "govuk-phase-banner" in html and ">Beta<" in html
    assert 'class="govuk-footer"' in html
    for name in FOOTER_LINKS:
        assert f'href="{reverse(name)}"' in html
    assert html.count("<h1") == 1
    assert "govuk-frontend.min.css" in html
    assert 'type="module" src="/static/js/app.js"' in html


# --- Pages -------------------------------------------------------------------------------------------------


def test_start_page(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert_govuk_page(html)
    assert "<title>Support for children with special educational needs – GOV.UK</title>" in html
    assert "govuk-button--start" in html
    assert f'href="{reverse("sign-in")}"' in html
    assert "Who can use this service" in html


@pytest.mark.parametrize(
    ("name", "must_say"),
    [
        ("accessibility", ["WCAG", "2.2", "Equality Advisory and Support Service", "Enforcement procedure"]),
        ("privacy", ["Children and Families Act 2014", "public task", "Special category data", "31 years"]),
        ("cookies", ["sessionid", "csrftoken", "Essential cookies", "30 minutes"]),
    ],
)
def test_footer_pages_render_without_signing_in(client, name, must_say):
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert_govuk_page(html)
    for text in must_say:
        assert text in html


def test_footer_pages_reachable_by_staff_before_the_second_factor(signed_in, north):
    client = signed_in(north.people["caseworker"], second_factor=False)
    assert client.get(reverse("privacy")).status_code == 200


def test_unknown_address_gets_govuk_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert_govuk_page(html)
    assert "Page not found" in html
    assert "<title>Page not found – " in html


def test_403_page(rf):
    request = rf.get("/")
    request.user = _anonymous()
    response = views_errors.forbidden(request)
    assert response.status_code == 403
    assert "You do not have permission to see this page" in response.content.decode()


def test_500_page_is_self_contained(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = views_errors.server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, there is a problem with the service" in html
    assert 'class="govuk-footer"' in html
    assert "Sign out" not in html


def test_no_role_page(signed_in, db):
    from . import factories

    person = factories.UserFactory(email="nobody-yet@example.org")
    response = signed_in(person).get(reverse("no-role"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "You do not have access to any part of the service yet" in html
    assert person.email in html


# --- Signed-in shell ----------------------------------------------------------------------------------------


def test_signed_out_pages_have_no_navigation_or_timeout(client):
    html = client.get(reverse("sign-in")).content.decode()
    assert 'aria-label="Menu"' not in html
    assert "session-timeout-dialog" not in html
    assert "session-timeout.js" not in html


def test_signed_in_pages_have_navigation_sign_out_and_timeout_warning(signed_in, north):
    html = signed_in(north.people["caseworker"]).get(reverse("account")).content.decode()
    # Service navigation for the role, with the current page marked.
    assert f'href="{reverse("backoffice-home")}"' in html
    assert "Work queue" in html
    assert 'aria-current="page"' in html
    # Sign out is a POST form with a CSRF token.
    assert f'<form method="post" action="{reverse("sign-out")}" class="app-service-navigation__form">' in html
    assert "csrfmiddlewaretoken" in html
    # The warning dialog (for JavaScript) and the timeout stated in words (without it).
    assert '<dialog class="app-timeout-dialog" id="session-timeout-dialog"' in html
    assert 'data-timeout-seconds="1800"' in html
    assert 'data-warning-seconds="300"' in html
    assert f'action="{reverse("session-extend")}"' in html
    assert "we sign you out if you do nothing for 30 minutes" in html
    assert 'src="/static/js/session-timeout.js"' in html


def test_messages_appear_as_notification_banners(signed_in, north):
    client = signed_in(north.people["parent"])
    client.post(reverse("session-extend"), {"next": reverse("account")})
    html = client.get(reverse("account")).content.decode()
    assert 'class="govuk-notification-banner"' in html
    assert "You are still signed in." in html


def test_success_messages_are_green_banners(signed_in, north):
    client = signed_in(north.people["parent"])
    client.post(reverse("account-api-token"))
    client.get(reverse("account-api-token"))
    response = client.post(reverse("account-api-token"), {"action": "delete"}, follow=True)
    html = response.content.decode()
    assert "govuk-notification-banner--success" in html
    assert 'role="alert"' in html
    assert "Your API access token has been deleted." in html


def test_static_files_exist():
    from django.contrib.staticfiles import finders

    for path in (
        "govuk-frontend/dist/govuk/govuk-frontend.min.css",
        "govuk-frontend/dist/govuk/govuk-frontend.min.js",
        "css/app.css",
        "js/app.js",
        "js/govuk-supported.js",
        "js/session-timeout.js",
    ):
        assert finders.find(path), path


# --- Form rendering -----------------------------------------------------------------------------------------


class EveryKindForm(forms.Form):
    name = forms.CharField(label="Full name", help_text="As it appears on official documents")
    email = forms.EmailField(label="Email address")
    secret = forms.CharField(label="Password", widget=forms.PasswordInput)
    date_of_birth = GovukDateField(label="Date of birth")
    start_date = forms.DateField(label="Start date", widget=GovukDateInput, required=False)
    phase = forms.ChoiceField(label="Phase", choices=[("primary", "Primary"), ("secondary", "Secondary")])
    contact = forms.ChoiceField(
        label="How should we contact you?",
        choices=[("email", "Email"), ("phone", "Phone"), ("post", "Post")],
        widget=forms.RadioSelect,
    )
    needs = forms.MultipleChoiceField(
        label="Areas of need",
        choices=[("cl", "Communication and interaction"), ("sp", "Sensory and physical")],
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)
    agree = forms.BooleanField(label="I confirm this is correct")
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        raise forms.ValidationError("Something about the whole form")


def render(template: str, **context) -> str:
    return Template(template).render(Context(context))


def test_unbound_form_renders_govuk_groups():
    html = str(EveryKindForm())
    # Ten fields, plus a group round each of the three boxes in the two date inputs.
    assert html.count('<div class="govuk-form-group') == 10 + 6
    assert '<label class="govuk-label govuk-label--s" for="id_name">Full name</label>' in html
    assert '<div class="govuk-hint" id="id_name_helptext">As it appears on official documents</div>' in html
    assert 'aria-describedby="id_name_helptext"' in html
    assert 'class="govuk-input"' in html
    assert 'data-module="govuk-password-input"' in html
    assert 'class="govuk-select"' in html
    assert 'class="govuk-textarea"' in html
    assert "Notes (optional)" in html
    # Radios and checkboxes: fieldset and legend, the first option carrying the field's id.
    assert (
        '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">How should we contact you?</legend>'
        in html
    )
    assert 'class="govuk-radios__input" id="id_contact" name="contact" type="radio" value="email"' in html
    assert 'id="id_contact-2"' in html and 'for="id_contact-3"' in html
    assert 'class="govuk-checkboxes__input" id="id_needs" name="needs" type="checkbox" value="cl"' in html
    # A single yes-or-no checkbox.
    assert 'class="govuk-checkboxes__input"' in html and 'id="id_agree"' in html
    assert (
        'class="govuk-label govuk-checkboxes__label" for="id_agree">I confirm this is correct</label>' in html
    )
    # The GOV.UK date input.
    assert 'class="govuk-fieldset" role="group"' in html
    assert 'class="govuk-date-input"' in html
    for box_id, label in (
        ("id_date_of_birth", "Day"),
        ("id_date_of_birth_month", "Month"),
        ("id_date_of_birth_year", "Year"),
    ):
        assert f'for="{box_id}">{label}</label>' in html
    assert 'name="date_of_birth_day"' in html
    assert "govuk-input--width-4" in html
    assert 'type="hidden" name="token"' in html


def test_bound_form_with_errors_renders_messages_and_error_classes():
    form = EveryKindForm(
        data={
            "name": "",
            "email": "not-an-email",
            "date_of_birth_day": "31",
            "date_of_birth_month": "2",
            "date_of_birth_year": "2015",
            "contact": "",
            "phase": "primary",
            "notes": "x",
        }
    )
    assert not form.is_valid()
    html = str(form)
    assert "govuk-form-group--error" in html
    assert 'class="govuk-input govuk-input--error"' in html
    assert (
        '<p class="govuk-error-message" id="id_name_error"><span class="govuk-visually-hidden">Error:</span> This field is required.</p>'
        in html
    )
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    assert "Date of birth must be a real date" in html
    assert 'value="31"' in html and 'value="2015"' in html
    assert html.count("govuk-date-input__input govuk-input--width-2 govuk-input--error") == 2
    assert 'aria-describedby="id_contact_error"' in html
    # Errors about the whole form go in the summary, not the form body.
    assert "Something about the whole form" not in html

    summary = render('{% include "includes/error_summary.html" with form=form %}', form=form)
    assert 'data-module="govuk-error-summary"' in summary
    assert '<a href="#id_name">Something about the whole form</a>' in summary
    assert '<a href="#id_name">This field is required.</a>' in summary
    assert '<a href="#id_date_of_birth">Date of birth must be a real date</a>' in summary
    assert '<a href="#id_contact">This field is required.</a>' in summary
    assert '<a href="#id_needs">This field is required.</a>' in summary
    assert '<a href="#id_agree">This field is required.</a>' in summary


def test_error_summary_is_empty_for_a_good_or_missing_form():
    assert (
        render('{% include "includes/error_summary.html" with form=form %}', form=EveryKindForm()).strip()
        == ""
    )
    assert render('{% include "includes/error_summary.html" %}').strip() == ""


def test_page_title_gets_error_prefix(client):
    html = client.post(reverse("password_reset"), {"email": ""}).content.decode()
    assert "<title>Error: Reset your password – " in html
    html = client.get(reverse("password_reset")).content.decode()
    assert "<title>Reset your password – " in html


@pytest.mark.parametrize(
    ("day", "month", "year", "expected"),
    [
        ("4", "3", "2015", datetime.date(2015, 3, 4)),
        (" 04", "03 ", "2015", datetime.date(2015, 3, 4)),
        ("4", "", "2015", "Date of birth must include a month"),
        ("", "", "2015", "Date of birth must include a day and a month"),
        ("31", "2", "2015", "Date of birth must be a real date"),
        ("4", "March", "2015", "Date of birth must be a real date"),
        ("4", "3", "15", "Year must include 4 numbers"),
        ("", "", "", "Enter date of birth"),
    ],
)
def test_govuk_date_field(day, month, year, expected):
    class Form(forms.Form):
        date_of_birth = GovukDateField(label="Date of birth")

    form = Form(data={"date_of_birth_day": day, "date_of_birth_month": month, "date_of_birth_year": year})
    if isinstance(expected, datetime.date):
        assert form.is_valid(), form.errors
        assert form.cleaned_data["date_of_birth"] == expected
    else:
        assert not form.is_valid()
        assert form.errors["date_of_birth"] == [expected]


def test_date_input_shows_a_saved_date():
    class Form(forms.Form):
        start = forms.DateField(label="Start", widget=GovukDateInput(autocomplete_prefix="bday"))

    html = str(Form(initial={"start": datetime.date(2020, 9, 1)}))
    assert 'name="start_day" value="1"' in html
    assert 'name="start_month" value="9"' in html
    assert 'name="start_year" value="2020"' in html
    assert 'autocomplete="bday-day"' in html
    bound = Form(data={"start_day": "1", "start_month": "9", "start_year": "2020"})
    assert bound.is_valid()
    assert bound.cleaned_data["start"] == datetime.date(2020, 9, 1)


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()
