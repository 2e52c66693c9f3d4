"""Pages for reading a plan: the plan in force, its versions, the difference between two versions, a
version as a tagged PDF, and the easy-read "My plan" for the child (with its PDF).

Views are thin. Each opens the plan through the access policy (another tenant's plan is 404, DfE users
403) and logs the read of the child's record; everyone the policy lets in reads the versions issued to
them, and the local authority also the version being written. Issued versions never change: these pages
only read them. The content is one JSON column, so a page's queries do not grow with the plan's size.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from . import easy_read, plan_content, plan_pdf, policy, selectors_plan_reading, selectors_plans
from .models import Plan, PlanVersion
from .views_common import file_download, open_plan


def version_or_404(request, plan: Plan, number: int) -> PlanVersion:
    version = selectors_plans.version_for(user=request.user, plan=plan, number=number)
    if version is None:
        raise Http404("No such version of this plan")
    return version


def _page(request, template: str, plan: Plan, **context):
    return render(request, f"ehcp/plans/{template}", {"plan": plan, "child": plan.child, **context})


@login_required
@require_safe
def plan_detail(request, plan_id: int):
    """The plan in force (or, before the final plan, the last draft issued), with a contents list."""
    plan = open_plan(request, plan_id)
    version = selectors_plan_reading.shown_version(user=request.user, plan=plan)
    return _page(
        request,
        "detail.html",
        plan,
        title="Education, health and care plan",
        version=version,
        in_force=selectors_plan_reading.in_force(plan, version),
        working=selectors_plan_reading.working_version_for(user=request.user, plan=plan),
        can_edit=policy.can_edit_plan(request.user, plan),
        sections=plan_content.present(version.content, attachments=selectors_plans.attachments_for(version))
        if version
        else [],
    )


@login_required
@require_safe
def plan_versions(request, plan_id: int):
    plan = open_plan(request, plan_id)
    versions = selectors_plans.versions_for(user=request.user, plan=plan)
    return _page(
        request,
        "versions.html",
        plan,
        title="Versions of the plan",
        back_url=reverse("plan-detail", args=[plan.pk]),
        back_text="Back to the plan",
        versions=versions,
    )


@login_required
@require_safe
def plan_version(request, plan_id: int, number: int):
    plan = open_plan(request, plan_id)
    version = version_or_404(request, plan, number)
    return _page(
        request,
        "version.html",
        plan,
        title=f"Version {version.number}: {version.get_kind_display().lower()}",
        back_url=reverse("plan-versions", args=[plan.pk]),
        back_text="All versions",
        version=version,
        in_force=selectors_plan_reading.in_force(plan, version),
        sections=plan_content.present(version.content, attachments=selectors_plans.attachments_for(version)),
    )


@login_required
@require_safe
def plan_attachment(request, plan_id: int, attachment_id: int):
    """A picture, recording or video with the views in section A, to people who may read a version naming it."""
    plan = open_plan(request, plan_id)
    attachment = selectors_plans.attachment_for(user=request.user, plan=plan, attachment_id=attachment_id)
    if attachment is None:
        raise Http404("No such file on this plan")
    return file_download(attachment)


class CompareForm(forms.Form):
    """Two versions to compare, chosen from those the person may read (a GET form: works without JS)."""

    def __init__(self, *args, versions: list[PlanVersion], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(v.number, _version_label(v)) for v in sorted(versions, key=lambda v: v.number)]
        self.fields["from"] = forms.TypedChoiceField(
            label="Compare from",
            choices=choices,
            coerce=int,
            error_messages={
                "required": "Choose a version to compare from",
                "invalid_choice": "Choose a version of this plan to compare from",
            },
        )
        self.fields["to"] = forms.TypedChoiceField(
            label="Compare with",
            choices=choices,
            coerce=int,
            error_messages={
                "required": "Choose a version to compare with",
                "invalid_choice": "Choose a version of this plan to compare with",
            },
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("from") is not None and cleaned.get("from") == cleaned.get("to"):
            self.add_error("to", "Choose a different version from the one you are comparing from")
        return cleaned


def _version_label(version: PlanVersion) -> str:
    when = f", issued {version.issued_on:%-d %B %Y}" if version.issued_on else ", being written"
    return f"Version {version.number}: {version.get_kind_display()}{when}"


@login_required
@require_safe
def plan_compare(request, plan_id: int):
    """Choose two versions and read what changed, section by section."""
    plan = open_plan(request, plan_id)
    versions = selectors_plans.versions_for(user=request.user, plan=plan)
    comparison = None
    if "from" in request.GET or "to" in request.GET:
        form = CompareForm(request.GET, versions=versions)
        if form.is_valid():
            try:
                comparison = selectors_plan_reading.comparison(
                    user=request.user,
                    plan=plan,
                    before=form.cleaned_data["from"],
                    after=form.cleaned_data["to"],
                )
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    for message in messages:
                        form.add_error(field if field in form.fields else None, message)
    else:
        pair = selectors_plan_reading.default_pair(versions)
        form = CompareForm(initial={"from": pair[0], "to": pair[1]} if pair else {}, versions=versions)
    return _page(
        request,
        "compare.html",
        plan,
        title="Compare versions of the plan",
        back_url=reverse("plan-detail", args=[plan.pk]),
        back_text="Back to the plan",
        form=form,
        versions=versions,
        comparison=comparison,
    )


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"  # a child's record: never kept by a shared cache
    return response


def version_pdf_response(plan: Plan, version: PlanVersion) -> HttpResponse:
    return _pdf_response(plan_pdf.plan_pdf(plan=plan, version=version), plan_pdf.filename(plan, version))


def my_plan_pdf_response(plan: Plan, version: PlanVersion) -> HttpResponse:
    return _pdf_response(
        plan_pdf.easy_read_pdf(plan=plan, version=version), f"my-plan-{plan.pk}-version-{version.number}.pdf"
    )


@login_required
@require_safe
def plan_pdf_download(request, plan_id: int, number: int):
    plan = open_plan(request, plan_id)
    version = version_or_404(request, plan, number)
    return version_pdf_response(plan, version)


def shown_or_404(request, plan: Plan) -> PlanVersion:
    version = selectors_plan_reading.shown_version(user=request.user, plan=plan)
    if version is None:
        raise Http404("No version of this plan has been issued yet")
    return version


@login_required
@require_safe
def plan_easy_read(request, plan_id: int):
    """The child's own one-page plan, in plain words and large type, from the version shown."""
    plan = open_plan(request, plan_id)
    version = selectors_plan_reading.shown_version(user=request.user, plan=plan)
    my_plan = easy_read.build(plan=plan, version=version) if version else None
    return _page(request, "my_plan.html", plan, version=version, my_plan=my_plan)


@login_required
@require_safe
def plan_easy_read_pdf(request, plan_id: int):
    plan = open_plan(request, plan_id)
    return my_plan_pdf_response(plan, shown_or_404(request, plan))
