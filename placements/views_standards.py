"""National SEND standards pages: the public catalogue (no sign-in), its versions and what changed; the
national administrator's draft editor and publishing. Thin: the policy and services decide."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from ehcp.views_common import add_service_errors, step_page

from . import policy, selectors_standards, services_standards
from .forms_inclusion import PublishForm, StandardForm, VersionForm
from .models import StandardsVersion

NOT_STATUTORY = (
    "DfE has not published statutory national SEND standards yet. This is a proposed, versioned catalogue "
    "kept by the DfE national administrator: each standard restates an expectation of the SEND Code of "
    "Practice 2015 or the SEND and AP Improvement Plan 2023, with its source."
)


def _version(request, number: int) -> StandardsVersion:
    """A published version for anyone; a draft only for the national administrator (404 otherwise)."""
    version = StandardsVersion.objects.filter(number=number).first()
    if version is None or (
        version.status == StandardsVersion.Status.DRAFT and not policy.can_edit_standards(request.user)
    ):
        raise Http404("No such version of the national standards")
    return version


@require_safe
def catalogue(request):
    version = selectors_standards.current_version()
    standards = selectors_standards.standards_of(version) if version else []
    return render(
        request,
        "placements/standards/catalogue.html",
        {
            "version": version,
            "groups": selectors_standards.grouped(standards),
            "not_statutory": NOT_STATUTORY,
            "can_edit": policy.can_edit_standards(request.user),
            "draft": selectors_standards.draft_version() if policy.can_edit_standards(request.user) else None,
        },
    )


@require_safe
def versions(request):
    can_edit = policy.can_edit_standards(request.user)
    found = selectors_standards.all_versions() if can_edit else selectors_standards.published_versions()
    return render(
        request,
        "placements/standards/versions.html",
        {
            "versions": found,
            "can_edit": can_edit,
            "not_statutory": NOT_STATUTORY,
            "current": selectors_standards.current_version(),
        },
    )


@require_safe
def version_detail(request, number: int):
    version = _version(request, number)
    standards = selectors_standards.standards_of(version)
    return render(
        request,
        "placements/standards/version.html",
        {
            "version": version,
            "groups": selectors_standards.grouped(standards),
            "not_statutory": NOT_STATUTORY,
            "can_edit": policy.can_edit_standards(request.user)
            and version.status == StandardsVersion.Status.DRAFT,
        },
    )


def _previous(version: StandardsVersion) -> StandardsVersion | None:
    return (
        StandardsVersion.objects.filter(number__lt=version.number, status=StandardsVersion.Status.PUBLISHED)
        .order_by("-number")
        .first()
    )


@require_safe
def version_changes(request, number: int):
    version = _version(request, number)
    previous = _previous(version)
    return render(
        request,
        "placements/standards/changes.html",
        {
            "version": version,
            "previous": previous,
            "changes": selectors_standards.changes_between(previous, version),
        },
    )


@require_safe
def standard_detail(request, code: str, number: int | None = None):
    version = _version(request, number) if number else selectors_standards.current_version()
    standard = version.standards.filter(code=code).first() if version else None
    if standard is None:
        raise Http404("No such standard")
    history = list(
        StandardsVersion.objects.filter(
            standards__code=code, status=StandardsVersion.Status.PUBLISHED
        ).order_by("-number")
    )
    return render(
        request,
        "placements/standards/standard.html",
        {"version": version, "standard": standard, "history": history, "not_statutory": NOT_STATUTORY},
    )


# The national administrator -----------------------------------------------------------------------------


@login_required
@require_POST
def draft_start(request):
    try:
        draft = services_standards.standards_draft_start(actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("standards-versions")
    messages.success(request, f"Version {draft.number} has been started as a draft")
    return redirect("standards-version", number=draft.number)


@step_page
def draft_edit(request, number: int):
    policy.require_standards_admin(request.user)
    version = _version(request, number)
    form = VersionForm(
        request.POST if request.method == "POST" else None,
        initial={"title": version.title, "summary_of_changes": version.summary_of_changes},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services_standards.standards_draft_update(
                actor=request.user, version=version, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "The version's details have been saved")
            return redirect("standards-version", number=version.number)
    return render(
        request,
        "placements/standards/form.html",
        {"version": version, "form": form, "heading": f"Version {version.number}: title and what changed"},
    )


@step_page
def standard_edit(request, number: int, code: str | None = None):
    policy.require_standards_admin(request.user)
    version = _version(request, number)
    initial = {}
    if code is not None:
        standard = version.standards.filter(code=code).first()
        if standard is None:
            raise Http404("No such standard")
        initial = {name: getattr(standard, name) for name in ("code", *services_standards.STANDARD_FIELDS)}
    form = StandardForm(request.POST if request.method == "POST" else None, initial=initial)
    if code is not None:
        form.fields["code"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        new_code = code or data.pop("code")
        data.pop("code", None)
        try:
            saved = services_standards.standard_save(
                actor=request.user, version=version, code=new_code, values=data, adding=code is None
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"The standard {saved.code} has been saved")
            return redirect("standards-version", number=version.number)
    return render(
        request,
        "placements/standards/form.html",
        {
            "version": version,
            "form": form,
            "heading": f"Change the standard {code}" if code else "Add a standard",
        },
    )


@login_required
@require_POST
def standard_remove(request, number: int, code: str):
    policy.require_standards_admin(request.user)
    version = _version(request, number)
    try:
        services_standards.standard_remove(actor=request.user, version=version, code=code)
    except ValidationError as exc:
        raise Http404(exc.messages[0]) from exc
    messages.success(request, f"The standard {code} has been removed from version {version.number}")
    return redirect("standards-version", number=version.number)


@step_page
def publish(request, number: int):
    policy.require_standards_admin(request.user)
    version = _version(request, number)
    form = PublishForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services_standards.standards_publish(
                actor=request.user, version=version, effective_from=form.cleaned_data["effective_from"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Version {version.number} is published: it will not change again")
            return redirect("standards-version", number=version.number)
    return render(
        request,
        "placements/standards/form.html",
        {
            "version": version,
            "form": form,
            "heading": f"Publish version {version.number}",
            "intro": "Once published a version never changes: a later change is a new version.",
        },
    )
