"""The settings register import pages. Thin: the policy decides access, the service does the work."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from partnerships.policy import AccessDenied

from . import policy, selectors, services
from .forms import SettingImportForm
from .models import SettingImport


def _require_importer(request) -> None:
    try:
        policy.require_importer(request.user)
    except AccessDenied as exc:
        raise PermissionDenied(str(exc)) from exc


@login_required
@require_http_methods(["GET", "POST"])
def import_home(request):
    _require_importer(request)
    partnerships = policy.import_partnerships(request.user)
    if request.method == "POST":
        form = SettingImportForm(request.POST, request.FILES, partnerships=partnerships)
    else:
        form = SettingImportForm(partnerships=partnerships)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.settings_import(
                actor=request.user,
                partnership=form.cleaned_data["partnership"],
                upload=form.cleaned_data["file"],
                source=SettingImport.Source.PAGE,
            )
        except AccessDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        except ValidationError as exc:
            file_errors = (
                exc.message_dict.get("file", exc.messages) if hasattr(exc, "error_dict") else exc.messages
            )
            for message in file_errors:
                form.add_error("file", message)
        else:
            messages.success(request, f"{record.file_name} has been imported")
            return redirect("settings-import-detail", pk=record.pk)
    return render(
        request,
        "placements/import_home.html",
        {
            "form": form,
            "several": partnerships.count() > 1,
            "imports": selectors.imports_for(p.pk for p in partnerships),
        },
    )


@login_required
@require_safe
def import_detail(request, pk: int):
    try:
        record = policy.access_import(request.user, pk)
    except AccessDenied as exc:
        raise PermissionDenied(str(exc)) from exc
    return render(
        request,
        "placements/import_detail.html",
        {"record": record, "register_size": selectors.register_size(record.partnership)},
    )
